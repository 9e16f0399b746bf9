package messages

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxMessage is Telegram's limit on a message's text, in UTF-16 code units after entity
// parsing (an emoji outside the BMP counts two).
const MaxMessage = 4096

// Split cuts an HTML text into messages within Telegram's limit. It cuts at a line break
// where it can, else at a space, else between two characters; never inside a tag or an
// entity such as &amp;. Tags open at a cut are closed at the end of the part and opened
// again at the start of the next, so every part parses on its own.
func Split(text string) []string {
	return SplitAt(text, MaxMessage)
}

// SplitAt is Split with a chosen limit in UTF-16 code units of visible text.
func SplitAt(text string, limit int) []string {
	if len(text) <= limit {
		// No token is wider than its bytes: the text is one part. Worked out without
		// making its tokens, as most answers are short.
		if p := wholePart(text); strings.TrimSpace(PlainText(p)) != "" {
			return []string{p}
		}
		return []string{text}
	}
	toks := tokenize(text)
	var parts []string
	for start := 0; start < len(toks); {
		end, next := cutPoint(toks, start, limit)
		if p := renderPart(toks, start, end); strings.TrimSpace(PlainText(p)) != "" {
			parts = append(parts, p)
		}
		start = next
	}
	if len(parts) == 0 {
		return []string{text}
	}
	return parts
}

// token is one indivisible piece of HTML: a tag, an entity or one character.
type token struct {
	raw   string
	width int    // UTF-16 units it shows as: 0 for a tag
	open  string // a start tag's name
	close bool   // an end tag
}

func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				raw := s[i : i+j+1]
				t := token{raw: raw}
				if strings.HasPrefix(raw, "</") {
					t.close = true
				} else {
					t.open = tagName(raw)
				}
				toks = append(toks, t)
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j <= 12 {
				r := decodeEntity(s[i+1 : i+j])
				toks = append(toks, token{raw: s[i : i+j+1], width: utf16.RuneLen(r)})
				i += j + 1
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		toks = append(toks, token{raw: s[i : i+n], width: max(utf16.RuneLen(r), 1)})
		i += n
	}
	return toks
}

// wholePart is renderPart of all of text's tokens: the text without its trailing line
// breaks, with the tags it leaves open closed. Only tags and entities need reading (as
// tokenize reads them); a character never holds a '<' or '&' byte.
func wholePart(text string) string {
	var open []string
	for i := 0; i < len(text); {
		j := strings.IndexAny(text[i:], "<&")
		if j < 0 {
			break
		}
		i += j
		switch text[i] {
		case '<':
			if k := strings.IndexByte(text[i:], '>'); k > 0 {
				raw := text[i : i+k+1]
				switch {
				case strings.HasPrefix(raw, "</"):
					if len(open) > 0 {
						open = open[:len(open)-1]
					}
				case tagName(raw) != "":
					open = append(open, tagName(raw))
				}
				i += k + 1
				continue
			}
		case '&':
			if k := strings.IndexByte(text[i:], ';'); k > 1 && k <= 12 {
				i += k + 1
				continue
			}
		}
		i++
	}
	body := strings.TrimRight(text, "\n")
	if len(open) == 0 {
		return body
	}
	var b strings.Builder
	b.WriteString(body)
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
	return b.String()
}

func isTagSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// tagName is a start tag's name in lower case, "" for a tag with none ("<>", "< >"):
// taking the first field of those panicked.
func tagName(raw string) string {
	if f := strings.FieldsFunc(raw[1:len(raw)-1], isTagSpace); len(f) > 0 {
		return strings.ToLower(f[0])
	}
	return ""
}

// decodeEntity returns the character an entity body (between & and ;) stands for; all
// it needs is its UTF-16 width, so an unknown one counts as one character.
func decodeEntity(body string) rune {
	if len(body) > 2 && body[0] == '#' {
		var v rune
		if body[1] == 'x' || body[1] == 'X' {
			for _, c := range body[2:] {
				v = v*16 + rune(strings.IndexRune("0123456789abcdef", c|0x20))
			}
		} else {
			for _, c := range body[1:] {
				v = v*10 + (c - '0')
			}
		}
		if v > 0xFFFF && v <= utf8.MaxRune {
			return v
		}
	}
	return 'x'
}

// cutPoint finds where the part starting at toks[start] ends (exclusive) and where the
// next one starts: after the last line break that fits, else the last space, else as
// many characters as fit. A line break or space at the cut is dropped.
func cutPoint(toks []token, start, limit int) (end, next int) {
	width, lastBreak, lastSpace := 0, -1, -1
	for i := start; i < len(toks); i++ {
		t := toks[i]
		if width+t.width > limit {
			switch {
			case lastBreak > start:
				return lastBreak, lastBreak + 1
			case lastSpace > start:
				return lastSpace, lastSpace + 1
			case i > start:
				return i, i
			}
			return i + 1, i + 1 // one token wider than the limit: cannot happen for limit ≥ 2
		}
		width += t.width
		switch t.raw {
		case "\n":
			lastBreak = i
		case " ":
			lastSpace = i
		}
	}
	return len(toks), len(toks)
}

// renderPart writes toks[start:end], opening the tags open at start and closing those
// still open at end.
func renderPart(toks []token, start, end int) string {
	var b strings.Builder
	for _, t := range openTags(toks[:start]) {
		b.WriteString(t.raw)
	}
	body := toks[start:end]
	for len(body) > 0 && body[len(body)-1].raw == "\n" {
		body = body[:len(body)-1]
	}
	for _, t := range body {
		b.WriteString(t.raw)
	}
	open := openTags(toks[:end])
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i].open + ">")
	}
	return b.String()
}

// openTags is the stack of start tags not yet closed after toks.
func openTags(toks []token) []token {
	var stack []token
	for _, t := range toks {
		switch {
		case t.open != "":
			stack = append(stack, t)
		case t.close && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	return stack
}
