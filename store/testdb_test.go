package store

import (
	"context"
	"path/filepath"
	"testing"
)

// testDB opens a new database in the test's temporary folder, closed when the test ends.
func testDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
