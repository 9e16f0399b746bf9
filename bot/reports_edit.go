package bot

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// onEdited handles an edited private message: the reports it produced are superseded by
// new ones for the lines that changed, in the same cycles; history is kept.
func (b *Bot) onEdited(ctx context.Context, s *scope, msg *models.Message) error {
	if msg.From == nil {
		return nil
	}
	text := msg.Text
	if text == "" {
		text = msg.Caption
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if strings.HasPrefix(text, "/") {
		return nil // an edited command is not run again
	}
	orig, err := s.tx.MessageReports(ctx, s.chatID, msg.ID)
	if err != nil {
		return err
	}
	if len(orig) == 0 {
		// Still waiting for its unit: the tap will use the new text.
		if ok, err := s.tx.UpdatePendingText(ctx, s.chatID, msg.ID, text); err != nil || ok {
			return err
		}
		// Nothing was recorded from it (e.g. a typo fixed): read it as a new message.
		return b.onText(ctx, s, msg, text)
	}
	units, err := b.senderUnits(ctx, s)
	if err != nil || len(units) == 0 {
		return err
	}
	unit := orig[0].Unit
	if !serves(units, unit) {
		return s.reply(ctx, messages.NotYourUnit(unit, s.ws.unitChoices(units)))
	}
	o := origin{reporter: s.from.ID, chatID: s.chatID, messageID: msg.ID, at: s.tx.Now(),
		cycles: cycleIDs{week: orig[0].Week, month: orig[0].Month, quarter: orig[0].Quarter}}
	prev := map[int]store.Report{}
	for _, r := range orig { // in id order: the last one of a model is its current report
		prev[r.Model] = r
	}
	if orig[0].Source == sourceButton {
		// The answer to the guided flow's note question: the edit is the new note.
		note := strings.TrimSpace(text)
		if skipNote(note) {
			note = ""
		}
		if n := utf8.RuneCountInString(note); n > store.MaxNoteRunes {
			return s.reply(ctx, messages.NoteTooLong(n))
		}
		r := prev[orig[0].Model]
		rec := planned{model: r.Model, status: r.Status, percent: r.Percent, note: note, source: sourceEdit}
		if note == r.Note {
			return b.confirmReport(ctx, s, unit, o, nil, nil, nil, true, 1)
		}
		if err := b.record(ctx, s, unit, []planned{rec}, o); err != nil {
			return err
		}
		return b.confirmReport(ctx, s, unit, o, []planned{rec}, nil, nil, true, 0)
	}
	// An edit now heading another unit ("Đơn vị: X-TL") the sender does not serve is
	// refused like such a new message, not recorded for the original unit.
	code, named, body := s.ws.unitHeader(text)
	if named && !serves(units, code) {
		return s.reply(ctx, messages.NotYourUnit(code, s.ws.unitChoices(units)))
	}
	if named && code != unit {
		// Moving a report to another unit by an edit would be a guess: say so, change nothing.
		return s.reply(ctx, messages.EditCannotMoveUnit(messages.UnitChoice{Code: unit, Name: s.ws.unitName(unit)},
			messages.UnitChoice{Code: code, Name: s.ws.unitName(code)}))
	}
	recs, missing, problems, err := s.ws.resolve(ctx, s.tx, unit, parse.ParseWith(body, s.ws.parseFor(unit)))
	if err != nil {
		return err
	}
	var changed []planned
	unchanged := 0
	for _, r := range recs {
		if p, ok := prev[r.model]; ok && p.Status == r.status && p.Percent == r.percent && p.Note == r.note {
			same, err := sameValue(ctx, s.tx, p.ID, r.value)
			if err != nil {
				return err
			}
			if same {
				unchanged++
				continue
			}
		}
		r.source = sourceEdit
		changed = append(changed, r)
	}
	if err := b.record(ctx, s, unit, changed, o); err != nil {
		return err
	}
	return b.confirmReport(ctx, s, unit, o, changed, missing, problems, true, unchanged)
}

// ---- the guided flow ----
