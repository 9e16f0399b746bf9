package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

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
func (b *Bot) unitsOf(ctx context.Context, s *scope) ([]store.Unit, error) {
	if s.from == nil {
		return nil, nil
	}
	return workgroup.ServedUnits(ctx, s.tx, s.ws.plan, s.from.ID)
}

// groupMayTalk reports whether the bot answers in this group: in a registered group
// always; in another one only an admin's /nhom, after one polite explanation.
func (b *Bot) groupMayTalk(ctx context.Context, s *scope, msg *models.Message, command string) (bool, error) {
	registering := command == "nhom" || command == "group"
	v, err := workgroup.GroupAccess(ctx, s.tx, msg.Chat.ID, msg.Chat.Title, s.isAdmin(), registering)
	if err != nil || v != workgroup.GroupExplain {
		return v == workgroup.GroupTalk, err
	}
	return false, s.reply(ctx, messages.GroupNotRegistered())
}

func (b *Bot) cmdGroup(ctx context.Context, s *scope, args string) error {
	if s.chatType == models.ChatTypePrivate {
		return s.reply(ctx, messages.GroupOnly())
	}
	if w := parse.Fold(args); w == "huy" || w == "off" {
		ok, err := workgroup.UnregisterGroup(ctx, s.tx, s.chatID, s.from.ID)
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.GroupUnregistered(ok))
	}
	title := ""
	if s.upd.Message != nil {
		title = s.upd.Message.Chat.Title
	}
	if err := workgroup.RegisterGroup(ctx, s.tx, s.chatID, title, s.from.ID); err != nil {
		return err
	}
	return s.reply(ctx, messages.GroupRegistered(title))
}
