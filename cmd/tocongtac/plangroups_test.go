package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

// TestPlanCheckFolder: the built binary checks the example province, one headline and
// ten slots per group, parents first.
func TestPlanCheckFolder(t *testing.T) {
	bin := buildBinary(t)
	out, err := exec.Command(bin, "plan", "check", "--at", "2026-02-10 00:00", "../../examples/thanhhoa-2025").CombinedOutput()
	if err != nil {
		t.Fatalf("plan check: %v\n%s", err, out)
	}
	got := string(out)
	var headlines []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "[") {
			headlines = append(headlines, l)
		}
	}
	if len(headlines) != 7 || !strings.HasPrefix(headlines[0], "[thanhhoa] Tổ công tác Đề án 06 tỉnh Thanh Hóa: 19 đơn vị") {
		t.Fatalf("headlines %q:\n%s", headlines, got)
	}
	for _, h := range headlines[1:] {
		if !strings.Contains(h, "thường trực: Công an xã") || !strings.HasSuffix(h, "báo cáo lên: thanhhoa") {
			t.Errorf("commune headline %q", h)
		}
	}
	if n := strings.Count(got, "\n  "); n != 70 {
		t.Errorf("%d slots listed, want 10 for each of 7 groups:\n%s", n, got)
	}
	// Tết 2026 (16–20/02): the week's reminder waits for Monday 23/02 in every group.
	if c := strings.Count(got, "07:30 thứ Hai 23/02/2026: nhắc báo cáo tuần – tuần 9/2026"); c != 7 {
		t.Errorf("%d groups remind on 23/02, want 7:\n%s", c, got)
	}
	if !strings.HasSuffix(got, "../../examples/thanhhoa-2025: 7 tổ công tác, không có lỗi.\n") {
		t.Errorf("no closing line:\n%s", got)
	}
}

// TestPlanCheckFolderProblems: problems are listed under each file, the set's with them.
func TestPlanCheckFolderProblems(t *testing.T) {
	dir := t.TempDir()
	province, err := os.ReadFile("../../examples/thanhhoa-2025/thanhhoa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	commune, err := os.ReadFile("../../examples/thanhhoa-2025/ngoclac.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "thanhhoa.yaml"), string(province))
	writeFile(t, filepath.Join(dir, "a.yaml"), strings.Replace(string(commune), "  parent: thanhhoa\n", "  parent: thanh-hoa\n", 1))
	writeFile(t, filepath.Join(dir, "b.yaml"), strings.Replace(string(commune), "cutoff_day: 14", "cutoff_day: 31", 1))
	writeFile(t, filepath.Join(dir, "c.yaml"), string(store.DefaultPlanYAML()))

	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"plan", "check", dir}, envOf(nil), nil, &out, &errOut); code != 2 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := errOut.String()
	for _, want := range []string{
		filepath.Join(dir, "b.yaml") + " có lỗi:\n  dòng ",
		"cutoff_day phải từ 1 đến 28: 31",
		filepath.Join(dir, "c.yaml") + " có lỗi:\n  thiếu trường bắt buộc: working_group — mỗi tệp kế hoạch trong thư mục phải ghi working_group",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// The parent is checked once the files themselves are right.
	os.Remove(filepath.Join(dir, "b.yaml"))
	os.Remove(filepath.Join(dir, "c.yaml"))
	errOut.Reset()
	if code := run(context.Background(), []string{"plan", "check", dir}, envOf(nil), nil, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), filepath.Join(dir, "a.yaml")+" có lỗi:\n  dòng 10: tổ công tác cấp trên không có trong thư mục kế hoạch: thanh-hoa") {
		t.Errorf("unknown parent: exit %d:\n%s", code, errOut.String())
	}
}

// TestPlanImportExportGroups: a folder imported, each group exported as imported, and
// every group written back to a folder that checks clean.
func TestPlanImportExportGroups(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{"TOCONGTAC_DB": filepath.Join(dir, "t.db")})
	cmd := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, env, nil, &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		return out.String()
	}
	if got := cmd("plan", "import", "../../examples/thanhhoa-2025"); !strings.Contains(got, "Đã nạp 7 kế hoạch") {
		t.Errorf("import: %s", got)
	}
	want, _ := os.ReadFile("../../examples/thanhhoa-2025/ngoclac.yaml")
	if got := cmd("plan", "export", "--group", "ngoclac"); got != string(want) {
		t.Errorf("export --group ngoclac differs from the file imported:\n%s", got)
	}
	folder := filepath.Join(dir, "out")
	cmd("plan", "export", "--out", folder)
	if got := cmd("plan", "check", folder); !strings.Contains(got, "7 tổ công tác, không có lỗi") {
		t.Errorf("exported folder: %s", got)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"plan", "export"}, env, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "--group") {
		t.Errorf("export of several groups without --group or --out: exit %d %s", code, errOut.String())
	}
}

// TestPlanImportOneFile: a single plan file still imports and exports as before groups.
func TestPlanImportOneFile(t *testing.T) {
	env := envOf(map[string]string{"TOCONGTAC_DB": filepath.Join(t.TempDir(), "t.db")})
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"plan", "import", "../../examples/thanhhoa-2025/thanhhoa.yaml"}, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("import: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Đã nạp kế hoạch «Kế hoạch triển khai các mô hình của Đề án 06 tại các xã khu vực Ngọc Lặc") {
		t.Errorf("import said %s", out.String())
	}
	want, _ := os.ReadFile("../../examples/thanhhoa-2025/thanhhoa.yaml")
	out.Reset()
	if code := run(context.Background(), []string{"plan", "export"}, env, nil, &out, &errOut); code != 0 || out.String() != string(want) {
		t.Errorf("export: %d %s\n%s", code, errOut.String(), out.String())
	}
}
