package store

import (
	"strings"
	"time"
	"unicode"
)

// vietBase maps each precomposed Vietnamese letter to its base letter.
var vietBase = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, letters := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Fold lowercases, strips Vietnamese diacritics (precomposed or combining, as phones send
// either) and collapses spaces, so "Thứ  Hai" and "thu hai" compare equal.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if base, ok := vietBase[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
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
