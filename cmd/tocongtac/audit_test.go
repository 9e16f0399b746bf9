package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestAuditPrintsTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	env := envOf(map[string]string{"TOCONGTAC_DB": path})

	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"audit"}, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "chưa có mục nào") {
		t.Errorf("empty log: %q", out.String())
	}

	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsurePlan(ctx, store.DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SaveUser(ctx, store.User{ID: 1001, FirstName: "Lê", LastName: "Thường Trực", Username: "cah"}); err != nil {
			return err
		}
		if err := tx.SaveUser(ctx, store.User{ID: 2001, FirstName: "<b>Tèo</b>"}); err != nil {
			return err
		}
		if err := tx.Audit(ctx, 1001, store.AuditInvite, "X-MYTAN", 0, "role=focal expires=2024-03-18 09:00:00"); err != nil {
			return err
		}
		return tx.Audit(ctx, 2001, store.AuditBind, "X-MYTAN", 2001, "role=focal by=1001 replaced=2002")
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	out.Reset()
	if code := run(ctx, []string{"audit"}, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", out.String())
	}
	for i, want := range [][]string{
		{"tạo link mời", "đơn vị X-MYTAN", "Lê Thường Trực @cah (mã 1001)", "vai trò: đầu mối, hết hạn: 2024-03-18"},
		{"nhận vai trò", "<b>Tèo</b> (mã 2001)", "người mời: mã 1001", "thay người: mã 2002"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d %q lacks %q", i, lines[i], w)
			}
		}
	}

	out.Reset()
	if code := run(ctx, []string{"audit", "-n", "1"}, env, nil, &out, &errOut); code != 0 || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("audit -n 1: exit %d, %q", code, out.String())
	}
}
