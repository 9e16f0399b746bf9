package bot

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// Per-role menus: everyone sees the commands for focal points; each admin's chat gets
// the full menu. The admin commands were listed to everyone, strangers included.

// menu is the command menu for an admin or for everyone else.
func (b *Bot) menu(admin bool) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range messages.CommandMenu() {
		if cmd, ok := b.commands[c.Command]; ok && cmd.admin && !admin {
			continue
		}
		out = append(out, c)
	}
	return out
}

// setMenus registers the everyone menu and each admin's menu (best effort).
func (b *Bot) setMenus(ctx context.Context) {
	if _, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: b.menu(false)}); err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Msg("setMyCommands")
	}
	var ids []int64
	err := b.db.View(ctx, func(tx *store.Tx) error {
		ids = b.adminIDs(ctx, tx)
		return nil
	})
	if err != nil {
		b.log.Warn().Err(err).Msg("admin menus")
		return
	}
	for _, id := range ids {
		b.setChatMenu(ctx, id, true)
	}
}

// setChatMenu gives one private chat the admin menu or the everyone menu.
func (b *Bot) setChatMenu(ctx context.Context, chatID int64, admin bool) {
	_, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: b.menu(admin),
		Scope: &models.BotCommandScopeChat{ChatID: chatID}})
	if err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Int64("chat_id", chatID).Msg("setMyCommands for a chat")
	}
}

// menuAfterCommit changes a chat's menu once the update that changed its role commits.
func (b *Bot) menuAfterCommit(s *scope, chatID int64, admin bool) {
	s.after(func(ctx context.Context) {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callbackTimeout)
			defer cancel()
			b.setChatMenu(cctx, chatID, admin)
		}()
	})
}
