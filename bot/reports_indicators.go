package bot

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// numberLine reads a line the parser found no status in as a number against one of the
// model's indicators ("MH1: 45/53", "MH1 45 DVC", "MH32 đạt 80%"); ok is false when the
// line is not of that shape.
func (ws *workspace) numberLine(raw string) (parse.IndicatorReport, store.ValueProblem, bool) {
	return parse.ParseIndicator(raw, &ws.plan)
}

// hasNumberLine: a line of the message reports a number, so the message is a report
// (not a note, not gibberish), whatever the plan says of the number.
func hasNumberLine(res parse.Result) bool {
	for _, p := range res.Problems {
		if p.Kind == parse.NoStatus {
			if _, _, ok := parse.ParseIndicator(p.Raw, &store.Plan{}); ok {
				return true
			}
		}
	}
	return false
}

// readNumbers turns the lines that report a number into entries, with the status the
// number implies (store.ImpliedStatus), and the numbers the plan cannot take into
// refusals naming the line; it changes res in place. values holds each entry's number
// by line.
func (ws *workspace) readNumbers(res *parse.Result) (values map[int]*workgroup.Value, refused []messages.LineProblem) {
	values = map[int]*workgroup.Value{}
	problems := res.Problems[:0:0]
	for _, p := range res.Problems {
		if p.Kind != parse.NoStatus {
			problems = append(problems, p)
			continue
		}
		r, problem, ok := ws.numberLine(p.Raw)
		if !ok {
			problems = append(problems, p)
			continue
		}
		if problem != "" {
			m, _ := ws.plan.Model(r.Model)
			m.Number = r.Model
			refused = append(refused, messages.LineProblem{Line: p.Line, Raw: p.Raw, Kind: messages.ProblemBadValue, Model: r.Model,
				Detail: messages.IndicatorRefusal(m, r.Indicator, problem, r.Value, r.Of, r.Unit)})
			continue
		}
		st, pct := store.ImpliedStatus(r.Indicator, r.Value), -1
		if r.Indicator.IsPercent() && st == store.StatusInProgress && r.Value >= 1 {
			pct = int(math.Min(math.Floor(r.Value), 99)) // "đạt 80%" is also how far along
		}
		res.Entries = append(res.Entries, parse.Entry{Line: p.Line, Model: r.Model, Status: st, Percent: pct, Note: r.Note, Raw: p.Raw})
		values[p.Line] = &workgroup.Value{Indicator: r.Indicator.ID(), Number: r.Value}
	}
	// The last line about a model counts, as for status lines; an earlier one is named.
	sort.SliceStable(res.Entries, func(i, j int) bool { return res.Entries[i].Line < res.Entries[j].Line })
	last := map[int]int{}
	for _, e := range res.Entries {
		last[e.Model] = e.Line
	}
	entries := res.Entries[:0:0]
	for _, e := range res.Entries {
		if last[e.Model] != e.Line {
			problems = append(problems, parse.Problem{Line: e.Line, Kind: parse.DuplicateModel, Raw: e.Raw, Model: e.Model})
			delete(values, e.Line)
			continue
		}
		entries = append(entries, e)
	}
	res.Entries, res.Problems = entries, problems
	return values, refused
}

// figure is how the confirmation shows a recorded number, "" when none.
func (ws *workspace) figure(model int, v *workgroup.Value) string {
	if v == nil {
		return ""
	}
	m, _ := ws.plan.Model(model)
	for _, in := range m.Indicators {
		if in.ID() == v.Indicator {
			return messages.IndicatorFigure(in, v.Number)
		}
	}
	return ""
}

// badValues words the numbers the core refused (workgroup.CheckValue).
func (ws *workspace) badValues(bad []workgroup.BadValue) []messages.LineProblem {
	var out []messages.LineProblem
	for _, b := range bad {
		l := b.Line
		m, _ := ws.plan.Model(l.Model)
		m.Number = l.Model
		var in store.Indicator
		for _, i := range m.Indicators {
			if i.ID() == l.Value.Indicator {
				in = i
			}
		}
		out = append(out, messages.LineProblem{Line: l.Line, Raw: l.Raw, Kind: messages.ProblemBadValue, Model: l.Model,
			Detail: messages.IndicatorRefusal(m, in, b.Problem, l.Value.Number, 0, "")})
	}
	return out
}

// asksNumber: the guided flow asks for the model's number after this status.
func asksNumber(m store.Model, st store.Status) bool {
	return len(m.Indicators) > 0 && (st == store.StatusInProgress || st == store.StatusDone)
}

// typedNumber reads the guided flow's answer to the number question ("45", "42/53 - còn
// 11 dịch vụ", "vneid 80%"): ok when it is a number (v, with the note after it); refusal
// is the polite answer when the number cannot be taken. A percentage where the indicator
// counts something else is how far along, not the number (the 25/50/75% buttons).
func (ws *workspace) typedNumber(model int, st store.Status, text string) (v *workgroup.Value, note string, pct int, refusal string, ok bool) {
	m, _ := ws.plan.Model(model)
	m.Number = model
	if !asksNumber(m, st) {
		return nil, text, -1, "", false
	}
	r, problem, ok := ws.numberLine(fmt.Sprintf("MH%d %s", model, text))
	switch {
	case !ok || problem == store.ValueWrongUnit && r.Unit == "%":
		return nil, text, -1, "", false
	case problem != "":
		return nil, text, -1, messages.IndicatorRefusal(m, r.Indicator, problem, r.Value, r.Of, r.Unit), true
	}
	pct = -1
	if r.Indicator.IsPercent() && st == store.StatusInProgress && r.Value >= 1 && r.Value < 100 {
		pct = int(r.Value)
	}
	return &workgroup.Value{Indicator: r.Indicator.ID(), Number: r.Value}, r.Note, pct, "", true
}

// sameValue: an edited line's number (none, or the one already stored with the report)
// changes nothing.
func sameValue(ctx context.Context, tx *store.Tx, reportID int64, v *workgroup.Value) (bool, error) {
	if v == nil {
		return true, nil
	}
	had, err := tx.ReportIndicatorValues(ctx, reportID)
	if err != nil {
		return false, err
	}
	n, ok := had[v.Indicator]
	return ok && n == v.Number, nil
}
