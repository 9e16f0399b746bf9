package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// lateWeek applies the one late-window rule (reminders.Schedule.LateWindow) to a report
// received at o.at, typed or sent as a reply: a stated "tuần trước" / "tuần này" / "tuần N"
// naming either week picks it; any other stated period needs no question either. ask is
// true when the report must wait for the sender to choose the week.
func (ws *workspace) lateWeek(o *origin, per parse.Period) (ask bool) {
	old, cur, in := ws.sched.LateWindow(o.at)
	if !in {
		return false
	}
	switch per.Kind {
	case parse.PeriodNone, parse.PeriodConflict:
		return true
	case parse.PeriodLastWeek:
		o.cycles.week = old.ID
	case parse.PeriodThisWeek:
		o.cycles.week = cur.ID
	case parse.PeriodWeek:
		for _, cy := range []string{old.ID, cur.ID} {
			if cy[len(cy)-2:] == fmt.Sprintf("%02d", per.Number) {
				o.cycles.week = cy
			}
		}
	}
	return false
}

// askLateWeek keeps the report until its sender says which week it is for, with one
// button for the overdue week and one for the new week.
func (b *Bot) askLateWeek(ctx context.Context, s *scope, unit, body string, o origin) error {
	old, cur, _ := s.ws.sched.LateWindow(o.at)
	id, err := s.tx.AddPending(ctx, store.PendingReport{
		Kind: store.PendingText, ChatID: s.chatID, UserID: o.reporter, Unit: unit, Text: body, MessageID: o.messageID,
		Month: o.cycles.month, Quarter: o.cycles.quarter,
	})
	if err != nil {
		return err
	}
	ref := "r:w:" + strconv.FormatInt(id, 10) + ":"
	kb := inlineKeyboard([][]models.InlineKeyboardButton{{
		{Text: messages.LateWeekButton(old.ID, true), CallbackData: ref + old.ID},
		{Text: messages.LateWeekButton(cur.ID, false), CallbackData: ref + cur.ID},
	}})
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: messages.LateWeekQuestion(old.ID, cur.ID), ReplyMarkup: kb, ReplyTo: o.messageID})
}

// onLateWeekAnswer records the kept report in the week pressed ("r:w:<pending>:<week>");
// not ok when the button is stale.
func (b *Bot) onLateWeekAnswer(ctx context.Context, s *scope, cq *models.CallbackQuery, parts []string, units []store.Membership) (bool, error) {
	p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingText)
	if err != nil || !ok || len(parts) != 3 || p.Unit == "" || p.Week != "" || !serves(units, p.Unit) {
		return false, err
	}
	old, cur, _ := s.ws.sched.LateWindow(p.CreatedAt)
	week := parts[2]
	if week != old.ID && week != cur.ID {
		return false, nil
	}
	if _, err := s.tx.DeletePending(ctx, p.ID); err != nil {
		return false, err
	}
	if err := s.editKeyboard(ctx, cq.Message.Message.ID, messages.LateWeekChosen(week), nil); err != nil {
		return false, err
	}
	o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: p.MessageID, at: p.CreatedAt,
		cycles: cycleIDs{week: week, month: p.Month, quarter: p.Quarter}}
	return true, b.applyText(ctx, s, p.Unit, parse.ParseWith(p.Text, s.ws.parseFor(p.Unit)), o)
}
