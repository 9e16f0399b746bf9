package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// holdOverwrites takes out of recs the models a bulk shortcut ("tất cả …") would change
// from Hoàn thành or from an open blocker: those are asked about first (askOverwrites).
func holdOverwrites(ctx context.Context, tx *store.Tx, unit string, recs []planned) ([]planned, []messages.Overwrite, error) {
	hasAll := false
	for _, r := range recs {
		hasAll = hasAll || r.source == sourceAll
	}
	if !hasAll {
		return recs, nil, nil
	}
	latest, err := tx.LatestReports(ctx, unit)
	if err != nil {
		return nil, nil, err
	}
	was := map[int]store.Report{}
	for _, l := range latest {
		was[l.Model] = l
	}
	var keep []planned
	var held []messages.Overwrite
	for _, r := range recs {
		w, ok := was[r.model]
		if ok && r.source == sourceAll && (w.Status == store.StatusDone || w.Status == store.StatusBlocked) && w.Status != r.status {
			held = append(held, messages.Overwrite{Now: r.line4msg(),
				Was: messages.ReportLine{Model: w.Model, Status: w.Status, Percent: w.Percent, Note: w.Note}})
			continue
		}
		keep = append(keep, r)
	}
	return keep, held, nil
}

// askOverwrites keeps the held lines as a pending text of the unit and asks with
// [Ghi đè] [Giữ như cũ].
func (b *Bot) askOverwrites(ctx context.Context, s *scope, unit string, held []messages.Overwrite, o origin) error {
	if len(held) == 0 {
		return nil
	}
	var lines []string
	for _, h := range held {
		lines = append(lines, messages.StatusLine(h.Now.Model, h.Now.Status, h.Now.Percent, h.Now.Note))
	}
	id, err := s.tx.AddPending(ctx, store.PendingReport{Kind: store.PendingText, ChatID: s.chatID, UserID: o.reporter,
		Unit: unit, Text: strings.Join(lines, "\n"), MessageID: o.messageID, Week: o.cycles.week, Month: o.cycles.month, Quarter: o.cycles.quarter})
	if err != nil {
		return err
	}
	ref := strconv.FormatInt(id, 10)
	yes, no := messages.OverwriteButtons()
	kb := inlineKeyboard([][]models.InlineKeyboardButton{{{Text: yes, CallbackData: "r:o:" + ref}, {Text: no, CallbackData: "r:k:" + ref}}})
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: messages.OverwriteQuestion(held), ReplyMarkup: kb, ReplyTo: o.messageID})
}

// onOverwriteAnswer records the held lines on [Ghi đè] (telling the office of the blockers
// it clears) or drops them on [Giữ như cũ]; ok is false for a stale button.
func (b *Bot) onOverwriteAnswer(ctx context.Context, s *scope, cq *models.CallbackQuery, parts []string, units []store.Membership) (bool, error) {
	p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingText)
	if err != nil || !ok || p.Unit == "" || len(parts) != 2 || !serves(units, p.Unit) {
		return false, err
	}
	if _, err := s.tx.DeletePending(ctx, p.ID); err != nil {
		return false, err
	}
	yes := parts[0] == "o"
	if err := s.editKeyboard(ctx, cq.Message.Message.ID, messages.OverwriteAnswered(yes), nil); err != nil {
		return false, err
	}
	if !yes {
		return true, nil
	}
	res := parse.ParseWith(p.Text, s.ws.parseFor(p.Unit))
	latest, err := s.tx.LatestReports(ctx, p.Unit)
	if err != nil {
		return false, err
	}
	var cleared []messages.Overwrite
	for _, e := range res.Entries {
		for _, l := range latest {
			if l.Model == e.Model && l.Status == store.StatusBlocked && e.Status != store.StatusBlocked {
				cleared = append(cleared, messages.Overwrite{Was: messages.ReportLine{Model: l.Model, Status: l.Status, Percent: l.Percent, Note: l.Note},
					Now: messages.ReportLine{Model: e.Model, Status: e.Status, Percent: e.Percent, Note: e.Note}})
			}
		}
	}
	o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: p.MessageID, at: s.tx.Now(),
		cycles: cycleIDs{week: p.Week, month: p.Month, quarter: p.Quarter}}
	if err := b.applyText(ctx, s, p.Unit, res, o); err != nil {
		return false, err
	}
	if len(cleared) == 0 {
		return true, nil
	}
	text := messages.BlockersCleared(s.ws.unitName(p.Unit), p.Unit, b.describeChat(ctx, s.tx, cq.From.ID), cleared)
	return true, notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "alert", Text: text})
}
