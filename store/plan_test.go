package store

import (
	"reflect"
	"slices"
	"testing"
)

// Unit groups of the embedded plan, written out so the table below reads like the
// appendix.
var (
	ngoclacHuyen = []string{"CAH", "VP", "BPMC", "VHTT", "TCKH", "LDTBXH", "NOIVU", "TUPHAP",
		"GDDT", "TNMT", "TTYT", "TTVH", "BHXH", "NHCSXH"}
	ngoclacXa = []string{"TT-NGOCLAC", "X-MYTAN", "X-THUYSON", "X-QUANGTRUNG", "X-DONGTHINH",
		"X-THACHLAP", "X-NGOCLIEN", "X-NGOCSON", "X-NGOCTRUNG", "X-CAOTHINH", "X-LOCTHINH",
		"X-MINHSON", "X-CAONGOC", "X-LAMSON", "X-MINHTIEN", "X-NGUYETAN", "X-PHUNGGIAO",
		"X-VANAM", "X-KIENTHO", "X-PHUCTHINH", "X-PHUNGMINH"}
	ngoclacDVC     = []string{"CAH", "TCKH", "LDTBXH", "TUPHAP", "TNMT", "BHXH"}
	ngoclacDoanThe = []string{"MTTQ", "HUYENDOAN", "HOIPN", "HOIND", "HOICCB"}
)

// all concatenates code lists.
func all(lists ...[]string) []string { return slices.Concat(lists...) }

// except drops codes from a list.
func except(list []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(c string) bool { return slices.Contains(drop, c) })
}

func TestDefaultPlanParses(t *testing.T) {
	p, err := ParsePlan(DefaultPlanYAML())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, DefaultPlan()) {
		t.Error("DefaultPlan differs from ParsePlan(DefaultPlanYAML())")
	}
	if p.StandingOffice != "CAH" {
		t.Errorf("standing office %q, want CAH", p.StandingOffice)
	}
	if p.Timezone != "Asia/Ho_Chi_Minh" || p.Location().String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("timezone %q", p.Timezone)
	}
	r := p.Reporting
	if r.Weekly.Due != "monday" || !slices.Equal(r.Weekly.Remind, []string{"30 7 * * MON", "0 14 * * MON"}) ||
		r.Weekly.Escalate != "0 8 * * TUE" || r.Monthly.CutoffDay != 14 || r.Monthly.Escalate != "0 8 15 * *" {
		t.Errorf("reporting %+v", r)
	}
	for _, d := range []string{"2024-01-01", "2024-02-08", "2024-02-14", "2024-04-18", "2024-04-30",
		"2024-05-01", "2024-09-02", "2024-09-03", "2025-01-01", "2025-01-25", "2025-02-02",
		"2025-04-07", "2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02"} {
		if !slices.ContainsFunc(r.Holidays, func(h Date) bool { return h.String() == d }) {
			t.Errorf("holiday %s missing", d)
		}
	}
}

func TestDefaultPlanRoundTrip(t *testing.T) {
	p := DefaultPlan()
	b, err := MarshalPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParsePlan(b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip differs:\n%+v\n%+v", p, q)
	}
}

func TestDefaultPlanCommunes(t *testing.T) {
	p := DefaultPlan()
	want := map[string]string{
		"TT-NGOCLAC": "UBND thị trấn Ngọc Lặc", "X-MYTAN": "UBND xã Mỹ Tân", "X-THUYSON": "UBND xã Thúy Sơn",
		"X-QUANGTRUNG": "UBND xã Quang Trung", "X-DONGTHINH": "UBND xã Đồng Thịnh",
		"X-THACHLAP": "UBND xã Thạch Lập", "X-NGOCLIEN": "UBND xã Ngọc Liên", "X-NGOCSON": "UBND xã Ngọc Sơn",
		"X-NGOCTRUNG": "UBND xã Ngọc Trung", "X-CAOTHINH": "UBND xã Cao Thịnh", "X-LOCTHINH": "UBND xã Lộc Thịnh",
		"X-MINHSON": "UBND xã Minh Sơn", "X-CAONGOC": "UBND xã Cao Ngọc", "X-LAMSON": "UBND xã Lam Sơn",
		"X-MINHTIEN": "UBND xã Minh Tiến", "X-NGUYETAN": "UBND xã Nguyệt Ấn", "X-PHUNGGIAO": "UBND xã Phùng Giáo",
		"X-VANAM": "UBND xã Vân Am", "X-KIENTHO": "UBND xã Kiên Thọ", "X-PHUCTHINH": "UBND xã Phúc Thịnh",
		"X-PHUNGMINH": "UBND xã Phùng Minh",
	}
	got := map[string]string{}
	for _, u := range p.Units {
		if slices.Contains(u.Tags, "xa") {
			got[u.Code] = u.Name
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units tagged xa:\n got %v\nwant %v", got, want)
	}
	if x := p.ExpandRefs([]string{"@xa"}); !slices.Equal(x, ngoclacXa) {
		t.Errorf("@xa = %v", x)
	}
	for tag, want := range map[string][]string{"@huyen": ngoclacHuyen, "@dvc": ngoclacDVC, "@doanthe": ngoclacDoanThe} {
		if got := p.ExpandRefs([]string{tag}); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", tag, got, want)
		}
	}
}

