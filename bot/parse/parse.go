// Package parse reads the free-text status replies focal points send from
// their phones ("MH9: hoàn thành", "mh18 vuong mac - chua co camera").
//
// It is conservative on purpose: a reply it cannot read for certain becomes a
// Problem for the caller to explain, never a guess. Typos like "hoan thah"
// are refused, keywords match only whole words, and a percentage that
// disagrees with the status is a Contradiction.
package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

const (
	// MaxLines is how many non-empty lines of one message are read.
	MaxLines = 200
	// MaxModel is the largest model number accepted; plans have far fewer
	// models, so a larger number is a typo or a date, not a model.
	MaxModel = 999
)

// Entry is one understood line: the status of one model.
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
)

// Problem is a non-empty line that was not applied.
type Problem struct {
	Line  int
	Kind  ProblemKind
	Raw   string
	Model int // 0 if none was read
}

// AllShortcut sets every model assigned to the unit ("tất cả đang triển khai").
type AllShortcut struct {
	Line    int
	Status  store.Status
	Percent int // -1 when none given
	Note    string
}

// Result is what a message says. Apply it in this order: KeepPrevious (copy
// last report), then All, then Entries — a line about one model beats the
// "all" shortcut wherever it stands in the message.
type Result struct {
	All          *AllShortcut
	KeepPrevious bool // "giữ nguyên", "như tuần trước", "không thay đổi"
	Entries      []Entry
	Problems     []Problem
}

// keyword is a status phrase, stored folded with the accents it is spelled with.
type keyword struct {
	f      folded
	status store.Status
	bare   int // bareNever, bareStrict or bareUnaccented
}

const (
	bareNever = iota
	// bareStrict: a lone word that must end the status ("chưa: …"), because
	// "chưa có kinh phí" means "no funding yet", not "not started: có kinh phí".
	bareStrict
	// bareUnaccented: strict only when typed without accents ("vuong" may be
	// the name Vương; "vướng mặt bằng" is unambiguous).
	bareUnaccented
)

// keywords is sorted longest first so "chưa triển khai" wins over "chưa".
var keywords = func() []keyword {
	spec := []struct {
		status store.Status
		bare   int
		words  []string
	}{
		{store.StatusDone, bareNever, []string{"hoàn thành", "hoànthành", "đã hoàn thành",
			"hoàn tất", "đã hoàn tất", "xong", "đã xong", "ht"}},
		{store.StatusInProgress, bareNever, []string{"đang triển khai", "đangtriểnkhai",
			"đang làm", "đang thực hiện", "đang tiến hành", "đtk", "dtk"}},
		{store.StatusNotStarted, bareNever, []string{"chưa triển khai", "chưatriểnkhai",
			"chưa làm", "chưa thực hiện", "ctk"}},
		{store.StatusNotStarted, bareStrict, []string{"chưa"}},
		{store.StatusBlocked, bareNever, []string{"vướng mắc", "vướngmắc", "đang vướng mắc",
			"khó khăn", "gặp khó khăn", "đang gặp khó khăn", "vm", "kk"}},
		{store.StatusBlocked, bareUnaccented, []string{"vướng"}},
	}
	var ks []keyword
	for _, s := range spec {
		for _, w := range s.words {
			ks = append(ks, keyword{f: fold(w), status: s.status, bare: s.bare})
		}
	}
	for i := 1; i < len(ks); i++ { // insertion sort: stable, tiny list
		for j := i; j > 0 && len(ks[j].f.s) > len(ks[j-1].f.s); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}()

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// wordAt reports whether s[i:] is a letter or digit, i.e. no word boundary.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isSep reports the punctuation that may separate model, status and note.
func isSep(r rune) bool {
	switch r {
	case ' ', ':', '-', '–', '—', '−', '.', ')', ',', ';', '=', '>', '|':
		return true
	}
	return false
}

// skipSeps skips separators but stops at a minus glued to a digit, so "-5%"
// is read (and refused) as a negative percentage rather than as 5%.
func skipSeps(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isSep(r) {
			break
		}
		if (r == '-' || r == '−') && i+n < len(s) && isDigit(s[i+n]) {
			break
		}
		i += n
	}
	return i
}

