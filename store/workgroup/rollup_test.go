package workgroup_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

const rollupPlan = `title: Kế hoạch xã
timezone: Asia/Ho_Chi_Minh
standing_office: CAX
units:
  - {code: CAX, name: Công an xã}
  - {code: T-A, name: Trường TH A, tags: [truong]}
  - {code: T-B, name: Trường TH B, tags: [truong]}
  - {code: T-C, name: Trường TH C, tags: [truong]}
models:
  - {number: 1, group: I, title: Một, lead: [CAX, "@truong"]}
  - {number: 2, group: I, title: Hai, lead: ["@truong"]}
reporting:
  holidays: [2024-03-11]
`

// TestGroupHeadline: a commune's line in the province's roll-up is its cycle state's
// counts, the units with nothing reported, and its oldest open blocker in working days.
func TestGroupHeadline(t *testing.T) {
	db, p := openWith(t, []byte(rollupPlan))
	ctx := context.Background()
	cy := store.Cycle{Kind: store.KindWeek, ID: "2024-W11", Start: time.Date(2024, 3, 5, 0, 0, 0, 0, hanoi),
		End: time.Date(2024, 3, 12, 0, 0, 0, 0, hanoi)}
	cy.Due = cy.End
	ids := workgroup.CycleIDs{Week: "2024-W11"}
	friday := time.Date(2024, 3, 8, 9, 0, 0, 0, hanoi)
	now := time.Date(2024, 3, 12, 15, 0, 0, 0, hanoi) // Tuesday; Monday 11/3 is a holiday here
	var s store.Summary
	err := db.Update(ctx, func(tx *store.Tx) error {
		record := func(unit string, at time.Time, lines ...workgroup.Line) error {
			_, err := workgroup.Record(ctx, tx, unit, lines, workgroup.Origin{Reporter: 1, At: at, Cycles: ids})
			return err
		}
		done := func(m int) workgroup.Line { return workgroup.Line{Model: m, Status: store.StatusDone, Percent: -1} }
		if err := record("T-A", friday, done(1), workgroup.Line{Model: 2, Status: store.StatusBlocked, Percent: -1, Note: "thiếu máy"}); err != nil {
			return err
		}
		if err := record("CAX", cy.Due.Add(time.Hour), done(1)); err != nil { // late
			return err
		}
		if err := record("T-B", friday, done(1)); err != nil { // partial
			return err
		}
		var err error
		s, err = workgroup.CycleState(ctx, tx, p, hanoi, cy, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	g := store.Group{ID: 7, Code: "ngoclac", Name: "Tổ công tác Đề án 06 xã Ngọc Lặc", Parent: 1}
	h := workgroup.GroupHeadline(s, g, s.Blockers, []float64{0.25, 0.5}, workgroup.NewWorkdays(p), now)

	if h.Group != g || h.CycleID != "2024-W11" {
		t.Errorf("group %+v cycle %q", h.Group, h.CycleID)
	}
	if h.Expected != 4 || h.Reported != 3 || h.Complete != 2 || h.Late != 1 {
		t.Errorf("counts: expected %d reported %d complete %d late %d, want 4 3 2 1", h.Expected, h.Reported, h.Complete, h.Late)
	}
	if h.Expected != s.Expected || h.Complete != s.Complete || h.Late != s.Late {
		t.Errorf("headline %+v differs from the state it was read from", h)
	}
	if !slices.Equal(h.Missing, []string{"Trường TH C"}) {
		t.Errorf("missing %q", h.Missing)
	}
	// Friday 8/3 to Tuesday 12/3: the weekend and the Monday holiday do not count.
	if h.OpenBlockers != 1 || h.OldestDays != 1 {
		t.Errorf("blockers %d, oldest %d working days; want 1, 1", h.OpenBlockers, h.OldestDays)
	}
	if h.Rate() != 0.5 || workgroup.Completion(s) != 0.5 {
		t.Errorf("rate %v, completion %v; want 0.5", h.Rate(), workgroup.Completion(s))
	}
	if !slices.Equal(h.Trend, []float64{0.25, 0.5}) {
		t.Errorf("trend %v", h.Trend)
	}

	// No open blocker: no age; no earlier cycle: no trend.
	quiet := workgroup.GroupHeadline(s, g, nil, nil, workgroup.NewWorkdays(p), now)
	if quiet.OpenBlockers != 0 || quiet.OldestDays != 0 || quiet.Trend != nil {
		t.Errorf("no blockers: %+v", quiet)
	}
}
