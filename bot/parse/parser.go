package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

// parser reads a message line by line.
type parser struct {
	unit      map[int]bool // nil: the unit is not known
	lines     []Line
	isAll     []bool // lines[i] is a "tất cả" line (also when refused)
	open      int    // index of the line a continuation joins, -1 if none
	openSeg   []int  // its entries that a continuation joins
	reported  bool   // a report line has been read
	signedOff bool
	period    Period
}

func (p *parser) add(l Line, all bool) {
	p.lines = append(p.lines, l)
	p.isAll = append(p.isAll, all)
}

func (p *parser) notePeriod(per Period, n int) {
	per.Line = n
	switch {
	case p.period.Kind == PeriodNone:
		p.period = per
	case p.period.Kind != per.Kind || p.period.Number != per.Number:
		p.period = Period{Kind: PeriodConflict, Line: n}
	}
}

// line reads one non-empty line.
func (p *parser) line(f *folded, raw string, n int) {
	i, bullet := stripBullet(f.s)
	body := f.s[i:]
	l := Line{N: n, Raw: raw}
	if isKeep(body) {
		l.Kind, l.Keep = LineReport, true
		p.add(l, false)
		p.open, p.reported = -1, true
		return
	}
	if start := p.reportStart(f, i, n); start >= 0 {
		p.reported = true
		if j, ok := allPrefix(f.s[start:]); ok {
			p.allLine(f, raw, n, start+j)
			return
		}
		p.reportLine(l, p.readReport(f, raw, start, n))
		return
	}
	if out, ok := p.statusFirst(f, raw, i, n); ok {
		p.reported = true
		p.reportLine(l, out)
		return
	}
	refs := ModelRefs(raw)
	// A bullet under a report is a detail of it, whatever its first words.
	if len(refs) == 0 && !(bullet && p.open >= 0) && p.skip(&l, body) {
		p.add(l, false)
		p.open = -1
		return
	}
	if p.open >= 0 && len(refs) == 0 && (bullet || !startsWithStatus(f, i)) {
		p.continuation(l, f, raw, i)
		return
	}
	l.Kind, l.Problem = LineError, NoModel
	if len(refs) > 0 {
		l.Model = refs[0]
	}
	p.add(l, false)
	p.open = -1
}

// reportStart returns where a report starts on the line, or -1: at the
// start, or after polite words and a period ("Dạ em báo cáo tuần 11: MH9 xong").
func (p *parser) reportStart(f *folded, i, n int) int {
	if _, ok := allPrefix(f.s[i:]); ok {
		return i
	}
	if _, _, ref := parseModelRef(f.s, i); ref != refNone {
		// After a report line a bare number is a model only when the unit
		// has it or a status follows ("18 dtk"); "2 thôn chưa lắp" continues.
		if p.open >= 0 && isDigit(f.s[i]) && !p.bareReportAt(f, i) {
			if m, _, _ := parseModelRef(f.s, i); p.unit == nil || !p.unit[m] {
				return -1
			}
		}
		return i
	}
	k := i + politePrefix(f.s[i:])
	if k == i {
		return -1
	}
	_, ok := allPrefix(f.s[k:])
	if !ok && !startsWithModel(f.s, k) {
		return -1
	}
	if per, ok := findPeriod(f.s[i:k]); ok {
		p.notePeriod(per, n)
	}
	return k
}

// statusFirst reads "Hoàn thành: MH1, MH3" (a status, then models, then nothing).
func (p *parser) statusFirst(f *folded, raw string, i, n int) (lineOut, bool) {
	if k, _ := matchKeyword(f, i); k == nil || k.sense == sensePaused {
		return lineOut{}, false
	}
	st, kind := readStatus(f, i)
	if kind != 0 {
		return lineOut{}, false
	}
	j := skipSeps(f.s, st.end)
	if !startsWithModel(f.s, j) && !(isDigit0(f.s, j) && p.unit != nil) {
		return lineOut{}, false
	}
	models, e, kind, _ := p.modelList(f, j)
	if kind != 0 || cleanNote(noteSpan(f, raw, skipSeps(f.s, e), len(f.s))) != "" {
		return lineOut{}, false
	}
	var out lineOut
	if st.sug != "" {
		out.question, out.sug, out.model = QuestionSuggestion, st.sug, models[0]
	}
	for _, m := range models {
		out.lastSeg = append(out.lastSeg, len(out.entries))
		out.entries = append(out.entries, Entry{Line: n, Model: m, Status: st.st, Percent: st.pct, Raw: raw})
	}
	return out, true
}

