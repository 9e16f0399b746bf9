package store

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// IndicatorValue is a number a unit reported for one indicator of a model.
type IndicatorValue struct {
	Unit       string
	Model      int
	Indicator  string // Indicator.ID(): the folded key, "" for a model's only indicator
	Value      float64
	ReportID   int64
	ReceivedAt time.Time
}

// AddIndicatorValue stores a number with the report it came in (AddReport's id). A second
// value for the same report and indicator replaces the first.
func (tx *Tx) AddIndicatorValue(ctx context.Context, reportID int64, indicator string, value float64) error {
	if value < 0 {
		return fmt.Errorf("add indicator value: negative value %v", value)
	}
	_, err := tx.exec(ctx, `INSERT INTO indicator_values (group_id, report_id, indicator, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (report_id, indicator) DO UPDATE SET value = excluded.value`,
		tx.g(), reportID, FoldKey(indicator), value)
	if err != nil {
		return fmt.Errorf("add indicator value: %w", err)
	}
	return nil
}

// cycleIndicatorValuesQuery takes, per unit, model and indicator, the value of the latest
// report of the cycle that carried one: a later status-only report ("MH1 xong") does
// not erase the number.
const cycleIndicatorValuesQuery = `SELECT r.unit, r.model, v.indicator, v.value, r.id, r.received_at
	FROM indicator_values v JOIN reports r ON r.id = v.report_id
	WHERE r.id = (SELECT max(r2.id) FROM reports r2 JOIN indicator_values v2 ON v2.report_id = r2.id
		WHERE r2.group_id = r.group_id AND r2.%[1]s = r.%[1]s AND r2.unit = r.unit AND r2.model = r.model
			AND v2.indicator = v.indicator)
	AND r.group_id = ? AND r.%[1]s = ? ORDER BY r.model, v.indicator, r.unit`

