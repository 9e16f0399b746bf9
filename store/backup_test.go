package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// Regression: Backup ran VACUUM INTO on the query_only read pool, so every
// `tocongtac backup` failed with "attempt to write a readonly database" (found by the soak test).
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	// A writer keeps committing while the copy is made.
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := db.Update(ctx, func(tx *Tx) error {
				return tx.SaveUser(ctx, User{ID: int64(1000 + i), FirstName: fmt.Sprint(i)})
			}); err != nil {
				done <- err
				return
			}
		}
	}()
	copyPath := filepath.Join(dir, "copy.db")
	err = db.Backup(ctx, copyPath)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatalf("writer during backup: %v", werr)
	}
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := db.Backup(ctx, copyPath); err == nil {
		t.Errorf("backup over an existing file succeeded")
	}
	c, err := sql.Open("sqlite", "file:"+copyPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var ok string
	var units int
	if err := c.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check of the copy = %q, %v", ok, err)
	}
	if err := c.QueryRow(`SELECT count(*) FROM units`).Scan(&units); err != nil || units == 0 {
		t.Fatalf("copy has %d units (%v), want the plan's", units, err)
	}
}
