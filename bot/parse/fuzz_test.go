package parse

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

func FuzzParse(f *testing.F) {
	for _, c := range lineCases {
		f.Add(c.in)
	}
	for _, s := range []string{
		"MH9: hoàn thành\nmh18 vuong mac - chua co camera\nMH0 xong",
		"Tất cả: đang triển khai 50%\r\nMH9 xong\r\nMH9 ctk",
		"giữ nguyên\nMH3: vướng mắc – chưa có mặt bằng",
		"Vu\u031bo\u031b\u0301ng ma\u0306\u0301c", "MH9 \u0301\u0301xong", "mh\u0323 9 xong",
		"\xff\xfe\xfd", "MH9 xong \xe1\x80", "\r\r\n\n", "1. 2. MH3: xong", "#-0%",
		"9 ht, 18 dtk", "MH1, MH3 xong", "MH9 hoàn thành, MH18 đang triển khai 50%",
		"MH18 vướng mắc:\n- thiếu camera\n- chưa có kinh phí", "MH9 xong\n- phối hợp MH10",
		"Kính gửi CAH\nMH9 xong\nTrân trọng!", "MH9 xong MH10", "tất cả vm\n+ chờ MH3",
		"MH9 xong, MH10 cũng vậy", "Hoàn thành: MH1, MH3", "MH9 hoan thnah; 18 dang trien khia",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Parse(text)
		lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r")
		if len(r.Lines) > lines || len(r.Problems) > lines+len(r.Entries) {
			t.Fatalf("%d line results, %d problems for %d lines", len(r.Lines), len(r.Problems), lines)
		}
		seen := map[int]bool{}
		for _, e := range r.Entries {
			if e.Model < 1 || e.Model > MaxModel || seen[e.Model] {
				t.Fatalf("bad or repeated model %d", e.Model)
			}
			seen[e.Model] = true
			checkStatus(t, e.Status, e.Percent, e.Note)
			if e.Line < 1 || e.Line > lines || !utf8.ValidString(e.Raw) {
				t.Fatalf("bad line %d / raw %q", e.Line, e.Raw)
			}
		}
		for _, p := range r.Problems {
			if p.Kind < NoModel || p.Kind > NeedsNote || p.Line < 1 || p.Line > lines || p.Model < 0 || p.Model > MaxModel || !utf8.ValidString(p.Raw) {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if r.All != nil {
			checkStatus(t, r.All.Status, r.All.Percent, r.All.Note)
		}
		// Every line is named, and a model number is never stored inside a
		// note: not in a report, nor in a reading the sender is asked to confirm.
		prev := 0
		for _, l := range r.Lines {
			if l.N <= prev || l.Kind < LineReport || l.Kind > LineError {
				t.Fatalf("bad line result %+v", l)
			}
			prev = l.N
			for _, e := range l.Reports {
				checkNoModelInNote(t, e.Note)
			}
			if l.All != nil {
				checkNoModelInNote(t, l.All.Note)
			}
			if l.Kind == LineQuestion && l.Question == 0 || l.Kind == LineError && l.Problem == 0 || l.Kind == LineSkipped && l.Skip == 0 {
				t.Fatalf("line without its reason: %+v", l)
			}
		}
		if st, pct, note, ok := ParseStatus(text); ok {
			checkStatus(t, st, pct, note)
		}
		if ff := Fold(text); Fold(ff) != ff || !utf8.ValidString(ff) {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", text, ff, Fold(ff))
		}
	})
}

func checkNoModelInNote(t *testing.T, note string) {
	t.Helper()
	if refs := ModelRefs(note); len(refs) > 0 {
		t.Fatalf("model %d stored inside the note %q", refs[0], note)
	}
}

func checkStatus(t *testing.T, s store.Status, pct int, note string) {
	t.Helper()
	if !s.Valid() || pct < -1 || pct > 100 || !consistent(s, pct) {
		t.Fatalf("bad status %q %d", s, pct)
	}
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > store.MaxNoteRunes {
		t.Fatalf("bad note %q", note)
	}
}