func isDigit0(s string, i int) bool { return i < len(s) && isDigit(s[i]) }

func startsWithStatus(f *folded, i int) bool {
	k, _ := matchKeyword(f, i)
	return k != nil
}

func (p *parser) reportLine(l Line, out lineOut) {
	switch {
	case out.problem != 0:
		l.Kind, l.Problem, l.Model = LineError, out.problem, out.model
		p.add(l, false)
		p.open, p.openSeg = len(p.lines)-1, nil
		return
	case out.question != 0:
		l.Kind, l.Question, l.Suggestion, l.Model = LineQuestion, out.question, out.sug, out.model
	default:
		l.Kind = LineReport
	}
	l.Reports = out.entries
	p.add(l, false)
	p.open, p.openSeg = len(p.lines)-1, out.lastSeg
}

func (p *parser) allLine(f *folded, raw string, n, j int) {
	l := Line{N: n, Raw: raw}
	st, kind := readStatus(f, skipSeps(f.s, j))
	if kind != 0 {
		l.Kind, l.Problem = LineError, kind
		p.add(l, true)
		p.open, p.openSeg = len(p.lines)-1, nil
		return
	}
	k := skipSeps(f.s, st.end)
	if hasStrongRef(f.s, k) {
		l.Kind, l.Problem = LineError, MultipleModels
		p.add(l, true)
		p.open, p.openSeg = len(p.lines)-1, nil
		return
	}
	note := cleanNote(noteSpan(f, raw, k, len(f.s)))
	if st.paused {
		note = joinNote(noteSpan(f, raw, st.kwFrom, st.kwTo), note, ": ")
	}
	if utf8.RuneCountInString(note) > maxNote {
		l.Kind, l.Problem = LineError, NoteTooLong
		p.add(l, true)
		p.open, p.openSeg = len(p.lines)-1, nil
		return
	}
	l.Kind = LineReport
	if st.sug != "" {
		l.Kind, l.Question, l.Suggestion = LineQuestion, QuestionSuggestion, st.sug
	}
	l.All = &AllShortcut{Line: n, Status: st.st, Percent: st.pct, Note: note}
	p.add(l, true)
	p.open, p.openSeg = len(p.lines)-1, nil
}

// skip recognises headings, greetings and sign-offs.
func (p *parser) skip(l *Line, body string) bool {
	switch {
	case p.signedOff || startsWithAny(body, signoffStarts) || isSignature(body):
		l.Skip, p.signedOff = SkipSignoff, true
	case startsWithAny(body, greetingStarts) || onlyShortWords(body):
		l.Skip = SkipGreeting
	case p.heading(body):
		l.Skip = SkipHeading
		if per, ok := findPeriod(body); ok {
			p.notePeriod(per, l.N)
		}
	case onlyPolite(body):
		l.Skip = SkipGreeting
		if per, ok := findPeriod(body); ok {
			p.notePeriod(per, l.N)
		}
	default:
		return false
	}
	l.Kind = LineSkipped
	return true
}

// heading: a title line before the reports, or a section title ending in ":".
func (p *parser) heading(body string) bool {
	colon := strings.HasSuffix(body, ":")
	if _, end, ok := periodAt(body, 0); ok && skipSeps(body, end) >= len(body) {
		return true // "Tuần 11:"
	}
	if startsWithAny(body, []string{"bao cao", "bc"}) {
		return true
	}
	return (!p.reported || colon) && (startsWithAny(body, headingStarts) || colon || hasDate(body))
}

// onlyPolite reports a line of polite words and a period only ("Dạ em gửi
// báo cáo tuần trước ạ").
func onlyPolite(body string) bool {
	k := politePrefix(body)
	return k > 0 && cleanNote(body[k:]) == ""
}

// hasDate reports "ngày 15 tháng 3" or "15/3/2024" in a line.
func hasDate(s string) bool {
	for i := 0; i < len(s); i++ {
		if i > 0 && wordAt(s, i-1) {
			continue
		}
		if hasWord(s, i, "ngay") && isDigit0(s, skipSpace(s, i+len("ngay"))) {
			return true
		}
		if isDigit(s[i]) {
			j := i
			for j < len(s) && (isDigit(s[j]) || s[j] == '/') {
				j++
			}
			if strings.Count(s[i:j], "/") == 2 {
				return true
			}
		}
	}
	return false
}