func skipSpace(s string, i int) int {
	if i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// hasWord reports whether s[i:] starts with w followed by a non-letter.
func hasWord(s string, i int, w string) bool {
	return strings.HasPrefix(s[i:], w) && !letterAt(s, i+len(w))
}

// matchKeyword returns the status keyword at f.s[i:] and where it ends.
func matchKeyword(f *folded, i int) (*keyword, int) {
	rest := f.s[i:]
	for ki := range keywords {
		k := &keywords[ki]
		n := len(k.f.s)
		if !strings.HasPrefix(rest, k.f.s) || wordAt(f.s, i+n) {
			continue
		}
		accented, ok := accentsMatch(f, i, k)
		if !ok {
			continue
		}
		if k.bare == bareStrict || (k.bare == bareUnaccented && !accented) {
			// It must end the status: end of line, punctuation or a percentage.
			j := skipSpace(f.s, i+n)
			if j < len(f.s) {
				r, _ := utf8.DecodeRuneInString(f.s[j:])
				if _, _, pk := parsePercent(f.s, j); !isSep(r) && pk == pctNone {
					continue
				}
			}
		}
		return k, i + n
	}
	return nil, i
}

// accentsMatch checks, word by word, that a word typed with accents carries
// exactly the keyword's accents; a word typed without any is accepted.
func accentsMatch(f *folded, i int, k *keyword) (accented, ok bool) {
	ws := 0
	for j := 0; j <= len(k.f.s); j++ {
		if j < len(k.f.s) && k.f.s[j] != ' ' {
			continue
		}
		typed := false
		for x := ws; x < j; x++ {
			if f.mark[i+x] != 0 {
				typed = true
			}
		}
		if typed {
			for x := ws; x < j; x++ {
				if f.mark[i+x] != k.f.mark[x] {
					return false, false
				}
			}
			accented = true
		}
		ws = j + 1
	}
	return accented, true
}

const (
	pctNone = iota
	pctOK
	pctBad
)

// parsePercent reads "70%", "70 %", and refuses "150%", "-5%", "70,5%".
func parsePercent(s string, i int) (value, end, kind int) {
	j := i
	neg := false
	if strings.HasPrefix(s[j:], "-") {
		neg, j = true, j+1
	} else if strings.HasPrefix(s[j:], "−") {
		neg, j = true, j+len("−")
	}
	start := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == start {
		return 0, i, pctNone
	}
	digits := strings.TrimLeft(s[start:j], "0")
	frac := false
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
		frac = true
		for j++; j < len(s) && isDigit(s[j]); j++ {
		}
	}
	j = skipSpace(s, j)
	switch {
	case strings.HasPrefix(s[j:], "%"):
		j++
	case strings.HasPrefix(s[j:], "％"):
		j += len("％")
	default:
		return 0, i, pctNone // a number, not a percentage: part of the note
	}
	if neg || frac || len(digits) > 3 {
		return 0, j, pctBad
	}
	v := 0
	for k := 0; k < len(digits); k++ {
		v = v*10 + int(digits[k]-'0')
	}
	if v > 100 {
		return 0, j, pctBad
	}
	return v, j, pctOK
}

// consistent says whether a percentage fits a status; -1 fits all.
func consistent(s store.Status, p int) bool {
	switch {
	case p < 0:
		return true
	case s == store.StatusDone:
		return p == 100
	case s == store.StatusNotStarted:
		return p == 0
	case s == store.StatusInProgress:
		return p > 0 && p < 100
	}
	return true // blocked at any stage
}

