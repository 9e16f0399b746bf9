package parse

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

const (
	D = store.StatusDone
	P = store.StatusInProgress
	N = store.StatusNotStarted
	B = store.StatusBlocked
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Hoàn Thành", "hoan thanh"},
		{"ĐANG TRIỂN KHAI", "dang trien khai"},
		{"Vướng mắc", "vuong mac"},
		{"Ho\u0061\u0300n tha\u0300nh", "hoan thanh"},            // combining grave
		{"Vu\u031bo\u031b\u0301ng ma\u0306\u0301c", "vuong mac"}, // fully decomposed
		{"ă â ê ô ơ ư đ Đ", "a a e o o u d d"},
		{"ỳ ỹ ỵ Ỷ Ý", "y y y y y"},
		{"  a \t\u00a0 b\n", "a b"},
		{"a\u200bb", "ab"}, // zero-width space dropped
		{"MH9: 70% <b>", "mh9: 70% <b>"},
		{"\xffx", "\ufffdx"},
		{"", ""},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// lineCase is a one-line message: kind 0 means one Entry is expected,
// otherwise one Problem of that kind for model.
type lineCase struct {
	in    string
	model int
	st    store.Status
	pct   int
	note  string
	kind  ProblemKind
}

var lineCases = []lineCase{
	// The brief's examples.
	{"MH9: hoàn thành", 9, D, -1, "", 0},
	{"mh18 vuong mac - chua co camera AI o nga tu", 18, B, -1, "chua co camera AI o nga tu", 0},
	{"6 dang trien khai 70% da lap 3/5 dau doc", 6, P, 70, "da lap 3/5 dau doc", 0},
	{"Mô hình 24: Đang thực hiện 45%, còn 2 thôn", 24, P, 45, "còn 2 thôn", 0},
	{"#30 xong", 30, D, -1, "", 0},
	{"M31 - vm: thiếu kinh phí", 31, B, -1, "thiếu kinh phí", 0},
	{"9. ht", 9, D, -1, "", 0},
	{"MH 5 ctk", 5, N, -1, "", 0},
	{"mh9 hoan thah", 9, "", 0, "hoàn thành", Suggestion},
	{"MH19", 19, "", 0, "", NoStatus},
	{"MH19 xong", 19, D, -1, "", 0},
	{"MH0", 0, "", 0, "", BadModelNumber},
	{"MH0 xong", 0, "", 0, "", BadModelNumber},
	{"MH-3", 0, "", 0, "", BadModelNumber},
	{"MH-3 xong", 0, "", 0, "", BadModelNumber},
	{"MH 99999 xong", 0, "", 0, "", BadModelNumber},
	{"MH9 150%", 9, "", 0, "", BadPercent},
	{"hoàn thành", 0, "", 0, "", NoModel},
	{"MH9: xong 🎉", 9, D, -1, "🎉", 0},
	{"MH9: xong - đã bàn giao <b>x</b> & <i>", 9, D, -1, "đã bàn giao <b>x</b> & <i>", 0},
	{"MH9 done", 9, "", 0, "", NoStatus},
	{"MH9 finished, thanks", 9, "", 0, "", NoStatus},

	// Every vocabulary form, with and without accents, any case.
	{"MH1 hoan thanh", 1, D, -1, "", 0},
	{"MH1 HOÀN THÀNH", 1, D, -1, "", 0},
	{"MH1 Hoàn Thành.", 1, D, -1, "", 0},
	{"MH1 xong", 1, D, -1, "", 0},
	{"MH1 XONG!", 1, D, -1, "", 0},
	{"MH1 HT", 1, D, -1, "", 0},
	{"MH1 đã xong", 1, D, -1, "", 0},
	{"MH1 da xong roi", 1, D, -1, "", 0},
	{"MH1 đã hoàn thành", 1, D, -1, "", 0},
	{"MH1 da hoan thanh 100%", 1, D, 100, "", 0},
	{"MH1 100%", 1, D, 100, "", 0},
	{"MH1 hoanthanh", 1, D, -1, "", 0},
	{"MH2 đang triển khai", 2, P, -1, "", 0},
	{"MH2 dang trien khai", 2, P, -1, "", 0},
	{"MH2 Dang lam", 2, P, -1, "", 0},
	{"MH2 đang làm: lắp camera", 2, P, -1, "lắp camera", 0},
	{"MH2 đang thực hiện", 2, P, -1, "", 0},
	{"MH2 dang thuc hien 10%", 2, P, 10, "", 0},
	{"MH2 dtk", 2, P, -1, "", 0},
	{"MH2 ĐTK 30%", 2, P, 30, "", 0},
	{"MH2 70%", 2, P, 70, "", 0},
	{"MH2 1%", 2, P, 1, "", 0},
	{"MH2 99 %", 2, P, 99, "", 0},
	{"MH2: 70% đang làm - đã lắp", 2, P, 70, "đã lắp", 0},
	{"MH3 chưa triển khai", 3, N, -1, "", 0},
	{"MH3 chua trien khai", 3, N, -1, "", 0},
	{"MH3 chua", 3, N, -1, "", 0},
	{"MH3 Chưa.", 3, N, -1, "", 0},
	{"MH3 chưa - chờ kinh phí", 3, N, -1, "chờ kinh phí", 0},
	{"MH3 ctk", 3, N, -1, "", 0},
	{"MH3 chưa làm", 3, N, -1, "", 0},
	{"MH3 0%", 3, N, 0, "", 0},
	{"MH3 chua 0%", 3, N, 0, "", 0},
	{"MH4 vướng mắc", 4, "", 0, "", NeedsNote},
	{"MH4 vuong mac", 4, "", 0, "", NeedsNote},
	{"MH4 vuong", 4, "", 0, "", NeedsNote},
	{"MH4 vướng", 4, "", 0, "", NeedsNote},
	{"MH4 vướng mặt bằng", 4, B, -1, "mặt bằng", 0},
	{"MH4 khó khăn", 4, "", 0, "", NeedsNote},
	{"MH4 kho khan: thieu nguoi", 4, B, -1, "thieu nguoi", 0},
	{"MH4 VM", 4, "", 0, "", NeedsNote},
	{"MH4 kk 40%", 4, "", 0, "", NeedsNote},
	{"MH4 kk 40%: thiếu vốn", 4, B, 40, "thiếu vốn", 0},
	{"MH4 vướng mắc 0%", 4, "", 0, "", NeedsNote},
	{"MH4 tạm dừng", 4, B, -1, "tạm dừng", 0},
	{"MH4 tam dung - cho kinh phi", 4, B, -1, "tam dung: cho kinh phi", 0},

	// Model reference forms.
	{"mh 9 xong", 9, D, -1, "", 0},
	{"MH09: xong", 9, D, -1, "", 0},
	{"Mô hình 9 - xong", 9, D, -1, "", 0},
	{"mo hinh 9) xong", 9, D, -1, "", 0},
	{"Mô hình số 9: xong", 9, D, -1, "", 0},
	{"M9 xong", 9, D, -1, "", 0},
	{"m 9 xong", 9, D, -1, "", 0},
	{"# 9 xong", 9, D, -1, "", 0},
	{"9 xong", 9, D, -1, "", 0},
	{"9) xong", 9, D, -1, "", 0},
	{"9 - xong", 9, D, -1, "", 0},
	{"MH9:70%", 9, P, 70, "", 0},
	{"  MH9   :   xong   ", 9, D, -1, "", 0},
	{"- MH9: xong", 9, D, -1, "", 0},
	{"• MH 10 đtk", 10, P, -1, "", 0},
	{"1. MH9: xong", 9, D, -1, "", 0},
	{"MH999 xong", 999, D, -1, "", 0},
	{"MH1000 xong", 0, "", 0, "", BadModelNumber},
	{"MH9.5 xong", 0, "", 0, "", BadModelNumber},
	{"MH9,10 xong", 0, "", 0, "", BadModelNumber},
	{"MH9a xong", 0, "", 0, "", BadModelNumber},
	{"MH abc xong", 0, "", 0, "", BadModelNumber},
	{"mô hình: xong", 0, "", 0, "", BadModelNumber},
	{"MH９ xong", 0, "", 0, "", BadModelNumber},
	{"mhx xong", 0, "", 0, "", NoModel},
	{"✅ MH9 xong", 9, D, -1, "", 0},
	{"70% xong", 0, "", 0, "", NoModel},
	{"15/10 họp giao ban", 0, "", 0, "", NoModel},
	{"9:30 họp", 0, "", 0, "", NoModel},
	{"2h chiều họp", 0, "", 0, "", NoModel},

	// Conservative: refuse rather than guess.
	{"MH9 chưa có kinh phí", 9, "", 0, "", NoStatus}, // "no funding yet", not "not started"
	{"MH9 chưa hoàn thành", 9, "", 0, "", NoStatus},
	{"MH9 chua xong", 9, "", 0, "", NoStatus},
	{"MH9 chuan bi", 9, "", 0, "", NoStatus},
	{"MH9 vuong mat bang", 9, "", 0, "vướng mắc", Suggestion}, // could be the name Vương: asked
	{"MH9 Vương: đang làm", 9, "", 0, "", NoStatus},
	{"MH9 dáng lam", 9, "", 0, "đang làm", Suggestion},
	{"MH9 htx đã thành lập", 9, "", 0, "", NoStatus},
	{"MH9 xongg", 9, "", 0, "xong", Suggestion},
	{"MH9 ok", 9, "", 0, "", NoStatus},
	{"MH9 dang", 9, "", 0, "", NoStatus},
	{"MH9 70", 9, "", 0, "", NoStatus},
	{"MH9 khoảng 70%", 9, "", 0, "", NoStatus},
	{"MH9 giữ nguyên", 9, "", 0, "", NoStatus},
	{"MH9 ✅", 9, D, -1, "", 0},
	{"MH9 xong - phối hợp với MH10", 9, "", 0, "", MultipleModels},
	{"MH9 xong, 2 thôn", 9, D, -1, "2 thôn", 0},
	{"MH9 -5%", 9, "", 0, "", BadPercent},
	{"MH9 70.5%", 9, "", 0, "", BadPercent},
	{"MH9 70,5%", 9, "", 0, "", BadPercent},
	{"MH9 dtk 1000%", 9, "", 0, "", BadPercent},
	{"MH9 99999999999999999999999%", 9, "", 0, "", BadPercent},
	{"mh 9 hoàn thành 40%", 9, "", 0, "", Contradiction},
	{"MH9 chưa triển khai 50%", 9, "", 0, "", Contradiction},
	{"MH9 dang trien khai 100%", 9, "", 0, "", Contradiction},
	{"MH9 dtk 0%", 9, "", 0, "", Contradiction},
	{"MH9 70% xong", 9, "", 0, "", Contradiction},

	// Notes keep their text; only the leading separators go.
	{"MH6 dtk 70% – đã lắp 3/5 đầu đọc", 6, P, 70, "đã lắp 3/5 đầu đọc", 0},
	{"MH6 xong – 70% kinh phí đã giải ngân", 6, D, -1, "70% kinh phí đã giải ngân", 0},
	{"MH6 xong (đã nghiệm thu)", 6, D, -1, "(đã nghiệm thu)", 0},
	{"MH6 xong:::  --  Đã Nghiệm Thu. ", 6, D, -1, "Đã Nghiệm Thu.", 0},
	{"MH6 vm: thiếu kinh phí; chờ UBND tỉnh", 6, B, -1, "thiếu kinh phí; chờ UBND tỉnh", 0},
	{"MH6 xong\tghi chú", 6, D, -1, "ghi chú", 0},
	{"MH6 xong " + strings.Repeat("é", store.MaxNoteRunes), 6, D, -1, strings.Repeat("é", store.MaxNoteRunes), 0},
	{"MH6 xong " + strings.Repeat("é", store.MaxNoteRunes+1), 6, "", 0, "", NoteTooLong},
	{"MH6 xong \xff", 6, D, -1, "\ufffd", 0},
}

func TestParseLines(t *testing.T) {
	if len(lineCases) < 80 {
		t.Fatalf("only %d cases", len(lineCases))
	}
	for _, c := range lineCases {
		got := legacy(Parse(c.in))
		raw := strings.ToValidUTF8(c.in, "\ufffd")
		var want Result
		if c.kind == 0 {
			want.Entries = []Entry{{Line: 1, Model: c.model, Status: c.st, Percent: c.pct, Note: c.note, Raw: raw}}
		} else {
			// For a Suggestion, note holds the phrase suggested.
			want.Problems = []Problem{{Line: 1, Kind: c.kind, Raw: raw, Model: c.model, Suggestion: c.note}}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, show(got), show(want))
		}
	}
}

