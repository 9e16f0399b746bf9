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
	err := b.db.Update(ctx, func(tx *store.Tx) error {
		unit := ""
		if u, ok := b.plan.Load().plan.Unit(m.Unit); ok {
			unit = u.Name
		}
		return b.notifyAdmins(ctx, tx, store.Outgoing{
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
