package workgroup

import (
	"context"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Where a report came from (store.Report.Source).
const (
	SourceText   = "text"   // a line of a message
	SourceButton = "button" // the guided flow's buttons
	SourceAll    = "all"    // "tất cả …": every model of the unit
	SourceKeep   = "keep"   // "giữ nguyên": the previous statuses again
	SourceEdit   = "edit"   // an edited message
)

// Line is one model's status as a person gave it.
type Line struct {
	Model   int
	Status  store.Status
	Percent int // -1 when not given
	Note    string
	Line    int    // line of the message, so that an edit finds it
	Source  string // one of the Source constants
	Raw     string // the text it came from, for answers about it
	Value   *Value // a number against one of the model's indicators, nil when none
}

// Value is a number reported against an indicator of the line's model ("MH1: 45/53").
type Value struct {
	Indicator string  // store.Indicator.ID()
	Number    float64 // in the indicator's unit
}

// BadValue is a line whose number the plan cannot take; nothing of the line is recorded.
type BadValue struct {
	Line    Line
	Problem store.ValueProblem
}

// Reply is what a parsed message says for one unit.
type Reply struct {
	KeepPrevious bool  // "giữ nguyên": last statuses again
	All          *Line // "tất cả …": every model of the unit
	Lines        []Line
}

// Resolution is what a reply means for a unit under the plan.
type Resolution struct {
	Lines       []Line // to record, in the unit's model order
	Missing     []int  // "giữ nguyên" found nothing earlier for these models
	Unknown     []Line // models the plan does not have
	NotAssigned []Line // models of the plan the unit takes no part in
	BadValues   []BadValue
}

// Resolve turns a reply into the reports to record for unit: "giữ nguyên" first, then
// "tất cả …", then single models, each overriding the one before.
func Resolve(ctx context.Context, tx *store.Tx, plan store.Plan, unit string, r Reply) (Resolution, error) {
	var res Resolution
	assigned := map[int]bool{}
	var models []int
	for _, a := range plan.UnitModels(unit) {
		assigned[a.Model] = true
		models = append(models, a.Model)
	}
	byModel := map[int]Line{}
	missing := map[int]bool{}
	if r.KeepPrevious {
		latest, err := tx.LatestReports(ctx, unit)
		if err != nil {
			return res, err
		}
		have := map[int]store.Report{}
		for _, l := range latest {
			have[l.Model] = l
		}
		for _, m := range models {
			if l, ok := have[m]; ok {
				byModel[m] = Line{Model: m, Status: l.Status, Percent: l.Percent, Note: l.Note, Source: SourceKeep}
			} else {
				missing[m] = true
			}
		}
	}
	if a := r.All; a != nil {
		for _, m := range models {
			l := *a
			l.Model, l.Source = m, SourceAll
			byModel[m] = l
			delete(missing, m)
		}
	}
	for _, l := range r.Lines {
		if _, ok := plan.Model(l.Model); !ok {
			res.Unknown = append(res.Unknown, l)
			continue
		}
		if !assigned[l.Model] {
			res.NotAssigned = append(res.NotAssigned, l)
			continue
		}
		if p := CheckValue(plan, l); p != "" {
			res.BadValues = append(res.BadValues, BadValue{Line: l, Problem: p})
			continue
		}
		if l.Source == "" {
			l.Source = SourceText
		}
		byModel[l.Model] = l
		delete(missing, l.Model)
	}
	for _, m := range models {
		if l, ok := byModel[m]; ok {
			res.Lines = append(res.Lines, l)
		}
		if missing[m] {
			res.Missing = append(res.Missing, m)
		}
	}
	return res, nil
}

// CheckValue says why the plan cannot take the line's number ("" when it can, or when
// the line has none): a number only counts against an indicator the model has.
func CheckValue(plan store.Plan, l Line) store.ValueProblem {
	if l.Value == nil {
		return ""
	}
	m, _ := plan.Model(l.Model)
	for _, in := range m.Indicators {
		if in.ID() == store.FoldKey(l.Value.Indicator) {
			return store.CheckValue(in, l.Value.Number)
		}
	}
	if len(m.Indicators) == 0 {
		return store.ValueNoIndicator
	}
	return store.ValueUnknownIndicator
}

// Origin is who sent reports, where, when, and which cycles they count for.
type Origin struct {
	Reporter  int64
	ChatID    int64
	MessageID int
	At        time.Time
	Cycles    CycleIDs
}

// CycleIDs are the cycles of each kind a report counts for.
type CycleIDs struct{ Week, Month, Quarter string }

// Record stores each line as unit's report, with its number if it carries one, and
// returns the lines that raise a blocker (to be sent up at once, as the plan asks): a
// blocker repeated by "giữ nguyên" is not new. Lines come checked (Resolve, CheckValue).
func Record(ctx context.Context, tx *store.Tx, unit string, lines []Line, o Origin) (blockers []Line, err error) {
	models := make([]int, len(lines))
	for i, l := range lines {
		models[i] = l.Model
	}
	states, err := tx.ReportStates(ctx, unit, models) // one query for the message
	if err != nil {
		return nil, err
	}
	recorded := map[int]bool{}
	for _, l := range lines {
		r := store.Report{
			Unit: unit, Model: l.Model, Status: l.Status, Percent: l.Percent, Note: l.Note,
			Reporter: o.Reporter, ChatID: o.ChatID, MessageID: o.MessageID, Line: l.Line, Source: l.Source,
			ReceivedAt: o.At, Week: o.Cycles.Week, Month: o.Cycles.Month, Quarter: o.Cycles.Quarter,
		}
		// Through the ticket rules: a blocker and what follows it act on one ticket. A
		// model given twice is read again: the state read first is its own report's.
		var id int64
		if recorded[l.Model] {
			id, _, err = RecordReport(ctx, tx, r)
		} else {
			id, _, err = recordReport(ctx, tx, r, states[l.Model])
		}
		if err != nil {
			return nil, err
		}
		recorded[l.Model] = true
		if v := l.Value; v != nil {
			if err := tx.AddIndicatorValue(ctx, id, v.Indicator, v.Number); err != nil {
				return nil, err
			}
		}
		if l.Status == store.StatusBlocked && l.Source != SourceKeep {
			blockers = append(blockers, l)
		}
	}
	return blockers, nil
}

// FollowUp is the outcome of a focal point's answer about an open blocker.
type FollowUp int

// Outcomes of BlockerFollowUp.
const (
	FollowUpNotServing FollowUp = iota // the person serves no longer the unit
	FollowUpNotOpen                    // answered already, or reported otherwise since
	FollowUpResolved                   // recorded as in progress again
	FollowUpStill                      // recorded as still blocked, with its note
)

// BlockerFollowUp records a focal point's «đã xử lý» (resolved, with resolvedNote) or
// «vẫn vướng» about unit's open blocker of model, through the same path as any report.
func BlockerFollowUp(ctx context.Context, tx *store.Tx, unit string, model int, resolved bool, resolvedNote string, o Origin) (FollowUp, error) {
	mems, err := tx.Memberships(ctx, o.Reporter)
	if err != nil {
		return FollowUpNotServing, err
	}
	serves := false
	for _, m := range mems {
		serves = serves || m.Unit == unit
	}
	if !serves {
		return FollowUpNotServing, nil
	}
	latest, err := tx.LatestReports(ctx, unit)
	if err != nil {
		return FollowUpNotOpen, err
	}
	var open *store.Report
	for i := range latest {
		if latest[i].Model == model && latest[i].Status == store.StatusBlocked {
			open = &latest[i]
		}
	}
	if open == nil {
		return FollowUpNotOpen, nil
	}
	line, out := Line{Model: model, Status: store.StatusInProgress, Percent: -1, Note: resolvedNote, Source: SourceButton}, FollowUpResolved
	if !resolved {
		line, out = Line{Model: model, Status: store.StatusBlocked, Percent: open.Percent, Note: open.Note, Source: SourceButton}, FollowUpStill
	}
	if _, err := Record(ctx, tx, unit, []Line{line}, o); err != nil {
		return out, err
	}
	return out, nil
}
