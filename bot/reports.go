package bot

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

func (b *Bot) reportCommands() []*command {
	return []*command{
		{names: []string{"baocao", "report"}, run: b.cmdReport},
		{names: []string{"cuatoi", "mine"}, run: b.cmdMine},
	}
}

func (b *Bot) reportCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"r": b.onReportButton}
}

// Report sources as stored.
const (
	sourceText   = workgroup.SourceText
	sourceAll    = workgroup.SourceAll
	sourceKeep   = workgroup.SourceKeep
	sourceButton = workgroup.SourceButton
	sourceEdit   = workgroup.SourceEdit
)

// purposeNotePrompt tags the ForceReply question of the guided flow, so a reply to it is
// read as the note.
const purposeNotePrompt = "note-prompt"

// noteWait is how long a message that is not a report may still be read as the note the
// guided flow asked for, without replying to the question.
const noteWait = time.Hour

// cycleIDs are the cycles a report counts for.
type cycleIDs struct{ week, month, quarter string }

func (ws *workspace) cyclesAt(t time.Time) cycleIDs {
	cal := ws.cal
	return cycleIDs{week: cal.Week(t).ID, month: cal.Month(t).ID, quarter: cal.Quarter(t).ID}
}

// origin is where reports come from and which cycles they count for.
type origin struct {
	reporter  int64
	chatID    int64
	messageID int
	at        time.Time
	cycles    cycleIDs
	// awaiting is the guided flow's note still waited for when a report was typed
	// instead of the note: the answer says so.
	awaiting *store.PendingReport
	skipped  int // headings, greetings and sign-offs of the message, named in one line
}

// planned is one report about to be recorded.
type planned struct {
	model   int
	status  store.Status
	percent int
	note    string
	line    int
	source  string
	value   *workgroup.Value // a number against an indicator, nil when none
	figure  string           // the number as the confirmation shows it
}

func (p planned) line4msg() messages.ReportLine {
	return messages.ReportLine{Model: p.model, Status: p.status, Percent: p.percent, Note: p.note, Figure: p.figure}
}

// ---- who is reporting ----

// distinctUnits lists the distinct units a user serves, with the stronger role (focal beats deputy).
func distinctUnits(mems []store.Membership) []store.Membership {
	var out []store.Membership
	idx := map[string]int{}
	for _, m := range mems {
		if i, ok := idx[m.Unit]; ok {
			if m.Role == store.MemberFocal {
				out[i].Role = store.MemberFocal
			}
			continue
		}
		idx[m.Unit] = len(out)
		out = append(out, m)
	}
	return out
}

// senderUnits returns the sender's units; none when the handler must stop (a stranger
// was answered).
func (b *Bot) senderUnits(ctx context.Context, s *scope) ([]store.Membership, error) {
	if s.from == nil {
		return nil, nil
	}
	mems, err := s.tx.Memberships(ctx, s.from.ID)
	if err != nil {
		return nil, err
	}
	units := distinctUnits(mems)
	if len(units) == 0 {
		if s.chatType != models.ChatTypePrivate {
			return nil, nil // in groups only members get answers
		}
		if s.isAdmin() {
			return nil, s.reply(ctx, messages.ReportAdminHint())
		}
		return nil, s.reply(ctx, messages.Stranger())
	}
	return units, nil
}

func serves(units []store.Membership, code string) bool {
	for _, u := range units {
		if strings.EqualFold(u.Unit, code) {
			return true
		}
	}
	return false
}

func (ws *workspace) unitChoices(units []store.Membership) []messages.UnitChoice {
	p := ws.plan
	out := make([]messages.UnitChoice, len(units))
	for i, m := range units {
		u, _ := p.Unit(m.Unit)
		out[i] = messages.UnitChoice{Code: m.Unit, Name: u.Name}
	}
	return out
}

func (ws *workspace) unitName(code string) string {
	p := ws.plan
	u, _ := p.Unit(code)
	return u.Name
}

