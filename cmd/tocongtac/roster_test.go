package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestRosterImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "r.db")
	env := envOf(map[string]string{"TOCONGTAC_DB": path, "TOCONGTAC_BOT_USERNAME": "tocongtac_bot"})
	p := store.DefaultPlan()

	// A roster with bad rows: exit 2, every bad row named, nothing stored.
	bad := "CAH;Lê Văn A;0912345678;@le_van_a;đầu mối\nX-KHONGCO;B;0912345679;;đầu mối\nVP;C;0912345678;;phó\nVP;D;12345;;đầu mối\n"
	writeFile(t, filepath.Join(dir, "bad.csv"), bad)
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"roster", "import", filepath.Join(dir, "bad.csv")}, env, nil, &out, &errOut); code != 2 {
		t.Fatalf("bad roster: exit %d, %s", code, errOut.String())
	}
	for _, row := range []string{"Dòng 2", "Dòng 3", "Dòng 4"} {
		if !strings.Contains(errOut.String(), row) {
			t.Errorf("%s not named:\n%s", row, errOut.String())
		}
	}
	if strings.Contains(errOut.String(), "Dòng 1:") {
		t.Errorf("good row 1 reported:\n%s", errOut.String())
	}

	var b strings.Builder
	for i, u := range p.Units {
		fmt.Fprintf(&b, "%s,Cán bộ %d,09%08d,,đầu mối\n", u.Code, i, i)
	}
	writeFile(t, filepath.Join(dir, "ok.csv"), b.String())
	out.Reset()
	errOut.Reset()
	links := filepath.Join(dir, "links.csv")
	if code := run(ctx, []string{"roster", "import", "--out", links, filepath.Join(dir, "ok.csv")}, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	data, err := os.ReadFile(links)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(p.Units)+1 || !strings.HasPrefix(recs[1][6], "https://t.me/tocongtac_bot?start=") {
		t.Fatalf("%d rows in links file; first %v", len(recs), recs[1])
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx *store.Tx) error {
		people, err := tx.People(ctx)
		if err == nil && len(people) != len(p.Units) {
			t.Errorf("%d people recorded, want %d", len(people), len(p.Units))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
