package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// replyNotMember answers /roi or /vang from someone who serves no unit.
func (b *Bot) replyNotMember(ctx context.Context, s *scope) error {
	if s.isAdmin() {
		return s.reply(ctx, messages.NotMember())
	}
	return s.reply(ctx, messages.Stranger())
}

// memberUnitCodes lists the distinct units of memberships, in order.
func memberUnitCodes(ms []store.Membership) []string {
	var out []string
	for _, m := range ms {
		if !slices.Contains(out, m.Unit) {
			out = append(out, m.Unit)
		}
	}
	return out
}

func (b *Bot) cmdLeave(ctx context.Context, s *scope, args string) error {
	ms, err := b.unitsOf(ctx, s)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return b.replyNotMember(ctx, s)
	}
	codes := memberUnitCodes(ms)
	if args != "" {
		i := slices.IndexFunc(codes, func(c string) bool { return strings.EqualFold(c, strings.TrimSpace(args)) })
		if i < 0 {
			return s.reply(ctx, messages.LeaveNotYours(args))
		}
		return b.confirmLeave(ctx, s, codes[i])
	}
	if len(codes) == 1 {
		return b.confirmLeave(ctx, s, codes[0])
	}
	p := s.ws.plan
	var rows [][]models.InlineKeyboardButton
	for _, c := range codes {
		u, _ := p.Unit(c)
		label := c
		if u.Name != "" {
			label = c + " – " + u.Name
		}
		rows = append(rows, []models.InlineKeyboardButton{{Text: label, CallbackData: "roi:" + c}})
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
	ms, err := b.unitsOf(ctx, s)
	if err != nil {
		return err
	}
	if !slices.Contains(memberUnitCodes(ms), data) {
		return s.reply(ctx, messages.LeaveNotYours(data))
	}
	return b.leaveUnit(ctx, s, ms, data)
}

// leaveUnit unbinds the sender from every role they hold in the unit and tells the admins.
func (b *Bot) leaveUnit(ctx context.Context, s *scope, ms []store.Membership, code string) error {
	me := s.from.ID
	role := store.InviteDeputy
	for _, m := range ms {
		if m.Unit != code {
			continue
		}
		if m.Role == store.MemberFocal {
			role = store.InviteFocal
		}
		if _, err := s.tx.RemoveMember(ctx, code, m.Role, me); err != nil {
			return err
		}
		if err := s.tx.Audit(ctx, me, store.AuditLeave, code, me, "role="+string(m.Role)); err != nil {
			return err
		}
	}
	if _, err := s.tx.CancelAbsences(ctx, me, code, store.DayOf(b.now(), s.ws.loc())); err != nil {
		return err
	}
	rest, err := s.tx.UnitMembers(ctx, code)
	if err != nil {
		return err
	}
	var remaining []string
	for _, m := range rest {
		remaining = append(remaining, messages.RoleName(store.InviteRole(m.Role))+" "+b.describeChat(ctx, s.tx, m.UserID))
	}
	p := s.ws.plan
	u, ok := p.Unit(code)
	if !ok {
		u = store.Unit{Code: code}
	}
	if err := notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "role",
		Text: messages.AdminsLeft(u, b.describeChat(ctx, s.tx, me), role, strings.Join(remaining, "; "))}); err != nil {
		return err
	}
	return s.reply(ctx, messages.LeaveDone(u))
}
