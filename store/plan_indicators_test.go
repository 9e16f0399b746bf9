package store

import (
	"reflect"
	"testing"
)

const indicatorPlan = `title: Test
units:
  - {code: CA, name: Công an}
models:
  - number: 1
    group: I
    title: DVC
    lead: [CA]
    indicators:
      - {name: Số DVC thiết yếu, unit: dịch vụ, aliases: [DVC], target: 53, scope: group, rollup: sum, capped: true}
  - number: 24
    group: III
    title: Công dân số
    lead: [CA]
    indicators:
      - {key: vneid, name: VNeID mức 2, unit: "%", target: 100, scope: per-unit, rollup: trung bình}
      - {key: thanhtoan, name: Tài khoản thanh toán, unit: "%", target: 90, scope: donvi, rollup: share}
`

func TestParsePlanIndicators(t *testing.T) {
	p, err := ParsePlan([]byte(indicatorPlan))
	if err != nil {
		t.Fatal(err)
	}
	m1, _ := p.Model(1)
	in, ok := m1.Indicator("")
	if !ok || in.Target != 53 || !in.Capped || in.Scope != ScopeGroup || in.Rollup != RollupSum || in.Aliases[0] != "DVC" || in.Max() != 53 {
		t.Errorf("model 1 indicator: %+v", in)
	}
	m24, _ := p.Model(24)
	if _, ok := m24.Indicator(""); ok {
		t.Error("model 24 has two indicators: an empty key must not pick one")
	}
	v, ok := m24.Indicator("VNEID")
	if !ok || v.Scope != ScopeUnit || v.Rollup != RollupAverage || !v.IsPercent() || v.Max() != 100 {
		t.Errorf("vneid: %+v", v)
	}
	if s, _ := m24.Indicator("thanhtoan"); s.Rollup != RollupShare || s.Target != 90 {
		t.Errorf("thanhtoan: %+v", s)
	}

	// Export and re-import keep the indicators.
	out, err := MarshalPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParsePlan(out)
	if err != nil {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	if got, _ := q.Model(24); len(got.Indicators) != 2 || !reflect.DeepEqual(got.Indicators, m24.Indicators) {
		t.Errorf("round trip: %+v", got.Indicators)
	}
}

func TestParsePlanIndicatorProblems(t *testing.T) {
	line := func(l string) string {
		return "title: T\nunits: [{code: A, name: a}]\nmodels:\n  - number: 1\n    group: I\n    title: t\n    lead: [A]\n    indicators:\n" + l
	}
	tests := []struct {
		name, src string
		line      int
		kind      ProblemKind
		subject   string
		reason    string
	}{
		{"negative target", line("      - {name: n, unit: dv, target: -3, scope: group, rollup: sum}\n"), 9, ProblemBadValue, "models[1].indicators[#1].target", ReasonWantPositive},
		{"target not a number", line("      - {name: n, unit: dv, target: năm mươi, scope: group, rollup: sum}\n"), 9, ProblemBadValue, "models[1].indicators[#1].target", ReasonWantPositive},
		{"percent above 100", line("      - {name: n, unit: \"%\", target: 120, scope: group, rollup: sum}\n"), 9, ProblemBadValue, "models[1].indicators[#1].target", ReasonPercentTarget},
		{"bad scope", line("      - {name: n, unit: dv, target: 5, scope: tinh, rollup: sum}\n"), 9, ProblemBadScope, "models[1].indicators[#1].scope", ""},
		{"bad rollup", line("      - {name: n, unit: dv, target: 5, scope: unit, rollup: max}\n"), 9, ProblemBadRollup, "models[1].indicators[#1].rollup", ""},
		{"missing unit", line("      - {name: n, target: 5, scope: unit, rollup: sum}\n"), 9, ProblemMissing, "models[1].indicators[#1].unit", ""},
		{"bad capped", line("      - {name: n, unit: dv, target: 5, scope: unit, rollup: sum, capped: co}\n"), 9, ProblemBadValue, "models[1].indicators[#1].capped", ReasonWantBool},
		{"two without keys", line("      - {key: a, name: n, unit: dv, target: 5, scope: unit, rollup: sum}\n      - {name: m, unit: dv, target: 5, scope: unit, rollup: sum}\n"), 10, ProblemMissing, "models[1].indicators[#2].key", ReasonNeedKey},
		{"duplicate key", line("      - {key: a, name: n, unit: dv, target: 5, scope: unit, rollup: sum}\n      - {key: A, name: m, unit: dv, target: 5, scope: unit, rollup: sum}\n"), 10, ProblemDuplicateIndicator, "models[1].indicators[#2].key", ""},
		{"not a list", line("      name: n\n"), 9, ProblemBadValue, "models[1].indicators", ReasonWantList},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := planProblems(t, tc.src)
			if len(ps) != 1 {
				t.Fatalf("problems %v, want one", ps)
			}
			p := ps[0]
			if p.Line != tc.line || p.Kind != tc.kind || p.Subject != tc.subject || p.Reason != tc.reason {
				t.Errorf("got %+v\nwant line %d kind %s subject %s reason %q", p, tc.line, tc.kind, tc.subject, tc.reason)
			}
		})
	}
}

func TestDefaultPlanTargets(t *testing.T) {
	p := DefaultPlan()
	want := map[int]float64{1: 53, 3: 20, 6: 100, 37: 100}
	for num, target := range want {
		m, _ := p.Model(num)
		in, ok := m.Indicator("")
		if !ok || in.Target != target {
			t.Errorf("model %d: indicator %+v, want target %v", num, in, target)
		}
	}
	m24, _ := p.Model(24)
	if in, ok := m24.Indicator("vneid"); !ok || in.Target != 100 || !in.IsPercent() {
		t.Errorf("model 24 vneid: %+v", in)
	}
}
