package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// unitRef names a unit in callback data (see store.Plan.UnitRef).
func (ws *workspace) unitRef(code string) string { return ws.plan.UnitRef(code) }

func (ws *workspace) unitFromRef(ref string) (string, bool) { return ws.plan.UnitFromRef(ref) }

func inlineKeyboard(rows [][]models.InlineKeyboardButton) []byte {
	if rows == nil {
		rows = [][]models.InlineKeyboardButton{}
	}
	data, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	return data
}

// cmdReport starts the guided flow: the unit's models as buttons.
func (b *Bot) cmdReport(ctx context.Context, s *scope, args string) error {
	units, err := b.senderUnits(ctx, s)
	if err != nil || len(units) == 0 {
		return err
	}
	if args != "" {
		if code, ok := s.ws.unitFromRef(strings.Fields(args)[0]); ok && serves(units, code) {
			units = []store.Membership{{Unit: code}}
		}
	}
	if len(units) == 1 {
		text, kb, ok, err := b.modelKeyboard(ctx, s, units[0].Unit)
		if err != nil || !ok {
			return err
		}
		return s.replyMarkup(ctx, text, kb)
	}
	var rows [][]models.InlineKeyboardButton
	for _, u := range s.ws.unitChoices(units) {
		rows = append(rows, []models.InlineKeyboardButton{{Text: messages.UnitButton(u), CallbackData: "r:b:" + s.ws.unitRef(u.Code)}})
	}
	return s.replyMarkup(ctx, messages.ChooseUnit(), inlineKeyboard(rows))
}

// modelKeyboard is the list of a unit's models with this week's status icons; not ok
// when the unit has none (the sender was told).
func (b *Bot) modelKeyboard(ctx context.Context, s *scope, unit string) (text string, kb []byte, ok bool, err error) {
	week := s.ws.cyclesAt(s.tx.Now()).week
	p := s.ws.plan
	assigned := p.UnitModels(unit)
	if len(assigned) == 0 {
		return "", nil, false, s.reply(ctx, messages.UnitHasNoModels(s.ws.unitName(unit), unit))
	}
	reps, err := s.tx.UnitCycleReports(ctx, store.CycleWeek, week, unit)
	if err != nil {
		return "", nil, false, err
	}
	status := map[int]store.Status{}
	for _, r := range reps {
		status[r.Model] = r.Status
	}
	var rows [][]models.InlineKeyboardButton
	ref := s.ws.unitRef(unit)
	for i, a := range assigned {
		if i%2 == 0 { // two a row: a button carries the model's short name
			rows = append(rows, nil)
		}
		m, _ := p.Model(a.Model)
		m.Number = a.Model
		rows[len(rows)-1] = append(rows[len(rows)-1], models.InlineKeyboardButton{
			Text: messages.ModelButton(m, status[a.Model]), CallbackData: "r:m:" + ref + ":" + strconv.Itoa(a.Model),
		})
	}
	return messages.GuidedModels(s.ws.unitName(unit), unit, week), inlineKeyboard(rows), true, nil
}

// editKeyboard replaces the text and buttons of the bot message the button was on.
func (s *scope) editKeyboard(ctx context.Context, messageID int, text string, markup []byte) error {
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindEdit, EditMessageID: messageID, Text: text, ReplyMarkup: markup})
}

