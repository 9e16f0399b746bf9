package messages_test

import (
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
)

// checkParts fails unless every part is a message Telegram accepts and the parts
// together show the whole text.
func checkParts(t *testing.T, text string, parts []string) {
	t.Helper()
	var shown strings.Builder
	for i, p := range parts {
		if err := telegramtest.CheckText(p, "HTML"); err != nil {
			t.Fatalf("part %d/%d refused: %v\n%.300q", i+1, len(parts), err, p)
		}
		shown.WriteString(messages.PlainText(p))
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got, want := squash(shown.String()), squash(messages.PlainText(text)); got != want {
		t.Fatalf("parts show %d characters, text has %d", len([]rune(got)), len([]rune(want)))
	}
}

func TestSplitKeepsEntitiesAndTagsWhole(t *testing.T) {
	cases := map[string]string{
		"escaped note in bold": "<b>MH9 – " + strings.Repeat(messages.E(`&<>"`), 2000) + "</b>",
		"long lines":           strings.Repeat("<i>dòng</i> có <b>chữ đậm</b> &amp; ghi chú\n", 400),
		"one long word":        strings.Repeat("x", 9000),
		"emoji count two":      "<b>" + strings.Repeat("🔄", 3000) + "</b>",
		"mention":              `<a href="tg://user?id=200023">` + strings.Repeat("Nguyễn Văn A ", 700) + "</a>",
		"nested":               "<b>Tổng hợp <i>" + strings.Repeat("ệ ", 5000) + "</i> hết</b>\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			parts := messages.Split(text)
			if len(parts) < 2 {
				t.Fatalf("%d parts for a text over the limit", len(parts))
			}
			checkParts(t, text, parts)
		})
	}
}

func TestSplitPrefersLineBreaks(t *testing.T) {
	text := strings.Repeat("a", 60) + "\n" + strings.Repeat("b", 30) + " " + strings.Repeat("c", 30)
	parts := messages.SplitAt(text, 80)
	if len(parts) != 2 || parts[0] != strings.Repeat("a", 60) {
		t.Fatalf("not cut at the line break: %q", parts)
	}
	if short := messages.Split("ngắn\n"); len(short) != 1 || short[0] != "ngắn" {
		t.Fatalf("a short text changed: %q", short)
	}
}

// A tag with no name ("<>", "< >") is kept as written and never panics, in a text short
// enough for one part or long enough for several.
func TestSplitTagWithoutName(t *testing.T) {
	if got := messages.SplitAt("a <> b", 80); len(got) != 1 || got[0] != "a <> b" {
		t.Errorf("short text: %q", got)
	}
	if got := messages.SplitAt("a < > <b>c", 80); len(got) != 1 || got[0] != "a < > <b>c</b>" {
		t.Errorf("short text with an open tag: %q", got)
	}
	long := strings.Repeat("x <> ", 100)
	got := messages.SplitAt(long, 80)
	if len(got) < 3 || strings.Count(strings.Join(got, ""), "<>") != 100 {
		t.Errorf("long text: %d parts keeping %d of its 100 <>", len(got), strings.Count(strings.Join(got, ""), "<>"))
	}
}
