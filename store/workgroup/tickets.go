package workgroup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Why a ticket step was refused; the bot answers each with a polite sentence.
var (
	ErrTicketResolved     = errors.New("ticket already resolved")
	ErrTicketNotResolved  = errors.New("ticket is not resolved")
	ErrTicketAcknowledged = errors.New("ticket already acknowledged")
	ErrTicketReopenTaken  = errors.New("another ticket is open for this unit and model")
	ErrTicketSameAssignee = errors.New("ticket already assigned to this unit")
	ErrEmptyReply         = errors.New("empty reply")
)

// TicketChange is what a report did to its unit's ticket for the model.
type TicketChange struct {
	Ticket store.Ticket
	Action store.TicketAction // "" when the report touched no ticket
}

// RecordReport stores a report and moves the ticket of its unit and model with it, so
// the «đã xử lý / vẫn vướng» buttons and later status reports act on one ticket:
//   - blocked, with a ticket open: the same ticket, "still" (its note follows the report);
//   - blocked, after the office closed a ticket the unit never reported solved: reopened;
//   - blocked otherwise: a new ticket;
//   - any other status, with a ticket open: resolved by the unit.
func RecordReport(ctx context.Context, tx *store.Tx, r store.Report) (int64, TicketChange, error) {
	states, err := tx.ReportStates(ctx, r.Unit, []int{r.Model})
	if err != nil {
		return 0, TicketChange{}, err
	}
	return recordReport(ctx, tx, r, states[r.Model])
}

// recordReport is RecordReport with the model's state as it was just read.
func recordReport(ctx context.Context, tx *store.Tx, r store.Report, prior store.ReportState) (int64, TicketChange, error) {
	id, err := tx.AddReportAfter(ctx, r, prior)
	if err != nil {
		return 0, TicketChange{}, err
	}
	ch, err := syncTicket(ctx, tx, r, prior)
	return id, ch, err
}

// syncTicket moves the ticket of r's unit and model; prior is the model's state before r.
func syncTicket(ctx context.Context, tx *store.Tx, r store.Report, prior store.ReportState) (TicketChange, error) {
	var open store.Ticket
	var err error
	hasOpen := prior.OpenTicket != 0
	if hasOpen {
		if open, err = tx.Ticket(ctx, prior.OpenTicket); err != nil {
			return TicketChange{}, err
		}
	}
	if r.Status != store.StatusBlocked {
		if !hasOpen {
			return TicketChange{}, nil
		}
		open.State, open.ResolvedAt = store.TicketResolved, tx.Now()
		return step(ctx, tx, open, store.TicketEvent{Actor: r.Reporter, Action: store.TicketResolve, Text: r.Note})
	}
	if hasOpen {
		open.Note = r.Note
		return step(ctx, tx, open, store.TicketEvent{Actor: r.Reporter, Action: store.TicketStill, Text: r.Note})
	}
	if prior.Blocked {
		last, err := tx.LastTicket(ctx, r.Unit, r.Model)
		if err == nil {
			reopen(&last, tx.Now())
			last.Note = r.Note
			return step(ctx, tx, last, store.TicketEvent{Actor: r.Reporter, Action: store.TicketReopen, Text: r.Note})
		}
		if !errors.Is(err, store.ErrNotFound) {
			return TicketChange{}, err
		}
	}
	t := store.Ticket{Unit: r.Unit, Model: r.Model, Note: r.Note, OpenedBy: r.Reporter, State: store.TicketOpen}
	if t.ID, err = tx.CreateTicket(ctx, t); err != nil {
		return TicketChange{}, err
	}
	return step(ctx, tx, t, store.TicketEvent{Actor: r.Reporter, Action: store.TicketOpened, Text: r.Note})
}

func reopen(t *store.Ticket, _ time.Time) {
	t.State, t.ResolvedAt = store.TicketOpen, time.Time{}
	t.AcknowledgedBy, t.AcknowledgedAt = 0, time.Time{}
}

// step saves the ticket and appends the event; the saved ticket comes back with its last step.
func step(ctx context.Context, tx *store.Tx, t store.Ticket, e store.TicketEvent) (TicketChange, error) {
	if err := tx.SaveTicket(ctx, t); err != nil {
		return TicketChange{}, err
	}
	e.Ticket = t.ID
	if _, err := tx.AddTicketEvent(ctx, e); err != nil {
		return TicketChange{}, err
	}
	t.LastAction, t.LastAt = e.Action, tx.Now()
	if err := tx.Audit(ctx, e.Actor, store.AuditTicket, t.Unit, 0,
		fmt.Sprintf("ticket=%d model=%d action=%s unit=%s", t.ID, t.Model, e.Action, e.Unit)); err != nil {
		return TicketChange{}, err
	}
	return TicketChange{Ticket: t, Action: e.Action}, nil
}