// onReportButton handles every "r:" button. Everything it needs is in the data or in
// SQLite, so buttons keep working across restarts; anything unexpected is "stale".
func (b *Bot) onReportButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	stale := func() { b.answerCallback(s, cq.ID, messages.StaleButton()) }
	parts := strings.Split(data, ":")
	mems, err := s.tx.Memberships(ctx, cq.From.ID)
	if err != nil {
		return err
	}
	units := distinctUnits(mems)
	msgID := cq.Message.Message.ID
	unitArg := func(i int) (string, bool) {
		if len(parts) <= i {
			return "", false
		}
		code, ok := s.ws.unitFromRef(parts[i])
		return code, ok && serves(units, code)
	}
	modelArg := func(unit string, i int) (int, bool) {
		if len(parts) <= i {
			return 0, false
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return 0, false
		}
		p := s.ws.plan
		for _, a := range p.UnitModels(unit) {
			if a.Model == n {
				return n, true
			}
		}
		return 0, false
	}
	switch parts[0] {
	case "b", "l": // a unit's list of models
		unit, ok := unitArg(1)
		if !ok || len(parts) != 2 {
			stale()
			return nil
		}
		text, kb, ok, err := b.modelKeyboard(ctx, s, unit)
		if err != nil {
			return err
		}
		if ok {
			if err := s.editKeyboard(ctx, msgID, text, kb); err != nil {
				return err
			}
		}
		b.answerCallback(s, cq.ID, "")
	case "m": // a model: offer the four statuses
		unit, ok := unitArg(1)
		model, ok2 := modelArg(unit, 2)
		if !ok || !ok2 || len(parts) != 3 {
			stale()
			return nil
		}
		week := s.ws.cyclesAt(s.tx.Now()).week
		reps, err := s.tx.UnitCycleReports(ctx, store.CycleWeek, week, unit)
		if err != nil {
			return err
		}
		var cur messages.ReportLine
		reported := false
		for _, r := range reps {
			if r.Model == model {
				cur, reported = messages.ReportLine{Model: model, Status: r.Status, Percent: r.Percent, Note: r.Note}, true
			}
		}
		p := s.ws.plan
		m, _ := p.Model(model)
		ref := s.ws.unitRef(unit)
		var rows [][]models.InlineKeyboardButton
		for i, st := range store.Statuses {
			if i%2 == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], models.InlineKeyboardButton{
				Text: messages.StatusButton(st), CallbackData: "r:s:" + ref + ":" + strconv.Itoa(model) + ":" + string(st),
			})
		}
		rows = append(rows, []models.InlineKeyboardButton{{Text: messages.BackButton(), CallbackData: "r:l:" + ref}})
		if err := s.editKeyboard(ctx, msgID, messages.GuidedStatus(unit, model, m.Title, cur, reported), inlineKeyboard(rows)); err != nil {
			return err
		}
		b.answerCallback(s, cq.ID, "")
	case "s": // a status: ask for the optional note
		unit, ok := unitArg(1)
		model, ok2 := modelArg(unit, 2)
		if !ok || !ok2 || (len(parts) != 4 && len(parts) != 5) || !store.Status(parts[3]).Valid() {
			stale()
			return nil
		}
		st := store.Status(parts[3])
		c := s.ws.cyclesAt(s.tx.Now())
		old, cur, late := s.ws.sched.LateWindow(s.tx.Now())
		switch {
		case len(parts) == 5 && parts[4] != old.ID && parts[4] != cur.ID:
			stale()
			return nil
		case len(parts) == 5:
			c.week = parts[4]
		case late: // the one late-window rule: which week, before the note
			rows := [][]models.InlineKeyboardButton{{
				{Text: messages.LateWeekButton(old.ID, true), CallbackData: "r:" + data + ":" + old.ID},
				{Text: messages.LateWeekButton(cur.ID, false), CallbackData: "r:" + data + ":" + cur.ID},
			}, {{Text: messages.BackButton(), CallbackData: "r:l:" + s.ws.unitRef(unit)}}}
			if err := s.editKeyboard(ctx, msgID, messages.LateWeekQuestion(old.ID, cur.ID), inlineKeyboard(rows)); err != nil {
				return err
			}
			b.answerCallback(s, cq.ID, "")
			return nil
		}
		if err := s.tx.DeletePendingNotes(ctx, s.chatID, cq.From.ID, unit, model); err != nil {
			return err
		}
		force, _ := json.Marshal(models.ForceReply{ForceReply: true, InputFieldPlaceholder: messages.NotePlaceholder()})
		prompt := messages.NotePrompt(model, st)
		if m, _ := s.ws.plan.Model(model); asksNumber(m, st) {
			m.Number = model
			prompt = messages.IndicatorPrompt(m, st)
		}
		promptID, queued, err := s.tx.Enqueue(ctx, store.Outgoing{ChatID: s.chatID, Purpose: purposeNotePrompt,
			Text: prompt, ReplyMarkup: force})
		if err != nil {
			return err
		}
		if queued {
			s.queued++
		}
		id, err := s.tx.AddPending(ctx, store.PendingReport{Kind: store.PendingNote, ChatID: s.chatID, UserID: cq.From.ID,
			Unit: unit, Model: model, Status: st, MessageID: msgID, Week: c.week, Month: c.month, Quarter: c.quarter,
			PromptOutbox: promptID})
		if err != nil {
			return err
		}
		var rows [][]models.InlineKeyboardButton
		if st == store.StatusInProgress {
			var pcts []models.InlineKeyboardButton
			for _, v := range []string{"25", "50", "75"} {
				pcts = append(pcts, models.InlineKeyboardButton{Text: v + "%", CallbackData: "r:p:" + strconv.FormatInt(id, 10) + ":" + v})
			}
			rows = append(rows, pcts)
		}
		rows = append(rows,
			[]models.InlineKeyboardButton{{Text: messages.SkipNoteButton(), CallbackData: "r:n:" + strconv.FormatInt(id, 10)}},
			[]models.InlineKeyboardButton{{Text: messages.BackButton(), CallbackData: "r:l:" + s.ws.unitRef(unit)}})
		if err := s.editKeyboard(ctx, msgID, messages.GuidedAwaitNote(model, st), inlineKeyboard(rows)); err != nil {
			return err
		}
		b.answerCallback(s, cq.ID, "")
	case "n": // no note
		p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingNote)
		if err != nil {
			return err
		}
		if !ok {
			stale()
			return nil
		}
		if err := b.applyNote(ctx, s, units, p, "-", 0); err != nil {
			return err
		}
		b.answerCallback(s, cq.ID, "")
	case "p": // a percentage for "đang triển khai", without a note
		p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingNote)
		if err != nil {
			return err
		}
		if !ok || len(parts) != 3 || (parts[2] != "25" && parts[2] != "50" && parts[2] != "75") {
			stale()
			return nil
		}
		if err := b.applyNote(ctx, s, units, p, parts[2]+"%", 0); err != nil {
			return err
		}
		b.answerCallback(s, cq.ID, "")
	case "y", "x": // yes or no to a near-miss typo's reading
		p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingText)
		if err != nil {
			return err
		}
		if !ok || p.Unit == "" || len(parts) != 2 || !serves(units, p.Unit) {
			stale()
			return nil
		}
		if _, err := s.tx.DeletePending(ctx, p.ID); err != nil {
			return err
		}
		if err := s.editKeyboard(ctx, msgID, messages.SuggestionAnswered(parts[0] == "y"), nil); err != nil {
			return err
		}
		if parts[0] == "y" {
			o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: p.MessageID, at: s.tx.Now(),
				cycles: cycleIDs{week: p.Week, month: p.Month, quarter: p.Quarter}}
			if err := b.applyText(ctx, s, p.Unit, parse.ParseWith(p.Text, s.ws.parseFor(p.Unit)), o); err != nil {
				return err
			}
		}
		b.answerCallback(s, cq.ID, "")
	case "w": // the week of a report sent just after a due day
		ok, err := b.onLateWeekAnswer(ctx, s, cq, parts, units)
		if err != nil {
			return err
		}
		if !ok {
			stale()
			return nil
		}
		b.answerCallback(s, cq.ID, "")
	case "o", "k": // overwrite a Hoàn thành or an open blocker with "tất cả …", or keep it
		ok, err := b.onOverwriteAnswer(ctx, s, cq, parts, units)
		if err != nil {
			return err
		}
		if !ok {
			stale()
			return nil
		}
		b.answerCallback(s, cq.ID, "")
	case "u": // the unit of a free-text message
		p, ok, err := b.pendingArg(ctx, s, parts, cq.From.ID, store.PendingText)
		if err != nil {
			return err
		}
		unit, ok2 := unitArg(2)
		if !ok || !ok2 || len(parts) != 3 {
			stale()
			return nil
		}
		if _, err := s.tx.DeletePending(ctx, p.ID); err != nil {
			return err
		}
		if err := s.editKeyboard(ctx, msgID, messages.UnitChosen(s.ws.unitName(unit), unit), nil); err != nil {
			return err
		}
		o := origin{reporter: cq.From.ID, chatID: s.chatID, messageID: p.MessageID, at: p.CreatedAt,
			cycles: cycleIDs{week: p.Week, month: p.Month, quarter: p.Quarter}}
		if p.Week == "" { // kept in the late window: now ask which week
			if err := b.askLateWeek(ctx, s, unit, p.Text, o); err != nil {
				return err
			}
		} else if err := b.applyText(ctx, s, unit, parse.ParseWith(p.Text, s.ws.parseFor(unit)), o); err != nil {
			return err
		}
		b.answerCallback(s, cq.ID, "")
	default:
		stale()
	}
	return nil
}