// unitHeader finds a first line "Đơn vị: X-MYTAN" (code or name, with or without accents).
// It returns the unit code (or the unknown word given), and the text with that line
// blanked so line numbers stay those the user sees.
func (ws *workspace) unitHeader(text string) (code string, found bool, rest string) {
	p := ws.plan
	for i := 0; i < len(text); {
		line, _, more := strings.Cut(text[i:], "\n")
		if strings.TrimSpace(line) == "" {
			if !more {
				break
			}
			i += len(line) + 1
			continue
		}
		fl := store.FoldMarked(line)
		after, ok := strings.CutPrefix(fl.Text, "don vi")
		if !ok || (after != "" && !strings.ContainsRune(" :-–=", rune(after[0]))) {
			return "", false, text
		}
		trimmed := strings.TrimLeft(after, " :-–=.")
		after = strings.TrimRight(trimmed, " :-–=.")
		if after == "" {
			return "", false, text
		}
		rest = text[:i] + text[i+len(line):]
		for _, u := range p.Units {
			if strings.EqualFold(u.Code, after) || parse.Fold(u.Name) == after {
				return u.Code, true, rest
			}
		}
		word, _, more := strings.Cut(after, " ")
		for _, u := range p.Units {
			if strings.EqualFold(u.Code, word) {
				return u.Code, true, rest
			}
		}
		if more {
			// No unit of ours, named in words ("UBND xã Thạch Lập"): the answer quotes it
			// as typed, not its first word.
			from := fl.Off[len(fl.Text)-len(trimmed)]
			return strings.TrimRight(strings.TrimSpace(line[from:]), " :-–=."), true, rest
		}
		return strings.ToUpper(word), true, rest
	}
	return "", false, text
}

// ---- free text ----

