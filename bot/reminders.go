package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// newReminders builds the reminders service on the bot's database, plan, clock and sender.
func (b *Bot) newReminders() *reminders.Service {
	return &reminders.Service{
		DB:      b.db,
		Plans:   b.currentPlans,
		Now:     b.now,
		Log:     b.log.With().Str("component", "reminders").Logger(),
		Notify:  b.send.notify,
		Admins:  b.adminIDs,
		Groups:  b.registeredGroups,
		Refresh: b.reloadPlan,
	}
}

func (b *Bot) currentPlans() []reminders.Current {
	var out []reminders.Current
	for _, st := range b.plans.Load().groups {
		out = append(out, reminders.Current{Group: st.group, Plan: st.plan, Cal: st.cal, Sched: st.sched})
	}
	return out
}

func (b *Bot) registeredGroups(ctx context.Context, tx *store.Tx) []int64 {
	ids, err := tx.RegisteredGroups(ctx)
	if err != nil {
		b.log.Error().Err(err).Msg("list registered groups")
	}
	return ids
}

// Reconcile acts on every scheduled slot due at now that is not done yet (the demo's time
// travel calls it at each slot time; the bot itself runs it every minute).
func (b *Bot) Reconcile(ctx context.Context, now time.Time) error {
	return b.rem.Reconcile(ctx, now)
}

// NotifySender wakes the outbox sender (after messages were queued outside an update).
func (b *Bot) NotifySender() { b.send.notify() }

func (b *Bot) reminderCommands() []*command {
	return []*command{{names: []string{"nhacnho", "remind"}, admin: true, run: b.cmdRemind}}
}

func (b *Bot) reminderCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"b": b.onBlockerButton, "k": b.onKeepButton, "v": b.onAwayButton}
}

// cmdRemind is /nhacnho [tuan|thang] [unit code|tag]: the current cycle's reminders, now,
// to the units (all, or those named) still missing a report, through the same path as the
// scheduled ones.
func (b *Bot) cmdRemind(ctx context.Context, s *scope, args string) error {
	kind := reminders.Week
	var units []store.Unit
	for _, w := range strings.Fields(args) {
		if k, ok := reminders.ParseKind(w); ok && (k == reminders.Week || k == reminders.Month) {
			kind = k
			continue
		}
		picked, sel := workgroup.SelectUnits(s.ws.plan, w)
		if units != nil || (sel != workgroup.SelectUnit && sel != workgroup.SelectTag) {
			return s.reply(ctx, messages.ManualRemindUsage())
		}
		units = picked
	}
	var (
		res reminders.FanoutResult
		cy  reminders.Cycle
		err error
	)
	if units == nil {
		res, cy, err = b.rem.RemindNow(ctx, s.tx, kind, b.now())
	} else {
		res, cy, err = b.rem.RemindUnitsNow(ctx, s.tx, kind, b.now(), units)
	}
	if err != nil {
		return err
	}
	return s.reply(ctx, messages.ManualRemindResult(string(cy.Kind), cy.ID, res.Queued, res.Reported, res.Absent, res.Unreachable, res.NoMember))
}

// onBlockerButton answers "đã xử lý" / "vẫn vướng" under a reminder: data is
// "ok:<unit ref>:<model>" or "no:<unit ref>:<model>".
func (b *Bot) onBlockerButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || (parts[0] != "ok" && parts[0] != "no") {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	unit, ok := s.ws.unitFromRef(parts[1])
	model, err := strconv.Atoi(parts[2])
	if !ok || err != nil {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	st := s.ws
	now := s.tx.Now()
	o := workgroup.Origin{Reporter: cq.From.ID, ChatID: s.chatID, At: now, Cycles: workgroup.CycleIDs{
		Week: st.cal.Week(now).ID, Month: st.cal.Month(now).ID, Quarter: st.cal.Quarter(now).ID}}
	// A press under a reminder counts for the reminder's week, like a reply to it.
	if row, err := s.tx.SentMessage(ctx, s.chatID, s.messageID); err == nil && row.Cycle != "" {
		if cy, err := st.cal.Parse(row.Cycle); err == nil && cy.Kind == reminders.Week {
			o.Cycles.Week = cy.ID
		}
	}
	res, err := workgroup.BlockerFollowUp(ctx, s.tx, unit, model, parts[0] == "ok", messages.BlockerResolvedNote, o)
	if err != nil {
		return err
	}
	unitName := unit
	if u, ok := st.plan.Unit(unit); ok {
		unitName = u.Name
	}
	var answer string
	switch res {
	case workgroup.FollowUpNotServing:
		b.answerCallback(s, cq.ID, messages.NotYourUnitButton())
		return nil
	case workgroup.FollowUpNotOpen:
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	case workgroup.FollowUpResolved:
		answer = messages.BlockerResolved(unitName, model)
	default:
		answer = messages.BlockerStill(unitName, model)
	}
	b.answerCallback(s, cq.ID, messages.ButtonDone())
	return s.reply(ctx, answer)
}
