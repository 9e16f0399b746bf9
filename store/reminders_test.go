package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestSlotsAndAbsences(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "rem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 11, 0, 30, 0, 0, time.UTC)
	err = db.Update(ctx, func(tx *Tx) error {
		for i, want := range []bool{true, false} {
			fresh, err := tx.RecordSlot(ctx, "weekly-remind@x/2024-W11", "weekly-remind", "2024-W11", at)
			if err != nil {
				return err
			}
			if fresh != want {
				t.Errorf("RecordSlot #%d = %v, want %v", i+1, fresh, want)
			}
		}
		if done, err := tx.SlotDone(ctx, "weekly-remind@x/2024-W11"); err != nil || !done {
			t.Errorf("SlotDone = %v, %v", done, err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO absences (group_id, unit, user_id, from_day, to_day, created_at, cancelled_at)
			VALUES (1, 'CAH', 7, '2024-03-10', '2024-03-12', 0, 0), (1, 'VP', 8, '2024-03-10', '2024-03-12', 0, 5),
			(1, 'VP', 9, '2024-03-13', '2024-03-14', 0, 0)`); err != nil {
			return err
		}
		abs, err := tx.AbsencesOn(ctx, "2024-03-12")
		if err != nil {
			return err
		}
		if len(abs) != 1 || abs[0].UserID != 7 || abs[0].Notified {
			t.Fatalf("AbsencesOn = %+v, want CAH's (the cancelled and the later one left out)", abs)
		}
		for i, want := range []bool{true, false} {
			if first, err := tx.MarkAbsenceNotified(ctx, abs[0].ID); err != nil || first != want {
				t.Errorf("MarkAbsenceNotified #%d = %v, %v", i+1, first, err)
			}
		}
		slots, err := tx.Slots(ctx)
		if err != nil || len(slots) != 1 || !slots[0].At.Equal(at) {
			t.Errorf("Slots = %+v, %v", slots, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