// CycleIndicatorValues returns the counting value of every unit, model and indicator
// in a cycle, ordered by model, indicator, then unit.
func (tx *Tx) CycleIndicatorValues(ctx context.Context, kind, cycleID string) ([]IndicatorValue, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, fmt.Sprintf(cycleIndicatorValuesQuery, col), tx.g(), cycleID)
	if err != nil {
		return nil, fmt.Errorf("cycle indicator values: %w", err)
	}
	defer rows.Close()
	var out []IndicatorValue
	for rows.Next() {
		var v IndicatorValue
		var at int64
		if err := rows.Scan(&v.Unit, &v.Model, &v.Indicator, &v.Value, &v.ReportID, &at); err != nil {
			return nil, fmt.Errorf("cycle indicator values: %w", err)
		}
		v.ReceivedAt = fromUnix(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// ReportIndicatorValues returns the numbers that came with one report, by indicator id.
func (tx *Tx) ReportIndicatorValues(ctx context.Context, reportID int64) (map[string]float64, error) {
	rows, err := tx.query(ctx, `SELECT indicator, value FROM indicator_values WHERE group_id = ? AND report_id = ?`, tx.g(), reportID)
	if err != nil {
		return nil, fmt.Errorf("report indicator values: %w", err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var k string
		var v float64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("report indicator values: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// ImpliedStatus is the status a bare number reports: done once the target is reached,
// otherwise in progress ("MH1: 45/53").
func ImpliedStatus(in Indicator, value float64) Status {
	if in.Target > 0 && value >= in.Target {
		return StatusDone
	}
	return StatusInProgress
}

// UnitValue is one unit's counting number for an indicator in a cycle.
type UnitValue struct {
	Unit  string
	Value float64
	Met   bool // at or above the target (meaningful for per-unit targets)
}

// IndicatorRollup is an indicator's figure for a cycle, with the previous cycle's.
type IndicatorRollup struct {
	Model     Model
	Indicator Indicator
	Values    []UnitValue // units with a number, in plan order
	Expected  int         // lead units of the model: who should report the number

	Has   bool    // at least one unit reported a number
	Value float64 // the roll-up: sum, mean, or (share) percent of units at target
	// Goal is what Value is measured against: the target, the target times the units for a
	// per-unit sum, or 100 (% of units) for a share.
	Goal    float64
	Percent float64 // Value as a percentage of Goal
	Met     bool    // Value reached Goal

	HasPrev bool
	Prev    float64 // the previous cycle's Value
	Delta   float64 // Value − Prev, when both exist
}

// RollupIndicators rolls up a cycle's indicator values (cur) for every model of the plan
// that has indicators, ordered as the summary orders models (group, then number), with
// the trend against the previous cycle's values (prev). Values of units or indicators the
// plan no longer has are ignored. It only computes: no database, no text.
func RollupIndicators(plan Plan, cur, prev []IndicatorValue) []IndicatorRollup {
	order := map[string]int{}
	for i, u := range plan.Units {
		order[u.Code] = i
	}
	leads := map[int]int{}
	for _, a := range plan.Assignments() {
		if a.Role == RoleLead {
			leads[a.Model]++
		}
	}
	type key struct {
		model int
		ind   string
	}
	index := func(vs []IndicatorValue) map[key][]UnitValue {
		out := map[key][]UnitValue{}
		for _, v := range vs {
			if _, ok := order[v.Unit]; !ok {
				continue
			}
			k := key{v.Model, v.Indicator}
			out[k] = append(out[k], UnitValue{Unit: v.Unit, Value: v.Value})
		}
		for _, us := range out {
			sort.SliceStable(us, func(i, j int) bool { return order[us[i].Unit] < order[us[j].Unit] })
		}
		return out
	}
	curBy, prevBy := index(cur), index(prev)

	models := append([]Model(nil), plan.Models...)
	sort.SliceStable(models, func(i, j int) bool {
		if gi, gj := GroupRank(models[i].Group), GroupRank(models[j].Group); gi != gj {
			return gi < gj
		}
		return models[i].Number < models[j].Number
	})
	var out []IndicatorRollup
	for _, m := range models {
		for _, in := range m.Indicators {
			k := key{m.Number, in.ID()}
			r := IndicatorRollup{Model: m, Indicator: in, Expected: leads[m.Number]}
			r.Values = curBy[k]
			for i := range r.Values {
				r.Values[i].Met = r.Values[i].Value >= in.Target
			}
			r.Value, r.Goal, r.Has = rollupValue(in, r.Values)
			if r.Has && r.Goal > 0 {
				r.Percent = 100 * r.Value / r.Goal
				r.Met = r.Value >= r.Goal
			}
			if p := prevBy[k]; len(p) > 0 {
				for i := range p {
					p[i].Met = p[i].Value >= in.Target
				}
				r.Prev, _, r.HasPrev = rollupValue(in, p)
				if r.Has {
					r.Delta = r.Value - r.Prev
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// rollupValue combines units' values by the indicator's roll-up; has is false when
// nobody reported.
func rollupValue(in Indicator, vs []UnitValue) (value, goal float64, has bool) {
	if len(vs) == 0 {
		return 0, in.Target, false
	}
	var sum float64
	met := 0
	for _, v := range vs {
		sum += v.Value
		if v.Met {
			met++
		}
	}
	switch in.Rollup {
	case RollupAverage:
		return sum / float64(len(vs)), in.Target, true
	case RollupShare:
		return 100 * float64(met) / float64(len(vs)), 100, true
	default:
		goal = in.Target
		if in.Scope == ScopeUnit {
			goal = in.Target * float64(len(vs))
		}
		return sum, goal, true
	}
}

// ValueProblem says why a reported number cannot be recorded.
type ValueProblem string

// Problems with a reported number.
const (
	ValueNegative         ValueProblem = "negative"          // below zero
	ValueAboveTarget      ValueProblem = "above_target"      // above a capped target ("46/53" is fine, 60 is not)
	ValueAbovePercent     ValueProblem = "above_percent"     // a percentage above 100
	ValueWrongUnit        ValueProblem = "wrong_unit"        // "MH1 45 người" where the unit is "dịch vụ"
	ValueWrongTarget      ValueProblem = "wrong_target"      // "MH1: 45/50" where the target is 53
	ValueNoIndicator      ValueProblem = "no_indicator"      // the model has no indicator
	ValueUnknownIndicator ValueProblem = "unknown_indicator" // the model has several and none was named, or the key is unknown
	ValueBadNumber        ValueProblem = "bad_number"        // "45/0", a number too large to be real
)

// MaxIndicatorValue bounds any number: larger ones are typos (a phone number, a date).
const MaxIndicatorValue = 1e9

// CheckValue says whether value can be recorded for the indicator ("" when it can); the
// text parser and the button flow's number field both use it.
func CheckValue(in Indicator, value float64) ValueProblem {
	switch {
	case value < 0:
		return ValueNegative
	case value > MaxIndicatorValue || value != value:
		return ValueBadNumber
	case in.IsPercent() && value > 100:
		return ValueAbovePercent
	case in.Capped && value > in.Target:
		return ValueAboveTarget
	}
	return ""
}

// IndicatorRollups reads a cycle's and the previous cycle's values and rolls them up
// (RollupIndicators). The caller's calendar names the previous cycle.
func (tx *Tx) IndicatorRollups(ctx context.Context, plan Plan, kind, cycleID, prevCycleID string) ([]IndicatorRollup, error) {
	cur, err := tx.CycleIndicatorValues(ctx, kind, cycleID)
	if err != nil {
		return nil, err
	}
	var prev []IndicatorValue
	if prevCycleID != "" {
		if prev, err = tx.CycleIndicatorValues(ctx, kind, prevCycleID); err != nil {
			return nil, err
		}
	}
	return RollupIndicators(plan, cur, prev), nil
}
