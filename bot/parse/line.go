package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineOut is what one report line says, before continuations and
// duplicates across lines are settled.
type lineOut struct {
	entries  []Entry
	lastSeg  []int // entries of the last segment: a continuation line joins their note
	question QuestionKind
	sug      string
	problem  ProblemKind
	model    int
}

func refused(k ProblemKind, model int) lineOut {
	return lineOut{problem: k, model: max(model, 0)}
}

// readReport reads one or more segments "models status [percent] [note]"
// from f.s[i:]: "MH9 hoàn thành, MH18 đang triển khai 50%", "9 ht, 18 dtk",
// "MH1, MH3 xong". A model reference is never left inside a note: it starts
// a new segment, or the line is refused or asked about.
func (p *parser) readReport(f *folded, raw string, i, n int) lineOut {
	var out lineOut
	var prev *status
	prevNote := ""
	for {
		models, j, kind, km := p.modelList(f, i)
		if kind != 0 {
			return refused(kind, km)
		}
		j = skipSeps(f.s, j)
		st, kind := readStatus(f, j)
		if kind == NoStatus && prev != nil {
			if e, ok := sameAsAbove(f.s, j); ok {
				st, kind = *prev, 0
				st.sug, st.end = "", e
			} else if prevNote == "" && restEmpty(f.s, j) {
				// "MH9 xong MH10": does MH10 share the status? Ask.
				st, kind = *prev, 0
				st.sug, st.end = "", len(f.s)
				if out.question == 0 {
					out.question, out.model = QuestionAmbiguous, models[0]
				}
			} else {
				// "MH9 xong – phối hợp với MH10": MH10 cannot be placed.
				return refused(MultipleModels, out.entries[0].Model)
			}
		}
		if kind != 0 {
			return refused(kind, models[0])
		}
		k := skipSeps(f.s, st.end)
		b := k
		if !(k < len(f.s) && (startsWithModel(f.s, k) || p.bareReportAt(f, k))) {
			b = p.noteBoundary(f, k)
		}
		note := cleanNote(noteSpan(f, raw, k, b))
		if st.paused {
			note = joinNote(noteSpan(f, raw, st.kwFrom, st.kwTo), note, ": ")
		}
		if utf8.RuneCountInString(note) > maxNote {
			return refused(NoteTooLong, models[0])
		}
		if st.sug != "" && out.question == 0 {
			out.question, out.sug, out.model = QuestionSuggestion, st.sug, models[0]
		}
		out.lastSeg = out.lastSeg[:0]
		for _, m := range models {
			for _, e := range out.entries {
				if e.Model == m {
					return refused(DuplicateModel, m)
				}
			}
			out.lastSeg = append(out.lastSeg, len(out.entries))
			out.entries = append(out.entries, Entry{Line: n, Model: m, Status: st.st, Percent: st.pct, Note: note, Raw: raw})
		}
		prev, prevNote = &st, note
		if b >= len(f.s) {
			return out
		}
		i = b
	}
}

// modelList reads "MH1", "MH1, MH3", "MH1 và MH3", "9, 18" at f.s[i:].
func (p *parser) modelList(f *folded, i int) (models []int, end int, kind ProblemKind, model int) {
	m, j, ref := parseModelRef(f.s, i)
	switch ref {
	case refBad:
		return nil, i, BadModelNumber, 0
	case refNone:
		return nil, i, NoModel, 0
	}
	if p.bareRef(f.s, i, j) && !p.unitHas(m) {
		return nil, i, NotUnitModel, m
	}
	models = append(models, m)
	for {
		k, listSep := skipListSep(f.s, j)
		if k == j && !listSep {
			break
		}
		if _, prefixed := modelPrefix(f.s, k); prefixed {
			m, e, ref := parseModelRef(f.s, k)
			if ref == refBad {
				return nil, i, BadModelNumber, 0
			}
			if ref == refNone {
				break
			}
			models, j = appendNew(models, m), e
			continue
		}
		if listSep && k < len(f.s) && isDigit(f.s[k]) {
			m, e, ref := parseModelRef(f.s, k)
			if ref != refOK || !p.listGoesOn(f, e) {
				break
			}
			if !p.unitHas(m) {
				return nil, i, NotUnitModel, m
			}
			models, j = appendNew(models, m), e
			continue
		}
		break
	}
	return models, j, 0, 0
}

func appendNew(ms []int, m int) []int {
	for _, x := range ms {
		if x == m {
			return ms
		}
	}
	return append(ms, m)
}

