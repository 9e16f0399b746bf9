package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
)

func (b *Bot) reportCommands() []*command             { return nil }
func (b *Bot) reportCallbacks() map[string]callbackFunc { return nil }

// onText handles a non-command message.
func (b *Bot) onText(ctx context.Context, s *scope, msg *models.Message, text string) {
	s.reply(ctx, messages.Stranger())
}

// onEdited handles an edited private message.
func (b *Bot) onEdited(ctx context.Context, s *scope, msg *models.Message) {}