// legacy keeps the fields callers read before Lines and Period existed.
func legacy(r Result) Result {
	r.Lines, r.Period = nil, Period{}
	return r
}

func show(r Result) string {
	var b strings.Builder
	if r.All != nil {
		fmt.Fprintf(&b, "All%+v ", *r.All)
	}
	if r.KeepPrevious {
		b.WriteString("Keep ")
	}
	for _, e := range r.Entries {
		fmt.Fprintf(&b, "E{L%d MH%d %s %d %q} ", e.Line, e.Model, e.Status, e.Percent, e.Note)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "P{L%d %s MH%d} ", p.Line, p.Kind, p.Model)
	}
	return b.String()
}

func TestParseMessages(t *testing.T) {
	e := func(line, model int, st store.Status, pct int, note, raw string) Entry {
		return Entry{Line: line, Model: model, Status: st, Percent: pct, Note: note, Raw: raw}
	}
	p := func(line int, k ProblemKind, model int, raw string) Problem {
		return Problem{Line: line, Kind: k, Raw: raw, Model: model}
	}
	for _, c := range []struct {
		name string
		in   string
		want Result
	}{
		{"empty", "", Result{}},
		{"blank lines", " \n\t\r\n\u200b\n", Result{}},
		{"chit-chat", "cảm ơn", Result{}},
		{"mixed", "MH9: hoàn thành\nmh18 vuong mac - chua co camera\nMH0 xong", Result{
			Entries:  []Entry{e(1, 9, D, -1, "", "MH9: hoàn thành"), e(2, 18, B, -1, "chua co camera", "mh18 vuong mac - chua co camera")},
			Problems: []Problem{p(3, BadModelNumber, 0, "MH0 xong")},
		}},
		{"crlf and header", "Dạ em báo cáo:\r\n\r\nMH1 xong\r\nMH2 ctk\r\n", Result{
			Entries: []Entry{e(3, 1, D, -1, "", "MH1 xong"), e(4, 2, N, -1, "", "MH2 ctk")},
		}},
		{"lone cr", "MH1 xong\rMH2 ctk", Result{
			Entries: []Entry{e(1, 1, D, -1, "", "MH1 xong"), e(2, 2, N, -1, "", "MH2 ctk")},
		}},
		{"all then override", "Tất cả: đang triển khai 50%\nMH9 xong", Result{
			All:     &AllShortcut{Line: 1, Status: P, Percent: 50},
			Entries: []Entry{e(2, 9, D, -1, "", "MH9 xong")},
		}},
		{"override before all", "MH9 vm: thiếu vốn\ntat ca dtk", Result{
			All:     &AllShortcut{Line: 2, Status: P, Percent: -1},
			Entries: []Entry{e(1, 9, B, -1, "thiếu vốn", "MH9 vm: thiếu vốn")},
		}},
		{"all with note", "toàn bộ mô hình: chưa triển khai - chờ vốn", Result{
			All: &AllShortcut{Line: 1, Status: N, Percent: -1, Note: "chờ vốn"},
		}},
		{"remaining", "MH1 xong\nCác mô hình còn lại đều chưa triển khai", Result{
			All:     &AllShortcut{Line: 2, Status: N, Percent: -1},
			Entries: []Entry{e(1, 1, D, -1, "", "MH1 xong")},
		}},
		{"all unreadable", "tat ca ok", Result{Problems: []Problem{p(1, NoStatus, 0, "tat ca ok")}}},
		{"two all lines", "tất cả dtk\ntat ca xong", Result{
			All:      &AllShortcut{Line: 2, Status: D, Percent: -1},
			Problems: []Problem{p(1, DuplicateModel, 0, "tất cả dtk")},
		}},
		{"keep", "Giữ nguyên như tuần trước ạ", Result{KeepPrevious: true}},
		{"keep variants", "giu nguyen\nnhu tuan truoc\nKhông thay đổi\nvẫn như cũ nhé", Result{KeepPrevious: true}},
		{"keep plus override", "giữ nguyên\nMH3: vướng mắc – chưa có mặt bằng", Result{
			KeepPrevious: true,
			Entries:      []Entry{e(2, 3, B, -1, "chưa có mặt bằng", "MH3: vướng mắc – chưa có mặt bằng")},
		}},
		{"not keep", "không thay đổi được tiến độ vì mưa", Result{
			Problems: []Problem{p(1, NoModel, 0, "không thay đổi được tiến độ vì mưa")},
		}},
		{"duplicate", "MH9 xong\nMH10 dtk\nmh 9 vm: thiếu vốn", Result{
			Entries:  []Entry{e(2, 10, P, -1, "", "MH10 dtk"), e(3, 9, B, -1, "thiếu vốn", "mh 9 vm: thiếu vốn")},
			Problems: []Problem{p(1, DuplicateModel, 9, "MH9 xong")},
		}},
		{"duplicate, last unreadable", "MH9 xong\nMH9 hoan thah", Result{
			Problems: []Problem{p(1, DuplicateModel, 9, "MH9 xong"), {Line: 2, Kind: Suggestion, Raw: "MH9 hoan thah", Model: 9, Suggestion: "hoàn thành"}},
		}},
		{"duplicate, first unreadable", "MH9 hoan thah\nMH9 xong", Result{
			Entries:  []Entry{e(2, 9, D, -1, "", "MH9 xong")},
			Problems: []Problem{p(1, DuplicateModel, 9, "MH9 hoan thah")},
		}},
	} {
		if got := legacy(Parse(c.in)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Parse(%q)\n got %s\nwant %s", c.name, c.in, show(got), show(c.want))
		}
	}
}

