// Package parse reads the free-text status replies focal points send from
// their phones ("MH9: hoàn thành", "mh18 vuong mac - chua co camera",
// "9 ht, 18 dtk", a short letter with a greeting and "Trân trọng!").
//
// Every non-empty line comes back named (Result.Lines): a report, the
// continuation of the report above, a skipped heading, greeting or sign-off,
// a question for the sender, or an error with its reason. Nothing is guessed
// silently, and a model reference is never left inside a note.
//
// What a line may say:
//   - one or more reports: "MH9 xong", "MH1, MH3 xong", "MH9 xong, MH18 dtk
//     50%", "9 ht 18 dtk", "Hoàn thành: MH1, MH3", "MH9 xong, MH18 cũng vậy".
//     A bare number is a model only when the unit has it (Options.Models) or,
//     without a unit, when a status follows it.
//   - shortcuts: "tất cả …", "(các mô hình) còn lại …", and "giữ nguyên",
//     "như tuần trước", "giống tuần trước", "không thay đổi" for the last
//     statuses again.
//   - statuses: hoàn thành / xong / ht / ✅; đang triển khai / dtk / a
//     percentage; chưa triển khai / chưa bắt đầu / ctk; vướng mắc / vm / khó
//     khăn. "Đã triển khai 70%" takes its status from the percentage (70% is
//     in progress, 100% done) and without one is asked about. "Tạm dừng" is a
//     Vướng mắc whose note opens with the words "tạm dừng": a pause is what
//     the standing office must see and act on, and the pause describes itself.
//   - continuations: a line starting with "-", "+" or "•", or any line
//     without a model reference right below a report, joins its note.
//   - headings, greetings and sign-offs ("Kính gửi …", "Báo cáo của UBND xã
//     …", "Trân trọng!", and the signature below) are skipped and named.
//
// What is asked rather than guessed: a near-miss typo ("hoan thnah",
// "dang trien khia", "vuong mat") or a lone number after a status ("dtk 60")
// is a QuestionSuggestion; "MH9 xong MH10" is QuestionAmbiguous; a Vướng
// mắc with no description is QuestionNeedsNote. Filler words are dropped
// from the ends of notes ("rồi nhé", "ạ", a leading "về" or "là"); the rest
// of a note is kept as typed. A period named in a heading or before the
// reports ("tuần trước", "tuần 11", "tháng 3") is returned in Result.Period.
package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

const (
	// MaxLines is how many non-empty lines of one message are read.
	MaxLines = 200
	// MaxModel is the largest model number accepted; plans have far fewer
	// models, so a larger number is a typo or a date, not a model.
	MaxModel = 999

	maxNote = store.MaxNoteRunes
)

// Entry is the status of one model, read from one line.
type Entry struct {
	Line    int // 1-based line number in the message
	Model   int
	Status  store.Status
	Percent int // -1 when none given
	Note    string
	Raw     string // the original line
}

// ProblemKind says why a line was not understood (see store.LineProblemKind for each).
type ProblemKind = store.LineProblemKind

// Kinds of problem the parser finds.
const (
	NoModel        = store.LineNoModel
	BadModelNumber = store.LineBadModelNumber
	NoStatus       = store.LineNoStatus
	BadPercent     = store.LineBadPercent
	Contradiction  = store.LineContradiction
	NoteTooLong    = store.LineNoteTooLong
	DuplicateModel = store.LineDuplicateModel
	TooManyLines   = store.LineTooManyLines
	MultipleModels = store.LineMultipleModels
	NotUnitModel   = store.LineNotUnitModel
	// Suggestion, Ambiguous and NeedsNote are the questions of Line, listed
	// among the problems so a caller that reads only Problems names them too.
	Suggestion = store.LineSuggestion
	Ambiguous  = store.LineAmbiguous
	NeedsNote  = store.LineNeedsNote
)

// Problem is a non-empty line that was not recorded.
type Problem struct {
	Line       int
	Kind       ProblemKind
	Raw        string
	Model      int    // 0 if none was read
	Suggestion string // Suggestion: the phrase the line was read as ("hoàn thành")
}

// AllShortcut sets every model assigned to the unit ("tất cả đang triển khai").
type AllShortcut struct {
	Line    int
	Status  store.Status
	Percent int // -1 when none given
	Note    string
}

// LineKind is what one line of a reply turned out to be.
type LineKind int

const (
	// LineReport: recorded as it stands (Reports, All or Keep).
	LineReport LineKind = iota + 1
	// LineContinuation: joined the note of line JoinedTo ("- thiếu camera").
	LineContinuation
	// LineSkipped: a heading, greeting or sign-off (Skip), not a report.
	LineSkipped
	// LineQuestion: Reports or All is the reading the sender must confirm
	// or complete first (Question); nothing of it is recorded yet.
	LineQuestion
	// LineError: refused with a reason (Problem); nothing of it is recorded.
	LineError
)

// SkipKind says why a line was skipped.
type SkipKind int

const (
	SkipHeading  SkipKind = iota + 1 // "Báo cáo của UBND xã Mỹ Tân", "Tuần 11:"
	SkipGreeting                     // "Kính gửi …", "Dạ em báo cáo:"
	SkipSignoff                      // "Trân trọng!", "Em cảm ơn", and the signature below
)