// continuation joins the line to the note of the open report line.
func (p *parser) continuation(l Line, f *folded, raw string, i int) {
	t := &p.lines[p.open]
	l.Kind, l.JoinedTo = LineContinuation, t.N
	piece := cleanNote(noteSpan(f, raw, skipSeps(f.s, i), len(f.s)))
	if piece == "" || t.Kind == LineError {
		p.add(l, false)
		return
	}
	fits := func(note string) bool { return utf8.RuneCountInString(joinNote(note, piece, "; ")) <= maxNote }
	ok := true
	if t.All != nil {
		ok = fits(t.All.Note)
	}
	for _, k := range p.openSeg {
		ok = ok && fits(t.Reports[k].Note)
	}
	if !ok {
		l.Kind, l.Problem, l.JoinedTo = LineError, NoteTooLong, 0
		if len(t.Reports) > 0 {
			l.Model = t.Reports[p.openSeg[0]].Model
		}
		p.add(l, false)
		return
	}
	if t.All != nil {
		t.All.Note = joinNote(t.All.Note, piece, "; ")
	}
	for _, k := range p.openSeg {
		t.Reports[k].Note = joinNote(t.Reports[k].Note, piece, "; ")
	}
	p.add(l, false)
}

// hasStrongRef reports a model reference at a word start in s[from:].
func hasStrongRef(s string, from int) bool {
	for i := from; i < len(s); i++ {
		if (i == 0 || !wordAt(s, i-1)) && strongRefAt(s, i) {
			return true
		}
	}
	return false
}

// finish settles what later lines change (a model mentioned again, a
// blocker described on the lines below) and gathers the result.
func (p *parser) finish() Result {
	last := map[int]int{}
	lastAll := -1
	for i := range p.lines {
		l := &p.lines[i]
		switch {
		case p.isAll[i]:
			lastAll = i
		case l.Kind == LineError && l.Model > 0 && l.Problem != NoModel:
			last[l.Model] = i
		}
		for _, e := range l.Reports {
			last[e.Model] = i
		}
	}
	for i := range p.lines {
		l := &p.lines[i]
		if p.isAll[i] && i != lastAll && l.Kind != LineError {
			*l = Line{N: l.N, Raw: l.Raw, Kind: LineError, Problem: DuplicateModel}
			continue
		}
		if len(l.Reports) == 0 {
			continue
		}
		kept := l.Reports[:0:0]
		for _, e := range l.Reports {
			if last[e.Model] == i {
				kept = append(kept, e)
			} else {
				l.Superseded = append(l.Superseded, e.Model)
			}
		}
		if len(kept) == 0 {
			*l = Line{N: l.N, Raw: l.Raw, Kind: LineError, Problem: DuplicateModel, Model: l.Reports[0].Model}
			continue
		}
		l.Reports = kept
	}
	for i := range p.lines {
		l := &p.lines[i]
		if l.Kind != LineReport {
			continue
		}
		if a := l.All; a != nil && a.Status == blocked && a.Note == "" {
			l.Kind, l.Question = LineQuestion, QuestionNeedsNote
		}
		for _, e := range l.Reports {
			if e.Status == blocked && e.Note == "" {
				l.Kind, l.Question, l.Model = LineQuestion, QuestionNeedsNote, e.Model
				break
			}
		}
	}
	res := Result{Lines: p.lines, Period: p.period}
	for i := range p.lines {
		l := &p.lines[i]
		switch l.Kind {
		case LineReport:
			res.KeepPrevious = res.KeepPrevious || l.Keep
			if l.All != nil {
				res.All = l.All
			}
			res.Entries = append(res.Entries, l.Reports...)
		case LineQuestion:
			res.Problems = append(res.Problems, Problem{Line: l.N, Kind: questionProblem[l.Question], Raw: l.Raw, Model: l.Model, Suggestion: l.Suggestion})
		case LineError:
			res.Problems = append(res.Problems, Problem{Line: l.N, Kind: l.Problem, Raw: l.Raw, Model: l.Model})
		}
		for _, m := range l.Superseded {
			res.Problems = append(res.Problems, Problem{Line: l.N, Kind: DuplicateModel, Raw: l.Raw, Model: m})
		}
	}
	return res
}

const blocked = store.StatusBlocked

var questionProblem = [...]ProblemKind{QuestionSuggestion: Suggestion, QuestionAmbiguous: Ambiguous, QuestionNeedsNote: NeedsNote}
