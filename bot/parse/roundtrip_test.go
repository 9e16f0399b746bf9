package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// noteParts are the awkward pieces notes are generated from.
var noteParts = []string{
	"đã lắp 3/5 đầu đọc", "còn 2 thôn", "thiếu kinh phí", "MH9", "mh 18", "#3", "9.",
	":", " : ", "-", " - ", "–", "—", ",", ";", ".", ")", "(", "=>", "|",
	"70%", "100%", "0%", "-5%", "150%", "45 %", "3/5", "2024", "1.000.000đ",
	"xong", "chưa", "hoàn thành", "đang triển khai", "vướng mắc", "kk", "tất cả", "giữ nguyên",
	"<b>x</b>", "&amp;", "<i>", "\"", "'", "🎉", "⚠️", "👨‍👩‍👧", "✅",
	"a\u0301", "\u200b", "\u00a0", "\t", " ", "  ", "\x00", "\u2028", "Ω", "漢字", "Ğ", "İ",
}

func randNote(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(8); n > 0; n-- {
		if r.IntN(4) == 0 {
			// any valid rune from a mix of ranges
			ranges := [][2]rune{{0x20, 0x7e}, {0xa0, 0x2ff}, {0x300, 0x36f}, {0x1ea0, 0x1ef9}, {0x2000, 0x206f}, {0x1f300, 0x1faff}}
			rg := ranges[r.IntN(len(ranges))]
			b.WriteRune(rg[0] + r.Int32N(rg[1]-rg[0]+1))
			continue
		}
		b.WriteString(noteParts[r.IntN(len(noteParts))])
	}
	return b.String()
}

// canonical makes a note one Parse returns unchanged: it must not start
// with a separator, space, invisible mark or another model reference
// ("MH10 …"), nor end with space, nor begin or end with a filler word
// ("rồi", "nhé") that Parse drops.
func canonical(n string) string {
	n = strings.TrimRightFunc(n, unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(n)
	ok := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) || strings.ContainsRune("<(\"'", r)
	if n != "" && (!ok || strings.ContainsRune(":-–—−.),;=>|#mM", r)) {
		n = "x" + n
	}
	for n != "" && cleanNote(n) != n {
		n = "x" + n + "x"
	}
	return n
}

// holdsReport reports a note that Parse, by design, does not keep as a note:
// it names a model ("phối hợp MH10") or starts another report ("…, 18 dtk").
func holdsReport(note string) bool {
	f := fold(strings.NewReplacer("\n", " ").Replace(note))
	p := parser{open: -1}
	i := skipSeps(f.s, 0)
	return len(ModelRefs(note)) > 0 || p.bareReportAt(&f, i) || startsWithModel(f.s, i) || p.noteBoundary(&f, i) < len(f.s)
}

func randStatusPercent(r *rand.Rand) (store.Status, int) {
	s := store.Statuses[r.IntN(len(store.Statuses))]
	if r.IntN(3) == 0 {
		return s, -1
	}
	switch s {
	case store.StatusDone:
		return s, 100
	case store.StatusNotStarted:
		return s, 0
	case store.StatusInProgress:
		return s, 1 + r.IntN(99)
	}
	return s, r.IntN(101)
}

func TestStatusLineRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2025))
	for i := 0; i < 20000; i++ {
		model := 1 + r.IntN(MaxModel)
		st, pct := randStatusPercent(r)
		note := canonical(randNote(r))
		if strings.ContainsAny(note, "\r\n") {
			continue
		}
		line := messages.StatusLine(model, st, pct, note)
		got := Parse(line)
		if holdsReport(note) {
			checkNotSwallowed(t, line, got, note)
			continue
		}
		want := Result{Entries: []Entry{{Line: 1, Model: model, Status: st, Percent: pct, Note: note, Raw: line}}}
		if st == store.StatusBlocked && note == "" {
			want = Result{Problems: []Problem{{Line: 1, Kind: NeedsNote, Raw: line, Model: model}}}
		}
		if !equalResult(got, want) {
			t.Fatalf("Parse(%q)\n got %s\nwant %s", line, show(got), show(want))
		}
	}
}

// Any note, even one starting with separators or holding line breaks,
// keeps model, status and percent; the note comes back as a suffix, or the
// line is refused whole when the note starts with a model reference.
func TestStatusLineAnyNote(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2025))
	for i := 0; i < 20000; i++ {
		model := 1 + r.IntN(MaxModel)
		st, pct := randStatusPercent(r)
		note := randNote(r)
		if r.IntN(4) == 0 {
			note += "\n" + randNote(r)
		}
		line := messages.StatusLine(model, st, pct, note)
		got := Parse(line)
		if holdsReport(note) {
			checkNotSwallowed(t, line, got, note)
			continue
		}
		if len(got.Lines) != 1 || len(got.Lines[0].Reports) != 1 {
			t.Fatalf("Parse(%q) = %s", line, show(got))
		}
		e := got.Lines[0].Reports[0]
		flat := strings.TrimSpace(strings.NewReplacer("\n", " ").Replace(note))
		if e.Model != model || e.Status != st || e.Percent != pct || !strings.Contains(flat, e.Note) {
			t.Fatalf("Parse(%q) = %s", line, show(got))
		}
	}
}

// A line for a model without a status must not read as any status.
func TestStatusLineNoStatus(t *testing.T) {
	got := Parse(messages.StatusLine(9, "", -1, ""))
	if len(got.Entries) != 0 {
		t.Fatalf("unreported status read back as %s", show(got))
	}
}

// checkNotSwallowed: the line's model keeps its status, and no note holds
// another model.
func checkNotSwallowed(t *testing.T, line string, got Result, note string) {
	t.Helper()
	if len(got.Lines) != 1 {
		t.Fatalf("Parse(%q) = %s", line, show(got))
	}
	for _, e := range got.Lines[0].Reports {
		if len(ModelRefs(e.Note)) > 0 {
			t.Fatalf("Parse(%q): note %q holds a model", line, e.Note)
		}
	}
}

func equalResult(a, b Result) bool {
	if len(a.Entries) != len(b.Entries) || len(a.Problems) != len(b.Problems) || a.All != nil || a.KeepPrevious {
		return false
	}
	for i := range a.Entries {
		if a.Entries[i] != b.Entries[i] {
			return false
		}
	}
	for i := range a.Problems {
		if a.Problems[i] != b.Problems[i] {
			return false
		}
	}
	return true
}