// listGoesOn reports that a bare number in a model list ("MH9, 10 …") is
// followed by a status, a percentage or more of the list.
func (p *parser) listGoesOn(f *folded, e int) bool {
	k, listSep := skipListSep(f.s, e)
	if listSep || startsWithModel(f.s, k) {
		return true
	}
	k = skipSeps(f.s, e)
	if kw, _ := matchKeyword(f, k); kw != nil {
		return true
	}
	_, _, pk := parsePercent(f.s, k)
	return pk == pctOK
}

// skipListSep skips spaces and the marks that join a list of models:
// ",", ";", "&", "+", "/", "và".
func skipListSep(s string, i int) (int, bool) {
	sep := false
	for i < len(s) {
		switch {
		case s[i] == ' ':
			i++
		case strings.IndexByte(",;&+/", s[i]) >= 0:
			i, sep = i+1, true
		case hasWord(s, i, "va"):
			i, sep = i+2, true
		default:
			return i, sep
		}
	}
	return i, sep
}

// bareRef reports that the model reference s[i:j] is a bare number.
func (p *parser) bareRef(s string, i, j int) bool {
	return isDigit(s[i]) && strings.IndexFunc(s[i:j], func(r rune) bool { return unicode.IsLetter(r) || r == '#' }) < 0
}

func (p *parser) unitHas(m int) bool {
	return p.unit == nil || p.unit[m]
}

// bareReportAt reports a bare number followed by a status word at f.s[i:]
// ("18 dtk" in "9 ht, 18 dtk"); "2 thôn" is not one.
func (p *parser) bareReportAt(f *folded, i int) bool {
	if i >= len(f.s) || !isDigit(f.s[i]) {
		return false
	}
	_, e, ref := parseModelRef(f.s, i)
	if ref != refOK {
		return false
	}
	if strongRefAt(f.s, skipSeps(f.s, e)) && e < len(f.s) {
		return true // "1. MH9": an index before a reference
	}
	kw, _ := matchKeyword(f, skipSeps(f.s, e))
	return kw != nil
}

// noteBoundary finds where a note ends because another report starts: a
// model reference, or after ",", ";" or "và" a bare number and a status.
func (p *parser) noteBoundary(f *folded, k int) int {
	s := f.s
	for i := k + 1; i < len(s); i++ {
		if wordAt(s, i-1) || s[i] == ' ' {
			continue
		}
		if strongRefAt(s, i) {
			return i
		}
		if isDigit(s[i]) && listSepBefore(s, k, i) && p.bareReportAt(f, i) {
			return i
		}
	}
	return len(s)
}

// listSepBefore reports a ",", ";" or "và" just before s[i:].
func listSepBefore(s string, from, i int) bool {
	j := i
	for j > from && s[j-1] == ' ' {
		j--
	}
	if j > from && (s[j-1] == ',' || s[j-1] == ';') {
		return true
	}
	return j-2 >= from && s[j-2:j] == "va" && (j-2 == from || !wordAt(s, j-3))
}

// noteSpan returns the original text of the folded span [from, to),
// without trailing separators or a trailing "và".
func noteSpan(f *folded, raw string, from, to int) string {
	// Before another report, drop what joined the two ("…, MH18", "… và 18").
	for cut := to < len(f.s); cut; {
		t := to
		for t > from && (f.s[t-1] == ' ' || strings.IndexByte(",;&+/-:", f.s[t-1]) >= 0) {
			t--
		}
		if t-2 >= from && f.s[t-2:t] == "va" && (t-2 == from || !wordAt(f.s, t-3)) {
			t -= 2
		}
		cut, to = t != to, t
	}
	if from >= to {
		return ""
	}
	// Start right after the last consumed rune, so invisible characters that
	// fold to nothing but begin the note are kept.
	o := 0
	if from > 0 {
		_, n := utf8.DecodeRuneInString(raw[f.off[from-1]:])
		o = f.off[from-1] + n
	}
	end := len(raw)
	if to < len(f.s) {
		end = f.off[to]
	}
	if o > end {
		return ""
	}
	return strings.TrimFunc(raw[o:end], unicode.IsSpace)
}

func joinNote(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// sameAsAbove reads "cũng vậy", "cũng thế", "tương tự", "như trên" and
// returns where it ends.
func sameAsAbove(s string, i int) (int, bool) {
	for _, w := range []string{"cung vay", "cung the", "tuong tu", "nhu tren"} {
		if hasWord(s, i, w) {
			return i + len(w), true
		}
	}
	return i, false
}

// restEmpty reports nothing but separators and fillers from s[i:].
func restEmpty(s string, i int) bool {
	return skipSeps(s, i) >= len(s)
}
