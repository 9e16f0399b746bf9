package messages

import (
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

var romanQuarter = map[string]string{"1": "I", "2": "II", "3": "III", "4": "IV"}

// PeriodName is a reporting period as a user reads it, with its first and last day when
// start and end (exclusive) are given: "tuần 11/2024 (05/03–11/03)", "kỳ tháng 4/2024
// (15/03–14/04)", "quý I/2024 (15/12/2023–14/03/2024)", "6 tháng đầu năm 2024 (…)",
// "năm 2024 (…)". Codes such as 2024-W11 stay in files and command-line flags.
func PeriodName(kind, id string, start, end time.Time) string {
	name := periodWords(kind, id)
	if start.IsZero() || end.IsZero() {
		return name
	}
	last := end.In(start.Location()).AddDate(0, 0, -1)
	layout := "02/01"
	if kind == store.CycleQuarter || kind == store.CycleHalf || kind == store.CycleYear || start.Year() != last.Year() {
		layout = "02/01/2006"
	}
	return name + " (" + start.Format(layout) + "–" + last.Format(layout) + ")"
}

func periodWords(kind, id string) string {
	y, rest, _ := strings.Cut(id, "-")
	num := func(s string) string { // "03" → "3"
		if n, err := strconv.Atoi(s); err == nil {
			return strconv.Itoa(n)
		}
		return s
	}
	switch kind {
	case store.CycleWeek:
		return "tuần " + num(strings.TrimPrefix(rest, "W")) + "/" + y
	case store.CycleMonth:
		return "kỳ tháng " + num(rest) + "/" + y
	case store.CycleQuarter:
		if q, ok := romanQuarter[strings.TrimPrefix(rest, "Q")]; ok {
			return "quý " + q + "/" + y
		}
	case store.CycleHalf:
		switch rest {
		case "H1":
			return "6 tháng đầu năm " + y
		case "H2":
			return "6 tháng cuối năm " + y
		}
	case store.CycleYear:
		return "năm " + id
	}
	return E(id)
}

// upperFirst capitalises the first letter: "tuần 11/2024" → "Tuần 11/2024".
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
