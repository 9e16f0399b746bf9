package bot

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// replyNotMember answers /roi or /vang from someone who serves no unit.
func (b *Bot) replyNotMember(ctx context.Context, s *scope) error {
	if s.isAdmin() {
		return s.reply(ctx, messages.NotMember())
	}
	return s.reply(ctx, messages.Stranger())
}

func (b *Bot) cmdLeave(ctx context.Context, s *scope, args string) error {
	units, err := b.unitsOf(ctx, s)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return b.replyNotMember(ctx, s)
	}
	if args != "" {
		i := slices.IndexFunc(units, func(u store.Unit) bool { return strings.EqualFold(u.Code, strings.TrimSpace(args)) })
		if i < 0 {
			return s.reply(ctx, messages.LeaveNotYours(args))
		}
		return b.confirmLeave(ctx, s, units[i].Code)
	}
	if len(units) == 1 {
		return b.confirmLeave(ctx, s, units[0].Code)
	}
	var rows [][]models.InlineKeyboardButton
	for _, u := range units {
		label := u.Code
		if u.Name != "" {
			label = u.Code + " – " + u.Name
		}
		rows = append(rows, []models.InlineKeyboardButton{{Text: label, CallbackData: "roi:" + u.Code}})
	}
	rows = append(rows, []models.InlineKeyboardButton{{Text: messages.LeaveCancelButton(), CallbackData: "roi:-"}})
	markup, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	return s.replyMarkup(ctx, messages.LeaveWhich(), markup)
}

func (b *Bot) onLeaveButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	b.answerCallback(s, cq.ID, "")
	if data == "-" {
		return s.reply(ctx, messages.LeaveCancelled())
	}
	return b.leaveUnit(ctx, s, data)
}

// leaveUnit unbinds the sender from every role they hold in the unit and tells the admins.
func (b *Bot) leaveUnit(ctx context.Context, s *scope, code string) error {
	me := s.from.ID
	dep, err := workgroup.Leave(ctx, s.tx, s.ws.plan, me, code, b.now())
	if errors.Is(err, workgroup.ErrNotServing) {
		return s.reply(ctx, messages.LeaveNotYours(code))
	}
	if err != nil {
		return err
	}
	var remaining []string
	for _, m := range dep.Remaining {
		remaining = append(remaining, messages.RoleName(store.InviteRole(m.Role))+" "+b.describeChat(ctx, s.tx, m.UserID))
	}
	if err := notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "role",
		Text: messages.AdminsLeft(dep.Unit, b.describeChat(ctx, s.tx, me), dep.Role, strings.Join(remaining, "; "))}); err != nil {
		return err
	}
	return s.reply(ctx, messages.LeaveDone(dep.Unit))
}
