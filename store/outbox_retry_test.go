package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// Regression: next_try_at was truncated to the second, so a message told "retry after
// 1 s" at 10:00:05.900 was due again at 10:00:05.000; after a restart (no in-memory
// pacing) the sender retried before Telegram's retry_after ended.
func TestMarkRetryNeverEarly(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var id int64
	if err := db.Update(ctx, func(tx *Tx) error {
		id, _, err = tx.Enqueue(ctx, Outgoing{ChatID: 42, Text: "x"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 27, 10, 0, 5, 0, time.UTC)
	retryAt := base.Add(900 * time.Millisecond)
	if err := db.MarkRetry(ctx, id, retryAt, "429"); err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{base, base.Add(100 * time.Millisecond), base.Add(899 * time.Millisecond)} {
		due, err := db.DueMessages(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 0 {
			t.Errorf("due at %v, before the retry time %v", now.Format("15:04:05.000"), retryAt.Format("15:04:05.000"))
		}
	}
	if due, err := db.DueMessages(ctx, base.Add(time.Second), 10); err != nil || len(due) != 1 {
		t.Errorf("not due once the retry time passed: %d, %v", len(due), err)
	}
	// A whole second stays as it is.
	if err := db.MarkRetry(ctx, id, base, "429"); err != nil {
		t.Fatal(err)
	}
	if due, err := db.DueMessages(ctx, base, 10); err != nil || len(due) != 1 {
		t.Errorf("a retry at a whole second is not due at that second: %d, %v", len(due), err)
	}
}
