package telegramtest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// htmlTags maps Telegram's allowed HTML tags to entity types.
var htmlTags = map[string]models.MessageEntityType{
	"b": models.MessageEntityTypeBold, "strong": models.MessageEntityTypeBold,
	"i": models.MessageEntityTypeItalic, "em": models.MessageEntityTypeItalic,
	"u": models.MessageEntityTypeUnderline, "ins": models.MessageEntityTypeUnderline,
	"s": models.MessageEntityTypeStrikethrough, "strike": models.MessageEntityTypeStrikethrough, "del": models.MessageEntityTypeStrikethrough,
	"span": models.MessageEntityTypeSpoiler, "tg-spoiler": models.MessageEntityTypeSpoiler,
	"a":    models.MessageEntityTypeTextLink,
	"code": models.MessageEntityTypeCode, "pre": models.MessageEntityTypePre,
	"blockquote": models.MessageEntityTypeBlockquote,
	"tg-emoji":   models.MessageEntityTypeCustomEmoji,
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type openTag struct {
	name  string
	pos   int // byte offset of '<'
	start int // UTF-16 offset in the plain text
	attrs map[string]string
	lang  string // pre: language from an inner <code class="language-x">
}

// parseHTML parses text in Telegram's HTML parse mode, following TDLib's parser and error
// wording. Unlike TDLib it refuses a bare '&' (the Bot API docs require escaping it; TDLib
// keeps it as text), so unescaped user input is caught here. It returns the plain text and
// entities with UTF-16 offsets.
func parseHTML(s string) (string, []models.MessageEntity, error) {
	var out strings.Builder
	u16 := 0
	var stack []openTag
	var ents []models.MessageEntity
	for i := 0; i < len(s); {
		switch s[i] {
		case '&':
			r, n, ok := decodeHTMLEntity(s[i:])
			if !ok {
				return "", nil, fmt.Errorf("Unsupported HTML entity or unescaped \"&\" at byte offset %d", i)
			}
			out.WriteRune(r)
			u16 += utf16.RuneLen(r)
			i += n
		case '<':
			begin := i
			if i+1 < len(s) && s[i+1] == '/' {
				if len(stack) == 0 {
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
				}
				j := i + 2
				for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
					j++
				}
				name := strings.ToLower(s[i+2 : j])
				for j < len(s) && isHTMLSpace(s[j]) {
					j++
				}
				if j >= len(s) || s[j] != '>' {
					return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
				}
				top := stack[len(stack)-1]
				if name != "" && name != top.name {
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if e, ok := closeTag(top, u16, stack); ok {
					ents = append(ents, e)
				}
				i = j + 1
				continue
			}
			t, n, err := parseStartTag(s, i)
			if err != nil {
				return "", nil, err
			}
			t.start = u16
			stack = append(stack, t)
			i += n
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			out.WriteRune(r)
			u16 += utf16.RuneLen(r)
			i += n
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	slices.SortStableFunc(ents, func(a, b models.MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	return out.String(), ents, nil
}

// closeTag turns a closed tag into an entity; empty ones are dropped like Telegram does.
func closeTag(t openTag, end int, parents []openTag) (models.MessageEntity, bool) {
	e := models.MessageEntity{Type: htmlTags[t.name], Offset: t.start, Length: end - t.start}
	switch t.name {
	case "a":
		e.URL = t.attrs["href"]
		if e.URL == "" {
			return e, false
		}
		if strings.HasPrefix(e.URL, "tg://user?id=") {
			e.Type, e.URL = models.MessageEntityTypeTextMention, ""
			id, _ := strconv.ParseInt(strings.TrimPrefix(t.attrs["href"], "tg://user?id="), 10, 64)
			e.User = &models.User{ID: id}
		}
	case "code":
		// <pre><code class="language-x"> becomes one pre entity with a language.
		if len(parents) > 0 && parents[len(parents)-1].name == "pre" {
			if lang, ok := strings.CutPrefix(t.attrs["class"], "language-"); ok {
				parents[len(parents)-1].lang = lang
				return e, false
			}
		}
	case "pre":
		e.Language = t.lang
	case "blockquote":
		if _, ok := t.attrs["expandable"]; ok {
			e.Type = models.MessageEntityTypeExpandableBlockquote
		}
	case "tg-emoji":
		e.CustomEmojiID = t.attrs["emoji-id"]
	}
	return e, e.Length > 0
}

func parseStartTag(s string, begin int) (openTag, int, error) {
	i := begin + 1
	for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
		i++
	}
	if i >= len(s) {
		return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	name := strings.ToLower(s[begin+1 : i])
	if _, ok := htmlTags[name]; !ok {
		return openTag{}, 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, begin)
	}
	t := openTag{name: name, pos: begin, attrs: map[string]string{}}
	for {
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if s[i] == '>' {
			i++
			break
		}
		ab := i
		for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' {
			i++
		}
		attr := strings.ToLower(s[ab:i])
		if attr == "" {
			return t, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", name, ab)
		}
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] != '=' && attr == "expandable" && name == "blockquote" {
			t.attrs[attr] = ""
			continue
		}
		if i >= len(s) || s[i] != '=' {
			return t, 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", name, i)
		}
		i++
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		var val strings.Builder
		if q := s[i]; q == '"' || q == '\'' {
			i++
			for i < len(s) && s[i] != q {
				if s[i] == '&' {
					if r, n, ok := decodeHTMLEntity(s[i:]); ok {
						val.WriteRune(r)
						i += n
						continue
					}
				}
				val.WriteByte(s[i])
				i++
			}
			if i >= len(s) {
				return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			i++
		} else {
			tb := i
			for i < len(s) && (isAlnum(s[i]) || s[i] == '.' || s[i] == '-') {
				i++
			}
			if i >= len(s) || (!isHTMLSpace(s[i]) && s[i] != '>') {
				return t, 0, fmt.Errorf("Unexpected end of name token at byte offset %d", tb)
			}
			val.WriteString(strings.ToLower(s[tb:i]))
		}
		t.attrs[attr] = val.String()
	}
	switch name {
	case "span":
		if t.attrs["class"] != "tg-spoiler" {
			return t, 0, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
		}
	case "tg-emoji":
		if _, err := strconv.ParseInt(t.attrs["emoji-id"], 10, 64); err != nil {
			return t, 0, errors.New("Custom emoji entity must contain a valid custom emoji identifier")
		}
	}
	return t, i - begin, nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// decodeHTMLEntity decodes &lt; &gt; &amp; &quot; &#NN; &#xHH; at the start of s.
func decodeHTMLEntity(s string) (rune, int, bool) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return 0, 0, false
	}
	body := s[1:end]
	switch body {
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "amp":
		return '&', end + 1, true
	case "quot":
		return '"', end + 1, true
	}
	if body[0] != '#' || len(body) < 2 {
		return 0, 0, false
	}
	var v uint64
	var err error
	if body[1] == 'x' || body[1] == 'X' {
		v, err = strconv.ParseUint(body[2:], 16, 32)
	} else {
		v, err = strconv.ParseUint(body[1:], 10, 32)
	}
	r := rune(v)
	if err != nil || v == 0 || !utf8.ValidRune(r) {
		return 0, 0, false
	}
	return r, end + 1, true
}
