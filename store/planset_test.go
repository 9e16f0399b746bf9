package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// groupPlan is validPlan for the group code under parent ("" for a root).
func groupPlan(code, parent string) string {
	wg := "working_group: {code: " + code + ", name: Tổ " + code
	if parent != "" {
		wg += ", parent: " + parent
	}
	return wg + "}\n" + validPlan
}

func TestWorkingGroupSection(t *testing.T) {
	src := "working_group:\n  code: ngoclac\n  name: Tổ công tác Đề án 06 xã Ngọc Lặc\n  parent: thanhhoa\n  admins: [111, 222]\n" + validPlan
	p, err := ParsePlan([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := WorkingGroup{Code: "ngoclac", Name: "Tổ công tác Đề án 06 xã Ngọc Lặc", Parent: "thanhhoa", Admins: []int64{111, 222}}
	if !reflect.DeepEqual(p.WorkingGroup, want) || !reflect.DeepEqual(p.GroupOrDefault(), want) {
		t.Errorf("working group %+v, want %+v", p.WorkingGroup, want)
	}
	b, err := MarshalPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	if q, err := ParsePlan(b); err != nil || !reflect.DeepEqual(p, q) {
		t.Errorf("round trip: %v\n%s", err, b)
	}

	// Without the section: the group "default", named after the title; export adds nothing.
	p, err = ParsePlan([]byte(validPlan))
	if err != nil {
		t.Fatal(err)
	}
	if g := p.GroupOrDefault(); g.Code != DefaultGroupCode || g.Name != "Test" || p.WorkingGroup.Code != "" {
		t.Errorf("default group %+v (section %+v)", g, p.WorkingGroup)
	}
	if b, _ := MarshalPlan(p); strings.Contains(string(b), "working_group") {
		t.Errorf("a plan without working_group exported with one:\n%s", b)
	}
}

func TestWorkingGroupProblems(t *testing.T) {
	wg := func(s string) string { return "working_group:\n" + s + validPlan }
	tests := []struct {
		name    string
		src     string
		line    int
		kind    ProblemKind
		subject string
		detail  string
		reason  string
	}{
		{"missing code", wg("  name: Tổ\n"), 2, ProblemMissing, "working_group.code", "", ""},
		{"empty section", "working_group:\n" + validPlan, 1, ProblemMissing, "working_group.code", "", ""},
		{"missing name", wg("  code: ngoclac\n"), 2, ProblemMissing, "working_group.name", "", ""},
		{"upper-case code", wg("  code: NgocLac\n  name: Tổ\n"), 2, ProblemBadCode, "working_group.code", "NgocLac", ReasonGroupCodeChars},
		{"code with a space", wg("  code: ngoc lac\n  name: Tổ\n"), 2, ProblemBadCode, "working_group.code", "ngoc lac", ReasonGroupCodeChars},
		{"code with diacritics", wg("  code: ngọclạc\n  name: Tổ\n"), 2, ProblemBadCode, "working_group.code", "ngọclạc", ReasonGroupCodeChars},
		{"one-letter code", wg("  code: n\n  name: Tổ\n"), 2, ProblemBadCode, "working_group.code", "n", ReasonGroupCodeChars},
		{"33-letter code", wg("  code: " + strings.Repeat("a", 33) + "\n  name: Tổ\n"), 2, ProblemBadCode, "working_group.code", strings.Repeat("a", 33), ReasonGroupCodeChars},
		{"bad parent", wg("  code: ngoclac\n  name: Tổ\n  parent: Thanh Hoa\n"), 4, ProblemBadCode, "working_group.parent", "Thanh Hoa", ReasonGroupCodeChars},
		{"own parent", wg("  code: ngoclac\n  name: Tổ\n  parent: ngoclac\n"), 4, ProblemGroupCycle, "working_group.parent", "ngoclac", ""},
		{"admin not a number", wg("  code: ngoclac\n  name: Tổ\n  admins: [111, abc]\n"), 4, ProblemBadValue, "working_group.admins", "abc", ReasonWantNumber},
		{"admin zero", wg("  code: ngoclac\n  name: Tổ\n  admins: [0]\n"), 4, ProblemBadValue, "working_group.admins", "0", ReasonWantNumber},
		{"admin negative", wg("  code: ngoclac\n  name: Tổ\n  admins: -5\n"), 4, ProblemBadValue, "working_group.admins", "-5", ReasonWantNumber},
		{"section is a list", "working_group: [ngoclac]\n" + validPlan, 1, ProblemBadValue, "working_group", "", ReasonWantMapping},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := planProblems(t, tt.src)
			if len(probs) != 1 {
				t.Fatalf("got %d problems, want 1: %v\n%s", len(probs), probs, tt.src)
			}
			p := probs[0]
			if p.Line != tt.line || p.Kind != tt.kind || p.Subject != tt.subject || p.Detail != tt.detail || p.Reason != tt.reason {
				t.Errorf("got %+v, want line %d %s %q %q %q", p, tt.line, tt.kind, tt.subject, tt.detail, tt.reason)
			}
		})
	}
}

