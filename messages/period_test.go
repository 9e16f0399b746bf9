package messages

import (
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

func TestPeriodName(t *testing.T) {
	loc, _ := store.LoadZone(store.DefaultTimezone)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, loc) }
	for _, tt := range []struct {
		kind, id   string
		start, end time.Time
		want       string
	}{
		{store.CycleWeek, "2024-W11", d(2024, 3, 5), d(2024, 3, 12), "tuần 11/2024 (05/03–11/03)"},
		{store.CycleMonth, "2024-04", d(2024, 3, 15), d(2024, 4, 15), "kỳ tháng 4/2024 (15/03–14/04)"},
		{store.CycleMonth, "2024-01", d(2023, 12, 15), d(2024, 1, 15), "kỳ tháng 1/2024 (15/12/2023–14/01/2024)"},
		{store.CycleQuarter, "2024-Q1", d(2023, 12, 15), d(2024, 3, 15), "quý I/2024 (15/12/2023–14/03/2024)"},
		{store.CycleHalf, "2024-H1", d(2023, 12, 15), d(2024, 6, 15), "6 tháng đầu năm 2024 (15/12/2023–14/06/2024)"},
		{store.CycleHalf, "2024-H2", d(2024, 6, 15), d(2024, 12, 15), "6 tháng cuối năm 2024 (15/06/2024–14/12/2024)"},
		{store.CycleYear, "2024", d(2023, 12, 15), d(2024, 12, 15), "năm 2024 (15/12/2023–14/12/2024)"},
		{store.CycleWeek, "2024-W01", time.Time{}, time.Time{}, "tuần 1/2024"},
		{store.CycleQuarter, "2024-Q4", time.Time{}, time.Time{}, "quý IV/2024"},
	} {
		if got := PeriodName(tt.kind, tt.id, tt.start, tt.end); got != tt.want {
			t.Errorf("PeriodName(%s) = %q, want %q", tt.id, got, tt.want)
		}
	}
}
