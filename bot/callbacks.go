package bot

import (
	"context"
	"time"

	tgbot "github.com/go-telegram/bot"
)

const (
	// callbackTimeout bounds an answerCallbackQuery: Telegram only shows a spinner
	// meanwhile, and drops it by itself after a few seconds.
	callbackTimeout = 3 * time.Second
	// maxCallbacksInFlight bounds the answers waiting at once; beyond it they are skipped.
	maxCallbacksInFlight = 16
)

// answerCallback stops the button's spinner once the update is committed. It goes
// directly, not through the outbox (Telegram wants it within seconds), and off the poll
// loop: one hung answer used to hold up every user's updates for the HTTP timeout. It is
// best-effort.
func (b *Bot) answerCallback(s *scope, id, text string) {
	s.toast = text
	s.after(func(ctx context.Context) {
		select {
		case b.callbackSlots <- struct{}{}:
		default:
			b.log.Warn().Msg("answerCallbackQuery skipped: too many in flight")
			return
		}
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			defer func() { <-b.callbackSlots }()
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callbackTimeout)
			defer cancel()
			if _, err := b.tg.AnswerCallbackQuery(cctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text}); err != nil {
				b.log.Warn().Err(b.poll.redact(err)).Msg("answerCallbackQuery")
			}
		}()
	})
}