// onText handles a non-command message: a status reply, a note the guided flow asked
// for, or something the bot explains it does not understand.
func (b *Bot) onText(ctx context.Context, s *scope, msg *models.Message, text string) error {
	units, err := b.senderUnits(ctx, s)
	if err != nil || len(units) == 0 {
		return err
	}
	now := s.tx.Now()
	o := origin{reporter: s.from.ID, chatID: s.chatID, messageID: msg.ID, at: now, cycles: s.ws.cyclesAt(now)}

	// A reply to one of the bot's messages: a note prompt, or a reminder about a unit.
	var replyUnit string
	if r := msg.ReplyToMessage; r != nil {
		row, err := s.tx.SentMessage(ctx, s.chatID, r.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return err
		case row.Purpose == purposeNotePrompt:
			p, err := s.tx.PendingByPrompt(ctx, row.ID)
			if err == nil && p.UserID == s.from.ID {
				// A report typed at the prompt is a report, not the note of another model.
				if !looksLikeReport(parse.ParseWith(text, s.ws.parseFor(p.Unit))) || !serves(units, p.Unit) {
					return b.applyNote(ctx, s, units, p, text, msg.ID)
				}
				replyUnit, o.awaiting = p.Unit, &p
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		case row.Unit != "":
			replyUnit = row.Unit
			o.cycles = s.ws.cyclesOf(row.Cycle, o.cycles)
			// A weekly reminder's reply follows the late-window rule like any report.
			o.cycles.week = s.ws.cyclesAt(now).week
		}
	}

	code, named, body := s.ws.unitHeader(text)
	known := replyUnit
	if named {
		known = code
	} else if known == "" && len(units) == 1 {
		known = units[0].Unit
	}
	res := parse.ParseWith(body, s.ws.parseFor(known))
	understood := res.All != nil || res.KeepPrevious || len(res.Entries) > 0 || hasNumberLine(res)
	if o.awaiting == nil && !named {
		// Typed the note without replying to the question (desktop clients ignore ForceReply);
		// a report typed instead leaves the note still waited for, and the answer says so. A
		// blocker's description asked after a typed "MH18 vm" is never a failed report line.
		p, err := s.tx.LatestPending(ctx, s.chatID, s.from.ID, store.PendingNote)
		switch {
		case err == nil && now.Sub(p.CreatedAt) < noteWait && !looksLikeReport(res) && (p.MessageID != 0 || onlyNoModel(res)):
			return b.applyNote(ctx, s, units, p, text, msg.ID)
		case err == nil && now.Sub(p.CreatedAt) < noteWait:
			o.awaiting = &p
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	if !understood && !named && res.Questions() == 0 {
		if onlyNoModel(res) {
			return s.reply(ctx, messages.ReportNotUnderstood())
		}
	}
	unit := replyUnit
	if named {
		unit = code
	}
	// Just after a due day, a report with no period stated waits for the sender's choice.
	askWeek := looksLikeReport(res) && s.ws.lateWeek(&o, res.Period)
	if askWeek {
		o.cycles.week = ""
	}
	if unit != "" && !serves(units, unit) {
		return s.reply(ctx, messages.NotYourUnit(unit, s.ws.unitChoices(units)))
	}
	if unit == "" {
		if len(units) > 1 && !understood {
			// Nothing to record: explain the lines without asking which unit.
			_, _, problems, _ := s.ws.resolve(ctx, s.tx, "", res)
			return s.reply(ctx, messages.ReportConfirmation(messages.ReportSummary{Week: o.cycles.week, Problems: problems}))
		}
		if len(units) > 1 {
			return b.askUnit(ctx, s, units, body, o)
		}
		unit = units[0].Unit
	}
	if askWeek {
		return b.askLateWeek(ctx, s, unit, body, o)
	}
	return b.applyText(ctx, s, unit, res, o)
}

// parseFor makes the parser aware of the unit's models ("9 ht" is MH9 only if the unit
// has it); an empty unit leaves it unaware.
func (ws *workspace) parseFor(unit string) parse.Options {
	if unit == "" {
		return parse.Options{}
	}
	ms := []int{}
	for _, a := range ws.plan.UnitModels(unit) {
		ms = append(ms, a.Model)
	}
	return parse.Options{Models: ms}
}

func awaitingLine(p *store.PendingReport) *messages.ReportLine {
	if p == nil {
		return nil
	}
	return &messages.ReportLine{Model: p.Model, Status: p.Status, Percent: -1}
}

// looksLikeReport: something to record or to ask about, so not a note.
func looksLikeReport(res parse.Result) bool {
	return res.All != nil || res.KeepPrevious || len(res.Entries) > 0 || res.Questions() > 0 || hasNumberLine(res)
}

// onlyNoModel reports a message with no line that looks like a report at all.
func onlyNoModel(res parse.Result) bool {
	for _, p := range res.Problems {
		if p.Kind != parse.NoModel {
			return false
		}
	}
	return true
}

// cyclesOf puts a reminder's cycle in place of the one of the same kind worked out from
// the time of the reply (a late answer to last week's reminder counts for last week).
func (ws *workspace) cyclesOf(id string, c cycleIDs) cycleIDs {
	if id == "" {
		return c
	}
	cy, err := ws.cal.Parse(id)
	if err != nil {
		return c
	}
	switch cy.Kind {
	case reminders.Week:
		c.week = cy.ID
	case reminders.Month:
		c.month = cy.ID
	case reminders.Quarter:
		c.quarter = cy.ID
	}
	return c
}

// askUnit keeps the text until its sender says which of their units it is for.
func (b *Bot) askUnit(ctx context.Context, s *scope, units []store.Membership, body string, o origin) error {
	id, err := s.tx.AddPending(ctx, store.PendingReport{
		Kind: store.PendingText, ChatID: s.chatID, UserID: s.from.ID, Text: body, MessageID: o.messageID,
		Week: o.cycles.week, Month: o.cycles.month, Quarter: o.cycles.quarter,
	})
	if err != nil {
		return err
	}
	var rows [][]models.InlineKeyboardButton
	for _, u := range s.ws.unitChoices(units) {
		rows = append(rows, []models.InlineKeyboardButton{{
			Text: messages.UnitButton(u), CallbackData: "r:u:" + strconv.FormatInt(id, 10) + ":" + s.ws.unitRef(u.Code),
		}})
	}
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: messages.ChooseUnit(), ReplyMarkup: inlineKeyboard(rows), ReplyTo: o.messageID})
}

// applyText records what a parsed message says for a unit and answers with one confirmation.
func (b *Bot) applyText(ctx context.Context, s *scope, unit string, res parse.Result, o origin) error {
	for _, l := range res.Lines {
		if l.Kind == parse.LineSkipped {
			o.skipped++
		}
	}
	recs, missing, problems, err := s.ws.resolve(ctx, s.tx, unit, res)
	if err != nil {
		return err
	}
	if p := s.ws.plan; len(p.UnitModels(unit)) == 0 {
		return s.reply(ctx, messages.UnitHasNoModels(s.ws.unitName(unit), unit))
	}
	recs, held, err := holdOverwrites(ctx, s.tx, unit, recs)
	if err != nil {
		return err
	}
	if err := b.record(ctx, s, unit, recs, o); err != nil {
		return err
	}
	if w := o.awaiting; w != nil {
		for _, r := range recs {
			if w.Unit == unit && r.model == w.Model {
				// The typed report is the one the guided flow was asking about.
				if _, err := s.tx.DeletePending(ctx, w.ID); err != nil {
					return err
				}
				o.awaiting = nil
				break
			}
		}
	}
	if err := b.confirmReport(ctx, s, unit, o, recs, missing, problems, false, 0); err != nil {
		return err
	}
	if err := b.askSuggestions(ctx, s, unit, res, o); err != nil {
		return err
	}
	if err := b.askOverwrites(ctx, s, unit, held, o); err != nil {
		return err
	}
	return b.askBlockerNotes(ctx, s, unit, res, o)
}

// askSuggestions asks about each line read from a near-miss typo ("Có phải «hoàn
// thành»?") with [Đúng, ghi nhận] [Không]; the reading waits as a pending text with
// its unit, recorded only on "Đúng".
func (b *Bot) askSuggestions(ctx context.Context, s *scope, unit string, res parse.Result, o origin) error {
	for _, l := range res.Lines {
		if l.Kind != parse.LineQuestion || l.Question != parse.QuestionSuggestion || len(l.Reports) == 0 {
			continue
		}
		var lines []string
		for _, e := range l.Reports {
			lines = append(lines, messages.StatusLine(e.Model, e.Status, e.Percent, e.Note))
		}
		id, err := s.tx.AddPending(ctx, store.PendingReport{Kind: store.PendingText, ChatID: s.chatID, UserID: o.reporter,
			Unit: unit, Text: strings.Join(lines, "\n"), Week: o.cycles.week, Month: o.cycles.month, Quarter: o.cycles.quarter})
		if err != nil {
			return err
		}
		ref := strconv.FormatInt(id, 10)
		kb := inlineKeyboard([][]models.InlineKeyboardButton{{
			{Text: messages.ConfirmSuggestionButton(), CallbackData: "r:y:" + ref},
			{Text: messages.RejectSuggestionButton(), CallbackData: "r:x:" + ref},
		}})
		if err := s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: messages.SuggestionQuestion(l.N, l.Raw, l.Suggestion, lines),
			ReplyMarkup: kb, ReplyTo: o.messageID}); err != nil {
			return err
		}
	}
	return nil
}

