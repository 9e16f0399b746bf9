package store

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"
)

func TestIndicatorValuesRecordedAndRolledUp(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ind.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plan, err := db.EnsurePlan(ctx, DefaultPlanYAML())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	type rep struct {
		unit  string
		model int
		month string
		ind   string
		value float64 // <0: a report without a number
	}
	reps := []rep{
		// February: MH1 30 in all.
		{"CAH", 1, "2024-02", "", 20}, {"TUPHAP", 1, "2024-02", "", 10},
		// March: MH1 CAH 25 then 27 (the later counts), TUPHAP 12, then a status-only
		// report that must not erase TUPHAP's number.
		{"CAH", 1, "2024-03", "", 25}, {"CAH", 1, "2024-03", "", 27}, {"TUPHAP", 1, "2024-03", "", 12},
		{"TUPHAP", 1, "2024-03", "", -1},
		// MH6 per-unit share: TTYT at 100%, BVDK at 80%.
		{"TTYT", 6, "2024-03", "", 100}, {"BVDK", 6, "2024-03", "", 80},
		// MH24 two indicators, averaged.
		{"CAH", 24, "2024-03", "vneid", 70}, {"VHTT", 24, "2024-03", "VNeID", 90},
		{"CAH", 24, "2024-02", "vneid", 60},
		// A unit the plan does not know is ignored by the roll-up (not stored: FK).
	}
	err = db.Update(ctx, func(tx *Tx) error {
		for i, r := range reps {
			id, err := tx.AddReport(ctx, Report{Unit: r.unit, Model: r.model, Status: StatusInProgress, Percent: -1,
				Reporter: 1, ReceivedAt: at.Add(time.Duration(i) * time.Minute), Week: "w", Month: r.month, Quarter: "q"})
			if err != nil {
				return err
			}
			if r.value >= 0 {
				if err := tx.AddIndicatorValue(ctx, id, r.ind, r.value); err != nil {
					return err
				}
			}
		}
		if tx.AddIndicatorValue(ctx, 1, "", -3) == nil {
			t.Error("a negative value was stored")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var cur, prev []IndicatorValue
	err = db.View(ctx, func(tx *Tx) error {
		if cur, err = tx.CycleIndicatorValues(ctx, CycleMonth, "2024-03"); err != nil {
			return err
		}
		prev, err = tx.CycleIndicatorValues(ctx, CycleMonth, "2024-02")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 6 {
		t.Fatalf("March values: %+v", cur)
	}
	rolls := RollupIndicators(plan, cur, prev)
	find := func(model int, ind string) IndicatorRollup {
		for _, r := range rolls {
			if r.Model.Number == model && r.Indicator.ID() == ind {
				return r
			}
		}
		t.Fatalf("no roll-up for %d %q", model, ind)
		return IndicatorRollup{}
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

	mh1 := find(1, "")
	if !mh1.Has || mh1.Value != 39 || mh1.Goal != 53 || !near(mh1.Percent, 100*39.0/53) || mh1.Met {
		t.Errorf("MH1 sum: %+v", mh1)
	}
	if !mh1.HasPrev || mh1.Prev != 30 || mh1.Delta != 9 {
		t.Errorf("MH1 trend: prev %v delta %v", mh1.Prev, mh1.Delta)
	}
	if len(mh1.Values) != 2 || mh1.Values[0].Unit != "CAH" || mh1.Values[0].Value != 27 {
		t.Errorf("MH1 values in plan order, latest counting: %+v", mh1.Values)
	}
	mh6 := find(6, "")
	if mh6.Value != 50 || mh6.Goal != 100 || mh6.HasPrev {
		t.Errorf("MH6 share: %+v", mh6)
	}
	v := find(24, "vneid")
	if v.Value != 80 || v.Prev != 60 || v.Delta != 20 || v.Met {
		t.Errorf("MH24 vneid average: %+v", v)
	}
	if tt := find(24, "thanhtoan"); tt.Has || tt.HasPrev {
		t.Errorf("MH24 thanhtoan has no values: %+v", tt)
	}
	if mh3 := find(3, ""); mh3.Has || mh3.Expected == 0 {
		t.Errorf("MH3: %+v", mh3)
	}
	// Ordered by group then model.
	for i := 1; i < len(rolls); i++ {
		a, b := rolls[i-1].Model, rolls[i].Model
		if GroupRank(a.Group) > GroupRank(b.Group) || (a.Group == b.Group && a.Number > b.Number) {
			t.Errorf("order: %d before %d", a.Number, b.Number)
		}
	}
}

func TestRollupPerUnitSum(t *testing.T) {
	in := Indicator{Target: 10, Scope: ScopeUnit, Rollup: RollupSum}
	v, goal, has := rollupValue(in, []UnitValue{{Value: 4}, {Value: 10}})
	if !has || v != 14 || goal != 20 {
		t.Errorf("per-unit sum: %v of %v", v, goal)
	}
	if _, _, has := rollupValue(in, nil); has {
		t.Error("no values rolled up to a value")
	}
	if ImpliedStatus(Indicator{Target: 53}, 53) != StatusDone || ImpliedStatus(Indicator{Target: 53}, 45) != StatusInProgress {
		t.Error("implied status")
	}
}
