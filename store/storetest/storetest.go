// Package storetest lets tests outside store look at (or seed) the database file
// directly, on a connection of their own. Production code reaches the database only
// through store.Tx; this package is for tests and benchmarks alone.
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

// open opens a connection of its own on db's file; it waits for the bot's writer.
func open(db *store.DB) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	c, err := sql.Open("sqlite", "file:"+db.Path()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	return c, nil
}

// Update runs fn in a transaction of its own on db's file and commits it if fn returns
// nil. Call it when no store transaction is open, or it waits for that one.
func Update(ctx context.Context, db *store.DB, fn func(tx *sql.Tx) error) error {
	c, err := open(db)
	if err != nil {
		return err
	}
	defer c.Close()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Exec runs one statement, failing the test on error.
func Exec(tb testing.TB, db *store.DB, q string, args ...any) {
	tb.Helper()
	err := Update(context.Background(), db, func(tx *sql.Tx) error {
		_, err := tx.Exec(q, args...)
		return err
	})
	if err != nil {
		tb.Fatalf("storetest: %s: %v", q, err)
	}
}

// Int returns the single integer a query selects (a count, say).
func Int(tb testing.TB, db *store.DB, q string, args ...any) int {
	tb.Helper()
	var n int
	Rows(tb, db, q, args, func(scan func(...any) error) error { return scan(&n) })
	return n
}

// Rows calls each for every row the query selects, with the row's Scan.
func Rows(tb testing.TB, db *store.DB, q string, args []any, each func(scan func(...any) error) error) {
	tb.Helper()
	err := Update(context.Background(), db, func(tx *sql.Tx) error {
		rows, err := tx.Query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows.Scan); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		tb.Fatalf("storetest: %s: %v", q, err)
	}
}
