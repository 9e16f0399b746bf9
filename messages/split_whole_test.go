package messages

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// A text that fits is split without making its tokens (wholePart): the one part must be
// what the general path renders from the tokens, for any mix of tags, entities, stray
// '<' and '&', line breaks and wide characters.
func TestWholePartIsTheOnePart(t *testing.T) {
	pieces := []string{"a", " ", "\n", "\n\n", "ệ", "🔄", "<b>", "</b>", "<i>", "</i>", `<a href="tg://user?id=1">`, "</a>",
		"&amp;", "&lt;", "&#128512;", "&", "<", ";", "&toolongentityname;", "&a<b>;", "<b&x;>", "\xff", "MH9: đang triển khai 40%"}
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "\n", "<b>x</b>\n", "<b>x\n", "x</b>", ReportConfirmation(ReportSummary{UnitName: "Công an huyện", UnitCode: "CAH",
		Week: "2024-W11", Recorded: []ReportLine{{Model: 9, Status: "in_progress", Percent: 40}, {Model: 18, Status: "done", Percent: -1}}})}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		toks := tokenize(text)
		if got, want := wholePart(text), renderPart(toks, 0, len(toks)); got != want {
			t.Fatalf("%q: wholePart %q, tokens render %q", text, got, want)
		}
		end, next := cutPoint(toks, 0, len(text))
		if end != len(toks) || next != len(toks) {
			t.Fatalf("%q (%d bytes) does not fit in as many UTF-16 units", text, len(text))
		}
	}
}
