package reminders

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tocongtac/tocongtac/store"
)

// Job is a kind of scheduled work.
type Job string

// Jobs, in the order slots with the same fire time are returned (an escalation goes out
// before the summary that reports on it).
const (
	JobWeeklyRemind    Job = "weekly-remind"
	JobWeeklyEscalate  Job = "weekly-escalate"
	JobWeeklySummary   Job = "weekly-summary"
	JobMonthlyRemind   Job = "monthly-remind"
	JobMonthlyEscalate Job = "monthly-escalate"
	JobMonthlySummary  Job = "monthly-summary"
	// The quarter, half-year and year summaries go out with the monthly summary of the
	// month that closes them.
	JobQuarterSummary  Job = "quarter-summary"
	JobHalfYearSummary Job = "half-year-summary"
	JobYearSummary     Job = "year-summary"
)

var jobOrder = map[Job]int{JobWeeklyRemind: 0, JobWeeklyEscalate: 1, JobWeeklySummary: 2,
	JobMonthlyRemind: 3, JobMonthlyEscalate: 4, JobMonthlySummary: 5,
	JobQuarterSummary: 6, JobHalfYearSummary: 7, JobYearSummary: 8}

// kind is the cycle kind the job's entry steps through.
func (j Job) kind() Kind {
	if strings.HasPrefix(string(j), "weekly-") {
		return Week
	}
	return Month
}

// reminds reports whether the job nags about an open cycle (rather than acting on a closed one).
func (j Job) reminds() bool { return j == JobWeeklyRemind || j == JobMonthlyRemind }

// IsSummary reports whether the job posts a compiled summary.
func (j Job) IsSummary() bool { return strings.HasSuffix(string(j), "-summary") }

// Moves says how a job's slot leaves a non-working day: reminders go back (they must come
// before the deadline), escalations and summaries go forward.
func (j Job) Moves() string {
	if j.reminds() {
		return "back"
	}
	return "forward"
}

// Slot is one scheduled firing of a job.
type Slot struct {
	Job   Job
	Spec  string    // the cron spec it came from, as written in the plan
	At    time.Time // scheduled fire time, in the plan location
	Cycle Cycle     // reminders: the cycle containing At; escalations and summaries: a cycle closed by At (see Schedule.slots)
}

// Key is a stable unique key for the slot, e.g. "weekly-remind@2024-03-11T07:30+07:00/2024-W11",
// fit for an outbox's dedupe column: the same slot gets the same key on every run. The cycle
// is part of it because one escalation fire can act on two cycles after a holiday.
func (s Slot) Key() string {
	return string(s.Job) + "@" + s.At.Format("2006-01-02T15:04Z07:00") + "/" + s.Cycle.ID
}

// JobSpec is one (job, spec) pair of the plan.
type JobSpec struct {
	Job  Job
	Spec string // as written in the plan
	// Cron is Spec with a CRON_TZ= prefix, so a cron.Cron registered with it fires in the
	// plan's timezone whatever its own location is.
	Cron string
}

type entry struct {
	JobSpec
	sched cron.Schedule // nil for a remind_before entry
	// before: working days before the monthly cut-off day, at hour:minute.
	before, hour, minute int
}

// Schedule knows the plan's cron specs and which slots are due.
type Schedule struct {
	cal     *Calendar
	loc     *time.Location
	entries []entry
	late    atomic.Pointer[lateWindow] // the last week LateWindow worked out
}

// lookback bounds the search for missed fire times: more than a month, so a monthly slot is
// always found, and short enough that a long outage does not resurrect old cycles.
const lookback = 40 * 24 * time.Hour

// NewSchedule parses every spec of the plan (after defaults) in the calendar's timezone,
// with the same checks as the plan file (store.ParseCron). A nil cal is built from the plan.
func NewSchedule(p store.Plan, cal *Calendar) (*Schedule, error) {
	p = p.WithDefaults()
	if cal == nil {
		var err error
		if cal, err = NewCalendar(p); err != nil {
			return nil, err
		}
	}
	s := &Schedule{cal: cal, loc: cal.Location()}
	w, m := p.Reporting.Weekly, p.Reporting.Monthly
	type src struct {
		job   Job
		field string
		spec  string
	}
	var srcs []src
	for i, sp := range w.Remind {
		srcs = append(srcs, src{JobWeeklyRemind, fmt.Sprintf("reporting.weekly.remind[%d]", i), sp})
	}
	srcs = append(srcs, src{JobWeeklyEscalate, "reporting.weekly.escalate", w.Escalate},
		src{JobWeeklySummary, "reporting.weekly.summary", w.Summary})
	for i, sp := range m.Remind {
		srcs = append(srcs, src{JobMonthlyRemind, fmt.Sprintf("reporting.monthly.remind[%d]", i), sp})
	}
	srcs = append(srcs, src{JobMonthlyEscalate, "reporting.monthly.escalate", m.Escalate},
		src{JobMonthlySummary, "reporting.monthly.summary", m.Summary})

	for _, x := range srcs {
		spec := strings.TrimSpace(x.spec)
		sched, err := store.ParseCron(spec, s.loc)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", x.field, x.spec, err)
		}
		s.entries = append(s.entries, entry{
			JobSpec: JobSpec{Job: x.job, Spec: spec, Cron: "CRON_TZ=" + s.loc.String() + " " + spec},
			sched:   sched,
		})
	}
	if len(m.RemindBefore) > 0 {
		h, mi, ok := store.ParseClock(m.RemindAt)
		if !ok {
			return nil, fmt.Errorf("reporting.monthly.remind_at %q: want hh:mm", m.RemindAt)
		}
		for i, n := range m.RemindBefore {
			if n < 1 {
				return nil, fmt.Errorf("reporting.monthly.remind_before[%d] %d: want 1 or more", i, n)
			}
			spec := fmt.Sprintf("%d workdays before cutoff at %02d:%02d", n, h, mi)
			s.entries = append(s.entries, entry{JobSpec: JobSpec{Job: JobMonthlyRemind, Spec: spec}, before: n, hour: h, minute: mi})
		}
	}
	return s, nil
}

