package bot

import (
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// /tonghop's words name the same cycles as their codes.
func TestParseSelectionHumanWords(t *testing.T) {
	plan := store.DefaultPlan()
	cal, err := reminders.NewCalendar(plan)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 4, 20, 9, 0, 0, 0, cal.Location()) // Saturday, in 2024-05 and 2024-Q2
	for args, want := range map[string]string{
		"":                      "2024-W17",
		"tuần trước":            "2024-W16",
		"tuan truoc":            "2024-W16",
		"tuần 11":               "2024-W11",
		"tuần 11/2024":          "2024-W11",
		"tháng 3":               "2024-03",
		"tháng 4/2024":          "2024-04",
		"thang truoc":           "2024-04",
		"tháng này":             "2024-05",
		"tháng 12":              "2023-12", // December has not begun: last year's
		"quý 1":                 "2024-Q1",
		"quý I":                 "2024-Q1",
		"quy iv/2023":           "2023-Q4",
		"quý trước":             "2024-Q1",
		"6 tháng đầu năm":       "2024-H1",
		"6 tháng cuối năm 2023": "2023-H2",
		"nửa năm":               "2024-H1",
		"năm 2023":              "2023",
		"năm":                   "2024",
		"năm trước":             "2023",
		"05/03/2024":            "2024-W11",
		"tháng 05/03/2024":      "2024-03",
		"month 3":               "2024-03",
		"quarter previous":      "2024-Q1",
		"tháng kỳ trước":        "2024-04",
	} {
		sel, ok := parseSelection(args, plan, now, false)
		if !ok {
			t.Errorf("%q refused", args)
			continue
		}
		at := sel.at
		if at.IsZero() {
			at = now
		}
		if got := reminders.SelectCycle(cal, sel.kind, at, sel.prev); got.ID != want {
			t.Errorf("%q = %s, want %s", args, got.ID, want)
		}
	}
	for _, bad := range []string{"tháng 13", "quý 5", "tuần 54", "năm 24", "6 tháng đầu năm 24", "tuần trước 05/03/2024", "hôm qua"} {
		if sel, ok := parseSelection(bad, plan, now, false); ok {
			t.Errorf("%q accepted: %+v", bad, sel)
		}
	}
}