func setProblems(t *testing.T, files map[string]string) []Problem {
	t.Helper()
	in := map[string][]byte{}
	for k, v := range files {
		in[k] = []byte(v)
	}
	_, err := ParsePlanSet(in)
	var pe *PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v, want *PlanError", err, err)
	}
	return pe.Problems
}

func TestPlanSetProblems(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		want     Problem
		problems int // problems expected in all (1 unless said)
	}{
		{"duplicate code", map[string]string{"a.yaml": groupPlan("tinh", ""), "b.yaml": groupPlan("tinh", "")},
			Problem{File: "b.yaml", Line: 1, Kind: ProblemDuplicateGroup, Subject: "working_group.code", Detail: "tinh", PrevFile: "a.yaml", PrevLine: 1}, 1},
		{"unknown parent", map[string]string{"tinh.yaml": groupPlan("tinh", ""), "xa.yaml": groupPlan("xa", "tinhh")},
			Problem{File: "xa.yaml", Line: 1, Kind: ProblemUnknownGroup, Subject: "working_group.parent", Detail: "tinhh"}, 1},
		{"cycle of two", map[string]string{"a.yaml": groupPlan("aa", "bb"), "b.yaml": groupPlan("bb", "aa")},
			Problem{File: "a.yaml", Line: 1, Kind: ProblemGroupCycle, Subject: "working_group.parent", Detail: "aa → bb → aa"}, 1},
		{"cycle of three under a root", map[string]string{"r.yaml": groupPlan("rr", ""), "c.yaml": groupPlan("cc", "dd"),
			"d.yaml": groupPlan("dd", "ee"), "e.yaml": groupPlan("ee", "cc"), "x.yaml": groupPlan("xx", "cc")},
			Problem{File: "c.yaml", Line: 1, Kind: ProblemGroupCycle, Subject: "working_group.parent", Detail: "cc → dd → ee → cc"}, 1},
		{"file without working_group", map[string]string{"tinh.yaml": groupPlan("tinh", ""), "xa.yaml": validPlan},
			Problem{File: "xa.yaml", Kind: ProblemMissing, Subject: "working_group", Reason: ReasonGroupInFolder}, 1},
		{"a file's own problem names it", map[string]string{"tinh.yaml": groupPlan("tinh", ""), "xa.yaml": strings.Replace(groupPlan("xa", "tinh"), "cutoff_day: 14", "cutoff_day: 31", 1)},
			Problem{File: "xa.yaml", Line: 12, Kind: ProblemBadCutoff, Subject: "reporting.monthly.cutoff_day", Detail: "31"}, 1},
		{"empty set", map[string]string{}, Problem{Kind: ProblemNoPlans}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := setProblems(t, tt.files)
			if len(probs) != tt.problems {
				t.Fatalf("got %d problems, want %d: %v", len(probs), tt.problems, probs)
			}
			if !reflect.DeepEqual(probs[0], tt.want) {
				t.Errorf("got  %+v\nwant %+v", probs[0], tt.want)
			}
		})
	}
}

