package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestPendingReports(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 3, 11, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	var noteID, textID int64
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		if noteID, err = tx.AddPending(ctx, PendingReport{Kind: PendingNote, ChatID: 5, UserID: 5, Unit: "CAH",
			Model: 9, Status: StatusBlocked, MessageID: 12, Week: "2024-W11", PromptOutbox: 77}); err != nil {
			return err
		}
		textID, err = tx.AddPending(ctx, PendingReport{Kind: PendingText, ChatID: 5, UserID: 5, Text: "MH9: xong", MessageID: 13})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		p, err := tx.PendingByPrompt(ctx, 77)
		if err != nil || p.ID != noteID || p.Status != StatusBlocked || p.Week != "2024-W11" || !p.CreatedAt.Equal(now) {
			t.Errorf("by prompt = %+v, %v", p, err)
		}
		if p, err := tx.LatestPending(ctx, 5, 5, PendingText); err != nil || p.ID != textID {
			t.Errorf("latest text = %+v, %v", p, err)
		}
		if _, err := tx.LatestPending(ctx, 5, 6, PendingText); !errors.Is(err, ErrNotFound) {
			t.Errorf("another user's pending found: %v", err)
		}
		if ok, err := tx.UpdatePendingText(ctx, 5, 13, "MH9: dtk"); !ok || err != nil {
			t.Errorf("update text = %v, %v", ok, err)
		}
		if p, _ := tx.Pending(ctx, textID); p.Text != "MH9: dtk" {
			t.Errorf("text after edit = %q", p.Text)
		}
		if ok, err := tx.DeletePending(ctx, textID); !ok || err != nil {
			t.Errorf("delete = %v, %v", ok, err)
		}
		if ok, _ := tx.DeletePending(ctx, textID); ok {
			t.Error("deleted twice")
		}
		return tx.DeletePendingNotes(ctx, 5, 5, "CAH", 9)
	})
	if err != nil {
		t.Fatal(err)
	}
	// A question older than the retention is stale, and the next insert forgets it.
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Pending(ctx, noteID); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted note still found: %v", err)
		}
		id, err := tx.AddPending(ctx, PendingReport{Kind: PendingNote, ChatID: 5, UserID: 5, Unit: "CAH", Model: 18, Status: StatusDone})
		noteID = id
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(8 * 24 * time.Hour)
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Pending(ctx, noteID); !errors.Is(err, ErrNotFound) {
			t.Errorf("stale pending found: %v", err)
		}
		if _, err := tx.AddPending(ctx, PendingReport{Kind: PendingText, ChatID: 1, UserID: 1}); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM pending_reports`).Scan(&n); err != nil || n != 1 {
			t.Errorf("pending rows after cleanup = %d, %v", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
