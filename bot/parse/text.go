package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