// AcknowledgeTicket is the office's «đã tiếp nhận».
func AcknowledgeTicket(ctx context.Context, tx *store.Tx, id, actor int64) (TicketChange, error) {
	t, err := tx.Ticket(ctx, id)
	if err != nil {
		return TicketChange{}, err
	}
	switch t.State {
	case store.TicketResolved:
		return TicketChange{Ticket: t}, ErrTicketResolved
	case store.TicketAcknowledged:
		return TicketChange{Ticket: t}, ErrTicketAcknowledged
	}
	acknowledge(&t, actor, tx.Now())
	return step(ctx, tx, t, store.TicketEvent{Actor: actor, Action: store.TicketAcknowledge})
}

func acknowledge(t *store.Ticket, actor int64, now time.Time) {
	if t.State == store.TicketOpen {
		t.State, t.AcknowledgedBy, t.AcknowledgedAt = store.TicketAcknowledged, actor, now
	}
}

// AssignTicket passes an unresolved ticket to the unit that can solve it (which acknowledges it).
func AssignTicket(ctx context.Context, tx *store.Tx, id, actor int64, unit string) (TicketChange, error) {
	t, err := tx.Ticket(ctx, id)
	if err != nil {
		return TicketChange{}, err
	}
	if t.State == store.TicketResolved {
		return TicketChange{Ticket: t}, ErrTicketResolved
	}
	if t.Assignee == unit {
		return TicketChange{Ticket: t}, ErrTicketSameAssignee
	}
	acknowledge(&t, actor, tx.Now())
	t.Assignee = unit
	return step(ctx, tx, t, store.TicketEvent{Actor: actor, Action: store.TicketAssign, Unit: unit})
}

// ReplyTicket records a message on a ticket: from the office (which acknowledges it) or from the
// unit. The office may not write on a resolved ticket; the unit may (it is heard either way).
func ReplyTicket(ctx context.Context, tx *store.Tx, id, actor int64, fromOffice bool, text string, chatID int64, messageID int) (TicketChange, error) {
	if text == "" {
		return TicketChange{}, ErrEmptyReply
	}
	t, err := tx.Ticket(ctx, id)
	if err != nil {
		return TicketChange{}, err
	}
	action := store.TicketUnitReply
	if fromOffice {
		if t.State == store.TicketResolved {
			return TicketChange{Ticket: t}, ErrTicketResolved
		}
		acknowledge(&t, actor, tx.Now())
		action = store.TicketOfficeReply
	}
	return step(ctx, tx, t, store.TicketEvent{Actor: actor, Action: action, Text: text, ChatID: chatID, MessageID: messageID})
}

// ResolveTicket is the office's «đã tháo gỡ».
func ResolveTicket(ctx context.Context, tx *store.Tx, id, actor int64) (TicketChange, error) {
	t, err := tx.Ticket(ctx, id)
	if err != nil {
		return TicketChange{}, err
	}
	if t.State == store.TicketResolved {
		return TicketChange{Ticket: t}, ErrTicketResolved
	}
	t.State, t.ResolvedAt = store.TicketResolved, tx.Now()
	return step(ctx, tx, t, store.TicketEvent{Actor: actor, Action: store.TicketResolve})
}

// ReopenTicket puts a resolved ticket back to open (to be acknowledged again).
func ReopenTicket(ctx context.Context, tx *store.Tx, id, actor int64, text string) (TicketChange, error) {
	t, err := tx.Ticket(ctx, id)
	if err != nil {
		return TicketChange{}, err
	}
	if t.State != store.TicketResolved {
		return TicketChange{Ticket: t}, ErrTicketNotResolved
	}
	if _, err := tx.OpenTicket(ctx, t.Unit, t.Model); err == nil {
		return TicketChange{Ticket: t}, ErrTicketReopenTaken
	} else if !errors.Is(err, store.ErrNotFound) {
		return TicketChange{}, err
	}
	reopen(&t, tx.Now())
	return step(ctx, tx, t, store.TicketEvent{Actor: actor, Action: store.TicketReopen, Text: text})
}