// QuestionKind says what the sender is asked.
type QuestionKind int

const (
	// QuestionSuggestion: a near-miss typo or an unclear word; Suggestion is
	// the phrase it was read as ("Có phải «hoàn thành»?").
	QuestionSuggestion QuestionKind = iota + 1
	// QuestionAmbiguous: the split is unclear ("MH9 xong MH10": is MH10 done
	// too?); Reports is the reading to confirm.
	QuestionAmbiguous
	// QuestionNeedsNote: a Vướng mắc without a description; Model's blocker
	// is recorded once the description is given.
	QuestionNeedsNote
)

// Line is one non-empty line of a reply and what became of it.
type Line struct {
	N          int // 1-based line number in the message
	Raw        string
	Kind       LineKind
	Reports    []Entry      // the line's reports (LineReport), or the reading asked about (LineQuestion)
	All        *AllShortcut // a "tất cả …" line
	Keep       bool         // a "giữ nguyên" line
	JoinedTo   int          // LineContinuation: the line number whose note it joined
	Skip       SkipKind
	Question   QuestionKind
	Suggestion string      // QuestionSuggestion: the status phrase proposed
	Problem    ProblemKind // LineError
	Model      int         // the model the problem or question is about, 0 if none
	Superseded []int       // models of this line that a later line reports again
}

// Options makes Parse aware of the unit a reply is for.
type Options struct {
	// Models are the unit's model numbers. When given, a bare number ("9 ht")
	// is read as a model only if it is one of them.
	Models []int
}

// Result is what a message says. Apply it in this order: KeepPrevious (copy
// last report), then All, then Entries — a line about one model beats the
// "all" shortcut wherever it stands in the message. Entries, All and
// KeepPrevious hold only what is recorded without a question; Problems names
// every error and question; Lines has every non-empty line.
type Result struct {
	All          *AllShortcut
	KeepPrevious bool // "giữ nguyên", "như tuần trước", "không thay đổi"
	Entries      []Entry
	Problems     []Problem
	Lines        []Line
	Period       Period // the reporting period the reply names, if any
}

// Questions counts the lines that ask the sender something.
func (r *Result) Questions() int {
	n := 0
	for i := range r.Lines {
		if r.Lines[i].Kind == LineQuestion {
			n++
		}
	}
	return n
}

// sanitize turns each invalid UTF-8 byte into U+FFFD, as range does.
func sanitize(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// ParseStatus reads a status phrase without a model ("đang triển khai 70%:
// còn 2 thôn"), for button flows. Line breaks in the note become spaces. A
// near-miss typo is not accepted: ok is false.
func ParseStatus(s string) (status store.Status, percent int, note string, ok bool) {
	s = sanitize(s)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	f := fold(s)
	st, kind := readStatus(&f, skipSeps(f.s, 0))
	if kind != 0 || st.sug != "" {
		return "", -1, "", false
	}
	k := skipSeps(f.s, st.end)
	if startsWithModel(f.s, k) {
		return "", -1, "", false
	}
	note = cleanNote(noteSpan(&f, s, k, len(f.s)))
	if st.paused {
		note = joinNote(noteSpan(&f, s, st.kwFrom, st.kwTo), note, ": ")
	}
	if utf8.RuneCountInString(note) > maxNote {
		return "", -1, "", false
	}
	return st.st, st.pct, note, true
}

// Parse reads a whole reply, not knowing the unit. It never panics; invalid
// UTF-8 bytes are read as U+FFFD.
func Parse(text string) Result {
	return ParseWith(text, Options{})
}

// ParseWith reads a whole reply for a unit.
func ParseWith(text string, opt Options) Result {
	text = sanitize(text)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	p := parser{open: -1}
	if opt.Models != nil {
		p.unit = make(map[int]bool, len(opt.Models))
		for _, m := range opt.Models {
			p.unit[m] = true
		}
	}
	nonEmpty := 0
	for n, rest, more := 1, text, true; more; n++ {
		var raw string
		raw, rest, more = strings.Cut(rest, "\n")
		f := fold(raw)
		if f.s == "" {
			continue
		}
		nonEmpty++
		if nonEmpty > MaxLines {
			p.add(Line{N: n, Raw: raw, Kind: LineError, Problem: TooManyLines}, false)
			break
		}
		p.line(&f, raw, n)
	}
	return p.finish()
}

// NotePercent reads a percentage opening the answer to a note prompt ("90%",
// "90", "90% - đã lắp 3 thôn"), so the button flow's "đang triển khai" gets
// its progress; rest is the note after it. ok is false when the text does
// not start with a percentage 0-100.
func NotePercent(text string) (pct int, rest string, ok bool) {
	text = sanitize(text)
	f := fold(text)
	i := skipSeps(f.s, 0)
	v, end, pk := parsePercent(f.s, i)
	if pk != pctOK {
		if v, end, ok = lonePercent(f.s, i); !ok {
			return -1, text, false
		}
	}
	return v, cleanNote(noteSpan(&f, text, skipSeps(f.s, end), len(f.s))), true
}
