package store

import (
	"context"
	"fmt"
	"time"
)

// TicketState is where a blocker stands.
type TicketState string

// Ticket states. Reopening puts a resolved ticket back to open.
const (
	TicketOpen         TicketState = "open"
	TicketAcknowledged TicketState = "acknowledged" // đã tiếp nhận
	TicketResolved     TicketState = "resolved"     // đã tháo gỡ
)

// TicketAction names one step in a ticket's history.
type TicketAction string

// Ticket steps.
const (
	TicketOpened      TicketAction = "opened"       // a blocked report arrived
	TicketStill       TicketAction = "still"        // the unit reported it blocked again
	TicketAcknowledge TicketAction = "acknowledged" // the office took it up
	TicketAssign      TicketAction = "assigned"     // the office passed it to a unit
	TicketOfficeReply TicketAction = "office_reply" // the office wrote to the unit
	TicketUnitReply   TicketAction = "unit_reply"   // the unit wrote back
	TicketResolve     TicketAction = "resolved"     // the office closed it, or the unit reported it solved
	TicketReopen      TicketAction = "reopened"     // blocked again after it was closed
)

// Ticket is a blocker with who did what and when.
type Ticket struct {
	ID             int64
	Unit           string
	Model          int
	State          TicketState
	Note           string
	OpenedBy       int64
	OpenedAt       time.Time
	AcknowledgedBy int64
	AcknowledgedAt time.Time
	Assignee       string
	ResolvedAt     time.Time
	LastAction     TicketAction
	LastAt         time.Time
}

// TicketEvent is one step of a ticket.
type TicketEvent struct {
	ID        int64
	Ticket    int64
	At        time.Time
	Actor     int64
	Action    TicketAction
	Unit      string
	Text      string
	ChatID    int64
	MessageID int
}

const ticketColumns = `id, unit, model, state, note, opened_by, opened_at, acknowledged_by,
	acknowledged_at, assignee, resolved_at, last_action, last_at`

func scanTicket(sc interface{ Scan(...any) error }) (Ticket, error) {
	var t Ticket
	var opened, acked, resolved, last int64
	err := sc.Scan(&t.ID, &t.Unit, &t.Model, &t.State, &t.Note, &t.OpenedBy, &opened, &t.AcknowledgedBy,
		&acked, &t.Assignee, &resolved, &t.LastAction, &last)
	t.OpenedAt, t.AcknowledgedAt, t.ResolvedAt, t.LastAt = fromUnix(opened), fromUnix(acked), fromUnix(resolved), fromUnix(last)
	return t, err
}

// CreateTicket stores a new open ticket and returns its id.
func (tx *Tx) CreateTicket(ctx context.Context, t Ticket) (int64, error) {
	var id int64
	opened := tx.now
	if !t.OpenedAt.IsZero() {
		opened = t.OpenedAt
	}
	err := tx.queryRow(ctx, `INSERT INTO tickets (group_id, unit, model, state, note, opened_by, opened_at)
		VALUES (?, ?, ?, 'open', ?, ?, ?) RETURNING id`, tx.g(), t.Unit, t.Model, t.Note, t.OpenedBy, unix(opened)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create ticket: %w", err)
	}
	return id, nil
}

// SaveTicket writes a ticket's state fields back.
func (tx *Tx) SaveTicket(ctx context.Context, t Ticket) error {
	_, err := tx.exec(ctx, `UPDATE tickets SET state = ?, note = ?, acknowledged_by = ?,
		acknowledged_at = ?, assignee = ?, resolved_at = ? WHERE group_id = ? AND id = ?`,
		t.State, t.Note, t.AcknowledgedBy, unix0(t.AcknowledgedAt), t.Assignee, unix0(t.ResolvedAt), tx.g(), t.ID)
	if err != nil {
		return fmt.Errorf("save ticket: %w", err)
	}
	return nil
}

func unix0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// AddTicketEvent appends a step to a ticket's history and makes it the last step.
func (tx *Tx) AddTicketEvent(ctx context.Context, e TicketEvent) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO ticket_events (group_id, ticket, at, actor, action, unit, text, chat_id, message_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, tx.g(), e.Ticket, unix(tx.now), e.Actor, e.Action, e.Unit, e.Text,
		e.ChatID, e.MessageID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("ticket event: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE tickets SET last_action = ?, last_at = ? WHERE group_id = ? AND id = ?`,
		e.Action, unix(tx.now), tx.g(), e.Ticket); err != nil {
		return 0, fmt.Errorf("ticket event: %w", err)
	}
	return id, nil
}

