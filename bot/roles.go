package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// maxAbsenceDays bounds one /vang, so a typo in the year does not silence a unit for ever.
const maxAbsenceDays = 366

func (b *Bot) roleCommands() []*command {
	return []*command{
		{names: []string{"moi", "invite"}, admin: true, run: b.cmdInvite},
		{names: []string{"donvi", "units"}, admin: true, run: b.cmdDirectory},
		{names: []string{"roi", "leave"}, run: b.cmdLeave},
		{names: []string{"vang", "away"}, run: b.cmdAway},
		{names: []string{"nhom", "group"}, admin: true, group: true, run: b.cmdGroup},
		{names: []string{"quantri", "admins"}, admin: true, run: b.cmdAdmins}, // bot/admins.go
	}
}

func (b *Bot) roleCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"roi": b.onLeaveButton, "qt": b.onAdminButton}
}

// unitsOf lists the units the sender serves (as focal point or deputy), by unit code.
func (b *Bot) unitsOf(ctx context.Context, s *scope) ([]store.Membership, error) {
	if s.from == nil {
		return nil, nil
	}
	return s.tx.Memberships(ctx, s.from.ID)
}

// groupMayTalk reports whether the bot answers in this group: in a registered group
// always; in another one only an admin's /nhom, after one polite explanation.
func (b *Bot) groupMayTalk(ctx context.Context, s *scope, msg *models.Message, command string) (bool, error) {
	g, err := s.tx.FindGroupChat(ctx, msg.Chat.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if err == nil && g.RegisteredBy != 0 {
		return true, nil
	}
	if (command == "nhom" || command == "group") && s.isAdmin() {
		return true, nil
	}
	told, err := s.tx.MarkGroupTold(ctx, msg.Chat.ID, msg.Chat.Title)
	if err != nil || !told {
		return false, err
	}
	return false, s.reply(ctx, messages.GroupNotRegistered())
}

func (b *Bot) cmdGroup(ctx context.Context, s *scope, args string) error {
	if s.chatType == models.ChatTypePrivate {
		return s.reply(ctx, messages.GroupOnly())
	}
	if w := parse.Fold(args); w == "huy" || w == "off" {
		ok, err := s.tx.UnregisterGroup(ctx, s.chatID)
		if err == nil && ok {
			err = s.tx.Audit(ctx, s.from.ID, store.AuditGroupRemove, "", 0, fmt.Sprintf("chat=%d", s.chatID))
		}
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.GroupUnregistered(ok))
	}
	title := ""
	if s.upd.Message != nil {
		title = s.upd.Message.Chat.Title
	}
	if err := s.tx.RegisterGroup(ctx, s.chatID, title, s.from.ID); err != nil {
		return err
	}
	if err := s.tx.Audit(ctx, s.from.ID, store.AuditGroup, "", 0,
		fmt.Sprintf("chat=%d title=%s", s.chatID, title)); err != nil {
		return err
	}
	return s.reply(ctx, messages.GroupRegistered(title))
}
