package parse

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

// keyword is a status phrase, stored folded with the accents it is spelled with.
type keyword struct {
	f      folded
	word   string // as spelled in the vocabulary, offered back in a suggestion
	status store.Status
	bare   int // bareNever, bareStrict or bareUnaccented
	sense  int // senseStatus, senseByPercent or sensePaused
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

const (
	senseStatus = iota
	// senseByPercent: "đã triển khai" says work has begun; the percentage
	// tells done (100%) from in progress, and without one we ask.
	senseByPercent
	// sensePaused: "tạm dừng" is recorded as Vướng mắc, because a pause is
	// something the standing office must see and act on, and the words
	// "tạm dừng" open the note so the office reads it was a pause. The pause
	// itself describes the blocker, so no further description is asked for.
	sensePaused
)

// keywords is sorted longest first so "chưa triển khai" wins over "chưa".
var keywords = func() []keyword {
	spec := []struct {
		status store.Status
		bare   int
		sense  int
		words  []string
	}{
		{store.StatusDone, bareNever, senseStatus, []string{"hoàn thành", "hoànthành", "đã hoàn thành",
			"hoàn tất", "đã hoàn tất", "xong", "đã xong", "ht", "✅", "✔", "☑", "✓"}},
		{store.StatusInProgress, bareNever, senseStatus, []string{"đang triển khai", "đangtriểnkhai",
			"đang làm", "đang thực hiện", "đang tiến hành", "đtk", "dtk"}},
		{store.StatusInProgress, bareNever, senseByPercent, []string{"đã triển khai", "đã thực hiện"}},
		{store.StatusNotStarted, bareNever, senseStatus, []string{"chưa triển khai", "chưatriểnkhai",
			"chưa làm", "chưa thực hiện", "chưa bắt đầu", "chưa tiến hành", "ctk"}},
		{store.StatusNotStarted, bareStrict, senseStatus, []string{"chưa"}},
		{store.StatusBlocked, bareNever, senseStatus, []string{"vướng mắc", "vướngmắc", "đang vướng mắc",
			"khó khăn", "gặp khó khăn", "đang gặp khó khăn", "vm", "kk"}},
		{store.StatusBlocked, bareUnaccented, senseStatus, []string{"vướng"}},
		{store.StatusBlocked, bareNever, sensePaused, []string{"tạm dừng", "tạm ngừng", "tạm hoãn",
			"dừng triển khai", "ngừng triển khai"}},
	}
	var ks []keyword
	for _, s := range spec {
		for _, w := range s.words {
			ks = append(ks, keyword{f: fold(w), word: w, status: s.status, bare: s.bare, sense: s.sense})
		}
	}
	for i := 1; i < len(ks); i++ { // insertion sort: stable, tiny list
		for j := i; j > 0 && len(ks[j].f.s) > len(ks[j-1].f.s); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}()

// matchKeyword returns the status keyword at f.s[i:] and where it ends.
func matchKeyword(f *folded, i int) (*keyword, int) {
	rest := f.s[i:]
	for ki := range keywords {
		k := &keywords[ki]
		n := len(k.f.s)
		if !strings.HasPrefix(rest, k.f.s) || wordAt(f.s, i+n) {
			continue
		}
		accented, ok := accentsMatch(f, i, &k.f)
		if !ok {
			continue
		}
		if k.bare == bareStrict || (k.bare == bareUnaccented && !accented) {
			// It must end the status: end of line, punctuation or a percentage.
			if !statusEndsAt(f.s, i+n) {
				continue
			}
		}
		return k, i + n
	}
	return nil, i
}

// statusEndsAt reports the end of line, punctuation or a percentage at s[i:]
// (after one space).
func statusEndsAt(s string, i int) bool {
	j := skipSpace(s, i)
	if j >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	_, _, pk := parsePercent(s, j)
	return isSep(r) || pk != pctNone
}

// accentsMatch checks, word by word, that a word typed with accents carries
// exactly the keyword's accents; a word typed without any is accepted.
func accentsMatch(f *folded, i int, k *folded) (accented, ok bool) {
	ws := 0
	for j := 0; j <= len(k.s); j++ {
		if j < len(k.s) && k.s[j] != ' ' {
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
				if f.mark[i+x] != k.mark[x] {
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

// status is a status phrase read at the start of a segment.
type status struct {
	st     store.Status
	pct    int    // -1 when none given
	start  int    // folded offset where the phrase starts
	end    int    // folded offset where the phrase (and percentage) ends
	sug    string // non-empty: read from a near-miss typo or an unclear phrase; this is what we would ask about
	paused bool   // "tạm dừng": the phrase opens the note
	kwFrom int    // folded span of the keyword, for the paused note
	kwTo   int
}

// readStatus reads "status [percent]" or "percent [status]" from f.s[i:].
func readStatus(f *folded, i int) (status, ProblemKind) {
	s := status{pct: -1, start: i}
	k, end := matchKeyword(f, i)
	sug := ""
	if k == nil {
		k, end = fuzzyKeyword(f, i)
		if k != nil {
			sug = k.word
			if vuongThenWords(f, i, end) {
				// "vuong mat bang": most likely "vướng: mặt bằng", not a slip
				// for "vướng mắc" followed by "bang"; still asked, not guessed.
				k, end = &bareVuong, i+len("vuong")
				sug = "vướng mắc"
			}
		}
	}
	if k != nil {
		s.st, s.kwFrom, s.kwTo = k.status, i, end
		// Only spaces or ":" may stand between status and percentage, so a
		// note after a dash ("Hoàn thành – 70% kinh phí") stays a note.
		j := skipSpace(f.s, end)
		if j < len(f.s) && f.s[j] == ':' {
			j = skipSpace(f.s, j+1)
		}
		switch v, e, pk := parsePercent(f.s, j); pk {
		case pctBad:
			return s, BadPercent
		case pctOK:
			s.pct, end = v, e
		case pctNone:
			if v, e, ok := lonePercent(f.s, j); ok && sug == "" {
				// "dtk 60": surely 60%, but a number is not a percentage; ask.
				s.pct, end = v, e
				sug = statusWords[k.status] + " " + strconv.Itoa(v) + "%"
			}
		}
	} else {
		v, e, pk := parsePercent(f.s, i)
		switch pk {
		case pctNone:
			return s, NoStatus
		case pctBad:
			return s, BadPercent
		}
		s.pct, end = v, e
		j := skipSpace(f.s, end)
		k2, e2 := matchKeyword(f, j)
		if k2 == nil {
			if k2, e2 = fuzzyKeyword(f, j); k2 != nil {
				sug = k2.word
			}
		}
		if k2 != nil {
			k, s.st, s.kwFrom, s.kwTo, end = k2, k2.status, j, e2, e2
		} else {
			s.st = impliedStatus(s.pct)
		}
	}
	s.end = end
	if k != nil {
		switch k.sense {
		case sensePaused:
			s.paused = true
		case senseByPercent:
			if s.pct < 0 && sug == "" {
				sug = "đang triển khai" // "đã triển khai" alone: done, or still going?
			} else if s.pct > 0 {
				s.st = impliedStatus(s.pct)
			}
		}
	}
	s.sug = sug
	if !consistent(s.st, s.pct) {
		return s, Contradiction
	}
	return s, 0
}

// fuzzyKeyword finds a status phrase typed with one slip ("hoan thnah",
// "dang trien khia", "vuong mat") or with the wrong accents ("dáng làm").
// It never guesses between two statuses, and short words (ht, vm) and the
// lone words that are strict anyway ("chưa", "vướng") are not guessed at.
func fuzzyKeyword(f *folded, i int) (*keyword, int) {
	var words []int // end offsets of up to 3 words from i
	for j := i; len(words) < 3 && j < len(f.s) && letterAt(f.s, j); {
		for j < len(f.s) && letterAt(f.s, j) {
			_, n := utf8.DecodeRuneInString(f.s[j:])
			j += n
		}
		words = append(words, j)
		if j+1 < len(f.s) && f.s[j] == ' ' && letterAt(f.s, j+1) {
			j++
			continue
		}
		break
	}
	var best *keyword
	bestD, bestEnd, tie := 99, 0, false
	for ki := range keywords {
		k := &keywords[ki]
		kw := k.f.s
		if k.bare != bareNever || len(kw) < 4 || !letterAt(kw, 0) {
			continue
		}
		nw := strings.Count(kw, " ") + 1
		if nw > len(words) {
			continue
		}
		cand := f.s[i:words[nw-1]]
		if cand[0] != kw[0] {
			continue // a slip rarely hits the first letter; "song" is not "xong"
		}
		limit := 1
		if len(kw) >= 8 {
			limit = 2
		}
		d := editDistance(cand, kw, limit)
		if d > limit || d > bestD {
			continue
		}
		if d == bestD && best != nil && best.status != k.status {
			tie = true
			continue
		}
		if d < bestD {
			tie = false
		}
		best, bestD, bestEnd = k, d, words[nw-1]
	}
	if best == nil || tie {
		return nil, i
	}
	return best, bestEnd
}

// editDistance is the optimal-string-alignment distance (a swap of two
// neighbours counts as one slip), giving up above limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// statusWords name a status in a question.
var statusWords = map[store.Status]string{store.StatusDone: "hoàn thành", store.StatusInProgress: "đang triển khai",
	store.StatusNotStarted: "chưa triển khai", store.StatusBlocked: "vướng mắc"}

// lonePercent reads a number 0-100 standing alone where a percentage would
// be ("dtk 60", "dtk 60, còn 2 thôn"), not "2 thôn".
func lonePercent(s string, i int) (int, int, bool) {
	j, v := i, 0
	for j < len(s) && isDigit(s[j]) && j-i < 3 {
		v = v*10 + int(s[j]-'0')
		j++
	}
	if j == i || v > 100 || (j < len(s) && !(s[j] == ' ' || s[j] == ',' || s[j] == ';')) {
		return 0, i, false
	}
	if k := skipSpace(s, j); k < len(s) && (letterAt(s, k) || isDigit(s[k])) {
		return 0, i, false
	}
	return v, j, true
}

var bareVuong = keyword{f: fold("vướng"), word: "vướng mắc", status: store.StatusBlocked, bare: bareUnaccented}

// vuongThenWords reports an unaccented "vuong" at f.s[i:] whose near-miss
// reading ending at end is followed by more words.
func vuongThenWords(f *folded, i, end int) bool {
	if !hasWord(f.s, i, "vuong") {
		return false
	}
	for x := i; x < i+len("vuong"); x++ {
		if f.mark[x] != 0 {
			return false
		}
	}
	return end+1 < len(f.s) && f.s[end] == ' ' && letterAt(f.s, end+1)
}
