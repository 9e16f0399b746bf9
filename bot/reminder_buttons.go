package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
)

// onKeepButton is «Giữ nguyên như kỳ trước» under a reminder (data "<unit ref>"): the
// same as replying "giữ nguyên" for that unit, answered with the usual confirmation.
func (b *Bot) onKeepButton(ctx context.Context, s *scope, cq *models.CallbackQuery, ref string) {
	unit, ok := b.unitFromRef(ref)
	if !ok {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	units, ok := b.senderUnits(ctx, s)
	if !ok {
		b.answerCallback(s, cq.ID, "")
		return
	}
	if !serves(units, unit) {
		b.answerCallback(s, cq.ID, messages.NotYourUnitButton())
		return
	}
	now := s.tx.Now()
	o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: cq.Message.Message.ID, at: now, cycles: b.cyclesAt(now)}
	b.answerCallback(s, cq.ID, messages.ButtonDone())
	b.applyText(ctx, s, unit, parse.Result{KeepPrevious: true}, o)
}

// onAwayButton is «Báo vắng» under a reminder: /vang's explanation and current absences.
func (b *Bot) onAwayButton(ctx context.Context, s *scope, cq *models.CallbackQuery, _ string) {
	b.answerCallback(s, cq.ID, "")
	b.cmdAway(ctx, s, "")
}
