package bot

import (
	"context"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

const (
	// alertWindow coalesces a unit's blocker alerts: the first goes at once, the rest of
	// the window's go together when it closes (one focal point's 300 blocker reports used
	// to queue 300 alerts to every admin and the group).
	alertWindow = 5 * time.Minute
	// alertDedupe is how long the same blocker (unit, model, note) is not alerted again.
	alertDedupe = 24 * time.Hour
)

// alertBlockers forwards difficulties to the admins and the registered groups, in the
// update's transaction: the plan wants them reported without waiting for the cycle.
func (b *Bot) alertBlockers(ctx context.Context, s *scope, unit string, lines []messages.ReportLine) error {
	if len(lines) == 0 {
		return nil
	}
	in := make([]store.AlertLine, 0, len(lines))
	for _, l := range lines {
		in = append(in, store.AlertLine{Model: l.Model, Percent: l.Percent, Note: l.Note})
	}
	now, err := s.tx.ScreenAlerts(ctx, unit, s.from.ID, in, alertWindow, alertDedupe)
	if err != nil || len(now) == 0 {
		return err
	}
	s.queued++
	return b.queueBlockerAlert(ctx, s.tx, s.ws, unit, s.from.ID, now, s.chatID)
}

// queueBlockerAlert queues one alert about a unit's blockers to every admin and every
// registered group except the one it was reported in. The admins' copy carries the
// buttons of the lines' open tickets.
func (b *Bot) queueBlockerAlert(ctx context.Context, tx *store.Tx, ws *workspace, unit string, reporter int64,
	lines []store.AlertLine, exceptChat int64) error {
	titles := map[int]string{}
	out := make([]messages.ReportLine, 0, len(lines))
	for _, l := range lines {
		if m, ok := ws.plan.Model(l.Model); ok {
			titles[l.Model] = m.Title
		}
		out = append(out, messages.ReportLine{Model: l.Model, Status: store.StatusBlocked, Percent: l.Percent, Note: l.Note})
	}
	text := messages.BlockerAlert(ws.unitName(unit), unit, b.describeChat(ctx, tx, reporter), out, titles)
	tickets, err := b.lineTickets(ctx, tx, unit, out)
	if err != nil {
		return err
	}
	groups, err := ws.groupChats(ctx, tx)
	if err != nil {
		return err
	}
	parts := messages.Split(text)
	for i, part := range parts {
		m := store.Outgoing{Purpose: "alert", Priority: store.PriorityAlert, Text: part}
		if i == len(parts)-1 && len(tickets) > 0 {
			// The office acts on the alert itself: buttons, and a reply threads to the ticket.
			m.ReplyMarkup = messages.TicketButtons(tickets)
			for _, id := range ws.admins {
				mm := m
				mm.ChatID = id
				if _, err := enqueueLinked(ctx, tx, mm, tickets); err != nil {
					return err
				}
			}
		} else if err := notifyAdmins(ctx, tx, ws.admins, m); err != nil {
			return err
		}
		for _, g := range groups {
			if g == exceptChat {
				continue
			}
			if _, _, err := tx.Enqueue(ctx, store.Outgoing{ChatID: g, Purpose: "alert", Priority: store.PriorityAlert, Text: part}); err != nil {
				return err
			}
		}
	}
	return nil
}

// flushAlerts sends, one per unit, the blockers that waited for their unit's window.
func (b *Bot) flushAlerts(ctx context.Context) error {
	due, err := b.db.AlertsDue(ctx, b.now())
	if err != nil || !due {
		return err
	}
	err = b.inEachGroup(ctx, func(tx *store.Tx, ws *workspace) error {
		qs, err := tx.TakeDueAlerts(ctx, alertWindow)
		if err != nil {
			return err
		}
		for _, q := range qs {
			if err := b.queueBlockerAlert(ctx, tx, ws, q.Unit, q.Reporter, q.Lines, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		b.send.notify()
	}
	return err
}

// tellOrphans tells the admins, and the person, about each focal point or deputy whose
// unit a plan import dropped (they used to become strangers without a word).
func (b *Bot) tellOrphans(ctx context.Context) error {
	waiting, err := b.db.OrphansWaiting(ctx)
	if err != nil || !waiting {
		return err
	}
	err = b.inEachGroup(ctx, func(tx *store.Tx, ws *workspace) error {
		os, err := tx.TakeOrphans(ctx)
		if err != nil {
			return err
		}
		for _, o := range os {
			role := store.InviteRole(o.Role)
			if _, _, err := tx.Enqueue(ctx, store.Outgoing{ChatID: o.UserID, Purpose: "role", Priority: store.PriorityAlert,
				Text: messages.UnitDroppedYou(o.Unit, role)}); err != nil {
				return err
			}
			if err := notifyAdmins(ctx, tx, ws.admins, store.Outgoing{Purpose: "role",
				Text: messages.AdminsUnitDropped(o.Unit, role, b.describeChat(ctx, tx, o.UserID))}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		b.send.notify()
	}
	return err
}
