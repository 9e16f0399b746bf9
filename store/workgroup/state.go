package workgroup

import (
	"context"
	"sort"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// CycleState works out the state of cycle cy: every expected (unit, model) pair with its
// counting report, lateness, excuse and reachability, and every unit's progress. now
// decides whether a model is overdue (judged at the cycle's end for a closed cycle) and
// which blockers are open. Every view renders from the value it returns.
//
// The rules, in one place:
//   - A pair counts the unit's latest report of the model in the cycle. A model reported
//     done in an earlier cycle, and not reopened since, is carried: not asked for again,
//     unless the plan marks it recurring.
//   - A report is late when it arrived at or after the cycle's due time; a unit is late
//     when any of its counting reports is.
//   - A unit is excused when its focal point is away on the cycle's last day (the due
//     day) and no deputy is present that day: nobody can report for it. An absence that
//     starts on the due day therefore excuses the unit; one that ends the day before
//     does not.
//   - A unit is complete when every model is reported or carried, partial when some are,
//     none otherwise.
//   - A unit is unreachable when its focal point blocked the bot (a deputy may still
//     be reminded, but the office must know).
func CycleState(ctx context.Context, tx *store.Tx, plan store.Plan, loc *time.Location, cy store.Cycle, now time.Time) (store.Summary, error) {
	in, err := load(ctx, tx, loc, cy, true)
	if err != nil {
		return store.Summary{}, err
	}
	return build(plan, loc, cy, now, in), nil
}

// Headline is CycleState without the people, reachability, last-report times and open
// blockers: the same counts and progress, for views that show only those (a chart's
// rate over many cycles).
func Headline(ctx context.Context, tx *store.Tx, plan store.Plan, loc *time.Location, cy store.Cycle, now time.Time) (store.Summary, error) {
	in, err := load(ctx, tx, loc, cy, false)
	if err != nil {
		return store.Summary{}, err
	}
	return build(plan, loc, cy, now, in), nil
}

// Headlines is Headline of each of cycles, reading the models done before them once: a
// model done before a cycle's start is one done before the latest start by a report
// received before that cycle's (a done model's time is its report's). A roll-up's trend
// and a chart read many cycles, and the done models were most of each cycle's reading.
func Headlines(ctx context.Context, tx *store.Tx, plan store.Plan, loc *time.Location, cycles []store.Cycle, now time.Time) ([]store.Summary, error) {
	if len(cycles) == 0 {
		return nil, nil
	}
	latest := cycles[0].Start
	for _, cy := range cycles {
		if cy.Start.After(latest) {
			latest = cy.Start
		}
	}
	done, err := tx.DoneBefore(ctx, latest)
	if err != nil {
		return nil, err
	}
	out := make([]store.Summary, 0, len(cycles))
	for _, cy := range cycles {
		in := inputs{done: done}
		if cy.Start.Before(latest) {
			in.done = make(map[store.UnitModel]store.Report, len(done))
			for k, r := range done {
				if r.ReceivedAt.Before(cy.Start) {
					in.done[k] = r
				}
			}
		}
		if err := in.loadCycle(ctx, tx, loc, cy); err != nil {
			return nil, err
		}
		out = append(out, build(plan, loc, cy, now, in))
	}
	return out, nil
}

// loadCycle reads what a cycle's counts need besides the done models: its reports and
// the units excused on its last day.
func (in *inputs) loadCycle(ctx context.Context, tx *store.Tx, loc *time.Location, cy store.Cycle) error {
	var err error
	if in.reports, err = tx.SummaryReports(ctx, string(cy.Kind), cy.ID); err != nil {
		return err
	}
	in.excused, err = tx.ExcusedUnits(ctx, LastDay(cy, loc).Format(time.DateOnly))
	return err
}

func load(ctx context.Context, tx *store.Tx, loc *time.Location, cy store.Cycle, full bool) (inputs, error) {
	var in inputs
	var err error
	if in.reports, err = tx.SummaryReports(ctx, string(cy.Kind), cy.ID); err != nil {
		return in, err
	}
	if in.done, err = tx.DoneBefore(ctx, cy.Start); err != nil {
		return in, err
	}
	if in.excused, err = tx.ExcusedUnits(ctx, LastDay(cy, loc).Format(time.DateOnly)); err != nil {
		return in, err
	}
	if !full {
		return in, nil
	}
	if in.members, err = tx.AllMembers(ctx); err != nil {
		return in, err
	}
	if in.users, err = tx.MemberUsers(ctx); err != nil {
		return in, err
	}
	if in.unreachable, err = tx.UnreachableChats(ctx); err != nil {
		return in, err
	}
	if in.last, err = tx.LastReportTimes(ctx); err != nil {
		return in, err
	}
	in.blockers, err = tx.OpenBlockers(ctx)
	return in, err
}

// LastDay is the last day whose reports count for cy (its due time is midnight after it).
func LastDay(cy store.Cycle, loc *time.Location) time.Time {
	return cy.Due.In(loc).AddDate(0, 0, -1)
}

// inputs is what CycleState reads from the store; build is pure over it.
type inputs struct {
	reports     []store.SummaryReport
	done        map[store.UnitModel]store.Report
	excused     map[string]bool
	members     []store.Membership
	users       map[int64]store.User
	unreachable map[int64]bool
	last        map[string]time.Time
	blockers    []store.Blocker
}

func build(plan store.Plan, loc *time.Location, cy store.Cycle, now time.Time, in inputs) store.Summary {
	s := store.Summary{
		Kind: string(cy.Kind), CycleID: cy.ID, Start: cy.Start, End: cy.End, Due: cy.Due,
		Location: loc, ModelsByStatus: map[store.Status]int{}, Blockers: in.blockers,
	}
	byPair := make(map[store.UnitModel]*store.SummaryReport, len(in.reports))
	for i := range in.reports {
		r := &in.reports[i]
		byPair[store.UnitModel{Unit: r.Unit, Model: r.Model}] = r
	}
	units := make(map[string]store.Unit, len(plan.Units))
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
		gi, gj := store.GroupRank(models[i].Group), store.GroupRank(models[j].Group)
		if gi != gj {
			return gi < gj
		}
		return models[i].Number < models[j].Number
	})

	type unitAcc struct {
		models, reported, carried int
		first                     time.Time
		late                      bool
	}
	acc := map[string]*unitAcc{}
	for _, m := range models {
		ms := store.ModelSummary{Model: m, Percent: -1}
		var leads []store.Entry
		supports := make([]store.Entry, 0, len(byModel[m.Number]))
		for _, a := range byModel[m.Number] {
			key := store.UnitModel{Unit: a.Unit, Model: m.Number}
			e := store.Entry{Unit: units[a.Unit], Role: a.Role, Excused: in.excused[a.Unit]}
			ua := acc[a.Unit]
			if ua == nil {
				ua = &unitAcc{}
				acc[a.Unit] = ua
			}
			ua.models++
			if r := byPair[key]; r != nil {
				e.Report = &r.Report // shares the reports' memory: one state holds one copy
				e.Late = !r.ReceivedAt.Before(cy.Due)
				ua.late = ua.late || e.Late
				ua.reported++
				if ua.first.IsZero() || r.FirstAt.Before(ua.first) {
					ua.first = r.FirstAt
				}
			} else if d, ok := in.done[key]; ok && !m.Recurring {
				e.Report, e.Carried = &d, true
				ua.carried++
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
			ms.Overdue = !ref.Before(m.Due.In(loc).AddDate(0, 0, 1))
		}
		s.ModelsByStatus[ms.Status]++
		s.Models = append(s.Models, ms)
	}

	seats := map[string][2]int64{} // unit → focal, deputy
	for _, mb := range in.members {
		p := seats[mb.Unit]
		switch mb.Role {
		case store.MemberFocal:
			p[0] = mb.UserID
		case store.MemberDeputy:
			p[1] = mb.UserID
		}
		seats[mb.Unit] = p
	}
	person := func(id int64) *store.User {
		if id == 0 {
			return nil
		}
		u, ok := in.users[id]
		if !ok {
			u = store.User{ID: id}
		}
		return &u
	}

	for _, u := range plan.Units {
		ua := acc[u.Code]
		if ua == nil {
			continue // takes part in no model
		}
		p := seats[u.Code]
		us := store.UnitSummary{
			Unit: u, Models: ua.models, Reported: ua.reported, Carried: ua.carried,
			Excused: in.excused[u.Code], FirstAt: ua.first, LastAt: in.last[u.Code],
			Focal: person(p[0]), Deputy: person(p[1]),
			Unreachable: p[0] != 0 && in.unreachable[p[0]],
		}
		us.Late = ua.late
		switch {
		case us.Excused:
			us.Progress = store.ProgressExcused
		case us.Open() == 0:
			us.Progress = store.ProgressComplete
		case us.Reported > 0:
			us.Progress = store.ProgressPartial
		default:
			us.Progress = store.ProgressNone
		}
		s.Units = append(s.Units, us)
		if us.Excused {
			s.Excused++
			continue
		}
		s.Expected++
		if us.Unreachable {
			s.Unreachable++
		}
		switch us.Progress {
		case store.ProgressNone:
			s.Missing++
			continue
		case store.ProgressComplete:
			s.Complete++
		case store.ProgressPartial:
			s.Partial++
		}
		s.Reported++
		if us.Late {
			s.Late++
		} else {
			s.OnTime++
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

// OpenByUnit lists, per unit of the state, the models still to report: neither reported
// in the cycle nor done earlier, by model number. Excused units are listed too.
func OpenByUnit(s store.Summary) map[string][]store.Model {
	out := map[string][]store.Model{}
	for _, m := range s.Models {
		for _, e := range m.Entries {
			if e.Report == nil && !containsModel(out[e.Unit.Code], m.Model.Number) {
				out[e.Unit.Code] = append(out[e.Unit.Code], m.Model)
			}
		}
	}
	for _, ms := range out {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Number < ms[j].Number })
	}
	return out
}

func containsModel(ms []store.Model, n int) bool {
	for _, m := range ms {
		if m.Number == n {
			return true
		}
	}
	return false
}

// Rate is a cycle's headline: expected units and those that reported.
func Rate(s store.Summary) store.CycleRate {
	return store.CycleRate{CycleID: s.CycleID, Start: s.Start, End: s.End, Expected: s.Expected, Reported: s.Reported}
}
