package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/tocongtac/tocongtac/store"
)

// IndicatorReport is a number a line reports for one indicator of a model:
// "MH1: 45/53", "MH1 45 DVC", "MH32 đạt 80%", "MH24 vneid 4500/5000 - còn 2 thôn".
type IndicatorReport struct {
	Model     int
	Indicator store.Indicator // the plan's indicator the number is for
	Value     float64         // in the indicator's unit; a percentage for "%" ("4500/5000" → 90)
	Of        float64         // the "/53" as written, 0 when none
	Unit      string          // the unit of measure as written, "" when none
	Note      string          // text after the number, as written
}

// ParseIndicator reads one line as a number against a model's indicator. ok is false
// when the line is not of that shape (no model, or no number where the number goes):
// the caller then reads it as a status line. When ok is true and problem is not empty,
// the line was meant as a number but cannot be recorded: answer with the problem and
// record nothing. r carries what was understood (Model, Indicator when known, Value,
// Of, Unit) for the answer.
//
// Numbers: "12,5" and "12.5" are decimals; "1.000" and "12.345" are thousands (the
// Vietnamese way). A number without a unit takes the indicator's unit.
func ParseIndicator(line string, plan *store.Plan) (r IndicatorReport, problem store.ValueProblem, ok bool) {
	orig, toks := indTokens(line)
	i := 0
	model, n := indModelRef(toks)
	if n == 0 {
		return r, "", false
	}
	r.Model, i = model, n
	i = indSkip(toks, i, ":", "-", "=")
	m, known := plan.Model(model)

	// An indicator key may follow the model: "MH24 vneid: 80%".
	var in store.Indicator
	haveKey := false
	if known && i < len(toks) {
		for _, k := range m.Indicators {
			if k.Key != "" && store.FoldKey(k.Key) == toks[i] {
				in, haveKey = k, true
				i = indSkip(toks, i+1, ":", "-", "=")
				break
			}
		}
	}
	i = indSkip(toks, i, "dat", "duoc", "la", ":", "=")
	if i >= len(toks) {
		return r, "", false
	}
	value, isNum := indNumber(toks[i])
	if !isNum {
		return r, "", false
	}
	r.Value = value
	i++
	hasOf := false
	if i+1 < len(toks) && toks[i] == "/" {
		of, isNum := indNumber(toks[i+1])
		if !isNum {
			return r, store.ValueBadNumber, true
		}
		r.Of, hasOf = of, true
		i += 2
	}
	if i < len(toks) && toks[i] == "%" {
		r.Unit = "%"
		i++
	}
	// A unit of measure in words, unless a separator starts the note.
	unitAt := -1
	if r.Unit == "" && i < len(toks) && !indIsSep(toks[i]) {
		unitAt = i
	}

	if !known || len(m.Indicators) == 0 {
		return r, store.ValueNoIndicator, true
	}
	if !haveKey {
		var cands []store.Indicator
		for _, c := range m.Indicators {
			if unitAt >= 0 && indUnitWords(c, toks[unitAt:]) > 0 || r.Unit == "%" && c.IsPercent() {
				cands = append(cands, c)
			}
		}
		switch {
		case len(m.Indicators) == 1:
			in = m.Indicators[0]
		case len(cands) == 1:
			in = cands[0]
		default:
			return r, store.ValueUnknownIndicator, true
		}
	}
	r.Indicator = in
	if unitAt >= 0 {
		w := indUnitWords(in, toks[unitAt:])
		if w == 0 {
			r.Unit = orig[unitAt]
			return r, store.ValueWrongUnit, true
		}
		r.Unit = strings.Join(orig[unitAt:unitAt+w], " ")
		i = unitAt + w
	}
	if r.Unit == "%" && !in.IsPercent() {
		return r, store.ValueWrongUnit, true
	}
	if r.Value < 0 {
		return r, store.ValueNegative, true
	}
	if hasOf {
		switch {
		case r.Of <= 0:
			return r, store.ValueBadNumber, true
		case in.IsPercent():
			if r.Value > r.Of {
				return r, store.ValueAbovePercent, true
			}
			r.Value = 100 * r.Value / r.Of
		case r.Of != in.Target:
			return r, store.ValueWrongTarget, true
		}
	}
	r.Note = strings.TrimSpace(strings.Join(orig[indSkipSeps(toks, i):], " "))
	return r, store.CheckValue(in, r.Value), true
}