// resolve turns a parsed message into the reports to record for unit (the rules are
// workgroup.Resolve's) and the lines to name in the answer.
func (ws *workspace) resolve(ctx context.Context, tx *store.Tx, unit string, res parse.Result) ([]planned, []int, []messages.LineProblem, error) {
	values, problems := ws.readNumbers(&res)
	reply := workgroup.Reply{KeepPrevious: res.KeepPrevious}
	if a := res.All; a != nil {
		reply.All = &workgroup.Line{Status: a.Status, Percent: a.Percent, Note: a.Note, Line: a.Line}
	}
	for _, e := range res.Entries {
		reply.Lines = append(reply.Lines, workgroup.Line{Model: e.Model, Status: e.Status, Percent: e.Percent,
			Note: e.Note, Line: e.Line, Raw: e.Raw, Source: sourceText, Value: values[e.Line]})
	}
	r, err := workgroup.Resolve(ctx, tx, ws.plan, unit, reply)
	if err != nil {
		return nil, nil, nil, err
	}
	problems = append(problems, ws.badValues(r.BadValues)...)
	for _, l := range r.Unknown {
		problems = append(problems, messages.LineProblem{Line: l.Line, Raw: l.Raw, Kind: messages.ProblemUnknownModel, Model: l.Model})
	}
	for _, l := range r.NotAssigned {
		problems = append(problems, messages.LineProblem{Line: l.Line, Raw: l.Raw, Kind: messages.ProblemNotAssigned, Model: l.Model})
	}
	for _, pr := range res.Problems {
		problems = append(problems, messages.LineProblem{Line: pr.Line, Raw: pr.Raw, Kind: pr.Kind, Model: pr.Model, Suggestion: pr.Suggestion})
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	recs := make([]planned, 0, len(r.Lines))
	for _, l := range r.Lines {
		recs = append(recs, planned{model: l.Model, status: l.Status, percent: l.Percent, note: l.Note, line: l.Line, source: l.Source,
			value: l.Value, figure: ws.figure(l.Model, l.Value)})
	}
	return recs, r.Missing, problems, nil
}

// record stores recs (workgroup.Record).
func (b *Bot) record(ctx context.Context, s *scope, unit string, recs []planned, o origin) error {
	lines := make([]workgroup.Line, len(recs))
	for i, r := range recs {
		lines[i] = workgroup.Line{Model: r.model, Status: r.status, Percent: r.percent, Note: r.note, Line: r.line, Source: r.source, Value: r.value}
	}
	_, err := workgroup.Record(ctx, s.tx, unit, lines, workgroup.Origin{Reporter: o.reporter, ChatID: o.chatID,
		MessageID: o.messageID, At: o.at, Cycles: workgroup.CycleIDs{Week: o.cycles.week, Month: o.cycles.month, Quarter: o.cycles.quarter}})
	return err
}

// confirmReport queues the one confirmation and sends new blockers up at once.
func (b *Bot) confirmReport(ctx context.Context, s *scope, unit string, o origin, recs []planned, missing []int,
	problems []messages.LineProblem, edited bool, unchanged int) error {
	var lines, blockers []messages.ReportLine
	for _, r := range recs {
		lines = append(lines, r.line4msg())
		if r.status == store.StatusBlocked && r.source != sourceKeep {
			blockers = append(blockers, r.line4msg())
		}
	}
	var unitModels []int
	p := s.ws.plan
	for _, a := range p.UnitModels(unit) {
		unitModels = append(unitModels, a.Model)
	}
	if err := b.alertBlockers(ctx, s, unit, blockers); err != nil {
		return err
	}
	return s.reply(ctx, messages.ReportConfirmation(messages.ReportSummary{
		UnitName: s.ws.unitName(unit), UnitCode: unit, Week: o.cycles.week, Edited: edited,
		Recorded: lines, Unchanged: unchanged, Missing: missing, Problems: problems,
		UnitModels: unitModels, BlockersSent: len(blockers) > 0, AwaitingNote: awaitingLine(o.awaiting),
		Skipped: o.skipped,
	}))
}

// ---- edits ----

// cmdMine lists the sender's models with this week's and this month's statuses.
func (b *Bot) cmdMine(ctx context.Context, s *scope, _ string) error {
	units, err := b.senderUnits(ctx, s)
	if err != nil || len(units) == 0 {
		return err
	}
	return b.replyMine(ctx, s, units)
}

// replyMine answers /cuatoi.
func (b *Bot) replyMine(ctx context.Context, s *scope, units []store.Membership) error {
	out, err := b.mineUnits(ctx, s, units)
	if err != nil {
		return err
	}
	return s.reply(ctx, messages.Mine(out))
}

// mineUnits gathers the sender's units, their models and this cycle's reports.
func (b *Bot) mineUnits(ctx context.Context, s *scope, units []store.Membership) ([]messages.MineUnit, error) {
	c := s.ws.cyclesAt(s.tx.Now())
	p := s.ws.plan
	var out []messages.MineUnit
	for _, u := range units {
		mu := messages.MineUnit{Code: u.Unit, Name: s.ws.unitName(u.Unit), Role: u.Role, Week: c.week, Month: c.month}
		week, err := s.tx.UnitCycleReports(ctx, store.CycleWeek, c.week, u.Unit)
		if err != nil {
			return nil, err
		}
		month, err := s.tx.UnitCycleReports(ctx, store.CycleMonth, c.month, u.Unit)
		if err != nil {
			return nil, err
		}
		byModel := func(rs []store.Report) map[int]store.Report {
			m := map[int]store.Report{}
			for _, r := range rs {
				m[r.Model] = r
			}
			return m
		}
		w, mo := byModel(week), byModel(month)
		for _, a := range p.UnitModels(u.Unit) {
			m, _ := p.Model(a.Model)
			mm := messages.MineModel{Model: a.Model, Lead: a.Role == store.RoleLead, Title: m.Title, Short: messages.ShortTitle(m)}
			if r, ok := w[a.Model]; ok {
				mm.Week, mm.WeekReported = messages.ReportLine{Model: r.Model, Status: r.Status, Percent: r.Percent, Note: r.Note}, true
			}
			if r, ok := mo[a.Model]; ok {
				mm.Month, mm.MonthReported = messages.ReportLine{Model: r.Model, Status: r.Status, Percent: r.Percent, Note: r.Note}, true
			}
			mu.Models = append(mu.Models, mm)
		}
		out = append(out, mu)
	}
	return out, nil
}