// Specs returns the cron (job, spec) pairs, for registering with cron. A slot moved off a
// non-working day, or one counted in working days, is caught by the minute's reconcile.
func (s *Schedule) Specs() []JobSpec {
	var out []JobSpec
	for _, e := range s.entries {
		if e.sched != nil {
			out = append(out, e.JobSpec)
		}
	}
	return out
}

// fires are the entry's cron fire times in [from, to), in the plan's location. Passing
// t.In(loc) as well as the CRON_TZ prefix keeps a process with TZ=UTC from computing 07:30 UTC.
func (s *Schedule) fires(e entry, from, to time.Time) []time.Time {
	var out []time.Time
	for t := e.sched.Next(from.Add(-time.Second).In(s.loc)); !t.IsZero() && t.Before(to); t = e.sched.Next(t) {
		out = append(out, t.In(s.loc))
	}
	return out
}

// firstFire is the entry's first fire time at or after t.
func (s *Schedule) firstFire(e entry, t time.Time) time.Time {
	n := e.sched.Next(t.Add(-time.Second).In(s.loc))
	if n.IsZero() {
		return n
	}
	return n.In(s.loc)
}

func daysBetween(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// weekdaysFrom is the signed distance from day nom to t's day in weekdays, Monday to Friday
// with holidays ignored: the plan's specs describe an ordinary week. A t on a weekend counts
// as the weekday it would move to: back to Friday for a reminder, forward to Monday for the
// rest.
func weekdaysFrom(nom, t time.Time, back bool) int {
	from := time.Date(nom.Year(), nom.Month(), nom.Day(), 12, 0, 0, 0, time.UTC)
	to := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC)
	weekend := func(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
	step := 1
	if back {
		step = -1
	}
	for weekend(to) && !to.Equal(from) {
		to = to.AddDate(0, 0, step)
	}
	n := 0
	for ; to.After(from); to = to.AddDate(0, 0, -1) {
		if !weekend(to) {
			n++
		}
	}
	for ; to.Before(from); to = to.AddDate(0, 0, 1) {
		if !weekend(to) {
			n--
		}
	}
	return n
}

// cycleSlots are the slots of one entry for one cycle, always on working days.
//
// Weekly: the specs are read as if the cycle were due on its nominal day; when holidays
// move the due day, the slots move with it and keep their distance from it in working days
// (counted in an ordinary week, Monday to Friday), so the reminder on the due day's morning
// goes out on the moved due day and the escalation of the next working day comes the
// working day after it, even across a weekend. A slot of a cycle whose due day did not move
// but that falls on a non-working day goes back to the previous working day (a reminder)
// or forward to the next one (an escalation or summary).
//
// Monthly: the cut-off never moves (Decree 09 fixes the date); a cron reminder in the cycle
// goes back to a working day, a remind_before reminder counts working days back from the
// cut-off day, and the escalation and summary take the first fire at or after the cycle's
// end, moved forward to a working day. The monthly summary of the month that closes a
// quarter, half-year or year brings that period's summary too.
func (s *Schedule) cycleSlots(e entry, cy Cycle) []Slot {
	if cy.Empty() {
		return nil
	}
	c := s.cal
	slot := func(at time.Time, job Job, of Cycle) Slot {
		return Slot{Job: job, Spec: e.Spec, At: at, Cycle: of}
	}
	var out []Slot
	if cy.Kind == Week {
		nom, due := c.NominalDue(cy), cy.Due.AddDate(0, 0, -1)
		nomEnd := dayAfter(c, nom)
		follow := func(t time.Time) time.Time {
			if due.Equal(nom) {
				return t
			}
			at := time.Date(due.Year(), due.Month(), due.Day(), t.Hour(), t.Minute(), t.Second(), 0, s.loc)
			return c.AddWorkdays(at, weekdaysFrom(nom, t, e.Job.reminds()))
		}
		if e.Job.reminds() {
			for _, t := range s.fires(e, nomEnd.AddDate(0, 0, -7), nomEnd) {
				at := c.PrevWorkday(follow(t))
				if !at.Before(cy.Start) && at.Before(cy.End) {
					out = append(out, slot(at, e.Job, cy))
				}
			}
			return out
		}
		if t := s.firstFire(e, nomEnd); !t.IsZero() {
			out = append(out, slot(c.NextWorkday(follow(t)), e.Job, cy))
		}
		return out
	}
	switch {
	case e.sched == nil: // remind_before
		day := c.WorkdaysBefore(cy.End.AddDate(0, 0, -1), e.before)
		at := time.Date(day.Year(), day.Month(), day.Day(), e.hour, e.minute, 0, 0, s.loc)
		if !at.Before(cy.Start) {
			out = append(out, slot(at, e.Job, cy))
		}
	case e.Job.reminds():
		for _, t := range s.fires(e, cy.Start, cy.End) {
			if at := c.PrevWorkday(t); !at.Before(cy.Start) {
				out = append(out, slot(at, e.Job, cy))
			}
		}
	default:
		t := s.firstFire(e, cy.End)
		if t.IsZero() {
			return nil
		}
		at := c.NextWorkday(t)
		out = append(out, slot(at, e.Job, cy))
		if e.Job == JobMonthlySummary {
			switch cy.End.AddDate(0, 0, -1).Month() {
			case time.December:
				out = append(out, slot(at, JobQuarterSummary, c.Quarter(cy.Start)),
					slot(at, JobHalfYearSummary, c.HalfYear(cy.Start)), slot(at, JobYearSummary, c.Year(cy.Start)))
			case time.June:
				out = append(out, slot(at, JobQuarterSummary, c.Quarter(cy.Start)), slot(at, JobHalfYearSummary, c.HalfYear(cy.Start)))
			case time.March, time.September:
				out = append(out, slot(at, JobQuarterSummary, c.Quarter(cy.Start)))
			}
		}
	}
	return out
}

// Due returns the slots that should have fired by now and are still worth acting on,
// oldest first. For each (job, spec) only the latest slot in (since, now] counts,
// searched no further back than 40 days:
//   - a reminder is kept while its cycle is open (now < Cycle.End); a missed reminder of a
//     closed cycle is dropped;
//   - an escalation or summary is kept for the latest closed cycle, so several missed weeks
//     collapse into the latest.
//
// since bounds slot times, not cycles: pass the installation time so a first start does not
// act on slots from before the bot existed.
func (s *Schedule) Due(now, since time.Time) []Slot {
	now = now.In(s.loc)
	lower := now.Add(-lookback)
	if since.After(lower) {
		lower = since
	}
	all := s.Between(lower, now)
	type jobSpec struct {
		job  Job
		spec string
	}
	latest := map[jobSpec]time.Time{}
	for _, sl := range all {
		k := jobSpec{sl.Job, sl.Spec}
		if sl.At.After(latest[k]) {
			latest[k] = sl.At
		}
	}
	var out []Slot
	for _, sl := range all {
		if !sl.At.Equal(latest[jobSpec{sl.Job, sl.Spec}]) {
			continue
		}
		if sl.Job.reminds() && !now.Before(sl.Cycle.End) {
			continue
		}
		out = append(out, sl)
	}
	return out
}

// Between returns every slot with At in (from, to], oldest first (the demo's time travel
// fires each in order, and plan check lists them).
func (s *Schedule) Between(from, to time.Time) []Slot {
	from, to = from.In(s.loc), to.In(s.loc)
	var out []Slot
	for _, e := range s.entries {
		k := e.Job.kind()
		// Slots sit near their cycle: a moved weekly slot within two weeks, a monthly
		// escalation within a month of the cut-off.
		first, last := s.cal.Of(k, from.AddDate(0, 0, -21)), s.cal.Of(k, to.AddDate(0, 0, 7))
		if k == Month {
			first, last = s.cal.Of(k, from.AddDate(0, -2, 0)), s.cal.Of(k, to.AddDate(0, 1, 0))
		}
		for cy := first; !cy.Start.After(last.Start); cy = s.cal.Next(cy) {
			for _, sl := range s.cycleSlots(e, cy) {
				if sl.At.After(from) && !sl.At.After(to) {
					out = append(out, sl)
				}
			}
		}
	}
	return s.sorted(out)
}

// Next returns the first n slots after t, oldest first (plan check shows them).
func (s *Schedule) Next(t time.Time, n int) []Slot {
	var out []Slot
	for to := t.AddDate(0, 1, 0); len(out) < n && to.Before(t.AddDate(2, 0, 0)); to = to.AddDate(0, 1, 0) {
		out = s.Between(t, to)
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// sorted orders slots by time, job, cycle, then plan order, and drops repeated keys (two specs of
// one job firing in the same minute are one reminder).
func (s *Schedule) sorted(slots []Slot) []Slot {
	sort.SliceStable(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Job != b.Job {
			return jobOrder[a.Job] < jobOrder[b.Job]
		}
		return a.Cycle.Start.Before(b.Cycle.Start)
	})
	out := slots[:0]
	seen := map[string]bool{}
	for _, sl := range slots {
		if k := sl.Key(); !seen[k] {
			seen[k] = true
			out = append(out, sl)
		}
	}
	return out
}
