package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// Outbox purposes of ticket messages: a reply to one of them is threaded to its ticket.
const (
	purposeTicket       = "ticket"        // a step told to the unit or the office
	purposeTicketReply  = "ticket_reply"  // ForceReply: the office's answer
	purposeTicketAssign = "ticket_assign" // ForceReply: the unit to pass it to
)

func (b *Bot) ticketCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"t": b.onTicketButton}
}

// lineTickets are the open tickets behind an alert's lines.
func (b *Bot) lineTickets(ctx context.Context, tx *store.Tx, unit string, lines []messages.ReportLine) ([]store.Ticket, error) {
	var out []store.Ticket
	for _, l := range lines {
		t, err := tx.OpenTicket(ctx, unit, l.Model)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// sendLinked queues m and, when it is about exactly one ticket, remembers that so a reply
// to it is threaded back.
func (b *Bot) sendLinked(ctx context.Context, s *scope, m store.Outgoing, tickets []store.Ticket) error {
	queued, err := enqueueLinked(ctx, s.tx, m, tickets)
	if queued {
		s.queued++
	}
	return err
}

// enqueueLinked is sendLinked outside an update (coalesced blocker alerts, bot/alerts.go).
func enqueueLinked(ctx context.Context, tx *store.Tx, m store.Outgoing, tickets []store.Ticket) (bool, error) {
	id, queued, err := tx.Enqueue(ctx, m)
	if err != nil || !queued {
		return queued, err
	}
	if len(tickets) == 1 {
		return true, tx.LinkTicketMessage(ctx, id, tickets[0].ID)
	}
	return true, nil
}

// notifyAdminsTicket is notifyAdmins for a message about tickets.
func (b *Bot) notifyAdminsTicket(ctx context.Context, s *scope, m store.Outgoing, tickets []store.Ticket) error {
	for _, id := range s.ws.admins {
		mm := m
		mm.ChatID = id
		if err := b.sendLinked(ctx, s, mm, tickets); err != nil {
			return err
		}
	}
	return nil
}

// tellUnit sends text to a unit's focal point and deputy, linked to the ticket.
func (b *Bot) tellUnit(ctx context.Context, s *scope, unit, text string, t store.Ticket) error {
	ms, err := s.tx.UnitMembers(ctx, unit)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.UserID == s.from.ID {
			continue
		}
		if err := b.sendLinked(ctx, s, store.Outgoing{ChatID: m.UserID, Purpose: purposeTicket, Text: text}, []store.Ticket{t}); err != nil {
			return err
		}
	}
	return nil
}

// tellOffice sends text to every admin but the actor, with the ticket's buttons.
func (b *Bot) tellOffice(ctx context.Context, s *scope, text string, t store.Ticket) error {
	for _, id := range s.ws.admins {
		if id == s.from.ID {
			continue
		}
		m := store.Outgoing{ChatID: id, Purpose: purposeTicket, Text: text, ReplyMarkup: messages.TicketButtons([]store.Ticket{t})}
		if err := b.sendLinked(ctx, s, m, []store.Ticket{t}); err != nil {
			return err
		}
	}
	return nil
}

// announce tells everyone involved about an office step: the unit, the unit it was passed
// to, and the other officers.
func (b *Bot) announce(ctx context.Context, s *scope, ch workgroup.TicketChange, text string) error {
	p := s.ws.plan
	t := ch.Ticket
	if err := b.tellUnit(ctx, s, t.Unit, messages.TicketToUnit(p, t, ch.Action, text), t); err != nil {
		return err
	}
	if ch.Action == store.TicketAssign {
		if err := b.tellUnit(ctx, s, t.Assignee, messages.TicketAssignedToYou(p, t), t); err != nil {
			return err
		}
	}
	who := b.describeChat(ctx, s.tx, s.from.ID)
	return b.tellOffice(ctx, s, messages.TicketToOffice(p, t, ch.Action, who, text), t)
}

// onTicketButton handles the office's buttons under a blocker: "<step>:<ticket id>".
func (b *Bot) onTicketButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	if !s.isAdmin() {
		b.answerCallback(s, cq.ID, messages.NotAllowed())
		return nil
	}
	stepName, idText, _ := strings.Cut(data, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	t, err := s.tx.Ticket(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	if err != nil {
		return err
	}
	var ch workgroup.TicketChange
	switch stepName {
	case "ack":
		ch, err = workgroup.AcknowledgeTicket(ctx, s.tx, id, s.from.ID)
	case "res":
		ch, err = workgroup.ResolveTicket(ctx, s.tx, id, s.from.ID)
	case "reo":
		ch, err = workgroup.ReopenTicket(ctx, s.tx, id, s.from.ID, "")
	case "rep", "asg":
		if t.State == store.TicketResolved {
			b.answerCallback(s, cq.ID, messages.TicketRefused(workgroup.ErrTicketResolved))
			return nil
		}
		text, purpose := messages.TicketReplyPrompt(s.ws.plan, t), purposeTicketReply
		if stepName == "asg" {
			text, purpose = messages.TicketAssignPrompt(s.ws.plan, t), purposeTicketAssign
		}
		b.answerCallback(s, cq.ID, "")
		force, _ := json.Marshal(models.ForceReply{ForceReply: true})
		return b.sendLinked(ctx, s, store.Outgoing{ChatID: s.chatID, Purpose: purpose, Text: text, ReplyMarkup: force}, []store.Ticket{t})
	default:
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	return b.finishStep(ctx, s, ch, err, "", cq.ID)
}

// finishStep answers the officer and tells everyone involved, or says why nothing happened.
func (b *Bot) finishStep(ctx context.Context, s *scope, ch workgroup.TicketChange, err error, text, callbackID string) error {
	answer := func(msg string) error {
		if callbackID != "" {
			b.answerCallback(s, callbackID, msg)
		}
		return s.reply(ctx, msg)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return answer(messages.StaleButton())
	case err != nil && !isTicketRefusal(err):
		return err
	case err != nil:
		return answer(messages.TicketRefused(err))
	}
	if ch.Action == store.TicketUnitReply {
		who := b.describeChat(ctx, s.tx, s.from.ID)
		if err := b.tellOffice(ctx, s, messages.TicketToOffice(s.ws.plan, ch.Ticket, ch.Action, who, text), ch.Ticket); err != nil {
			return err
		}
	} else if err := b.announce(ctx, s, ch, text); err != nil {
		return err
	}
	return answer(messages.TicketStepDone(ch.Action))
}

func isTicketRefusal(err error) bool {
	for _, e := range []error{workgroup.ErrTicketResolved, workgroup.ErrTicketNotResolved, workgroup.ErrTicketAcknowledged,
		workgroup.ErrTicketReopenTaken, workgroup.ErrTicketSameAssignee, workgroup.ErrEmptyReply} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// onTicketReply threads a private reply to a ticket message: the office's answer or the
// unit to pass it to, or the unit's answer back. It reports whether the message was one.
func (b *Bot) onTicketReply(ctx context.Context, s *scope, msg *models.Message, text string) (bool, error) {
	r := msg.ReplyToMessage
	if r == nil || msg.Chat.Type != models.ChatTypePrivate {
		return false, nil
	}
	row, err := s.tx.SentMessage(ctx, s.chatID, r.ID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	id, err := s.tx.TicketOfMessage(ctx, s.chatID, r.ID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	text = strings.TrimSpace(text)
	var ch workgroup.TicketChange
	switch {
	case s.isAdmin() && row.Purpose == purposeTicketAssign:
		u, ok := s.ws.plan.Unit(strings.Fields(text + " ")[0])
		if text == "" || !ok {
			return true, s.reply(ctx, messages.TicketUnknownAssignee(text))
		}
		ch, err = workgroup.AssignTicket(ctx, s.tx, id, s.from.ID, u.Code)
	case s.isAdmin():
		ch, err = workgroup.ReplyTicket(ctx, s.tx, id, s.from.ID, true, text, s.chatID, msg.ID)
	default:
		ok, err := b.involved(ctx, s, id)
		if !ok || err != nil {
			return ok, err
		}
		ch, err = workgroup.ReplyTicket(ctx, s.tx, id, s.from.ID, false, text, s.chatID, msg.ID)
		return true, b.finishStep(ctx, s, ch, err, text, "")
	}
	return true, b.finishStep(ctx, s, ch, err, text, "")
}

// involved reports whether the sender serves the ticket's unit or the unit it was passed to.
func (b *Bot) involved(ctx context.Context, s *scope, id int64) (bool, error) {
	t, err := s.tx.Ticket(ctx, id)
	if err != nil {
		return false, err
	}
	mems, err := s.tx.Memberships(ctx, s.from.ID)
	if err != nil {
		return false, err
	}
	for _, m := range mems {
		if m.Unit == t.Unit || (t.Assignee != "" && m.Unit == t.Assignee) {
			return true, nil
		}
	}
	return false, nil
}

// ticketViews are the open tickets with their age and owner, blockers from before
// tickets adopted first.
func (b *Bot) ticketViews(ctx context.Context, tx *store.Tx, plan store.Plan) ([]messages.TicketView, error) {
	if _, err := tx.AdoptBlockers(ctx); err != nil {
		return nil, err
	}
	return reminders.TicketViews(ctx, tx, plan, tx.Now())
}

// cmdTickets is /vuongmac: open blockers with age, owner and last step, and their buttons.
func (b *Bot) cmdTickets(ctx context.Context, s *scope, args string) error {
	if args != "" {
		return s.reply(ctx, messages.NoArgsUsage("vuongmac"))
	}
	vs, err := b.ticketViews(ctx, s.tx, s.ws.plan)
	if err != nil {
		return err
	}
	parts := messages.Split(messages.OpenTickets(s.ws.plan, vs, s.tx.Now()))
	ts := make([]store.Ticket, 0, len(vs))
	for _, v := range vs {
		ts = append(ts, v.Ticket)
	}
	for i, part := range parts {
		m := store.Outgoing{ChatID: s.chatID, Text: part}
		// Buttons only in a private chat, and only while they fit one keyboard.
		if i == len(parts)-1 && s.chatType == models.ChatTypePrivate && len(ts) > 0 && len(ts) <= 20 {
			m.ReplyMarkup = messages.TicketButtons(ts)
		}
		if err := s.send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}
