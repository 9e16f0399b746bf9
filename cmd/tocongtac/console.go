package main

import (
	"html"
	"os"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// Terminal rendering of what the bot sends: Telegram HTML as ANSI styling (or plain text
// when not a terminal), inline keyboards as numbered buttons.

// isTerminal reports whether f is a character device (a terminal, not a pipe or file).
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	fi, err := file.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

const (
	ansiReset = "\x1b[0m"
	ansiDim   = "\x1b[2m"
	ansiBold  = "\x1b[1m"
	ansiCyan  = "\x1b[36m"
)

// tagStyle is the ANSI code of each Telegram HTML tag.
var tagStyle = map[string]string{
	"b": "1", "strong": "1",
	"i": "3", "em": "3",
	"u": "4", "ins": "4",
	"s": "9", "strike": "9", "del": "9",
	"code": "36", "pre": "36",
	"tg-spoiler": "2", "span": "2",
	"blockquote": "3",
	"a":          "4",
}

type htmlTag struct {
	name string
	href string
}

// renderHTML turns Telegram HTML into terminal text. Entities are decoded, a link whose
// text differs from its address reads "text (url)", and styles become ANSI codes when color.
func renderHTML(s string, color bool) string {
	var out strings.Builder
	var stack []htmlTag
	restyle := func() {
		if !color {
			return
		}
		out.WriteString(ansiReset)
		var codes []string
		for _, t := range stack {
			if c := tagStyle[t.name]; c != "" {
				codes = append(codes, c)
			}
		}
		if len(codes) > 0 {
			out.WriteString("\x1b[" + strings.Join(codes, ";") + "m")
		}
	}
	linkStart := -1
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			out.WriteString(html.UnescapeString(s))
			break
		}
		out.WriteString(html.UnescapeString(s[:i]))
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			out.WriteString(html.UnescapeString(s[i:]))
			break
		}
		tag := s[i+1 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(tag, "/") {
			if len(stack) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.name == "a" && top.href != "" {
				text := out.String()[linkStart:]
				restyle()
				// A mention (tg://user) reads as the name, as in Telegram.
				if stripANSI(text) != top.href && !strings.HasPrefix(top.href, "tg://user") {
					out.WriteString(" (" + top.href + ")")
				}
				continue
			}
			restyle()
			continue
		}
		name, attrs, _ := strings.Cut(tag, " ")
		t := htmlTag{name: strings.ToLower(name)}
		if t.name == "a" {
			t.href = attr(attrs, "href")
		}
		stack = append(stack, t)
		restyle()
		if t.name == "a" {
			linkStart = out.Len()
		}
	}
	if color && len(stack) > 0 {
		out.WriteString(ansiReset)
	}
	return out.String()
}

// attr reads name="value" (or 'value') from a tag's attributes.
func attr(attrs, name string) string {
	for attrs != "" {
		attrs = strings.TrimLeft(attrs, " \t\n")
		k, rest, ok := strings.Cut(attrs, "=")
		if !ok {
			return ""
		}
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			return ""
		}
		var v string
		if q := rest[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(rest[1:], q)
			if end < 0 {
				return ""
			}
			v, attrs = rest[1:1+end], rest[2+end:]
		} else {
			v, attrs, _ = strings.Cut(rest, " ")
		}
		if strings.EqualFold(strings.TrimSpace(k), name) {
			return html.UnescapeString(v)
		}
	}
	return ""
}

// stripANSI removes escape sequences (to compare rendered text).
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// buttons flattens an inline keyboard in reading order: [1] is the first button of the first row.
func buttons(k *models.InlineKeyboardMarkup) []models.InlineKeyboardButton {
	if k == nil {
		return nil
	}
	var out []models.InlineKeyboardButton
	for _, row := range k.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

// renderKeyboard shows a keyboard one row per line: "[1] MH9 ✅  [2] MH18 ⚠️".
func renderKeyboard(k *models.InlineKeyboardMarkup, color bool) []string {
	if k == nil {
		return nil
	}
	var lines []string
	n := 0
	for _, row := range k.InlineKeyboard {
		var parts []string
		for _, b := range row {
			n++
			num := "[" + strconv.Itoa(n) + "]"
			if color {
				num = ansiBold + ansiCyan + num + ansiReset
			}
			label := b.Text
			if b.URL != "" {
				label += " ↗"
			}
			parts = append(parts, num+" "+label)
		}
		if len(parts) > 0 {
			lines = append(lines, strings.Join(parts, "  "))
		}
	}
	return lines
}

// dim styles console chrome (notes, comments) when color.
func dim(s string, color bool) string {
	if !color {
		return s
	}
	return ansiDim + s + ansiReset
}

// indent prefixes the first line with first and the others with width spaces.
func indent(text, first string, width int) string {
	pad := strings.Repeat(" ", width)
	lines := strings.Split(text, "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else if lines[i] != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
