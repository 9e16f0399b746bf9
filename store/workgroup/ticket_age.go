package workgroup

import (
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Workdays are the plan's working days (store.Workdays: holidays and make-up days).
type Workdays = store.Workdays

// NewWorkdays reads the plan's timezone, holidays and make-up days.
func NewWorkdays(p store.Plan) Workdays { return store.NewWorkdays(p, p.Location()) }

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
