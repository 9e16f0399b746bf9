package store

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Indicator is a number a model is measured by (chỉ tiêu), with its target.
//
//	indicators:
//	  - {key: dvc, name: Số DVC thiết yếu đã triển khai, unit: dịch vụ, aliases: [DVC],
//	     target: 53, scope: group, rollup: sum, capped: true}
type Indicator struct {
	// Key tells a model's indicators apart in a reply ("MH24 vneid 80%"); optional when
	// the model has one indicator.
	Key  string `yaml:"key,omitempty"`
	Name string `yaml:"name"`
	// Unit is the unit of measure as written in the report ("dịch vụ", "%"); Aliases are
	// other ways people write it ("DVC").
	Unit    string         `yaml:"unit"`
	Aliases []string       `yaml:"aliases,omitempty,flow"`
	Target  float64        `yaml:"target"`
	Scope   IndicatorScope `yaml:"scope"`
	Rollup  Rollup         `yaml:"rollup"`
	// Capped: no value can exceed the target (there are exactly 53 essential services).
	// A percentage is always capped at 100.
	Capped bool `yaml:"capped,omitempty"`
}

// IndicatorScope says whom the target is set for.
type IndicatorScope string

// Indicator scopes.
const (
	ScopeUnit  IndicatorScope = "unit"  // every unit taking part must reach the target
	ScopeGroup IndicatorScope = "group" // the working group as a whole must reach it
)

// Rollup is how the units' values of a cycle make the group's figure.
type Rollup string

// Roll-ups.
const (
	RollupSum     Rollup = "sum"     // the values added up
	RollupAverage Rollup = "average" // their mean
	RollupShare   Rollup = "share"   // the percentage of reporting units at or above the target
)

// PercentUnit is the unit of measure of a percentage.
const PercentUnit = "%"

// IsPercent reports whether the indicator is a percentage.
func (in Indicator) IsPercent() bool { return strings.TrimSpace(in.Unit) == PercentUnit }

// Max is the largest possible value, 0 when there is none.
func (in Indicator) Max() float64 {
	switch {
	case in.IsPercent() && (!in.Capped || in.Target > 100):
		return 100
	case in.Capped:
		return in.Target
	}
	return 0
}

// Problem kinds of indicators.
const (
	ProblemBadScope           ProblemKind = "bad_scope"
	ProblemBadRollup          ProblemKind = "bad_rollup"
	ProblemDuplicateIndicator ProblemKind = "duplicate_indicator"
)

// Reasons of indicator problems.
const (
	ReasonWantPositive  = "want a number above 0"
	ReasonPercentTarget = "a percentage target is at most 100"
	ReasonNeedKey       = "a model with several indicators needs a key for each"
)

// ParseScope reads a scope; "per-unit" and "donvi" are accepted for unit, "to" for group.
func ParseScope(s string) (IndicatorScope, bool) {
	switch FoldKey(s) {
	case "unit", "per-unit", "perunit", "donvi":
		return ScopeUnit, true
	case "group", "to", "totcongtac":
		return ScopeGroup, true
	}
	return "", false
}

// ParseRollup reads a roll-up method; Vietnamese words are accepted too.
func ParseRollup(s string) (Rollup, bool) {
	switch FoldKey(s) {
	case "sum", "tong":
		return RollupSum, true
	case "average", "avg", "mean", "trungbinh":
		return RollupAverage, true
	case "share", "tyle":
		return RollupShare, true
	}
	return "", false
}

// FoldKey lower-cases s and drops diacritics and spaces: "Trung bình" → "trungbinh".
func FoldKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(Fold(strings.TrimSpace(s))), " ", "")
}

func (pp *planParser) indicators(n *yaml.Node, subject string) []Indicator {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		pp.add(n, ProblemBadValue, subject, "").Reason = ReasonWantList
		return nil
	}
	var out []Indicator
	keys := map[string]int{}
	for i, item := range n.Content {
		subj := fmt.Sprintf("%s[#%d]", subject, i+1)
		k, ok := pp.mapping(item, subj)
		if !ok {
			continue
		}
		var in Indicator
		if kn := k.get("key"); kn != nil {
			in.Key, _ = pp.str(kn, subj+".key")
			if in.Key != "" {
				if strings.ContainsAny(in.Key, " \t:,/") {
					pp.add(kn, ProblemBadCode, subj+".key", in.Key).Reason = ReasonTagChars
				}
				fk := FoldKey(in.Key)
				if prev, dup := keys[fk]; dup {
					pp.add(kn, ProblemDuplicateIndicator, subj+".key", in.Key).PrevLine = prev
				} else {
					keys[fk] = kn.Line
				}
			}
		}
		if len(n.Content) > 1 && in.Key == "" {
			pp.add(k.node, ProblemMissing, subj+".key", "").Reason = ReasonNeedKey
		}
		in.Name, _ = pp.required(k, "name", subj)
		in.Unit, _ = pp.required(k, "unit", subj)
		if an := k.get("aliases"); an != nil {
			for _, a := range pp.list(an, subj+".aliases") {
				if s := strings.TrimSpace(a.Value); s != "" {
					in.Aliases = append(in.Aliases, s)
				}
			}
		}
		if t, tn := pp.required(k, "target", subj); t != "" {
			v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
			switch {
			case err != nil || v <= 0:
				pp.add(tn, ProblemBadValue, subj+".target", t).Reason = ReasonWantPositive
			case strings.TrimSpace(in.Unit) == PercentUnit && v > 100:
				pp.add(tn, ProblemBadValue, subj+".target", t).Reason = ReasonPercentTarget
			default:
				in.Target = v
			}
		}
		if s, sn := pp.required(k, "scope", subj); s != "" {
			var ok bool
			if in.Scope, ok = ParseScope(s); !ok {
				pp.add(sn, ProblemBadScope, subj+".scope", s)
			}
		}
		if s, rn := pp.required(k, "rollup", subj); s != "" {
			var ok bool
			if in.Rollup, ok = ParseRollup(s); !ok {
				pp.add(rn, ProblemBadRollup, subj+".rollup", s)
			}
		}
		if cn := k.get("capped"); cn != nil {
			if s, ok := pp.str(cn, subj+".capped"); ok && s != "" {
				b, err := strconv.ParseBool(s)
				if err != nil {
					pp.add(cn, ProblemBadValue, subj+".capped", s).Reason = ReasonWantBool
				}
				in.Capped = b
			}
		}
		out = append(out, in)
	}
	return out
}

// Indicator returns the model's indicator with the key (folded), or its only one when key
// is empty.
func (m Model) Indicator(key string) (Indicator, bool) {
	if key == "" {
		if len(m.Indicators) == 1 {
			return m.Indicators[0], true
		}
		return Indicator{}, false
	}
	for _, in := range m.Indicators {
		if FoldKey(in.Key) == FoldKey(key) {
			return in, true
		}
	}
	return Indicator{}, false
}

// IndicatorID names an indicator in storage and roll-ups: its key, or "" for a model's
// only indicator without one.
func (in Indicator) ID() string { return FoldKey(in.Key) }
