package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// cmdAdmins lists the admins; a configured admin gets a button per invited admin to
// remove them (with a confirmation). Configured admins are changed in the configuration.
func (b *Bot) cmdAdmins(ctx context.Context, s *scope, _ string) error {
	canRemove := s.ws.configured(s.from.ID)
	var list []messages.AdminListEntry
	var rows [][]models.InlineKeyboardButton
	for _, id := range s.ws.admins {
		configured := s.ws.configured(id)
		list = append(list, messages.AdminListEntry{Who: b.describeChat(ctx, s.tx, id), Configured: configured})
		if canRemove && !configured {
			u, _ := s.tx.FindUser(ctx, id)
			name := strings.TrimSpace(u.FirstName + " " + u.LastName)
			if name == "" {
				name = strconv.FormatInt(id, 10)
			}
			rows = append(rows, []models.InlineKeyboardButton{{Text: messages.AdminRemoveButton(name),
				CallbackData: fmt.Sprintf("qt:ask:%d", id)}})
		}
	}
	if len(rows) == 0 {
		return s.reply(ctx, messages.AdminList(list, canRemove))
	}
	markup, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	return s.replyMarkup(ctx, messages.AdminList(list, canRemove), markup)
}

// onAdminButton handles "qt:ask:<id>" (confirm?), "qt:yes:<id>" and "qt:no".
func (b *Bot) onAdminButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	b.answerCallback(s, cq.ID, "")
	if !s.ws.configured(s.from.ID) {
		return s.refuse(ctx, messages.AdminRemoveConfiguredOnly())
	}
	step, arg, _ := strings.Cut(data, ":")
	if step == "no" {
		return s.reply(ctx, messages.AdminRemoveCancelled())
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || s.ws.configured(id) {
		return s.reply(ctx, messages.AdminNotRemovable())
	}
	who := b.describeChat(ctx, s.tx, id)
	switch step {
	case "ask":
		rows := [][]models.InlineKeyboardButton{{
			{Text: messages.AdminRemoveYes(), CallbackData: fmt.Sprintf("qt:yes:%d", id)},
			{Text: messages.AdminRemoveNo(), CallbackData: "qt:no"},
		}}
		markup, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
		return s.replyMarkup(ctx, messages.AdminRemoveConfirm(who), markup)
	case "yes":
		removed, err := s.tx.RemoveAdmin(ctx, id)
		if err != nil {
			return err
		}
		if !removed {
			return s.reply(ctx, messages.AdminNotRemovable())
		}
		if err := s.tx.Audit(ctx, s.from.ID, store.AuditAdminRemove, "", id, "role=admin"); err != nil {
			return err
		}
		// The other admins are told (the remover by the answer), and the person too.
		by := b.describeChat(ctx, s.tx, s.from.ID)
		for _, a := range s.ws.admins {
			if a != s.from.ID && a != id {
				if err := s.send(ctx, store.Outgoing{ChatID: a, Purpose: "role", Priority: store.PriorityAlert,
					Text: messages.AdminRemoved(who, by)}); err != nil {
					return err
				}
			}
		}
		if err := s.send(ctx, store.Outgoing{ChatID: id, Purpose: "role", Priority: store.PriorityAlert,
			Text: messages.AdminRemovedYou()}); err != nil {
			return err
		}
		b.menuAfterCommit(s, id, false)
		return s.reply(ctx, messages.AdminRemoved(who, by))
	}
	return s.reply(ctx, messages.StaleButton())
}