func TestPlanSetOrderAndDefault(t *testing.T) {
	set, err := ParsePlanSet(map[string][]byte{
		"1.yaml": []byte(groupPlan("xb", "tinh")), "2.yaml": []byte(groupPlan("tinh", "")),
		"3.yaml": []byte(groupPlan("thon", "xa")), "4.yaml": []byte(groupPlan("xa", "tinh")),
		"5.yaml": []byte(groupPlan("khac", "")),
	})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range set {
		codes = append(codes, f.Plan.WorkingGroup.Code)
	}
	if want := []string{"khac", "tinh", "xa", "xb", "thon"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("order %v, want %v", codes, want)
	}

	// One file: working_group optional (the default group), and its parent may be a group
	// that only the database knows.
	set, err = ParsePlanSet(map[string][]byte{"plan.yaml": []byte(validPlan)})
	if err != nil || len(set) != 1 || !reflect.DeepEqual(set[0].Plan.WorkingGroup, WorkingGroup{Code: DefaultGroupCode, Name: "Test"}) || string(set[0].YAML) != validPlan {
		t.Fatalf("single file: %v %+v", err, set)
	}
	if _, err := ParsePlanSet(map[string][]byte{"xa.yaml": []byte(groupPlan("xa", "tinh"))}); err != nil {
		t.Errorf("a single commune file: %v", err)
	}
}

func TestLoadPlanSet(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var pe *PlanError
	if _, err := LoadPlanSet(dir); !errors.As(err, &pe) || pe.Problems[0].Kind != ProblemNoPlans || pe.Problems[0].File != dir {
		t.Fatalf("empty folder: %v", err)
	}
	write("README.txt", "not a plan")
	alone := write("xa.yaml", validPlan)
	// A file alone is the default group; in a folder the same file must name its group.
	if set, err := LoadPlanSet(alone); err != nil || set[0].Plan.WorkingGroup.Code != DefaultGroupCode || set[0].Path != alone {
		t.Fatalf("single file: %v %+v", err, set)
	}
	if _, err := LoadPlanSet(dir); !errors.As(err, &pe) || pe.Problems[0].Kind != ProblemMissing || pe.Problems[0].File != alone {
		t.Fatalf("folder of one file without working_group: %v", err)
	}
	write("xa.yaml", groupPlan("xa", "tinh"))
	write("tinh.yaml", groupPlan("tinh", ""))
	set, err := LoadPlanSet(dir)
	if err != nil || len(set) != 2 || set[0].Path != filepath.Join(dir, "tinh.yaml") || set[1].Plan.WorkingGroup.Parent != "tinh" {
		t.Fatalf("folder: %v %+v", err, set)
	}
	if _, err := LoadPlanSet(filepath.Join(dir, "missing")); err == nil || errors.As(err, &pe) {
		t.Errorf("missing path: %v", err)
	}
}

func TestWithWorkingGroup(t *testing.T) {
	wg := WorkingGroup{Code: DefaultGroupCode, Name: "Tổ: Ngọc Lặc", Parent: "thanhhoa", Admins: []int64{7}}
	got, err := WithWorkingGroup([]byte("# comment kept\n"+validPlan), wg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePlan(got)
	if err != nil || !reflect.DeepEqual(p.WorkingGroup, wg) || !strings.Contains(string(got), "# comment kept\ntitle: Test") {
		t.Errorf("%v %+v\n%s", err, p.WorkingGroup, got)
	}
	named := []byte(groupPlan("xa", "tinh"))
	if again, err := WithWorkingGroup(named, wg); err != nil || string(again) != string(named) {
		t.Errorf("a plan that names its group changed: %v\n%s", err, again)
	}
}
