package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
)

// onKeepButton is «Giữ nguyên như kỳ trước» under a reminder (data "<unit ref>"): the
// same as replying "giữ nguyên" for that unit, answered with the usual confirmation.
func (b *Bot) onKeepButton(ctx context.Context, s *scope, cq *models.CallbackQuery, ref string) error {
	unit, ok := s.ws.unitFromRef(ref)
	if !ok {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	units, err := b.senderUnits(ctx, s)
	if err != nil || len(units) == 0 {
		b.answerCallback(s, cq.ID, "")
		return err
	}
	if !serves(units, unit) {
		b.answerCallback(s, cq.ID, messages.NotYourUnitButton())
		return nil
	}
	now := s.tx.Now()
	o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: s.messageID, at: now, cycles: s.ws.cyclesAt(now)}
	b.answerCallback(s, cq.ID, messages.ButtonDone())
	return b.applyText(ctx, s, unit, parse.Result{KeepPrevious: true}, o)
}

// onAwayButton is «Báo vắng» under a reminder: /vang's explanation and current absences.
func (b *Bot) onAwayButton(ctx context.Context, s *scope, cq *models.CallbackQuery, _ string) error {
	b.answerCallback(s, cq.ID, "")
	return b.cmdAway(ctx, s, "")
}