func impliedStatus(p int) store.Status {
	switch p {
	case 0:
		return store.StatusNotStarted
	case 100:
		return store.StatusDone
	}
	return store.StatusInProgress
}

// parseStatusAt reads "status [percent] [sep] note" or "percent [status]
// [sep] note" from f.s[i:]. kind is 0 on success.
func parseStatusAt(f *folded, orig string, i int) (st store.Status, pct int, note string, kind ProblemKind) {
	pct = -1
	k, end := matchKeyword(f, i)
	if k != nil {
		st = k.status
		// Only spaces or ":" may stand between status and percentage, so a
		// note after a dash ("Hoàn thành – 70% kinh phí") stays a note.
		j := skipSpace(f.s, end)
		if j < len(f.s) && f.s[j] == ':' {
			j = skipSpace(f.s, j+1)
		}
		switch v, e, pk := parsePercent(f.s, j); pk {
		case pctBad:
			return "", -1, "", BadPercent
		case pctOK:
			pct, end = v, e
		}
	} else {
		v, e, pk := parsePercent(f.s, i)
		switch pk {
		case pctNone:
			return "", -1, "", NoStatus
		case pctBad:
			return "", -1, "", BadPercent
		}
		pct, end = v, e
		if k2, e2 := matchKeyword(f, skipSpace(f.s, end)); k2 != nil {
			st, end = k2.status, e2
		} else {
			st = impliedStatus(pct)
		}
	}
	if !consistent(st, pct) {
		return "", -1, "", Contradiction
	}
	end = skipSeps(f.s, end)
	if startsWithModel(f.s, end) {
		return "", -1, "", MultipleModels
	}
	note = noteFrom(f, orig, end)
	if utf8.RuneCountInString(note) > store.MaxNoteRunes {
		return "", -1, "", NoteTooLong
	}
	return st, pct, note, 0
}

// noteFrom returns the original text from folded offset i on.
func noteFrom(f *folded, orig string, i int) string {
	if i >= len(f.s) {
		return ""
	}
	// Start right after the last consumed rune, so invisible characters that
	// fold to nothing but begin the note are kept.
	o := 0
	if i > 0 {
		_, n := utf8.DecodeRuneInString(orig[f.off[i-1]:])
		o = f.off[i-1] + n
	}
	return strings.TrimFunc(orig[o:], unicode.IsSpace)
}

const (
	refNone = iota
	refOK
	refBad
)

// modelPrefix reads "mh", "mô hình (số)", "#" or "m" before a digit.
func modelPrefix(s string, i int) (int, bool) {
	switch {
	case hasWord(s, i, "mo hinh"), hasWord(s, i, "mohinh"):
		if s[i+2] == ' ' {
			i += len("mo hinh")
		} else {
			i += len("mohinh")
		}
		if j := skipSpace(s, i); hasWord(s, j, "so") {
			i = j + len("so")
		}
		return i, true
	case hasWord(s, i, "mh"):
		return i + 2, true
	case strings.HasPrefix(s[i:], "#"):
		return i + 1, true
	case strings.HasPrefix(s[i:], "m"):
		// A lone "m" is a prefix only when a number follows ("M31", "m 9").
		if j := skipSpace(s, i+1); j < len(s) && isDigit(s[j]) {
			return i + 1, true
		}
	}
	return i, false
}

