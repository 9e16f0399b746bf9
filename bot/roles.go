package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func (b *Bot) roleCommands() []*command { return nil }

func (b *Bot) acceptInvite(ctx context.Context, s *scope, token string) {
	s.reply(ctx, messages.Welcome(b.isAdmin(ctx, s), b.Plan().Title))
}

func (b *Bot) isInvitedAdmin(ctx context.Context, tx *store.Tx, userID int64) (bool, error) {
	return false, nil
}

func (b *Bot) invitedAdmins(ctx context.Context, tx *store.Tx) ([]int64, error) { return nil, nil }

// groupMayTalk reports whether the bot answers in this group.
func (b *Bot) groupMayTalk(ctx context.Context, s *scope, msg *models.Message, command string) bool {
	return true
}