// indTokens splits a line into words, with ":", "/", "%", ",", ";", "=" and a dash that is
// not a minus sign as words of their own. It returns the words as written and folded
// (lower case, no diacritics), position for position.
func indTokens(line string) (orig, folded []string) {
	var b strings.Builder
	rs := []rune(line)
	for j, c := range rs {
		switch {
		case c == ',' && j > 0 && j+1 < len(rs) && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]):
			b.WriteRune(c) // a decimal comma: "92,5"
		case strings.ContainsRune(":/%,;=", c):
			b.WriteString(" " + string(c) + " ")
		case c == '-' || c == '–' || c == '—':
			minus := c == '-' && j+1 < len(rs) && unicode.IsDigit(rs[j+1]) &&
				(j == 0 || unicode.IsSpace(rs[j-1]) || rs[j-1] == ':')
			if minus {
				b.WriteRune(c)
			} else {
				b.WriteString(" - ")
			}
		default:
			b.WriteRune(c)
		}
	}
	for _, w := range strings.Fields(b.String()) {
		f := store.Fold(w)
		if f == "" {
			continue
		}
		orig = append(orig, w)
		folded = append(folded, f)
	}
	return orig, folded
}

var indMHRE = regexp.MustCompile(`^(?:mh|m\.h\.?)(\d*)$`)

// indModelRef reads "MH1", "mh 1", "M.H.1" or "mô hình 1" at the start; n is how many
// tokens it took, 0 when there is no model reference.
func indModelRef(toks []string) (model, n int) {
	if len(toks) == 0 {
		return 0, 0
	}
	digits, n := "", 0
	if m := indMHRE.FindStringSubmatch(toks[0]); m != nil {
		digits, n = m[1], 1
	} else if toks[0] == "mo" && len(toks) > 1 && strings.HasPrefix(toks[1], "hinh") {
		digits, n = strings.TrimPrefix(toks[1], "hinh"), 2
	} else {
		return 0, 0
	}
	if digits == "" {
		if n >= len(toks) {
			return 0, 0
		}
		digits, n = toks[n], n+1
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v <= 0 || v > MaxModel {
		return 0, 0
	}
	return v, n
}

func indSkip(toks []string, i int, words ...string) int {
	for i < len(toks) {
		found := false
		for _, w := range words {
			if toks[i] == w {
				found = true
				break
			}
		}
		if !found {
			return i
		}
		i++
	}
	return i
}

func indIsSep(t string) bool { return t == "," || t == ";" || t == "-" || t == "." || t == "(" }

func indSkipSeps(toks []string, i int) int {
	for i < len(toks) && indIsSep(toks[i]) {
		i++
	}
	return i
}

var (
	indThousandsRE = regexp.MustCompile(`^-?\d{1,3}(?:\.\d{3})+$`)
	indDecimalRE   = regexp.MustCompile(`^-?\d+(?:[.,]\d+)?$`)
)

// indNumber reads "45", "-3", "12,5", "12.5" and "12.345" (twelve thousand …).
func indNumber(t string) (float64, bool) {
	t = strings.TrimSuffix(t, ".") // "45." at the end of a sentence
	switch {
	case indThousandsRE.MatchString(t):
		t = strings.ReplaceAll(t, ".", "")
	case indDecimalRE.MatchString(t):
		t = strings.Replace(t, ",", ".", 1)
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	return v, err == nil
}

// indUnitWords is how many of toks spell the indicator's unit or one of its aliases (the
// longest that matches), 0 when none does.
func indUnitWords(in store.Indicator, toks []string) int {
	best := 0
	for _, u := range append([]string{in.Unit}, in.Aliases...) {
		words := strings.Fields(store.Fold(u))
		if len(words) == 0 || len(words) > len(toks) || len(words) <= best {
			continue
		}
		match := true
		for k, w := range words {
			if toks[k] != w {
				match = false
				break
			}
		}
		if match {
			best = len(words)
		}
	}
	return best
}