// parseModelRef reads a model reference at s[i:].
func parseModelRef(s string, i int) (model, end, kind int) {
	j, prefixed := modelPrefix(s, i)
	if prefixed {
		j = skipSpace(s, j)
		if strings.HasPrefix(s[j:], "-") || strings.HasPrefix(s[j:], "−") || strings.HasPrefix(s[j:], "–") {
			return 0, j, refBad // "MH-3": a negative number, not a separator
		}
	}
	start := j
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == start {
		if prefixed {
			return 0, j, refBad
		}
		return 0, i, refNone
	}
	if !prefixed && (letterAt(s, j) || strings.HasPrefix(s[j:], "%") || strings.HasPrefix(s[j:], "/") ||
		(j+1 < len(s) && strings.IndexByte(".,:", s[j]) >= 0 && isDigit(s[j+1]))) {
		return 0, i, refNone // "70%", "15/10", "9:30", "2h": not meant as a model
	}
	// "MH9a", "MH9.5", "MH9,10" (lists are refused, not guessed); "MH9:70%" is fine.
	if prefixed && (letterAt(s, j) || (j+1 < len(s) && strings.IndexByte(".,", s[j]) >= 0 && isDigit(s[j+1]))) {
		return 0, j, refBad
	}
	digits := strings.TrimLeft(s[start:j], "0")
	if len(digits) == 0 || len(digits) > 3 {
		return 0, j, refBad
	}
	for k := 0; k < len(digits); k++ {
		model = model*10 + int(digits[k]-'0')
	}
	if model > MaxModel {
		return 0, j, refBad
	}
	if !prefixed {
		// "1. MH9: xong": a list index before a real reference.
		k := skipSeps(s, j)
		if _, prefixedInner := modelPrefix(s, k); prefixedInner && k > j {
			return parseModelRef(s, k)
		}
	}
	return model, j, refOK
}

// startsWithModel reports a well-formed prefixed model reference at s[i:]
// ("MH10", "#3"); bare numbers are too common in notes ("2 thôn") to count.
func startsWithModel(s string, i int) bool {
	if _, ok := modelPrefix(s, i); !ok {
		return false
	}
	_, _, kind := parseModelRef(s, i)
	return kind == refOK
}

// stripBullet skips a list bullet ("- ", "• ", "* ").
func stripBullet(s string) int {
	for _, b := range []string{"•", "·", "*", "+", "- ", "– ", "— "} {
		if strings.HasPrefix(s, b) {
			return skipSpace(s, len(b))
		}
	}
	return 0
}

var keepPhrases = [][]string{
	{"giu", "nguyen"}, {"nhu", "tuan", "truoc"}, {"khong", "thay", "doi"},
	{"nhu", "cu"}, {"nhu", "lan", "truoc"}, {"nhu", "ky", "truoc"},
}

// keepFillers may surround a keep phrase ("vẫn giữ nguyên ạ").
var keepFillers = map[string]bool{"a": true, "nhe": true, "nha": true, "gi": true,
	"het": true, "tat": true, "ca": true, "van": true, "deu": true, "vay": true,
	"em": true, "anh": true, "chi": true, "cac": true, "mo": true, "hinh": true,
	"mh": true, "so": true, "voi": true, "toan": true, "bo": true, "tuan": true, "nay": true}

