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
)

// newReminders builds the reminders service on the bot's database, plan, clock and sender.
func (b *Bot) newReminders() *reminders.Service {
	return &reminders.Service{
		DB:      b.db,
		Current: b.currentPlan,
		Now:     b.now,
		Log:     b.log.With().Str("component", "reminders").Logger(),
		Notify:  b.send.notify,
		Admins:  b.adminIDs,
		Groups:  b.registeredGroups,
		Refresh: b.reloadPlan,
	}
}

func (b *Bot) currentPlan() reminders.Current {
	st := b.plan.Load()
	return reminders.Current{Plan: st.plan, Cal: st.cal, Sched: st.sched}
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
	return map[string]callbackFunc{"b": b.onBlockerButton}
}

// cmdRemind is /nhacnho [tuan|thang]: the current cycle's reminders, now, to the units
// still missing a report, through the same path as the scheduled ones.
func (b *Bot) cmdRemind(ctx context.Context, s *scope, args string) {
	kind := reminders.Week
	if args != "" {
		k, ok := reminders.ParseKind(args)
		if !ok || (k != reminders.Week && k != reminders.Month) {
			s.reply(ctx, messages.ManualRemindUsage())
			return
		}
		kind = k
	}
	res, cy, err := b.rem.RemindNow(ctx, s.tx, kind, b.now())
	if err != nil {
		s.fail(err)
		return
	}
	s.reply(ctx, messages.ManualRemindResult(string(cy.Kind), cy.ID, res.Queued, res.Reported, res.Absent, res.Unreachable, res.NoMember))
}

// onBlockerButton answers "đã xử lý" / "vẫn vướng" under a reminder: data is
// "ok:<unit ref>:<model>" or "no:<unit ref>:<model>".
func (b *Bot) onBlockerButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || (parts[0] != "ok" && parts[0] != "no") {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	unit, ok := b.unitFromRef(parts[1])
	model, err := strconv.Atoi(parts[2])
	if !ok || err != nil {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	mems, err := s.tx.Memberships(ctx, cq.From.ID)
	if err != nil {
		s.fail(err)
		return
	}
	serves := false
	for _, m := range mems {
		serves = serves || strings.EqualFold(m.Unit, unit)
	}
	if !serves {
		b.answerCallback(s, cq.ID, messages.NotYourUnitButton())
		return
	}
	latest, err := s.tx.LatestReports(ctx, unit)
	if err != nil {
		s.fail(err)
		return
	}
	var open *store.Report
	for i := range latest {
		if latest[i].Model == model && latest[i].Status == store.StatusBlocked {
			open = &latest[i]
		}
	}
	if open == nil { // already answered, or reported otherwise since
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	st := b.plan.Load()
	now := s.tx.Now()
	rep := store.Report{
		Unit: unit, Model: model, Percent: -1, Reporter: cq.From.ID, ChatID: s.chatID,
		Source: "button", ReceivedAt: now,
		Week: st.cal.Week(now).ID, Month: st.cal.Month(now).ID, Quarter: st.cal.Quarter(now).ID,
	}
	// A press under a reminder counts for the reminder's week, like a reply to it.
	if row, err := s.tx.SentMessage(ctx, s.chatID, s.messageID); err == nil && row.Cycle != "" {
		if cy, err := st.cal.Parse(row.Cycle); err == nil && cy.Kind == reminders.Week {
			rep.Week = cy.ID
		}
	}
	unitName := unit
	if u, ok := st.plan.Unit(unit); ok {
		unitName = u.Name
	}
	var answer string
	if parts[0] == "ok" {
		rep.Status, rep.Note = store.StatusInProgress, messages.BlockerResolvedNote
		answer = messages.BlockerResolved(unitName, model)
	} else {
		rep.Status, rep.Note, rep.Percent = store.StatusBlocked, open.Note, open.Percent
		answer = messages.BlockerStill(unitName, model)
	}
	if _, err := s.tx.AddReport(ctx, rep); err != nil {
		s.fail(err)
		return
	}
	b.answerCallback(s, cq.ID, messages.ButtonDone())
	s.reply(ctx, answer)
}