func TestTooManyLines(t *testing.T) {
	var b strings.Builder
	for m := 1; m <= MaxLines+5; m++ {
		fmt.Fprintf(&b, "MH%d xong\n\n", m)
	}
	r := Parse(b.String())
	if len(r.Entries) != MaxLines {
		t.Fatalf("%d entries, want %d", len(r.Entries), MaxLines)
	}
	want := []Problem{{Line: 2*MaxLines + 1, Kind: TooManyLines, Raw: fmt.Sprintf("MH%d xong", MaxLines+1)}}
	if !reflect.DeepEqual(r.Problems, want) {
		t.Fatalf("problems %+v, want %+v", r.Problems, want)
	}
}

func TestHugeInput(t *testing.T) {
	long := "MH7 dtk 50% " + strings.Repeat("a", 4096)
	if r := Parse(long); len(r.Problems) != 1 || r.Problems[0].Kind != NoteTooLong {
		t.Errorf("4096-char note: %s", show(r))
	}
	r := Parse(strings.Repeat("MH1 xong\n", 5000))
	if len(r.Entries) != 1 || len(r.Problems) != MaxLines {
		t.Errorf("5000 lines: %d entries, %d problems", len(r.Entries), len(r.Problems))
	}
}

func TestParseStatus(t *testing.T) {
	for _, c := range []struct {
		in   string
		st   store.Status
		pct  int
		note string
		ok   bool
	}{
		{"hoàn thành", D, -1, "", true},
		{"Đang triển khai 70%: còn 2 thôn", P, 70, "còn 2 thôn", true},
		{" - vướng mắc\nthiếu kinh phí\r\nchờ tỉnh", B, -1, "thiếu kinh phí chờ tỉnh", true},
		{"40%", P, 40, "", true},
		{"chua", N, -1, "", true},
		{"hoan thah", "", -1, "", false}, // a slip is asked about, not accepted
		{"Hoàn thành – rồi nhé", D, -1, "", true},
		{"Vướng mắc – về kinh phí", B, -1, "kinh phí", true},
		{"Đã triển khai 70%", P, 70, "", true},
		{"tạm dừng", B, -1, "tạm dừng", true},
		{"hoàn thành 40%", "", -1, "", false},
		{"150%", "", -1, "", false},
		{"", "", -1, "", false},
		{"MH9 xong", "", -1, "", false},
	} {
		st, pct, note, ok := ParseStatus(c.in)
		if st != c.st || pct != c.pct || note != c.note || ok != c.ok {
			t.Errorf("ParseStatus(%q) = %q %d %q %v, want %q %d %q %v", c.in, st, pct, note, ok, c.st, c.pct, c.note, c.ok)
		}
	}
}

