package messages

import (
	"strconv"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// StatusLabel is the Vietnamese name of a status; anything else reads as
// "not reported yet".
func StatusLabel(s store.Status) string {
	switch s {
	case store.StatusDone:
		return "Hoàn thành"
	case store.StatusInProgress:
		return "Đang triển khai"
	case store.StatusNotStarted:
		return "Chưa triển khai"
	case store.StatusBlocked:
		return "Vướng mắc"
	}
	return "Chưa báo cáo"
}

// StatusIcon is the emoji shown before a status; "▫️" when there is none.
func StatusIcon(s store.Status) string {
	switch s {
	case store.StatusDone:
		return "✅"
	case store.StatusInProgress:
		return "🔄"
	case store.StatusNotStarted:
		return "⏳"
	case store.StatusBlocked:
		return "⚠️"
	}
	return "▫️"
}

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// StatusLine renders one model's status as plain text (callers HTML-escape
// it), e.g. "MH6: Đang triển khai 70% – đã lắp 3/5 đầu đọc". It is written so
// that parse.Parse reads it back unchanged: the note follows an en dash, so a
// note starting with "70%" is not taken for the percentage, and line breaks
// in the note become spaces to keep it on one line.
func StatusLine(model int, s store.Status, percent int, note string) string {
	var b strings.Builder
	b.WriteString("MH")
	b.WriteString(strconv.Itoa(model))
	b.WriteString(": ")
	b.WriteString(StatusLabel(s))
	if s.Valid() && percent >= 0 && percent <= 100 {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(percent))
		b.WriteByte('%')
	}
	if note = strings.TrimSpace(lineBreaks.Replace(note)); note != "" {
		b.WriteString(" – ")
		b.WriteString(note)
	}
	return b.String()
}

// NoteDisplayMax caps a note shown in a chat message; the files keep the full text.
const NoteDisplayMax = 300

// DisplayNote is a note as a chat message shows it (plain text; callers escape it): on
// one line and at most NoteDisplayMax characters. A long note would otherwise make every
// reminder and summary that repeats it run over Telegram's limit.
func DisplayNote(note string) string {
	return shorten(strings.TrimSpace(lineBreaks.Replace(note)), NoteDisplayMax)
}

// Caps on names and titles shown in chat messages. Plan files and Telegram profiles
// put no limit on them, and a listing repeats them for every unit and model.
const (
	nameDisplayMax  = 120 // a unit's or a person's name
	titleDisplayMax = 200 // a model's or the plan's title
)

func dispName(s string) string {
	return shorten(strings.TrimSpace(lineBreaks.Replace(s)), nameDisplayMax)
}
func dispTitle(s string) string {
	return shorten(strings.TrimSpace(lineBreaks.Replace(s)), titleDisplayMax)
}
