package messages_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGlossary: no text in this package uses a word the glossary replaced.
func TestGlossary(t *testing.T) {
	banned := []string{"người thay thế", "phó đầu mối", "người thay ", "Huỷ", "huỷ", "xoá", "Xoá"}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "glossary.go" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, w := range banned {
				if strings.Contains(line, w) {
					t.Errorf("%s:%d uses %q: %s", f, i+1, w, strings.TrimSpace(line))
				}
			}
		}
	}
}
