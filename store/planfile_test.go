package store

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// validPlan is the smallest plan with every section; cases below edit one line of it.
const validPlan = `title: Test
timezone: Asia/Ho_Chi_Minh
standing_office: CA
units:
  - {code: CA, name: Công an, tags: [huyen]}
  - {code: X-A, name: UBND xã A, tags: [xa]}
models:
  - {number: 9, group: II, title: Lưu trú, lead: [CA], support: ["@xa"], due: 2024-03-31}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON"], escalate: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *"], escalate: "0 8 15 * *"}
  holidays: [2024-09-02]
`

// edit replaces the first occurrence of old in validPlan, failing loudly if absent.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(validPlan, old) {
		t.Fatalf("validPlan has no %q", old)
	}
	return strings.Replace(validPlan, old, new, 1)
}

func planProblems(t *testing.T, src string) []Problem {
	t.Helper()
	_, err := ParsePlan([]byte(src))
	if err == nil {
		return nil
	}
	var pe *PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v, want *PlanError", err, err)
	}
	return pe.Problems
}

func TestParsePlanValid(t *testing.T) {
	p, err := ParsePlan([]byte(validPlan))
	if err != nil {
		t.Fatal(err)
	}
	if p.Reporting.Weekly.Summary != DefaultWeeklySummary || p.Reporting.Monthly.Summary != DefaultMonthlySummary {
		t.Errorf("defaults not applied: %+v", p.Reporting)
	}
	if m, _ := p.Model(9); m.Due.String() != "2024-03-31" || m.Support[0] != "@xa" {
		t.Errorf("model 9: %+v", m)
	}
}

