package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// privateMode is the mode of every database file: the database holds phone-reachable
// user ids, reports and audit history, and nothing in it is for other local users.
const privateMode = 0o600

// makePrivate creates path empty with mode 0600 when it is missing, and narrows it to
// 0600 when it exists. SQLite gives the -wal and -shm files the database's own mode, so
// creating the database 0600 first keeps them 0600 too.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, privateMode)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Chmod(p, privateMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("chmod %s: %w", p, err)
		}
	}
	return nil
}

// Checkpoint copies the WAL into the database file and truncates the WAL.
func (db *DB) Checkpoint(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