// Ticket returns a ticket by id, or ErrNotFound.
func (tx *Tx) Ticket(ctx context.Context, id int64) (Ticket, error) {
	t, err := scanTicket(tx.queryRow(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE group_id = ? AND id = ?`, tx.g(), id))
	return t, notFound(err)
}

// OpenTicket returns the unit's unresolved ticket for a model, or ErrNotFound.
func (tx *Tx) OpenTicket(ctx context.Context, unit string, model int) (Ticket, error) {
	t, err := scanTicket(tx.queryRow(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE group_id = ? AND unit = ? AND model = ? AND state <> 'resolved'`, tx.g(), unit, model))
	return t, notFound(err)
}

// LastTicket returns the unit's newest ticket for a model, whatever its state, or ErrNotFound.
func (tx *Tx) LastTicket(ctx context.Context, unit string, model int) (Ticket, error) {
	t, err := scanTicket(tx.queryRow(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE group_id = ? AND unit = ? AND model = ? ORDER BY id DESC LIMIT 1`, tx.g(), unit, model))
	return t, notFound(err)
}

// OpenTickets lists unresolved tickets, oldest first.
func (tx *Tx) OpenTickets(ctx context.Context) ([]Ticket, error) {
	rows, err := tx.query(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE group_id = ? AND state <> 'resolved' ORDER BY opened_at, id`, tx.g())
	if err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("open tickets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TicketEvents lists a ticket's history in order.
func (tx *Tx) TicketEvents(ctx context.Context, ticket int64) ([]TicketEvent, error) {
	rows, err := tx.query(ctx, `SELECT id, ticket, at, actor, action, unit, text, chat_id, message_id
		FROM ticket_events WHERE group_id = ? AND ticket = ? ORDER BY id`, tx.g(), ticket)
	if err != nil {
		return nil, fmt.Errorf("ticket events: %w", err)
	}
	defer rows.Close()
	var out []TicketEvent
	for rows.Next() {
		var e TicketEvent
		var at int64
		if err := rows.Scan(&e.ID, &e.Ticket, &at, &e.Actor, &e.Action, &e.Unit, &e.Text, &e.ChatID, &e.MessageID); err != nil {
			return nil, fmt.Errorf("ticket events: %w", err)
		}
		e.At = fromUnix(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// LinkTicketMessage remembers that outbox row id is about a ticket, so a reply to it is
// threaded back.
func (tx *Tx) LinkTicketMessage(ctx context.Context, outboxID, ticket int64) error {
	_, err := tx.exec(ctx, `INSERT INTO ticket_messages (group_id, outbox_id, ticket) VALUES (?, ?, ?)
		ON CONFLICT (outbox_id) DO NOTHING`, tx.g(), outboxID, ticket)
	return err
}

// TicketOfMessage returns the ticket a delivered bot message is about, or ErrNotFound.
func (tx *Tx) TicketOfMessage(ctx context.Context, chatID int64, tgMessageID int) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT tm.ticket FROM ticket_messages tm JOIN outbox o ON o.id = tm.outbox_id
		WHERE tm.group_id = ? AND o.chat_id = ? AND o.tg_message_id = ? ORDER BY o.id DESC LIMIT 1`,
		tx.g(), chatID, tgMessageID).Scan(&id)
	return id, notFound(err)
}

// Audit actions of tickets and onboarding.
const (
	AuditTicket       = "ticket"        // a step in a blocker's ticket
	AuditRosterImport = "roster_import" // a roster was imported
	AuditRemove       = "remove"        // an admin removed a focal point or deputy
)

// AdoptBlockers opens a ticket for every open blocker that has none: those reported before
// tickets existed, or stored by a path that bypassed the ticket rules. A blocker the office
// already handled (a ticket touched since it began) is left alone. It returns how many it opened.
func (tx *Tx) AdoptBlockers(ctx context.Context) (int, error) {
	bs, err := tx.OpenBlockers(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range bs {
		var handled int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM tickets WHERE group_id = ? AND unit = ? AND model = ?
			AND (state <> 'resolved' OR last_at >= ? OR opened_at >= ?)`, tx.g(), b.Unit, b.Model, unix(b.Since), unix(b.Since)).Scan(&handled); err != nil {
			return n, fmt.Errorf("adopt blockers: %w", err)
		}
		if handled > 0 {
			continue
		}
		id, err := tx.CreateTicket(ctx, Ticket{Unit: b.Unit, Model: b.Model, Note: b.Note, OpenedBy: b.Reporter, OpenedAt: b.Since})
		if err != nil {
			return n, err
		}
		if _, err := tx.AddTicketEvent(ctx, TicketEvent{Ticket: id, Actor: b.Reporter, Action: TicketOpened, Text: b.Note}); err != nil {
			return n, err
		}
		if _, err := tx.exec(ctx, `UPDATE tickets SET last_at = ? WHERE group_id = ? AND id = ?`, unix(b.ReceivedAt), tx.g(), id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