func TestParsePlanDefaults(t *testing.T) {
	src := "title: T\nunits: [{code: A, name: a}]\nmodels: [{number: 1, group: i, title: t, lead: A}]\n"
	p, err := ParsePlan([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Plan{Title: "T", Units: []Unit{{Code: "A", Name: "a"}},
		Models: []Model{{Number: 1, Group: "I", Title: "t", Lead: []string{"A"}}}}.WithDefaults()
	want.derive() // the assignments worked out once, as ParsePlan does
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
}

func TestParsePlanProblems(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		line    int
		kind    ProblemKind
		subject string
		detail  string
	}{
		{"syntax", edit(t, "units:\n", "units: [\n"), 4, ProblemSyntax, "", ""},
		{"bare @tag", edit(t, `support: ["@xa"]`, `support: [@xa]`), 8, ProblemSyntax, "", ""},
		{"missing title", edit(t, "title: Test\n", "titel: Test\n"), 1, ProblemMissing, "title", ""},
		{"empty title", edit(t, "title: Test\n", "title:\n"), 1, ProblemMissing, "title", ""},
		{"missing units", edit(t, "units:\n  - {code: CA, name: Công an, tags: [huyen]}\n  - {code: X-A, name: UBND xã A, tags: [xa]}\n", "units: []\n"),
			4, ProblemMissing, "units", ""},
		{"missing unit code", edit(t, "{code: X-A, name", "{name"), 6, ProblemMissing, "units[#2].code", ""},
		{"missing unit name", edit(t, "name: UBND xã A, ", ""), 6, ProblemMissing, "units[X-A].name", ""},
		{"bad unit code", edit(t, "code: X-A,", "code: X A,"), 6, ProblemBadCode, "units[#2].code", "X A"},
		{"bad tag", edit(t, "tags: [xa]", `tags: ["@xa"]`), 6, ProblemBadCode, "units[X-A].tags", "@xa"},
		{"duplicate unit", edit(t, "code: X-A,", "code: ca,"), 6, ProblemDuplicateUnit, "units[ca]", "ca"},
		{"missing models", strings.Replace(validPlan, "models:\n  - {number: 9, group: II, title: Lưu trú, lead: [CA], support: [\"@xa\"], due: 2024-03-31}\n", "", 1),
			1, ProblemMissing, "models", ""},
		{"missing number", edit(t, "number: 9, ", ""), 8, ProblemMissing, "models[#1].number", ""},
		{"bad number", edit(t, "number: 9,", "number: nine,"), 8, ProblemBadValue, "models[#1].number", "nine"},
		{"missing group", edit(t, "group: II, ", ""), 8, ProblemMissing, "models[9].group", ""},
		{"bad group", edit(t, "group: II,", "group: VI,"), 8, ProblemBadGroup, "models[9].group", "VI"},
		{"missing model title", edit(t, "title: Lưu trú, ", ""), 8, ProblemMissing, "models[9].title", ""},
		{"missing lead", edit(t, "lead: [CA], ", ""), 8, ProblemMissing, "models[9].lead", ""},
		{"empty lead", edit(t, "lead: [CA]", "lead: []"), 8, ProblemMissing, "models[9].lead", ""},
		{"unknown unit", edit(t, "lead: [CA]", "lead: [X-ABC]"), 8, ProblemUnknownUnit, "models[9].lead", "X-ABC"},
		{"unknown tag", edit(t, `support: ["@xa"]`, `support: ["@phuong"]`), 8, ProblemUnknownTag, "models[9].support", "@phuong"},
		{"duplicate model", edit(t, "reporting:\n", "  - {number: 9, group: I, title: t, lead: [CA]}\nreporting:\n"),
			9, ProblemDuplicateModel, "models[9]", "9"},
		{"bad due", edit(t, "due: 2024-03-31", "due: 31/3/2024"), 8, ProblemBadDate, "models[9].due", "31/3/2024"},
		{"unknown standing office", edit(t, "standing_office: CA", "standing_office: CAT"), 3, ProblemUnknownStandingOffice, "standing_office", "CAT"},
		{"bad timezone", edit(t, "Asia/Ho_Chi_Minh", "Asia/Hanoi_City"), 2, ProblemBadTimezone, "timezone", "Asia/Hanoi_City"},
		{"bad weekday", edit(t, "due: monday", "due: mondy"), 10, ProblemBadWeekday, "reporting.weekly.due", "mondy"},
		{"cron range", edit(t, `"30 7 * * MON"`, `"30 25 * * MON"`), 10, ProblemBadCron, "reporting.weekly.remind", "30 25 * * MON"},
		{"cron seconds", edit(t, `"0 8 * * TUE"`, `"0 0 8 * * TUE"`), 10, ProblemBadCron, "reporting.weekly.escalate", "0 0 8 * * TUE"},
		{"cron descriptor", edit(t, `"0 8 * * TUE"`, `"@every 30s"`), 10, ProblemBadCron, "reporting.weekly.escalate", "@every 30s"},
		{"cron both days", edit(t, `"0 8 10 * *"`, `"0 8 1-14 * MON"`), 11, ProblemCronDays, "reporting.monthly.remind", "0 8 1-14 * MON"},
		{"bad summary", edit(t, `escalate: "0 8 15 * *"`, `escalate: "0 8 15 * *", summary: daily`), 11, ProblemBadCron, "reporting.monthly.summary", "daily"},
		{"cutoff high", edit(t, "cutoff_day: 14", "cutoff_day: 31"), 11, ProblemBadCutoff, "reporting.monthly.cutoff_day", "31"},
		{"cutoff zero", edit(t, "cutoff_day: 14", "cutoff_day: 0"), 11, ProblemBadCutoff, "reporting.monthly.cutoff_day", "0"},
		{"bad holiday", edit(t, "[2024-09-02]", "[2024-09-02, 2024-02-30]"), 12, ProblemBadDate, "reporting.holidays", "2024-02-30"},
		{"duplicate key", edit(t, "timezone:", "title: Again\ntimezone:"), 2, ProblemDuplicateKey, "title", "title"},
		{"units not a list", edit(t, "units:\n", "units: CA\nunits_old:\n"), 4, ProblemBadValue, "units", ""},
		{"name is a list", edit(t, "name: Công an,", "name: [Công, an],"), 5, ProblemBadValue, "units[CA].name", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := planProblems(t, tt.src)
			if len(probs) != 1 {
				t.Fatalf("got %d problems, want 1: %v\n%s", len(probs), probs, tt.src)
			}
			p := probs[0]
			if p.Line != tt.line || p.Kind != tt.kind || p.Subject != tt.subject {
				t.Errorf("got line %d %s %q, want line %d %s %q (%v)", p.Line, p.Kind, p.Subject, tt.line, tt.kind, tt.subject, p)
			}
			if tt.detail != "" && p.Detail != tt.detail {
				t.Errorf("detail %q, want %q", p.Detail, tt.detail)
			}
		})
	}
}

func TestParsePlanSyntaxHint(t *testing.T) {
	probs := planProblems(t, edit(t, `support: ["@xa"]`, `support: [@xa]`))
	if len(probs) != 1 || probs[0].Reason != HintQuoteTag {
		t.Errorf("got %v, want the quote-tag hint", probs)
	}
}

