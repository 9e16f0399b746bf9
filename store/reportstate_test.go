package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// A message's reports are recorded after one read of their models' states
// (ReportStates); AddReportAfter then leaves the same open blockers, done models and
// done dates as AddReport, which reads nothing first.
func TestReportStatesAndAddReportAfter(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *DB {
		db, err := Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
			t.Fatal(err)
		}
		return db
	}
	plain, after := open("plain.db"), open("after.db")
	start := time.Date(2024, 3, 11, 9, 0, 0, 0, time.UTC)
	// Each step reports models 9 and 18 of CAH; a run of statuses passes every change.
	steps := [][2]Status{
		{StatusBlocked, StatusDone},
		{StatusBlocked, StatusDone}, // blocked again, done again: the first dates stay
		{StatusInProgress, StatusBlocked},
		{StatusDone, StatusInProgress},
		{StatusNotStarted, StatusDone},
	}
	type row struct {
		Model       int
		State       ReportState
		Since, Done int64
	}
	snapshot := func(db *DB) []row {
		t.Helper()
		var out []row
		err := db.View(ctx, func(tx *Tx) error {
			states, err := tx.ReportStates(ctx, "CAH", []int{9, 18, 11})
			if err != nil {
				return err
			}
			for _, m := range []int{9, 18, 11} {
				r := row{Model: m, State: states[m]}
				r.State.OpenTicket = 0 // tickets are workgroup's, not AddReport's
				if err := tx.queryRow(ctx, `SELECT coalesce((SELECT since FROM open_blockers WHERE group_id = 1 AND unit = 'CAH' AND model = ?1), 0),
					coalesce((SELECT done_at FROM done_models WHERE group_id = 1 AND unit = 'CAH' AND model = ?1), 0)`, m).
					Scan(&r.Since, &r.Done); err != nil {
					return err
				}
				out = append(out, r)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for i, st := range steps {
		now := start.Add(time.Duration(i) * time.Hour)
		for _, db := range []*DB{plain, after} {
			db.Now = func() time.Time { return now }
		}
		err := plain.Update(ctx, func(tx *Tx) error {
			for j, m := range []int{9, 18} {
				if _, err := tx.AddReport(ctx, Report{Unit: "CAH", Model: m, Status: st[j], Percent: -1, Month: "2024-03"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = after.Update(ctx, func(tx *Tx) error {
			states, err := tx.ReportStates(ctx, "CAH", []int{9, 18})
			if err != nil {
				return err
			}
			for j, m := range []int{9, 18} {
				if _, err := tx.AddReportAfter(ctx, Report{Unit: "CAH", Model: m, Status: st[j], Percent: -1, Month: "2024-03"}, states[m]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want, got := snapshot(plain), snapshot(after)
		for k := range want {
			if want[k] != got[k] {
				t.Errorf("step %d model %d: AddReportAfter left %+v, AddReport %+v", i, want[k].Model, got[k], want[k])
			}
		}
		// The states read back are the statuses just reported.
		for k, m := range []int{9, 18} {
			s := got[k].State
			if s.Blocked != (st[k] == StatusBlocked) || s.Done != (st[k] == StatusDone) {
				t.Errorf("step %d model %d: state %+v after %s", i, m, s, st[k])
			}
		}
		if got[2].State != (ReportState{}) {
			t.Errorf("step %d: model 11, never reported, has state %+v", i, got[2].State)
		}
	}
	// The dates are those of the first blocked and the first done of each run.
	if s := snapshot(after); s[1].Done != start.Add(4*time.Hour).Unix() || s[0].Since != 0 || s[0].Done != 0 {
		t.Errorf("final rows %+v", s)
	}
}
