package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

// Importing a new plan keeps the focal points and reports of units and models that
// remain, and keeps the rest inactive rather than deleting their history.
func TestImportPlanKeepsMembersAndReports(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "import.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, store.DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.SetMember(ctx, "X-MYTAN", store.MemberFocal, 501); err != nil {
			return err
		}
		if _, err := tx.SetMember(ctx, "X-THUYSON", store.MemberFocal, 502); err != nil {
			return err
		}
		_, err := tx.AddReport(ctx, store.Report{Unit: "CAH", Model: 9, Status: store.StatusDone, Percent: -1,
			Reporter: 7, Week: "2024-W11", Month: "2024-03", Quarter: "2024-Q1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	next := `title: Kế hoạch mới
standing_office: CAH
units:
  - {code: CAH, name: Công an huyện, tags: [huyen]}
  - {code: X-MYTAN, name: UBND xã Mỹ Tân (mới), tags: [xa]}
models:
  - {number: 9, group: II, title: Lưu trú, lead: [CAH], support: ["@xa"]}
`
	p, err := db.ImportPlan(ctx, []byte(next))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Units) != 2 || len(p.Models) != 1 {
		t.Fatalf("imported plan has %d units and %d models", len(p.Units), len(p.Models))
	}
	got, _, version, err := db.LoadPlan(ctx)
	if err != nil || got.Title != "Kế hoạch mới" || version != 2 {
		t.Fatalf("LoadPlan = %q v%d, %v; want the new plan, version 2", got.Title, version, err)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		ms, err := tx.Memberships(ctx, 501)
		if err != nil {
			return err
		}
		if len(ms) != 1 || ms[0].Unit != "X-MYTAN" {
			t.Errorf("X-MYTAN's focal point after import: %+v", ms)
		}
		// X-THUYSON left the plan: its binding stays stored but no longer counts.
		if ms, err := tx.Memberships(ctx, 502); err != nil || len(ms) != 0 {
			t.Errorf("a unit dropped from the plan still counts: %+v, %v", ms, err)
		}
		if ms, err := tx.UnitMembers(ctx, "X-THUYSON"); err != nil || len(ms) != 1 {
			t.Errorf("the dropped unit's binding was deleted: %+v, %v", ms, err)
		}
		reps, err := tx.CycleReports(ctx, store.CycleWeek, "2024-W11")
		if err != nil {
			return err
		}
		if len(reps) != 1 || reps[0].Unit != "CAH" || reps[0].Model != 9 {
			t.Errorf("reports after import: %+v", reps)
		}
		var name string
		if err := tx.QueryRowForTest(ctx, `SELECT name FROM units WHERE code = 'X-MYTAN'`).Scan(&name); err != nil {
			return err
		}
		if !strings.Contains(name, "(mới)") {
			t.Errorf("unit name not updated: %q", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A broken file changes nothing.
	if _, err := db.ImportPlan(ctx, []byte("title: x\nunits: []\n")); err == nil {
		t.Fatal("a broken plan was imported")
	}
	if _, _, v, _ := db.LoadPlan(ctx); v != 2 {
		t.Errorf("version after a refused import = %d, want 2", v)
	}
}
