package workgroup_test

import (
	"context"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

const valuePlan = `title: Kế hoạch thử
timezone: Asia/Ho_Chi_Minh
standing_office: CAH
units:
  - {code: CAH, name: Công an huyện}
  - {code: X-A, name: UBND xã A, tags: [xa]}
models:
  - number: 1
    group: I
    title: Một
    lead: ["@xa"]
    indicators:
      - {name: Số DVC, unit: dịch vụ, target: 53, scope: group, rollup: sum, capped: true}
  - {number: 2, group: I, title: Hai, lead: ["@xa"]}
`

// A line's number is stored with its report; one the plan cannot take is refused and
// its line, number and status alike, is not recorded.
func TestRecordStoresTheLinesNumber(t *testing.T) {
	ctx := context.Background()
	db, p := openWith(t, []byte(valuePlan))
	week := workgroup.CycleIDs{Week: "2024-W11", Month: "2024-03", Quarter: "2024-Q1"}
	at := time.Date(2024, 3, 8, 9, 0, 0, 0, hanoi)
	err := db.Update(ctx, func(tx *store.Tx) error {
		res, err := workgroup.Resolve(ctx, tx, p, "X-A", workgroup.Reply{Lines: []workgroup.Line{
			{Model: 1, Status: store.StatusInProgress, Percent: -1, Line: 1, Value: &workgroup.Value{Number: 45}},
			{Model: 2, Status: store.StatusDone, Percent: -1, Line: 2, Value: &workgroup.Value{Number: 3}}, // no indicator
		}})
		if err != nil {
			return err
		}
		if len(res.Lines) != 1 || res.Lines[0].Model != 1 {
			t.Errorf("resolved %+v", res.Lines)
		}
		if len(res.BadValues) != 1 || res.BadValues[0].Line.Model != 2 || res.BadValues[0].Problem != store.ValueNoIndicator {
			t.Errorf("bad values %+v", res.BadValues)
		}
		if _, err := workgroup.Record(ctx, tx, "X-A", res.Lines, workgroup.Origin{Reporter: 1, At: at, Cycles: week}); err != nil {
			return err
		}
		// Above the capped target: refused by the core whatever the caller checked.
		res, err = workgroup.Resolve(ctx, tx, p, "X-A", workgroup.Reply{Lines: []workgroup.Line{
			{Model: 1, Status: store.StatusDone, Percent: -1, Line: 1, Value: &workgroup.Value{Number: 60}}}})
		if err != nil {
			return err
		}
		if len(res.Lines) != 0 || len(res.BadValues) != 1 || res.BadValues[0].Problem != store.ValueAboveTarget {
			t.Errorf("above target: lines %+v, bad %+v", res.Lines, res.BadValues)
		}
		vals, err := tx.CycleIndicatorValues(ctx, store.CycleWeek, week.Week)
		if err != nil {
			return err
		}
		if len(vals) != 1 || vals[0].Unit != "X-A" || vals[0].Model != 1 || vals[0].Value != 45 {
			t.Errorf("stored values %+v", vals)
		}
		latest, err := tx.LatestReports(ctx, "X-A")
		if err != nil {
			return err
		}
		if len(latest) != 1 || latest[0].Status != store.StatusInProgress {
			t.Errorf("reports %+v", latest)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
