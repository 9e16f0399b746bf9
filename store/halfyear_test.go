package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// A report's half-year and year follow from its month (Decree 09: they end where a month
// ends), and the summary reads them by their own index.
func TestReportsCarryHalfYearAndYear(t *testing.T) {
	for month, want := range map[string][2]string{
		"2024-01": {"2024-H1", "2024"}, "2024-06": {"2024-H1", "2024"},
		"2024-07": {"2024-H2", "2024"}, "2024-12": {"2024-H2", "2024"}, "": {"", ""},
	} {
		if h, y := store.HalfYearOfMonth(month); h != want[0] || y != want[1] {
			t.Errorf("HalfYearOfMonth(%q) = %s, %s; want %v", month, h, y, want)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, store.DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 6, 20, 9, 0, 0, 0, time.UTC)
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i, r := range []store.Report{
			{Unit: "CAH", Model: 9, Week: "2024-W10", Month: "2024-03", Quarter: "2024-Q1"},
			{Unit: "CAH", Model: 18, Week: "2024-W25", Month: "2024-07", Quarter: "2024-Q3"},
		} {
			r.Status, r.Percent, r.ReceivedAt = store.StatusDone, -1, at.AddDate(0, 0, i)
			if _, err := tx.AddReport(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		for _, c := range []struct {
			kind, id string
			model    int
		}{{store.CycleHalf, "2024-H1", 9}, {store.CycleHalf, "2024-H2", 18}, {store.CycleYear, "2024", 0}} {
			got, err := tx.SummaryReports(ctx, c.kind, c.id)
			if err != nil {
				return err
			}
			if c.model == 0 && len(got) != 2 || c.model != 0 && (len(got) != 1 || got[0].Model != c.model) {
				t.Errorf("%s %s: %+v", c.kind, c.id, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
