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
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Parse(text)
		lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r")
		if len(r.Entries)+len(r.Problems) > lines {
			t.Fatalf("%d entries + %d problems > %d lines", len(r.Entries), len(r.Problems), lines)
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
			if p.Kind < NoModel || p.Kind > MultipleModels || p.Line < 1 || p.Line > lines || p.Model < 0 || p.Model > MaxModel || !utf8.ValidString(p.Raw) {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if r.All != nil {
			checkStatus(t, r.All.Status, r.All.Percent, r.All.Note)
		}
		if st, pct, note, ok := ParseStatus(text); ok {
			checkStatus(t, st, pct, note)
		}
		if ff := Fold(text); Fold(ff) != ff || !utf8.ValidString(ff) {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", text, ff, Fold(ff))
		}
	})
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
