package parse

// PeriodKind is the reporting period a reply names.
type PeriodKind int

const (
	PeriodNone PeriodKind = iota
	PeriodThisWeek
	PeriodLastWeek
	PeriodWeek // ISO week Number ("tuần 11")
	PeriodThisMonth
	PeriodLastMonth
	PeriodMonth // month Number ("tháng 3")
	// PeriodConflict: two different periods were named; the bot must ask.
	PeriodConflict
)

// Period is the reporting period stated in a reply, so the bot need not
// ask which period a late reply is for.
type Period struct {
	Kind   PeriodKind
	Number int // week 1-53 or month 1-12, for PeriodWeek and PeriodMonth
	Line   int // the line it was read from
}

// periodAt reads "tuần trước", "tuần này", "tuần 11", "tháng trước",
// "tháng này", "tháng 3" at s[i:] (folded).
func periodAt(s string, i int) (Period, int, bool) {
	for _, u := range []struct {
		word           string
		this, last, nb PeriodKind
		maxN           int
	}{
		{"tuan", PeriodThisWeek, PeriodLastWeek, PeriodWeek, 53},
		{"thang", PeriodThisMonth, PeriodLastMonth, PeriodMonth, 12},
	} {
		if !hasWord(s, i, u.word) {
			continue
		}
		j := skipSpace(s, i+len(u.word))
		switch {
		case hasWord(s, j, "truoc"):
			return Period{Kind: u.last}, j + len("truoc"), true
		case hasWord(s, j, "roi"):
			return Period{Kind: u.last}, j + len("roi"), true
		case hasWord(s, j, "nay"):
			return Period{Kind: u.this}, j + len("nay"), true
		}
		if hasWord(s, j, "so") {
			j = skipSpace(s, j+len("so"))
		}
		n, k := 0, j
		for k < len(s) && isDigit(s[k]) && k-j < 3 {
			n = n*10 + int(s[k]-'0')
			k++
		}
		if k > j && !wordAt(s, k) && n >= 1 && n <= u.maxN && !(k < len(s) && s[k] == '/') {
			return Period{Kind: u.nb, Number: n}, k, true
		}
	}
	return Period{}, i, false
}

// findPeriod looks for a period anywhere in a heading line (folded),
// skipping "ngày 15 tháng 3" which is a date, not a period.
func findPeriod(s string) (Period, bool) {
	for i := 0; i < len(s); i++ {
		if i > 0 && wordAt(s, i-1) {
			continue
		}
		p, _, ok := periodAt(s, i)
		if !ok {
			continue
		}
		if p.Kind == PeriodMonth && i >= 2 && isDigit(s[i-2]) {
			continue // "ngày 15 tháng 3"
		}
		return p, true
	}
	return Period{}, false
}
