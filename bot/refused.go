package bot

import (
	"context"
	"fmt"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// purposeRefused marks the notice itself, so a refused notice does not beget another.
const purposeRefused = "refused"

// tellAdminsRefused tells the admins that Telegram refused a message for good: what it
// was for and for whom, so nothing dies silently.
func (b *Bot) tellAdminsRefused(ctx context.Context, m store.OutboxMessage, cause error) {
	if m.Purpose == purposeRefused {
		return
	}
	err := b.inGroupsOfChat(ctx, m.ChatID, m.Group, func(tx *store.Tx, ws *workspace) error {
		unit := ""
		if u, ok := ws.plan.Unit(m.Unit); ok {
			unit = u.Name
		}
		return notifyAdmins(ctx, tx, ws.admins, store.Outgoing{
			Purpose:   purposeRefused,
			Text:      messages.MessageRefused(m.Purpose, b.describeChat(ctx, tx, m.ChatID), unit, cause.Error()),
			DedupeKey: fmt.Sprintf("refused:%d", m.ID),
		})
	})
	if err != nil {
		b.log.Error().Err(err).Int64("outbox_id", m.ID).Msg("tell admins about a refused message")
		return
	}
	b.send.notify()
}

// seatsOf lists the units and roles a person holds, for notices about them.
func (b *Bot) seatsOf(ctx context.Context, tx *store.Tx, p store.Plan, userID int64) []messages.UnitRole {
	mems, err := tx.Memberships(ctx, userID)
	if err != nil {
		b.log.Error().Err(err).Int64("user_id", userID).Msg("memberships")
		return nil
	}
	var seats []messages.UnitRole
	for _, m := range mems {
		u, ok := p.Unit(m.Unit)
		if !ok {
			u = store.Unit{Code: m.Unit}
		}
		seats = append(seats, messages.UnitRole{Unit: u, Role: m.Role})
	}
	return seats
}