// isKeep reports a line made only of "keep as before" phrases and fillers,
// so "không thay đổi được tiến độ vì…" is not mistaken for one.
func isKeep(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	found := false
next:
	for i := 0; i < len(words); {
		for _, p := range keepPhrases {
			if i+len(p) <= len(words) && equalWords(words[i:i+len(p)], p) {
				i += len(p)
				found = true
				continue next
			}
		}
		if !keepFillers[words[i]] {
			return false
		}
		i++
	}
	return found
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// allPrefix reads "tất cả (các mô hình) (còn lại) (đều)", "toàn bộ …" or
// "(các mô hình) còn lại" and returns where the status starts.
func allPrefix(s string) (int, bool) {
	i := 0
	all := false
	for _, w := range []string{"tat ca", "toan bo"} {
		if hasWord(s, 0, w) {
			i, all = skipSpace(s, len(w)), true
		}
	}
	if hasWord(s, i, "cac") {
		i = skipSpace(s, i+len("cac"))
	}
	switch {
	case hasWord(s, i, "mo hinh"):
		i = skipSpace(s, i+len("mo hinh"))
	case hasWord(s, i, "mh"):
		i = skipSpace(s, i+len("mh"))
	}
	if hasWord(s, i, "con lai") {
		i, all = skipSpace(s, i+len("con lai")), true
	}
	if !all {
		return 0, false
	}
	if hasWord(s, i, "deu") {
		i = skipSpace(s, i+len("deu"))
	}
	return i, true
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
// còn 2 thôn"), for button flows. Line breaks in the note become spaces.
func ParseStatus(s string) (status store.Status, percent int, note string, ok bool) {
	s = sanitize(s)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	f := fold(s)
	st, pct, note, kind := parseStatusAt(&f, s, skipSeps(f.s, 0))
	if kind != 0 {
		return "", -1, "", false
	}
	return st, pct, note, true
}

// item is the outcome of one line before duplicates are resolved.
type item struct {
	entry   *Entry
	problem *Problem
	all     *AllShortcut
	model   int // model mentioned, 0 if none, -1 for a failed "all" line
	raw     string
}

// Parse reads a whole reply. It never panics; invalid UTF-8 bytes are read
// as U+FFFD. Each non-empty line yields at most one Entry or Problem.
func Parse(text string) Result {
	text = sanitize(text)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	var res Result
	var items []item
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
			items = append(items, item{problem: &Problem{Line: n, Kind: TooManyLines, Raw: raw}})
			break
		}
		it, keep := parseLine(&f, raw, n)
		if keep {
			res.KeepPrevious = true
			continue
		}
		items = append(items, it)
	}

	// Only the last mention of a model (or of "all") counts.
	last := map[int]int{}
	lastAll := -1
	for i, it := range items {
		switch {
		case it.all != nil || (it.problem != nil && it.model == -1):
			lastAll = i
		case it.model > 0:
			last[it.model] = i
		}
	}
	for i, it := range items {
		switch {
		case it.all != nil:
			if i == lastAll {
				res.All = it.all
				continue
			}
			res.Problems = append(res.Problems, Problem{Line: it.all.Line, Kind: DuplicateModel, Raw: it.raw})
		case it.entry != nil:
			if last[it.model] == i {
				res.Entries = append(res.Entries, *it.entry)
				continue
			}
			e := it.entry
			res.Problems = append(res.Problems, Problem{Line: e.Line, Kind: DuplicateModel, Raw: e.Raw, Model: e.Model})
		default:
			res.Problems = append(res.Problems, *it.problem)
		}
	}
	return res
}

// parseLine reads one non-empty line. item.model is -1 for a failed "all"
// line so a later good "all" line still supersedes it.
func parseLine(f *folded, raw string, n int) (it item, keep bool) {
	problem := func(k ProblemKind, model int) item {
		return item{problem: &Problem{Line: n, Kind: k, Raw: raw, Model: max(model, 0)}, model: model}
	}
	i := stripBullet(f.s)
	// Shortcuts first: they never start with a number, and "mô hình còn
	// lại: …" must not be read as a model reference without a number.
	if isKeep(f.s[i:]) {
		return item{}, true
	}
	if j, ok := allPrefix(f.s[i:]); ok {
		st, pct, note, kind := parseStatusAt(f, raw, skipSeps(f.s, i+j))
		if kind != 0 {
			return problem(kind, -1), false
		}
		return item{all: &AllShortcut{Line: n, Status: st, Percent: pct, Note: note}, raw: raw}, false
	}
	model, end, ref := parseModelRef(f.s, i)
	switch ref {
	case refBad:
		return problem(BadModelNumber, 0), false
	case refNone:
		return problem(NoModel, 0), false
	}
	end = skipSeps(f.s, end)
	if startsWithModel(f.s, end) {
		return problem(MultipleModels, model), false
	}
	st, pct, note, kind := parseStatusAt(f, raw, end)
	if kind != 0 {
		return problem(kind, model), false
	}
	return item{entry: &Entry{Line: n, Model: model, Status: st, Percent: pct, Note: note, Raw: raw}, model: model}, false
}
