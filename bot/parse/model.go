package parse

import (
	"strings"
)

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

// strongRefAt reports an unmistakable model reference at s[i:] ("MH10",
// "mô hình 10", "#10"). Inside a note only these count: "m2" there is more
// likely square metres than model 2.
func strongRefAt(s string, i int) bool {
	if !(hasWord(s, i, "mh") || hasWord(s, i, "mo hinh") || hasWord(s, i, "mohinh") || strings.HasPrefix(s[i:], "#")) {
		return false
	}
	_, _, kind := parseModelRef(s, i)
	return kind == refOK
}

// ModelRefs returns the model numbers referred to unmistakably in s
// ("MH10", "mô hình 10", "#10") at the start of a word.
func ModelRefs(s string) []int {
	f := fold(s)
	var out []int
	for i := 0; i < len(f.s); i++ {
		if i > 0 && wordAt(f.s, i-1) {
			continue
		}
		if strongRefAt(f.s, i) {
			m, _, _ := parseModelRef(f.s, i)
			out = append(out, m)
		}
	}
	return out
}
