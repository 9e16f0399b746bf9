package bot

import (
	"context"
	"slices"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func (b *Bot) coreCommands() []*command {
	return []*command{
		{names: []string{"start"}, group: true, run: b.cmdStart},
		{names: []string{"huongdan", "help"}, group: true, run: b.cmdHelp},
	}
}

// cmdStart greets, or binds the sender when the link carried an invite token.
func (b *Bot) cmdStart(ctx context.Context, s *scope, args string) error {
	if args != "" && s.chatType == models.ChatTypePrivate {
		return b.acceptInvite(ctx, s, args)
	}
	if home, ok, err := b.home(ctx, s); err != nil || ok {
		if err != nil {
			return err
		}
		return s.reply(ctx, home)
	}
	title := s.ws.plan.Title
	if s.class == store.PriorityStranger {
		title = "" // strangers learn nothing about the working group
	}
	return s.reply(ctx, messages.Welcome(s.isAdmin(), title))
}

func (b *Bot) cmdHelp(ctx context.Context, s *scope, _ string) error {
	if home, ok, err := b.home(ctx, s); err != nil || ok {
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.HomeHelp(home, s.isAdmin()))
	}
	return s.reply(ctx, messages.Help(s.isAdmin()))
}

// home is the known focal point's start page, in a private chat; false for anyone else.
func (b *Bot) home(ctx context.Context, s *scope) (string, bool, error) {
	if s.chatType != models.ChatTypePrivate || s.from == nil {
		return "", false, nil
	}
	mems, err := s.tx.Memberships(ctx, s.from.ID)
	if err != nil {
		return "", false, err
	}
	units := distinctUnits(mems)
	if len(units) == 0 {
		return "", false, nil
	}
	out, err := b.mineUnits(ctx, s, units)
	if err != nil {
		return "", false, err
	}
	return messages.Home(out), true, nil
}

// adminIDs lists the admins of tx's group: configured (of a top-level group), named by
// its plan, and invited.
func (b *Bot) adminIDs(ctx context.Context, tx *store.Tx) []int64 {
	ws, err := b.loadWorkspace(ctx, tx)
	if err != nil {
		b.log.Error().Err(err).Msg("list admins")
		return slices.Clone(b.cfg.Admins)
	}
	return ws.admins
}

// describeChat names a chat for the admins: the person as last seen.
func (b *Bot) describeChat(ctx context.Context, tx *store.Tx, chatID int64) string {
	u, err := tx.FindUser(ctx, chatID)
	if err != nil {
		return messages.UnknownPerson(chatID)
	}
	return messages.Person(u)
}
