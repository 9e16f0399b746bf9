package reminders

import (
	"context"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// Compile is the state of cycle cy under the calendar's timezone (workgroup.CycleState).
func Compile(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cy Cycle, now time.Time) (store.Summary, error) {
	return workgroup.CycleState(ctx, tx, plan, cal.Location(), cy, now)
}

// RecentWeeks returns the n non-empty weekly cycles ending with cy, oldest first.
func RecentWeeks(cal *Calendar, cy Cycle, n int) []Cycle {
	out := make([]Cycle, 0, n)
	for c := cy; len(out) < n; c = cal.Prev(c) {
		if !c.Empty() {
			out = append(out, c)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Rates returns, for each cycle, how many units were expected and how many reported,
// from each cycle's state: the same numbers /tonghop shows for that cycle.
func Rates(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cycles []Cycle, now time.Time) ([]store.CycleRate, error) {
	sums, err := workgroup.Headlines(ctx, tx, plan, cal.Location(), cycles, now)
	if err != nil {
		return nil, err
	}
	out := make([]store.CycleRate, 0, len(cycles))
	for _, s := range sums {
		out = append(out, workgroup.Rate(s))
	}
	return out, nil
}

// Trend returns a unit's (model 0) or a model's (unit "") counting reports over the n
// weekly cycles ending with cy, from each week's state.
func Trend(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cy Cycle, n int, unit string, model int, now time.Time) (store.Trend, error) {
	t := store.Trend{Unit: unit, Model: model, Reports: map[string][]store.Report{}}
	if unit != "" {
		t.Assigned = append(t.Assigned, plan.UnitModels(unit)...)
	} else {
		for _, a := range plan.Assignments() {
			if a.Model == model {
				t.Assigned = append(t.Assigned, a)
			}
		}
	}
	weeks := RecentWeeks(cal, cy, n)
	sums, err := workgroup.Headlines(ctx, tx, plan, cal.Location(), weeks, now)
	if err != nil {
		return t, err
	}
	for i, c := range weeks {
		s := sums[i]
		rate := store.CycleRate{CycleID: c.ID, Start: c.Start, End: c.End, Expected: len(t.Assigned)}
		for _, m := range s.Models {
			if model != 0 && m.Model.Number != model {
				continue
			}
			for _, e := range m.Entries {
				if (unit != "" && e.Unit.Code != unit) || e.Report == nil || e.Carried {
					continue
				}
				t.Reports[c.ID] = append(t.Reports[c.ID], *e.Report)
				rate.Reported++
			}
		}
		t.Cycles = append(t.Cycles, rate)
	}
	return t, nil
}

// SelectCycle is the cycle of the kind containing at, or (prev) the last non-empty one
// before it: what "/tonghop [tuan|thang|quy] [ky truoc|date]" and the report command mean.
func SelectCycle(cal *Calendar, kind Kind, at time.Time, prev bool) Cycle {
	cy := cal.Of(kind, at)
	if prev {
		cy = cal.Prev(cy)
		for cy.Empty() {
			cy = cal.Prev(cy)
		}
	}
	return cy
}

// BuildReport is the report value of cycle cy: its state, its log of reports and its
// indicators against the previous cycle. Build it on a read snapshot where possible and
// render it (messages.Render) outside the transaction.
func BuildReport(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cy Cycle, now time.Time) (messages.Report, error) {
	r := messages.Report{Title: plan.Title, At: now}
	var err error
	if r.Summary, err = Compile(ctx, tx, plan, cal, cy, now); err != nil {
		return r, err
	}
	if r.Log, err = tx.AllCycleReports(ctx, r.Summary.Kind, r.Summary.CycleID); err != nil {
		return r, err
	}
	if r.Tickets, err = TicketViews(ctx, tx, plan, now); err != nil {
		return r, err
	}
	prev := cal.Prev(cy)
	for prev.Empty() {
		prev = cal.Prev(prev)
	}
	r.Rollups, err = tx.IndicatorRollups(ctx, plan, r.Summary.Kind, cy.ID, prev.ID)
	return r, err
}