func TestParsePlanManyProblems(t *testing.T) {
	src := `title:
timezone: Mars/Olympus
units:
  - {code: CA, name: Công an}
  - {code: CA, name: Công an 2}
  - {name: Không mã}
models:
  - {number: 1, group: VI, title: A, lead: [CB], support: ["@xa"]}
  - {number: 1, group: I, lead: [CA]}
reporting:
  weekly: {due: someday, remind: ["0 8 1 * MON"]}
  monthly: {cutoff_day: 29}
  holidays: [2024-13-01]
`
	type lk struct {
		line int
		kind ProblemKind
	}
	want := []lk{
		{1, ProblemMissing},        // title
		{2, ProblemBadTimezone},    //
		{5, ProblemDuplicateUnit},  // CA again
		{6, ProblemMissing},        // code
		{8, ProblemBadGroup},       // VI
		{8, ProblemUnknownUnit},    // CB
		{8, ProblemUnknownTag},     // @xa
		{9, ProblemDuplicateModel}, // 1 again
		{9, ProblemMissing},        // title
		{11, ProblemBadWeekday},    //
		{11, ProblemCronDays},      //
		{12, ProblemBadCutoff},     //
		{13, ProblemBadDate},       //
	}
	probs := planProblems(t, src)
	var got []lk
	for _, p := range probs {
		got = append(got, lk{p.Line, p.Kind})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	_, err := ParsePlan([]byte(src))
	if msg := err.Error(); !strings.HasPrefix(msg, "plan: 13 problems: line 1: title: missing required field; line 2: timezone: unknown timezone \"Mars/Olympus\"") {
		t.Errorf("Error() = %s", msg)
	}
}

func TestParsePlanEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "~\n"} {
		probs := planProblems(t, src)
		if len(probs) != 3 || probs[0].Kind != ProblemMissing || probs[0].Subject != "title" {
			t.Errorf("%q: %v", src, probs)
		}
	}
	probs := planProblems(t, "- a\n- b\n")
	if len(probs) != 1 || probs[0].Kind != ProblemBadValue || probs[0].Line != 1 {
		t.Errorf("list: %v", probs)
	}
}

func TestParsePlanUnknownKeysAccepted(t *testing.T) {
	src := edit(t, "title: Test\n", "title: Test\nversion: 2\nowner: {name: x}\n")
	src = strings.Replace(src, "due: 2024-03-31}", "due: 2024-03-31, note: later}", 1)
	if _, err := ParsePlan([]byte(src)); err != nil {
		t.Error(err)
	}
}

