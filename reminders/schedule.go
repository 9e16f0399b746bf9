package reminders

import (
	"fmt"
	"sort"
	"strings"
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
)

// kind is the cycle kind the job acts on.
func (j Job) kind() Kind {
	if strings.HasPrefix(string(j), "weekly-") {
		return Week
	}
	return Month
}

// reminds reports whether the job nags about an open cycle (rather than acting on a closed one).
func (j Job) reminds() bool { return j == JobWeeklyRemind || j == JobMonthlyRemind }

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
	sched cron.Schedule
}

// Schedule knows the plan's cron specs and which slots are due.
type Schedule struct {
	cal     *Calendar
	loc     *time.Location
	entries []entry
}

// lookback bounds the search for missed fire times: more than a month, so a monthly slot is
// always found, and short enough that a long outage does not resurrect old cycles.
const lookback = 40 * 24 * time.Hour

// NewSchedule parses every spec of the plan (after defaults) in the calendar's timezone.
// A nil cal is built from the plan.
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
		sched, err := s.parse(spec)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", x.field, x.spec, err)
		}
		s.entries = append(s.entries, entry{
			JobSpec: JobSpec{Job: x.job, Spec: spec, Cron: "CRON_TZ=" + s.loc.String() + " " + spec},
			sched:   sched,
		})
	}
	return s, nil
}

func (s *Schedule) parse(spec string) (cron.Schedule, error) {
	return store.ParseCron(spec, s.loc)
}

// Specs returns the (job, spec) pairs, for registering with cron.
func (s *Schedule) Specs() []JobSpec {
	out := make([]JobSpec, len(s.entries))
	for i, e := range s.entries {
		out[i] = e.JobSpec
	}
	return out
}

// next is the first fire time strictly after t, in the plan's location. Passing t.In(loc)
// as well as the CRON_TZ prefix keeps a process with TZ=UTC from computing 07:30 UTC.
func (e entry) next(loc *time.Location, t time.Time) time.Time {
	n := e.sched.Next(t.In(loc))
	if n.IsZero() {
		return n
	}
	return n.In(loc)
}

// latestClosed is the latest non-empty cycle whose Due <= at.
func (s *Schedule) latestClosed(k Kind, at time.Time) Cycle {
	cy := s.cal.Prev(s.cal.Of(k, at))
	for cy.Empty() {
		cy = s.cal.Prev(cy)
	}
	return cy
}

// firstFire is the spec's first fire time at or after the cycle's Due: the one slot at which
// an escalation or summary acts on that cycle, whenever reconcile happens to run.
func (s *Schedule) firstFire(e entry, cy Cycle) time.Time {
	return e.next(s.loc, cy.Due.Add(-time.Second))
}

// slots returns what a fire of the entry at `at` acts on, oldest cycle first.
//
// A reminder acts on the cycle containing at. An escalation or summary acts on every cycle
// closed since the spec's previous fire: usually one; none for a Tuesday escalation while a
// holiday-moved cycle is still open (so the cycle before is not escalated twice); two on the
// Tuesday after a Thursday-due cycle, which closed in the same gap as the next one.
func (s *Schedule) slots(e entry, at time.Time) []Slot {
	k := e.Job.kind()
	if e.Job.reminds() {
		return []Slot{{Job: e.Job, Spec: e.Spec, At: at, Cycle: s.cal.Of(k, at)}}
	}
	var out []Slot
	for cy := s.latestClosed(k, at); s.firstFire(e, cy).Equal(at); {
		out = append([]Slot{{Job: e.Job, Spec: e.Spec, At: at, Cycle: cy}}, out...)
		cy = s.cal.Prev(cy)
		for cy.Empty() {
			cy = s.cal.Prev(cy)
		}
	}
	return out
}

// Due returns the slots that should have fired by now and are still worth acting on,
// oldest first. For each (job, spec) only the latest fire time in (since, now] counts,
// searched no further back than 40 days:
//   - a reminder is kept while its cycle is open (now < Cycle.End); a missed reminder of a
//     closed cycle is dropped;
//   - an escalation or summary is kept for the latest closed cycle, so several missed weeks
//     collapse into the latest; its At is that cycle's first fire time (see slots), which
//     must be after since.
//
// since bounds fire times, not cycles: pass the installation time so a first start does not
// act on slots from before the bot existed.
func (s *Schedule) Due(now, since time.Time) []Slot {
	now = now.In(s.loc)
	lower := now.Add(-lookback)
	if since.After(lower) {
		lower = since
	}
	var out []Slot
	for _, e := range s.entries {
		var last time.Time
		for t := e.next(s.loc, lower); !t.IsZero() && !t.After(now); t = e.next(s.loc, t) {
			last = t
		}
		if last.IsZero() {
			continue
		}
		if e.Job.reminds() {
			if sl := s.slots(e, last)[0]; now.Before(sl.Cycle.End) {
				out = append(out, sl)
			}
			continue
		}
		if at := s.firstFire(e, s.latestClosed(e.Job.kind(), last)); at.After(since) {
			out = append(out, s.slots(e, at)...)
		}
	}
	return s.sorted(out)
}

// Between returns every slot with At in (from, to], oldest first (the demo's time travel
// fires each in order). As in Due, an escalation or summary appears once per cycle.
func (s *Schedule) Between(from, to time.Time) []Slot {
	from, to = from.In(s.loc), to.In(s.loc)
	var out []Slot
	for _, e := range s.entries {
		for t := e.next(s.loc, from); !t.IsZero() && !t.After(to); t = e.next(s.loc, t) {
			out = append(out, s.slots(e, t)...)
		}
	}
	return s.sorted(out)
}

// sorted orders slots by time, job, cycle, then plan order, and drops repeated keys (two specs of
// one job firing in the same minute are one reminder).
func (s *Schedule) sorted(slots []Slot) []Slot {
	order := map[Job]int{JobWeeklyRemind: 0, JobWeeklyEscalate: 1, JobWeeklySummary: 2,
		JobMonthlyRemind: 3, JobMonthlyEscalate: 4, JobMonthlySummary: 5}
	sort.SliceStable(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Job != b.Job {
			return order[a.Job] < order[b.Job]
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
