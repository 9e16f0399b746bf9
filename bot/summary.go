package bot

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// trendWeeks is how many weekly cycles /tonghop mh9 and /tonghop <unit> show.
const trendWeeks = 8

// chartWeeks is how many weeks the chart's reporting-rate panel covers.
const chartWeeks = 12

func (b *Bot) summaryCommands() []*command {
	return []*command{
		{names: []string{"tonghop", "summary"}, admin: true, group: true, run: b.cmdSummary},
		{names: []string{"chuabaocao", "missing"}, admin: true, group: true, run: b.cmdMissing},
		{names: []string{"vuongmac", "blockers"}, admin: true, group: true, run: b.cmdTickets},
		{names: []string{"xuat", "export"}, admin: true, group: true, run: b.cmdExport},
		{names: []string{"bieudo", "chart"}, admin: true, group: true, run: b.cmdChart},
	}
}

// selection is what the arguments of /tonghop, /xuat and /bieudo ask for.
type selection struct {
	kind  reminders.Kind
	prev  bool
	at    time.Time // zero: now
	unit  string    // a unit's trend
	model int       // a model's trend
}

var (
	dmyRE   = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	modelRE = regexp.MustCompile(`^mh\s*(\d{1,3})$`)
)

// parseSelection reads "[tuan|thang|quy] [ky truoc|dd/mm/yyyy]", in Vietnamese with or
// without diacritics or in English, and (trend true) "mh9" or a unit code alone.
func parseSelection(args string, plan store.Plan, loc *time.Location, trend bool) (selection, bool) {
	sel := selection{kind: reminders.Week}
	raw := strings.Fields(args)
	words := strings.Fields(parse.Fold(args))
	if len(raw) == 0 {
		return sel, true
	}
	if trend && len(raw) <= 2 {
		joined := strings.Join(words, "")
		if m := modelRE.FindStringSubmatch(joined); m != nil {
			n, _ := strconv.Atoi(m[1])
			if _, ok := plan.Model(n); ok {
				sel.model = n
				return sel, true
			}
			return sel, false
		}
		if len(raw) == 1 {
			if u, ok := plan.Unit(raw[0]); ok {
				sel.unit = u.Code
				return sel, true
			}
		}
	}
	kindSet, whenSet := false, false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if k, ok := reminders.ParseKind(w); ok && !kindSet {
			sel.kind, kindSet = k, true
			continue
		}
		if whenSet {
			return sel, false
		}
		switch {
		case w == "ky" && i+1 < len(words) && words[i+1] == "truoc":
			sel.prev, whenSet = true, true
			i++
		case w == "truoc" || w == "previous" || w == "prev" || w == "kytruoc":
			sel.prev, whenSet = true, true
		default:
			t, ok := parseSummaryDay(w, loc)
			if !ok {
				return sel, false
			}
			sel.at, whenSet = t, true
		}
	}
	return sel, true
}

// parseSummaryDay reads dd/mm/yyyy (also with dots or dashes) or yyyy-mm-dd as noon that day.
func parseSummaryDay(s string, loc *time.Location) (time.Time, bool) {
	var y, m, d int
	if g := dmyRE.FindStringSubmatch(s); g != nil {
		d, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		y, _ = strconv.Atoi(g[3])
	} else if t, err := time.Parse(time.DateOnly, s); err == nil {
		y, m, d = t.Year(), int(t.Month()), t.Day()
	} else {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, loc)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false // 31/02/2024
	}
	return t, true
}

func (b *Bot) selectionCycle(ws *workspace, sel selection) reminders.Cycle {
	at := sel.at
	if at.IsZero() {
		at = b.now()
	}
	return reminders.SelectCycle(ws.cal, sel.kind, at, sel.prev)
}

func (b *Bot) compile(ctx context.Context, tx *store.Tx, ws *workspace, cy reminders.Cycle) (store.Summary, error) {
	st := ws
	return reminders.Compile(ctx, tx, st.plan, st.cal, cy, b.now())
}

func (b *Bot) cmdSummary(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, st.cal.Location(), true)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("tonghop"))
	}
	if sel.unit != "" || sel.model != 0 {
		cy := st.cal.Week(b.now())
		t, err := reminders.Trend(ctx, s.tx, st.plan, st.cal, cy, trendWeeks, sel.unit, sel.model, b.now())
		if err != nil {
			return err
		}
		if sel.unit != "" {
			return s.reply(ctx, messages.UnitTrend(st.plan, t, st.cal.Location()))
		}
		return s.reply(ctx, messages.ModelTrend(st.plan, t, st.cal.Location()))
	}
	rep, err := reminders.BuildReport(ctx, s.tx, st.plan, st.cal, b.selectionCycle(s.ws, sel), b.now())
	if err != nil {
		return err
	}
	return s.reply(ctx, messages.ReportText(rep))
}

// cmdMissing is /chuabaocao [tuan|thang|quy] [ky truoc|dd/mm/yyyy]: the units of a cycle
// that have not reported everything, from the same state as /tonghop.
func (b *Bot) cmdMissing(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, st.cal.Location(), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("chuabaocao"))
	}
	sum, err := b.compile(ctx, s.tx, s.ws, b.selectionCycle(s.ws, sel))
	if err != nil {
		return err
	}
	return s.reply(ctx, messages.MissingList(sum, missingRows(sum), st.cal.Location()))
}

// missingRows lists the expected units of the state that have not reported every model.
func missingRows(sum store.Summary) []messages.MissingRow {
	var rows []messages.MissingRow
	for _, u := range sum.Units {
		if u.Progress != store.ProgressNone && u.Progress != store.ProgressPartial {
			continue
		}
		rows = append(rows, messages.MissingRow{Unit: u.Unit, LastAt: u.LastAt, Reported: u.Reported,
			Models: u.Models - u.Carried, Focal: u.Focal, Deputy: u.Deputy, Unreachable: u.Unreachable})
	}
	return rows
}

func (b *Bot) cmdExport(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, st.cal.Location(), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("xuat"))
	}
	rep, err := reminders.BuildReport(ctx, s.tx, st.plan, st.cal, b.selectionCycle(s.ws, sel), b.now())
	if err != nil {
		return err
	}
	sum := rep.Summary
	data, err := messages.Render(rep, "xlsx")
	if err != nil {
		return err
	}
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindDocument, FileName: messages.SummaryFileName(sum, "xlsx"),
		File: data, Text: messages.SummaryCaption(sum)})
}

func (b *Bot) cmdChart(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, st.cal.Location(), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("bieudo"))
	}
	cy := b.selectionCycle(s.ws, sel)
	sum, err := b.compile(ctx, s.tx, s.ws, cy)
	if err != nil {
		return err
	}
	// The rate panel is weekly whatever the cycle: it ends with the week the cycle ends in.
	lastWeek := st.cal.Week(cy.End.Add(-time.Second))
	rates, err := reminders.Rates(ctx, s.tx, st.plan, st.cal, reminders.RecentWeeks(st.cal, lastWeek, chartWeeks), b.now())
	if err != nil {
		return err
	}
	png, err := messages.SummaryChart(sum, rates)
	if err != nil {
		return err
	}
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindPhoto, FileName: messages.SummaryFileName(sum, "png"),
		File: png, Text: messages.ChartCaption(sum)})
}