// TestDefaultPlanAssignments checks each model against the appendix, after tags are
// expanded and a unit named by code keeps the role it is named in.
func TestDefaultPlanAssignments(t *testing.T) {
	huyen, xa := ngoclacHuyen, ngoclacXa
	type row struct {
		group         string
		lead, support []string
	}
	want := map[int]row{
		// I
		1: {"I", all(ngoclacDVC, xa), []string{"BPMC", "VP", "VHTT"}},
		3: {"I", all(except(huyen, "VHTT", "BPMC"), xa), []string{"VHTT", "BPMC"}},
		5: {"I", all(except(huyen, "CAH"), xa), []string{"CAH"}},
		// II
		6:  {"II", []string{"TTYT", "BVDK"}, []string{"BHXH", "VP", "VHTT"}},
		9:  {"II", []string{"CAH"}, []string{"VHTT"}},
		11: {"II", []string{"TTYT", "BVDK"}, []string{"CAH", "VP"}},
		18: {"II", []string{"CAH"}, []string{"VHTT", "TCKH"}},
		20: {"II", []string{"NHNN", "NHCSXH"}, all([]string{"LDTBXH", "CAH", "VP"}, xa)},
		// III
		24: {"III", []string{"CAH", "VHTT"}, all([]string{"VP"}, xa)},
		25: {"III", []string{"VHTT"}, except(huyen, "VHTT")},
		26: {"III", []string{"VHTT"}, []string{"VP"}},
		27: {"III", []string{"VHTT"}, all(except(huyen, "VHTT"), xa)},
		28: {"III", []string{"VHTT"}, all(except(huyen, "VHTT"), xa)},
		29: {"III", []string{"NOIVU"}, all(except(huyen, "NOIVU"), xa)},
		30: {"III", []string{"CAH"}, all([]string{"VHTT", "VP"}, xa)},
		31: {"III", []string{"TUPHAP"}, all(except(huyen, "TUPHAP"), xa)},
		32: {"III", []string{"GDDT"}, []string{"VHTT"}},
		34: {"III", []string{"LDTBXH"}, all([]string{"VP", "TTYT"}, xa)},
		// IV
		35: {"IV", []string{"TNMT"}, xa},
		36: {"IV", all(except(huyen, "CAH"), ngoclacDoanThe), all([]string{"CAH"}, xa)},
		37: {"IV", []string{"LDTBXH"}, all([]string{"VP", "NHCSXH"}, xa)},
		// V
		44: {"V", []string{"NOIVU"}, all(except(huyen, "NOIVU"), xa)},
	}

	p := DefaultPlan()
	var numbers []int
	for _, m := range p.Models {
		numbers = append(numbers, m.Number)
	}
	wantNumbers := []int{1, 3, 5, 6, 9, 11, 18, 20, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 44}
	if !slices.Equal(numbers, wantNumbers) {
		t.Fatalf("model numbers %v, want %v", numbers, wantNumbers)
	}

	got := map[int]*row{}
	for _, m := range p.Models {
		got[m.Number] = &row{group: m.Group}
	}
	for _, a := range p.Assignments() {
		r := got[a.Model]
		if a.Role == RoleLead {
			r.lead = append(r.lead, a.Unit)
		} else {
			r.support = append(r.support, a.Unit)
		}
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	for n, w := range want {
		g := got[n]
		if g.group != w.group {
			t.Errorf("model %d: group %s, want %s", n, g.group, w.group)
		}
		if !slices.Equal(sorted(g.lead), sorted(w.lead)) {
			t.Errorf("model %d: lead\n got %v\nwant %v", n, sorted(g.lead), sorted(w.lead))
		}
		if !slices.Equal(sorted(g.support), sorted(w.support)) {
			t.Errorf("model %d: support\n got %v\nwant %v", n, sorted(g.support), sorted(w.support))
		}
	}
}

func TestDefaultPlanDeadlines(t *testing.T) {
	p := DefaultPlan()
	want := map[int]string{3: "2024-09-30", 9: "2024-03-31", 11: "2024-03-31", 18: "2024-03-31",
		25: "2024-03-31", 26: "2024-03-31", 37: "2024-06-30"}
	for _, m := range p.Models {
		if m.Due.String() != want[m.Number] {
			t.Errorf("model %d (%q): due %q, want %q", m.Number, m.Deadline, m.Due, want[m.Number])
		}
		if m.Deadline == "" || m.Platforms == "" || m.Title == "" {
			t.Errorf("model %d: empty deadline, platforms or title", m.Number)
		}
	}
}

func TestAssignmentsNamedBeatsTagged(t *testing.T) {
	p := Plan{
		Units: []Unit{{Code: "A", Tags: []string{"t"}}, {Code: "B", Tags: []string{"t"}}},
		Models: []Model{
			{Number: 1, Lead: []string{"@t"}, Support: []string{"A"}},      // A named as support
			{Number: 2, Lead: []string{"A"}, Support: []string{"@t"}},      // A named as lead
			{Number: 3, Lead: []string{"@t", "A"}, Support: []string{"A"}}, // named in both: lead
		},
	}
	want := []Assignment{
		{1, "B", RoleLead}, {1, "A", RoleSupport},
		{2, "A", RoleLead}, {2, "B", RoleSupport},
		{3, "A", RoleLead}, {3, "B", RoleLead},
	}
	if got := p.Assignments(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
