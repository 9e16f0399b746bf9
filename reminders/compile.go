package reminders

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Compile builds the summary of a cycle from its reports: one indexed query for the
// cycle's counting reports, one for absences; everything else is the plan.
// now only decides whether a model is overdue (judged at the cycle's end for a closed one).
func Compile(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cy Cycle, now time.Time) (store.Summary, error) {
	reps, err := tx.SummaryReports(ctx, string(cy.Kind), cy.ID)
	if err != nil {
		return store.Summary{}, err
	}
	// The due day is the cycle's last day: a focal point away that day without cover
	// cannot be expected to report.
	dueDay := cy.Due.In(cal.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
	excused, err := tx.ExcusedUnits(ctx, dueDay)
	if err != nil {
		return store.Summary{}, err
	}
	return build(plan, cal, cy, now, reps, excused), nil
}

type pair struct {
	unit  string
	model int
}

// build is the pure part of Compile.
func build(plan store.Plan, cal *Calendar, cy Cycle, now time.Time, reps []store.SummaryReport, excused map[string]bool) store.Summary {
	s := store.Summary{
		Kind: string(cy.Kind), CycleID: cy.ID, Start: cy.Start, End: cy.End, Due: cy.Due,
		Location: cal.Location(), ModelsByStatus: map[store.Status]int{},
	}
	byPair := make(map[pair]*store.SummaryReport, len(reps))
	for i := range reps {
		r := &reps[i]
		byPair[pair{r.Unit, r.Model}] = r
	}
	units := map[string]store.Unit{}
	for _, u := range plan.Units {
		units[u.Code] = u
	}

	// The overdue judgement is made at the cycle's end for a closed cycle, so that a
	// past cycle compiles the same whenever it is asked for.
	ref := now
	if cy.End.Before(ref) {
		ref = cy.End
	}

	byModel := map[int][]store.Assignment{}
	for _, a := range plan.Assignments() {
		byModel[a.Model] = append(byModel[a.Model], a)
	}
	models := append([]store.Model(nil), plan.Models...)
	sort.SliceStable(models, func(i, j int) bool {
		gi, gj := groupRank(models[i].Group), groupRank(models[j].Group)
		if gi != gj {
			return gi < gj
		}
		return models[i].Number < models[j].Number
	})

	type unitAcc struct {
		models, reported int
		first            time.Time
	}
	acc := map[string]*unitAcc{}
	for _, m := range models {
		ms := store.ModelSummary{Model: m, Percent: -1}
		var leads []store.Entry
		supports := make([]store.Entry, 0, len(byModel[m.Number]))
		for _, a := range byModel[m.Number] {
			e := store.Entry{Unit: units[a.Unit], Role: a.Role, Excused: excused[a.Unit]}
			if r := byPair[pair{a.Unit, m.Number}]; r != nil {
				e.Report = &r.Report // shares reps' memory: one summary holds one copy
				e.Late = !r.ReceivedAt.Before(cy.Due)
			}
			ua := acc[a.Unit]
			if ua == nil {
				ua = &unitAcc{}
				acc[a.Unit] = ua
			}
			ua.models++
			if r := byPair[pair{a.Unit, m.Number}]; r != nil {
				ua.reported++
				if ua.first.IsZero() || r.FirstAt.Before(ua.first) {
					ua.first = r.FirstAt
				}
			}
			if a.Role == store.RoleLead {
				ms.Leads = append(ms.Leads, a.Unit)
				leads = append(leads, e)
			} else {
				ms.Supports = append(ms.Supports, a.Unit)
				supports = append(supports, e)
			}
		}
		ms.Entries = append(leads, supports...)
		ms.Status = leadStatus(leads)
		for _, e := range leads {
			if e.Report != nil && e.Report.Percent >= 0 {
				ms.Percent = e.Report.Percent
				break
			}
		}
		if !m.Due.IsZero() && ms.Status != store.StatusDone {
			// Due is a day: overdue once the day after it has begun.
			ms.Overdue = !ref.Before(m.Due.In(cal.Location()).AddDate(0, 0, 1))
		}
		s.ModelsByStatus[ms.Status]++
		s.Models = append(s.Models, ms)
	}

	for _, u := range plan.Units {
		ua := acc[u.Code]
		if ua == nil {
			continue // takes part in no model
		}
		us := store.UnitSummary{Unit: u, Models: ua.models, Reported: ua.reported, Excused: excused[u.Code], FirstAt: ua.first}
		us.Late = !ua.first.IsZero() && !ua.first.Before(cy.Due)
		s.Units = append(s.Units, us)
		if us.Excused {
			continue
		}
		s.Expected++
		switch {
		case us.Reported == 0:
			s.Missing++
		case us.Late:
			s.Reported++
			s.Late++
		default:
			s.Reported++
			s.OnTime++
		}
		if us.Reported == us.Models {
			s.Complete++
		}
	}
	return s
}

// leadStatus is a model's status from its leads' reports (see store.ModelSummary.Status).
func leadStatus(leads []store.Entry) store.Status {
	var got []store.Status
	for _, e := range leads {
		if e.Report != nil {
			got = append(got, e.Report.Status)
		}
	}
	if len(got) == 0 {
		return ""
	}
	rank := map[store.Status]int{store.StatusNotStarted: 1, store.StatusInProgress: 2, store.StatusDone: 3}
	allDone, best := len(got) == len(leads), store.StatusNotStarted
	for _, st := range got {
		if st == store.StatusBlocked {
			return store.StatusBlocked
		}
		if st != store.StatusDone {
			allDone = false
		}
		if rank[st] > rank[best] {
			best = st
		}
	}
	if allDone {
		return store.StatusDone
	}
	if best == store.StatusDone {
		return store.StatusInProgress // some leads done, others not yet
	}
	return best
}

// groupRank orders plan groups I–V (Roman numerals), unknown groups last by name.
func groupRank(g string) int {
	switch strings.ToUpper(strings.TrimSpace(g)) {
	case "I":
		return 1
	case "II":
		return 2
	case "III":
		return 3
	case "IV":
		return 4
	case "V":
		return 5
	case "VI":
		return 6
	}
	return 100
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

// Rates returns, for each cycle, how many units were expected and how many reported.
// Absences are not looked up for past cycles: a rate over weeks is a trend, and
// one query for all of them keeps it cheap.
func Rates(ctx context.Context, tx *store.Tx, plan store.Plan, cycles []Cycle) ([]store.CycleRate, error) {
	if len(cycles) == 0 {
		return nil, nil
	}
	ids := make([]string, len(cycles))
	for i, c := range cycles {
		ids[i] = c.ID
	}
	got, err := tx.ReportingUnits(ctx, string(cycles[0].Kind), ids)
	if err != nil {
		return nil, err
	}
	assigned := map[string]bool{}
	for _, a := range plan.Assignments() {
		assigned[a.Unit] = true
	}
	out := make([]store.CycleRate, len(cycles))
	for i, c := range cycles {
		r := store.CycleRate{CycleID: c.ID, Start: c.Start, End: c.End, Expected: len(assigned)}
		for u := range got[c.ID] {
			if assigned[u] {
				r.Reported++
			}
		}
		out[i] = r
	}
	return out, nil
}

// Trend returns a unit's (model 0) or a model's (unit "") counting reports over the n
// weekly cycles ending with cy.
func Trend(ctx context.Context, tx *store.Tx, plan store.Plan, cal *Calendar, cy Cycle, n int, unit string, model int) (store.Trend, error) {
	cycles := RecentWeeks(cal, cy, n)
	t := store.Trend{Unit: unit, Model: model}
	ids := make([]string, len(cycles))
	for i, c := range cycles {
		ids[i] = c.ID
		t.Cycles = append(t.Cycles, store.CycleRate{CycleID: c.ID, Start: c.Start, End: c.End})
	}
	reps, err := tx.TrendReports(ctx, string(Week), ids, unit, model)
	if err != nil {
		return t, err
	}
	t.Reports = map[string][]store.Report{}
	for _, r := range reps {
		t.Reports[r.Week] = append(t.Reports[r.Week], r)
	}
	if unit != "" {
		for _, a := range plan.UnitModels(unit) {
			t.Assigned = append(t.Assigned, store.Assignment{Model: a.Model, Unit: a.Unit, Role: a.Role})
		}
	} else {
		for _, a := range plan.Assignments() {
			if a.Model == model {
				t.Assigned = append(t.Assigned, a)
			}
		}
	}
	for i := range t.Cycles {
		t.Cycles[i].Expected = len(t.Assigned)
		t.Cycles[i].Reported = len(t.Reports[t.Cycles[i].CycleID])
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