func TestParseWeekday(t *testing.T) {
	for s, want := range map[string]time.Weekday{
		"monday": time.Monday, "Mon": time.Monday, "thu2": time.Monday, "Thứ 2": time.Monday, "thứ hai": time.Monday,
		"friday": time.Friday, "thu6": time.Friday, "thứ sáu": time.Friday,
		"chunhat": time.Sunday, "Chủ nhật": time.Sunday, "thursday": time.Thursday,
	} {
		if got, ok := ParseWeekday(s); !ok || got != want {
			t.Errorf("ParseWeekday(%q) = %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "thu8", "someday"} {
		if _, ok := ParseWeekday(s); ok {
			t.Errorf("ParseWeekday(%q) ok", s)
		}
	}
	p, err := ParsePlan([]byte(edit(t, "due: monday", "due: thu2")))
	if err != nil || p.Reporting.Weekly.Due != "monday" {
		t.Errorf("thu2 → %q, %v; want monday", p.Reporting.Weekly.Due, err)
	}
}

func TestCronDayRestriction(t *testing.T) {
	for spec, want := range map[string]ProblemKind{
		"0 8 * * MON":      "",
		"0 8 15 * *":       "",
		"0 8 ? * MON":      "",
		"0 8 1-14 * MON":   ProblemCronDays,
		"0 8 1-31 * *":     "", // day-of-week is "*", so robfig ANDs
		"0 8 */2 * 1-5":    ProblemCronDays,
		"0 8 * * 1-5":      "",
		"0 8 1 * *":        "",
		"TZ=UTC 0 8 * * *": ProblemBadCron,
		"0 8 30 2 *":       ProblemBadCron, // never fires
		"@daily":           ProblemBadCron,
	} {
		var got ProblemKind
		if _, err := ParseCron(spec, time.UTC); err != nil {
			got = err.(*CronError).Kind
		}
		if got != want {
			t.Errorf("ParseCron(%q) = %q, want %q", spec, got, want)
		}
	}
}

func TestMakeUpDaysAndRemindBefore(t *testing.T) {
	p := DefaultPlan()
	if len(p.Reporting.Workdays) != 2 || p.Reporting.Workdays[0].String() != "2024-05-04" {
		t.Errorf("embedded plan's make-up days: %v", p.Reporting.Workdays)
	}
	for _, tt := range []struct {
		old, new string
		kind     ProblemKind
	}{
		{`remind: ["0 8 10 * *"]`, `remind_before: [0]`, ProblemBadRemindBefore},
		{`remind: ["0 8 10 * *"]`, `remind_before: [3, x]`, ProblemBadRemindBefore},
		{`remind: ["0 8 10 * *"]`, `remind_before: [3], remind_at: "25:00"`, ProblemBadClock},
		{"[2024-09-02]", "[2024-09-02]\n  workdays: [2024-05-4]", ProblemBadDate},
	} {
		probs := planProblems(t, edit(t, tt.old, tt.new))
		if len(probs) != 1 || probs[0].Kind != tt.kind || probs[0].Line == 0 {
			t.Errorf("%s: %v, want one %s with a line", tt.new, probs, tt.kind)
		}
	}
	q, err := ParsePlan([]byte(edit(t, `remind: ["0 8 10 * *"]`, `remind_before: [5, 2]`)))
	if err != nil || !reflect.DeepEqual(q.Reporting.Monthly.RemindBefore, []int{5, 2}) || q.Reporting.Monthly.RemindAt != "08:00" {
		t.Errorf("remind_before: %+v, %v", q.Reporting.Monthly, err)
	}
}

// TestExampleProvinceLoads: the example folder is the province and the six communes of
// the former Ngọc Lặc district, each commune with Công an xã as its standing office.
func TestExampleProvinceLoads(t *testing.T) {
	set, err := LoadPlanSet("../examples/thanhhoa-2025")
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 7 || set[0].Plan.WorkingGroup.Code != "thanhhoa" || set[0].Plan.WorkingGroup.Parent != "" {
		t.Fatalf("set of %d, first %+v", len(set), set[0].Plan.WorkingGroup)
	}
	province := set[0].Plan
	communes := map[string]bool{}
	for _, code := range province.ExpandRefs([]string{"@xa"}) {
		u, _ := province.Unit(code)
		communes[strings.TrimPrefix(u.Name, "UBND xã ")] = true
	}
	for _, f := range set[1:] {
		p, wg := f.Plan, f.Plan.WorkingGroup
		name := strings.TrimPrefix(wg.Name, "Tổ công tác Đề án 06 xã ")
		so, _ := p.Unit(p.StandingOffice)
		if wg.Parent != "thanhhoa" || !communes[name] || so.Name != "Công an xã "+name {
			t.Errorf("%s: group %+v, standing office %+v (communes of the province: %v)", f.Path, wg, so, communes)
		}
		delete(communes, name)
		if len(p.ExpandRefs([]string{"@thon"})) < 3 || len(p.ExpandRefs([]string{"@truong"})) < 3 || len(p.Models) < 15 {
			t.Errorf("%s: %d villages, %d schools, %d models", f.Path, len(p.ExpandRefs([]string{"@thon"})),
				len(p.ExpandRefs([]string{"@truong"})), len(p.Models))
		}
	}
	if len(communes) != 0 {
		t.Errorf("communes without a group: %v", communes)
	}
}

func TestExamplePlanParses(t *testing.T) {
	data, err := os.ReadFile("../examples/thanhhoa-2025/thanhhoa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.StandingOffice != "CAT" || len(p.ExpandRefs([]string{"@xa"})) != 6 {
		t.Errorf("example: standing office %q, @xa %v", p.StandingOffice, p.ExpandRefs([]string{"@xa"}))
	}
	// Decree 09/2019/NĐ-CP Art. 12: the month closes on the 14th.
	if m := p.Reporting.Monthly; m.CutoffDay != 14 || !reflect.DeepEqual(m.RemindBefore, []int{4, 1}) {
		t.Errorf("monthly %+v", m)
	}
	b, err := MarshalPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	if q, err := ParsePlan(b); err != nil || !reflect.DeepEqual(p, q) {
		t.Errorf("example round trip: %v", err)
	}
}
