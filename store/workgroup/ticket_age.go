package workgroup

import (
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Workdays knows the plan's working days: Monday to Friday, less its holidays.
type Workdays struct {
	loc      *time.Location
	holidays map[string]bool
}

// NewWorkdays reads the plan's timezone and holidays.
func NewWorkdays(p store.Plan) Workdays {
	w := Workdays{loc: p.Location(), holidays: map[string]bool{}}
	for _, h := range p.Reporting.Holidays {
		w.holidays[h.String()] = true
	}
	return w
}

// IsWorkday reports whether the day t falls on is a working day.
func (w Workdays) IsWorkday(t time.Time) bool {
	t = t.In(w.loc)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !w.holidays[t.Format(time.DateOnly)]
}

// Between counts the working days after from's day up to and including to's day: a
// blocker raised on Monday is one working day old on Tuesday.
func (w Workdays) Between(from, to time.Time) int {
	y, m, d := from.In(w.loc).Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, w.loc)
	y, m, d = to.In(w.loc).Date()
	end := time.Date(y, m, d, 12, 0, 0, 0, w.loc)
	n := 0
	for day = day.AddDate(0, 0, 1); !day.After(end); day = day.AddDate(0, 0, 1) {
		if w.IsWorkday(day) {
			n++
		}
	}
	return n
}

// TicketAge is what every view shows of an open ticket.
type TicketAge struct {
	Days        int  // calendar days open
	Workdays    int  // working days open
	Unanswered  bool // not yet acknowledged
	Overdue     bool // not acknowledged within the plan's limit
	LimitInDays int
}

// Age works out a ticket's age at now and whether it waited too long for the office.
func Age(t store.Ticket, now time.Time, w Workdays, p store.Plan) TicketAge {
	limit := p.Reporting.Blockers.AcknowledgeWithin
	if limit <= 0 {
		limit = store.DefaultAcknowledgeDays
	}
	a := TicketAge{
		Days:        int(now.Sub(t.OpenedAt).Hours() / 24),
		Workdays:    w.Between(t.OpenedAt, now),
		Unanswered:  t.State == store.TicketOpen,
		LimitInDays: limit,
	}
	a.Overdue = a.Unanswered && a.Workdays >= limit
	return a
}