func TestProblemKindString(t *testing.T) {
	if NoModel.String() != "NoModel" || MultipleModels.String() != "MultipleModels" || ProblemKind(0).String() != "ProblemKind(?)" {
		t.Error("ProblemKind.String")
	}
}

func BenchmarkParse(b *testing.B) {
	msg := "MH9: hoàn thành\nmh18 vuong mac - chua co camera AI o nga tu\nMô hình 24: Đang thực hiện 45%, còn 2 thôn"
	b.ReportAllocs()
	for b.Loop() {
		Parse(msg)
	}
}

func TestNotePercent(t *testing.T) {
	for _, c := range []struct {
		in   string
		pct  int
		rest string
		ok   bool
	}{
		{"90%", 90, "", true},
		{"90", 90, "", true},
		{" 75 % - đã lắp 3 thôn", 75, "đã lắp 3 thôn", true},
		{"50, còn 2 thôn", 50, "còn 2 thôn", true},
		{"150%", -1, "150%", false},
		{"2 thôn còn lại", -1, "2 thôn còn lại", false},
		{"đã lắp 3/5", -1, "đã lắp 3/5", false},
	} {
		pct, rest, ok := NotePercent(c.in)
		if pct != c.pct || rest != c.rest || ok != c.ok {
			t.Errorf("NotePercent(%q) = %d %q %v, want %d %q %v", c.in, pct, rest, ok, c.pct, c.rest, c.ok)
		}
	}
}
