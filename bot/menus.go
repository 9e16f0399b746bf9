package bot

import (
	"context"
	"slices"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// setMenus registers the command menus: focal points' by default, the views in groups,
// and the standing office's in each admin's private chat.
func (b *Bot) setMenus(ctx context.Context) {
	b.setMenu(ctx, &models.BotCommandScopeDefault{}, messages.FocalMenu())
	b.setMenu(ctx, &models.BotCommandScopeAllGroupChats{}, messages.GroupMenu())
	var admins []int64
	err := b.db.View(ctx, func(tx *store.Tx) error {
		for _, st := range b.plans.Load().groups {
			for _, id := range b.adminIDs(ctx, tx.In(st.group.ID)) {
				if !slices.Contains(admins, id) {
					admins = append(admins, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		b.log.Warn().Err(err).Msg("list admins for their menu")
	}
	for _, id := range admins {
		b.setAdminMenu(ctx, id)
	}
}

// setAdminMenu gives one admin the standing office's menu; run when someone becomes admin.
func (b *Bot) setAdminMenu(ctx context.Context, userID int64) {
	b.setMenu(ctx, &models.BotCommandScopeChat{ChatID: userID}, messages.AdminMenu())
}

func (b *Bot) setMenu(ctx context.Context, scope models.BotCommandScope, cmds []models.BotCommand) {
	if _, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope}); err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Msg("setMyCommands")
	}
}

// menuAfterCommit gives a private chat the standing office's menu, or takes it back so
// the chat falls back to the default one, once the update that changed the person's role
// commits. Off the poll loop with a short timeout: a hung call delays no one's updates.
func (b *Bot) menuAfterCommit(s *scope, chatID int64, admin bool) {
	s.after(func(ctx context.Context) {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callbackTimeout)
			defer cancel()
			if admin {
				b.setAdminMenu(cctx, chatID)
				return
			}
			scope := &models.BotCommandScopeChat{ChatID: chatID}
			if _, err := b.tg.DeleteMyCommands(cctx, &tgbot.DeleteMyCommandsParams{Scope: scope}); err != nil {
				b.log.Warn().Err(b.poll.redact(err)).Int64("chat_id", chatID).Msg("deleteMyCommands")
			}
		}()
	})
}
