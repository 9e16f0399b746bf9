package store

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Diacritic marks of one folded letter, kept so keyword matching can tell
// "vướng" (stuck) from "Vương" (a name) when the user did type accents.
// Low 3 bits: tone; next 3 bits: modifier; markUnknown: any other mark.
const (
	toneGrave = 1 + iota
	toneAcute
	toneHook
	toneTilde
	toneDot
)

const (
	modBreve      = 1 << 3
	modCircumflex = 2 << 3
	modHorn       = 3 << 3
	modStroke     = 4 << 3
	modMask       = 7 << 3
	toneMask      = 7
	markUnknown   = 1 << 7
)

type foldEntry struct {
	base byte
	mark uint8
}

// foldTable maps lowercase precomposed Vietnamese letters to base + marks;
// an array because it is hit once per rune. Built in a var initializer (not
// init) because the keyword table, also a var, is folded with it.
var foldTable = buildFoldTable()

func buildFoldTable() *[0x1f00]foldEntry {
	var t [0x1f00]foldEntry
	rows := []struct {
		base  byte
		mod   uint8
		forms string // toneless, grave, acute, hook, tilde, dot below
	}{
		{'a', 0, "aàáảãạ"}, {'a', modBreve, "ăằắẳẵặ"}, {'a', modCircumflex, "âầấẩẫậ"},
		{'e', 0, "eèéẻẽẹ"}, {'e', modCircumflex, "êềếểễệ"},
		{'i', 0, "iìíỉĩị"},
		{'o', 0, "oòóỏõọ"}, {'o', modCircumflex, "ôồốổỗộ"}, {'o', modHorn, "ơờớởỡợ"},
		{'u', 0, "uùúủũụ"}, {'u', modHorn, "ưừứửữự"},
		{'y', 0, "yỳýỷỹỵ"},
	}
	for _, row := range rows {
		i := 0
		for _, r := range row.forms {
			if row.mod != 0 || i != 0 {
				t[r] = foldEntry{row.base, row.mod | uint8(i)}
			}
			i++
		}
	}
	t['đ'] = foldEntry{'d', modStroke}
	t['ð'] = foldEntry{'d', modStroke} // eth is a common stand-in for đ
	return &t
}

// combiningMark folds a combining mark into a letter's mark code.
func combiningMark(m uint8, r rune) uint8 {
	tone, mod := uint8(0), uint8(0)
	switch r {
	case 0x300, 0x340:
		tone = toneGrave
	case 0x301, 0x341:
		tone = toneAcute
	case 0x309:
		tone = toneHook
	case 0x303:
		tone = toneTilde
	case 0x323:
		tone = toneDot
	case 0x306:
		mod = modBreve
	case 0x302:
		mod = modCircumflex
	case 0x31b:
		mod = modHorn
	default:
		return m | markUnknown
	}
	if tone != 0 {
		if m&toneMask != 0 {
			return m | markUnknown
		}
		return m | tone
	}
	if m&modMask != 0 {
		return m | markUnknown
	}
	return m | mod
}

// Folded is a folded line that remembers, for each of its bytes, where it came from (so
// a note can be cut from the original text) and which diacritics it had (so keyword
// matching can tell "vướng" from "Vương" when the user did type accents).
type Folded struct {
	Text string
	Off  []int   // original byte offset of the rune that produced Text[i]
	Mark []uint8 // diacritics of Text[i] (meaningful for ASCII letters)
}

// Fold lowercases s, strips Vietnamese diacritics (precomposed or combining, as phones
// send either), drops invisible format characters and collapses runs of white space to
// one space, trimming both ends, so "Thứ  Hai" and "thu hai" compare equal. Invalid UTF-8
// bytes become U+FFFD.
func Fold(s string) string {
	return FoldMarked(s).Text
}

// FoldMarked is Fold that also keeps each byte's origin and diacritics.
func FoldMarked(orig string) Folded {
	b := make([]byte, 0, len(orig))
	off := make([]int, 0, len(orig))
	mark := make([]uint8, 0, len(orig))
	space := -1 // offset of the first space of a pending run
	last := -1  // index of the byte combining marks attach to
	for i, r := range orig {
		if r < utf8.RuneSelf {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
				if space < 0 {
					space = i
				}
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			switch {
			case unicode.IsSpace(r):
				if space < 0 {
					space = i
				}
				continue
			case r >= 0xfe00 && r <= 0xfe0f:
				continue // variation selectors: "✔️" is "✔"
			case unicode.Is(unicode.Mn, r):
				if last >= 0 && space < 0 {
					mark[last] = combiningMark(mark[last], r)
				}
				continue
			case unicode.Is(unicode.Cf, r):
				continue
			}
		}
		if space >= 0 {
			if len(b) > 0 {
				b = append(b, ' ')
				off = append(off, space)
				mark = append(mark, 0)
			}
			space = -1
		}
		var m uint8
		if r >= utf8.RuneSelf {
			r = unicode.ToLower(r)
			if r < rune(len(foldTable)) && foldTable[r].base != 0 {
				m = foldTable[r].mark
				r = rune(foldTable[r].base)
			}
		}
		start := len(b)
		b = utf8.AppendRune(b, r)
		for range len(b) - start {
			off = append(off, i)
			mark = append(mark, m)
		}
		last = len(b) - 1
	}
	return Folded{Text: string(b), Off: off, Mark: mark}
}

// ParseWeekday reads a weekday in English ("monday", "mon") or Vietnamese, with or
// without diacritics and spaces ("thứ hai", "thu 2", "T2", "chủ nhật", "CN").
func ParseWeekday(s string) (time.Weekday, bool) {
	k := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(Fold(s))
	d, ok := weekdays[k]
	return d, ok
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "chunhat": time.Sunday, "cn": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "thu2": time.Monday, "thuhai": time.Monday, "t2": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "thu3": time.Tuesday, "thuba": time.Tuesday, "t3": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "thu4": time.Wednesday, "thutu": time.Wednesday, "t4": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thu5": time.Thursday, "thunam": time.Thursday, "t5": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "thu6": time.Friday, "thusau": time.Friday, "t6": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "thu7": time.Saturday, "thubay": time.Saturday, "t7": time.Saturday,
}
