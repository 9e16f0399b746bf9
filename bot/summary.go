package bot

import (
	"context"
	"regexp"
	"slices"
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
		{view: true, rollup: true, names: []string{"tonghop", "summary"}, admin: true, group: true, run: b.cmdSummary},
		{view: true, names: []string{"chuabaocao", "missing"}, admin: true, group: true, run: b.cmdMissing},
		{view: true, names: []string{"vuongmac", "blockers"}, admin: true, group: true, run: b.cmdTickets},
		{view: true, rollup: true, names: []string{"xuat", "export"}, admin: true, group: true, run: b.cmdExport},
		{view: true, rollup: true, names: []string{"bieudo", "chart"}, admin: true, group: true, run: b.cmdChart},
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

// parseSelection reads what /tonghop, /xuat and /bieudo ask for, in Vietnamese with or
// without diacritics or in English: a kind (tuần, tháng, quý, 6 tháng, năm), then which
// one — "trước"/"kỳ trước", "này", a number ("tháng 3", "quý I/2024", "tuần 11", "năm
// 2024", "6 tháng đầu năm") or a date (dd/mm/yyyy) — and (trend true) "mh9" or a unit code
// alone. A number without a year is the latest such period that has begun by now.
func parseSelection(args string, plan store.Plan, now time.Time, trend bool) (selection, bool) {
	sel := selection{kind: reminders.Week}
	loc := now.Location()
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
		next := func(want ...string) bool {
			if i+1 < len(words) && slices.Contains(want, words[i+1]) {
				i++
				return true
			}
			return false
		}
		if (w == "6" || w == "sau") && next("thang") || (w == "nua" || w == "ban") && next("nam") {
			w = "6thang"
		}
		if k, ok := reminders.ParseKind(w); ok && !kindSet {
			sel.kind, kindSet = k, true
			half := 0
			if k == reminders.HalfYear {
				switch {
				case next("dau"):
					half = 1
				case next("cuoi"):
					half = 2
				}
				if half != 0 {
					next("nam")
				}
			}
			if half != 0 || i+1 < len(words) && periodNumberLike(words[i+1]) {
				tok := ""
				if i+1 < len(words) && periodNumberLike(words[i+1]) {
					i++
					tok = words[i]
				}
				at, ok := periodAt(k, half, tok, now)
				if !ok {
					return sel, false
				}
				sel.at, whenSet = at, true
			}
			continue
		}
		if whenSet {
			return sel, false
		}
		switch {
		case w == "ky" && next("truoc", "nay"):
			sel.prev, whenSet = words[i] == "truoc", true
		case w == "truoc" || w == "previous" || w == "prev" || w == "kytruoc" || w == "last":
			sel.prev, whenSet = true, true
		case w == "nay" || w == "this" || w == "hien" && next("tai"):
			whenSet = true
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

var periodNumRE = regexp.MustCompile(`^(\d{1,4}|i|ii|iii|iv)(?:/(\d{4}))?$`)

// periodNumberLike reports whether a word numbers a period: "3", "11/2024", "iv", "2024".
func periodNumberLike(w string) bool { return periodNumRE.MatchString(w) }

// periodAt is noon of a day inside the numbered period of kind k: tok is "N", "N/yyyy" (a
// week, month, quarter or half-year of that year) or "yyyy" (a year); half is 1 or 2 for
// "6 tháng đầu/cuối năm". Without a year it is the latest such period begun by now.
func periodAt(k reminders.Kind, half int, tok string, now time.Time) (time.Time, bool) {
	n, year := 0, 0
	if tok != "" {
		m := periodNumRE.FindStringSubmatch(tok)
		if roman, ok := map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4}[m[1]]; ok {
			n = roman
		} else {
			n, _ = strconv.Atoi(m[1])
		}
		if m[2] != "" {
			year, _ = strconv.Atoi(m[2])
		}
	}
	if k == reminders.Year {
		if tok == "" || year != 0 || n < 1000 {
			return time.Time{}, false
		}
		return time.Date(n, time.December, 1, 12, 0, 0, 0, now.Location()), true
	}
	if k == reminders.HalfYear && half != 0 {
		if tok != "" && year == 0 && n >= 1000 {
			year = n // "6 tháng đầu năm 2024"
		} else if tok != "" {
			return time.Time{}, false
		}
		n = half
	}
	// The first day of the period's last month lies in it whatever the cutoff; a week's
	// Monday lies in its cycle.
	at := func(y int) (time.Time, bool) {
		switch k {
		case reminders.Week:
			jan4 := time.Date(y, time.January, 4, 12, 0, 0, 0, now.Location())
			t := jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(n-1))
			if iy, iw := t.ISOWeek(); iy != y || iw != n {
				return t, false
			}
			return t, true
		case reminders.Month:
			return time.Date(y, time.Month(n), 1, 12, 0, 0, 0, now.Location()), n >= 1 && n <= 12
		case reminders.Quarter:
			return time.Date(y, time.Month(3*n), 1, 12, 0, 0, 0, now.Location()), n >= 1 && n <= 4
		case reminders.HalfYear:
			return time.Date(y, time.Month(6*n), 1, 12, 0, 0, 0, now.Location()), n >= 1 && n <= 2
		}
		return time.Time{}, false
	}
	if year != 0 {
		return at(year)
	}
	// Roughly where the period begins: t less its length (a few days early at most).
	length := map[reminders.Kind]int{reminders.Month: 1, reminders.Quarter: 3, reminders.HalfYear: 6}[k]
	t, ok := at(now.Year())
	if begins := t.AddDate(0, -length, 0); ok && begins.After(now) {
		t, ok = at(now.Year() - 1) // "tháng 12" asked in January: last December's
	}
	return t, ok
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

// cmdSummary is /tonghop [chitiet] [cycle]: one message with the headline, the units
// still missing and the oldest blockers; "chitiet" gives every model's detail.
func (b *Bot) cmdSummary(ctx context.Context, s *scope, args string) error {
	st := s.ws
	args, detail := cutDetail(args)
	sel, ok := parseSelection(args, st.plan, b.now().In(st.cal.Location()), true)
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
	rep, err := b.buildReport(ctx, s, b.selectionCycle(s.ws, sel))
	if err != nil {
		return err
	}
	if detail {
		return s.reply(ctx, messages.ReportText(rep))
	}
	sum := rep.Summary
	if len(rep.Groups) > 0 {
		own := reminders.OwnHeadline(s.ws.current(), sum, b.now())
		return s.reply(ctx, messages.GroupRollupBrief(s.ws.group.Name, messages.RollupPeriod(sum), own, rep.Groups))
	}
	return s.reply(ctx, messages.SummaryBrief(st.plan, sum, messages.MissingRows(sum), sum.Blockers, b.now(), false))
}

// cutDetail takes the word "chitiet" ("chi tiết", "detail") out of a command's arguments.
func cutDetail(args string) (string, bool) {
	words := strings.Fields(args)
	folded := strings.Fields(parse.Fold(args))
	var keep []string
	detail := false
	for i := 0; i < len(words); i++ {
		switch {
		case i < len(folded) && (folded[i] == "chitiet" || folded[i] == "detail"):
			detail = true
		case i+1 < len(folded) && folded[i] == "chi" && folded[i+1] == "tiet":
			detail = true
			i++
		default:
			keep = append(keep, words[i])
		}
	}
	return strings.Join(keep, " "), detail
}

// cmdMissing is /chuabaocao [tuan|thang|quy] [ky truoc|dd/mm/yyyy]: the units of a cycle
// that have not reported everything, from the same state as /tonghop.
func (b *Bot) cmdMissing(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, b.now().In(st.cal.Location()), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("chuabaocao"))
	}
	sum, err := b.compile(ctx, s.tx, s.ws, b.selectionCycle(s.ws, sel))
	if err != nil {
		return err
	}
	return s.reply(ctx, messages.MissingList(sum, messages.MissingRows(sum), st.cal.Location()))
}

func (b *Bot) cmdExport(ctx context.Context, s *scope, args string) error {
	st := s.ws
	sel, ok := parseSelection(args, st.plan, b.now().In(st.cal.Location()), false)
	if !ok {
		return s.reply(ctx, messages.SummaryUsage("xuat"))
	}
	rep, err := b.buildReport(ctx, s, b.selectionCycle(s.ws, sel))
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
	sel, ok := parseSelection(args, st.plan, b.now().In(st.cal.Location()), false)
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
	// A province's chart rolls up its communes too.
	rep := messages.Report{Summary: sum}
	if err := reminders.AddGroups(ctx, s.tx, &rep, s.ws.children(), b.now()); err != nil {
		return err
	}
	png, err := messages.SummaryChart(sum, rates, rep.Groups)
	if err != nil {
		return err
	}
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindPhoto, FileName: messages.SummaryFileName(sum, "png"),
		File: png, Text: messages.ChartCaption(sum)})
}
