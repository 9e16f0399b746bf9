package parse

import (
	"cmp"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

// The units of the table: a district office with many models, a commune with few.
var tableUnits = map[string][]int{
	"cah": {1, 3, 6, 9, 10, 18, 24, 30, 36},
	"xa":  {9, 18, 27, 28, 30},
	"-":   nil,
}

// replyCase is one reply as focal points type it on a phone (testdata/replies.tsv).
//   - recorded: what is recorded without a question, in order: "9D", "18P50",
//     `30B"thiếu camera"` (model, D/P/N/B, percent, note), "*P50" for "tất
//     cả", "=" for "giữ nguyên".
//   - lines: one token per non-empty line: R report, C continuation, Sh/Sg/Ss
//     skipped heading/greeting/sign-off, Qs«phrase»/Qa/Qn question
//     (suggestion, ambiguous split, needs a description), E:Kind error; a
//     model follows "/" where the line names one.
//   - period: the period stated, "" if none: TW, LW, W11, TM, LM, M3, X.
type replyCase struct {
	in       string
	unit     []int
	recorded string
	lines    string
	period   string
}

func loadReplies(t *testing.T) []replyCase {
	t.Helper()
	data, err := os.ReadFile("testdata/replies.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var cs []replyCase
	for i, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		u, ok := tableUnits[f[0]]
		if len(f) != 5 || !ok {
			t.Fatalf("replies.tsv:%d: %q", i+1, l)
		}
		cs = append(cs, replyCase{strings.ReplaceAll(f[1], `\n`, "\n"), u, f[2], f[3], f[4]})
	}
	return cs
}

// showReplies renders what is recorded, line kinds and period in the table's notation.
func showReplies(r Result) (recorded, lines, period string) {
	var rec, ls []string
	for _, l := range r.Lines {
		tok := ""
		switch l.Kind {
		case LineReport:
			tok = "R"
			if l.Keep {
				rec = append(rec, "=")
			}
			if l.All != nil {
				rec = append(rec, "*"+showStatus(l.All.Status, l.All.Percent, l.All.Note))
			}
			for _, e := range l.Reports {
				rec = append(rec, fmt.Sprint(e.Model)+showStatus(e.Status, e.Percent, e.Note))
			}
		case LineContinuation:
			tok = "C"
		case LineSkipped:
			tok = [...]string{"", "Sh", "Sg", "Ss"}[l.Skip]
		case LineQuestion:
			tok = [...]string{"", "Qs", "Qa", "Qn"}[l.Question]
		case LineError:
			tok = "E:" + l.Problem.String()
		}
		if l.Model > 0 && l.Kind != LineReport {
			tok += fmt.Sprintf("/%d", l.Model)
		}
		if l.Suggestion != "" {
			tok += "«" + l.Suggestion + "»"
		}
		ls = append(ls, tok)
	}
	switch r.Period.Kind {
	case PeriodThisWeek:
		period = "TW"
	case PeriodLastWeek:
		period = "LW"
	case PeriodWeek:
		period = fmt.Sprintf("W%d", r.Period.Number)
	case PeriodThisMonth:
		period = "TM"
	case PeriodLastMonth:
		period = "LM"
	case PeriodMonth:
		period = fmt.Sprintf("M%d", r.Period.Number)
	case PeriodConflict:
		period = "X"
	}
	return strings.Join(rec, " "), strings.Join(ls, " "), period
}

func showStatus(s store.Status, pct int, note string) string {
	out := map[store.Status]string{D: "D", P: "P", N: "N", B: "B"}[s]
	if pct >= 0 {
		out += fmt.Sprint(pct)
	}
	if note != "" {
		out += fmt.Sprintf("%q", note)
	}
	return out
}

func TestReplies(t *testing.T) {
	replyCases := loadReplies(t)
	if len(replyCases) < 150 {
		t.Fatalf("only %d replies", len(replyCases))
	}
	recordedClean, noQuestion, questions := 0, 0, 0
	for _, c := range replyCases {
		r := ParseWith(c.in, Options{Models: c.unit})
		rec, lines, period := showReplies(r)
		if rec != c.recorded || lines != c.lines || period != c.period {
			t.Errorf("%q\n got %s | %s | %s\nwant %s | %s | %s", c.in, rec, lines, period, c.recorded, c.lines, c.period)
		}
		// Entries, All and KeepPrevious hold exactly what the lines record.
		var entries []Entry
		var all *AllShortcut
		keep := false
		for _, l := range r.Lines {
			if l.Kind == LineReport {
				entries = append(entries, l.Reports...)
				all = cmp.Or(l.All, all)
				keep = keep || l.Keep
			}
		}
		if !reflect.DeepEqual(entries, r.Entries) || all != r.All || keep != r.KeepPrevious {
			t.Errorf("%q: Entries/All/KeepPrevious disagree with Lines", c.in)
		}
		q := r.Questions()
		questions += q
		if q == 0 {
			noQuestion++
		}
		if q == 0 && !strings.Contains(lines, "E:") && rec != "" {
			recordedClean++
		}
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(len(replyCases)) }
	t.Logf("%d replies: %d (%.0f%%) answered without a question, %d (%.0f%%) of them recorded whole; %d questions asked",
		len(replyCases), noQuestion, pct(noQuestion), recordedClean, pct(recordedClean), questions)
}