// pendingArg loads the pending report named by parts[1], if it is the presser's own.
func (b *Bot) pendingArg(ctx context.Context, s *scope, parts []string, userID int64, kind string) (store.PendingReport, bool, error) {
	if len(parts) < 2 {
		return store.PendingReport{}, false, nil
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return store.PendingReport{}, false, nil
	}
	p, err := s.tx.Pending(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	return p, p.Kind == kind && p.UserID == userID && p.ChatID == s.chatID, nil
}

func skipNote(note string) bool {
	switch parse.Fold(note) {
	case "", "-", ".", "bo qua", "khong co", "khong":
		return true
	}
	return false
}

// applyNote records a status chosen with buttons, with its note (or none).
func (b *Bot) applyNote(ctx context.Context, s *scope, units []store.Membership, p store.PendingReport, text string, messageID int) error {
	if !serves(units, p.Unit) {
		return s.reply(ctx, messages.NotYourUnit(p.Unit, s.ws.unitChoices(units)))
	}
	note := strings.TrimSpace(text)
	if skipNote(note) {
		note = ""
	}
	pct := -1
	value, note, numPct, refusal, isNumber := s.ws.typedNumber(p.Model, p.Status, note)
	if refusal != "" {
		return s.reply(ctx, refusal) // the question stays open
	}
	if isNumber {
		pct = numPct
	} else if v, rest, ok := parse.NotePercent(note); ok && p.Status == store.StatusInProgress {
		// "90%" answers "how far along", it is not a note.
		if v == 0 || v == 100 {
			return s.reply(ctx, messages.PercentNotInProgress(p.Model, v))
		}
		pct, note = v, rest
	}
	if n := utf8.RuneCountInString(note); n > store.MaxNoteRunes {
		return s.reply(ctx, messages.NoteTooLong(n))
	}
	if _, err := s.tx.DeletePending(ctx, p.ID); err != nil {
		return err
	}
	o := origin{reporter: p.UserID, chatID: s.chatID, messageID: messageID, at: s.tx.Now(),
		cycles: cycleIDs{week: p.Week, month: p.Month, quarter: p.Quarter}}
	rec := planned{model: p.Model, status: p.Status, percent: pct, note: note, source: sourceButton,
		value: value, figure: s.ws.figure(p.Model, value)}
	if err := b.record(ctx, s, p.Unit, []planned{rec}, o); err != nil {
		return err
	}
	// Back to the list, with the new mark, for the next model.
	if p.MessageID != 0 {
		text, kb, ok, err := b.modelKeyboard(ctx, s, p.Unit)
		if err != nil {
			return err
		}
		if ok {
			if err := s.editKeyboard(ctx, p.MessageID, text, kb); err != nil {
				return err
			}
		}
	}
	return b.confirmReport(ctx, s, p.Unit, o, []planned{rec}, nil, nil, false, 0)
}

// ---- /cuatoi ----
