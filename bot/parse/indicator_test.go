package parse

import (
	"math"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestParseIndicator(t *testing.T) {
	plan := store.DefaultPlan()
	tests := []struct {
		line    string
		ok      bool
		problem store.ValueProblem
		model   int
		key     string // indicator key (folded)
		value   float64
		of      float64
		unit    string
		note    string
	}{
		// The three shapes of the issue.
		{line: "MH1: 45/53", ok: true, model: 1, value: 45, of: 53},
		{line: "MH1 45 DVC", ok: true, model: 1, value: 45, unit: "DVC"},
		{line: "MH32 đạt 80%", ok: true, model: 32, value: 80, unit: "%"},
		// Phones without diacritics, other spellings, a note after the number.
		{line: "mh32 dat 80 %", ok: true, model: 32, value: 80, unit: "%"},
		{line: "Mô hình 1: đạt 45 dịch vụ", ok: true, model: 1, value: 45, unit: "dịch vụ"},
		{line: "MH1 45 dịch vụ, còn 8 chờ hướng dẫn của Bộ", ok: true, model: 1, value: 45, unit: "dịch vụ", note: "còn 8 chờ hướng dẫn của Bộ"},
		{line: "MH1: 45 - còn vướng đường truyền", ok: true, model: 1, value: 45, note: "còn vướng đường truyền"},
		{line: "MH3 22", ok: true, model: 3, value: 22}, // "tối thiểu 20": more is fine
		{line: "MH37 đạt 92,5%", ok: true, model: 37, value: 92.5, unit: "%"},
		// A model with two indicators: by key, or by nothing else.
		{line: "MH24 vneid 80%", ok: true, model: 24, key: "vneid", value: 80, unit: "%"},
		{line: "MH24 VNeID: 4.500/5.000", ok: true, model: 24, key: "vneid", value: 90, of: 5000},
		{line: "MH24 thanhtoan 55", ok: true, model: 24, key: "thanhtoan", value: 55},
		{line: "MH24 80%", ok: true, problem: store.ValueUnknownIndicator, model: 24, value: 80, unit: "%"},
		// Bad numbers: the line was meant as a number, nothing is recorded.
		{line: "MH1: -5", ok: true, problem: store.ValueNegative, model: 1, key: "", value: -5},
		{line: "MH1 60 DVC", ok: true, problem: store.ValueAboveTarget, model: 1, value: 60, unit: "DVC"},
		{line: "MH32 đạt 120%", ok: true, problem: store.ValueAbovePercent, model: 32, value: 120, unit: "%"},
		{line: "MH1 45 người", ok: true, problem: store.ValueWrongUnit, model: 1, value: 45, unit: "người"},
		{line: "MH1 45%", ok: true, problem: store.ValueWrongUnit, model: 1, value: 45, unit: "%"},
		{line: "MH1 - 5 xã chưa xong", ok: true, problem: store.ValueWrongUnit, model: 1, value: 5, unit: "xã"}, // a dash, not a minus
		{line: "MH1: 45/50", ok: true, problem: store.ValueWrongTarget, model: 1, value: 45, of: 50},
		{line: "MH24 vneid 10/0", ok: true, problem: store.ValueBadNumber, model: 24, key: "vneid", value: 10},
		{line: "MH24 vneid 6000/5000", ok: true, problem: store.ValueAbovePercent, model: 24, key: "vneid", value: 6000, of: 5000},
		{line: "MH9: 60%", ok: true, problem: store.ValueNoIndicator, model: 9, value: 60, unit: "%"},
		// Not number lines: the status parser reads them.
		{line: "MH1 hoàn thành"},
		{line: "MH9: dang trien khai 60%"},
		{line: "báo cáo 45/53"},
		{line: "MH"},
		{line: ""},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			r, problem, ok := ParseIndicator(tc.line, &plan)
			if ok != tc.ok {
				t.Fatalf("ok %v, want %v (%+v, %q)", ok, tc.ok, r, problem)
			}
			if !ok {
				return
			}
			if problem != tc.problem || r.Model != tc.model || math.Abs(r.Value-tc.value) > 1e-9 || r.Of != tc.of || r.Unit != tc.unit || r.Note != tc.note {
				t.Errorf("got %q %+v\nwant %q model %d value %v of %v unit %q note %q", problem, r, tc.problem, tc.model, tc.value, tc.of, tc.unit, tc.note)
			}
			if problem == "" || tc.key != "" {
				if r.Indicator.ID() != tc.key || r.Indicator.Name == "" {
					t.Errorf("indicator %+v, want key %q", r.Indicator, tc.key)
				}
			}
		})
	}
}

// A number the parser accepts is one the store accepts, and the same checks refuse the
// same numbers in the button flow's number field.
func TestParseIndicatorAgreesWithCheckValue(t *testing.T) {
	plan := store.DefaultPlan()
	m1, _ := plan.Model(1)
	in := m1.Indicators[0]
	for _, v := range []string{"0", "1", "52", "53", "54", "1000"} {
		r, problem, ok := ParseIndicator("MH1: "+v, &plan)
		if !ok {
			t.Fatalf("%s not read", v)
		}
		if got := store.CheckValue(in, r.Value); got != problem {
			t.Errorf("%s: parser %q, CheckValue %q", v, problem, got)
		}
	}
}

func FuzzParseIndicator(f *testing.F) {
	plan := store.DefaultPlan()
	for _, s := range []string{"MH1: 45/53", "MH1 45 DVC", "MH32 đạt 80%", "MH24 vneid 1.000/2.000", "mh1 -5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, problem, ok := ParseIndicator(s, &plan)
		if ok && problem == "" {
			if r.Value < 0 || r.Indicator.Name == "" || store.CheckValue(r.Indicator, r.Value) != "" {
				t.Errorf("%q accepted %+v", s, r)
			}
		}
	})
}
