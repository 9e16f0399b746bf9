package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// A message telling what a lazy commit did waits in SyncThrough until an fsync covers
// that commit; callers waiting together all see it covered.
func TestSyncThroughCoversTheCommit(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	for i := 0; i < 2; i++ {
		if err := db.UpdateLazy(ctx, func(tx *Tx) error {
			_, _, err := tx.Enqueue(ctx, Outgoing{ChatID: 42, Text: "Đã ghi nhận"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	seq := db.Told()
	if got := db.lazySync.Load(); got >= seq {
		t.Fatalf("synced through %d before any sync, want below %d", got, seq)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.SyncThrough(seq); err != nil {
				errs <- err
				return
			}
			if got := db.lazySync.Load(); got < seq {
				errs <- fmt.Errorf("SyncThrough returned with the log synced through %d, want %d", got, seq)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Bookkeeping (the sender's marks) is nothing to wait for.
	if err := db.UpdateBookkeeping(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if db.Told() != seq {
		t.Errorf("a bookkeeping commit moved Told from %d to %d", seq, db.Told())
	}
	// A later commit is not covered by the earlier sync.
	if err := db.UpdateLazy(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if next := db.Told(); db.lazySync.Load() >= next {
		t.Errorf("commit %d counted as synced without an fsync", next)
	}
}
