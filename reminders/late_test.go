package reminders

import (
	"testing"
	"time"
)

func TestLateWindow(t *testing.T) {
	plain := testSchedule(t, testPlan(t, vnHolidays...))
	tuesday := testPlan(t, vnHolidays...)
	tuesday.Reporting.Weekly.Remind = []string{"0 10 * * TUE", "30 7 * * MON"}
	early := testSchedule(t, tuesday)
	tests := []struct {
		name     string
		s        *Schedule
		at       time.Time
		ok       bool
		old, cur string
	}{
		{"due Monday, before the end", plain, at(2024, 3, 11, 23, 59), false, "2024-W10", "2024-W11"},
		{"Tuesday just after the due day", plain, at(2024, 3, 12, 0, 0), true, "2024-W11", "2024-W12"},
		{"Tuesday afternoon", plain, at(2024, 3, 12, 16, 0), true, "2024-W11", "2024-W12"},
		{"Wednesday: past the first working day", plain, at(2024, 3, 13, 9, 0), false, "2024-W11", "2024-W12"},
		{"next Monday", plain, at(2024, 3, 18, 9, 0), false, "2024-W11", "2024-W12"},
		{"Tuesday before a Tuesday reminder", early, at(2024, 3, 12, 9, 59), true, "2024-W11", "2024-W12"},
		{"Tuesday after a Tuesday reminder", early, at(2024, 3, 12, 10, 0), false, "2024-W11", "2024-W12"},
		// 29 Apr–1 May off: W18 is due Thu 2 May, so Friday 3 May is the late day.
		{"moved due day itself", plain, at(2024, 5, 2, 15, 0), false, "2024-W17", "2024-W18"},
		{"Friday after the moved due day", plain, at(2024, 5, 3, 9, 0), true, "2024-W18", "2024-W19"},
		{"Saturday after it", plain, at(2024, 5, 4, 9, 0), false, "2024-W18", "2024-W19"},
		// National Day 2–3 Sep 2024: W36 due Mon 2 Sep moves to Wed 4 Sep.
		{"Thursday after National Day", plain, at(2024, 9, 5, 9, 0), true, "2024-W36", "2024-W37"},
		// Tết 2025: W06 is due Mon 3 Feb after the holiday, so Tuesday 4 Feb is its late day.
		{"Tuesday after Tết", plain, at(2025, 2, 4, 9, 0), true, "2025-W06", "2025-W07"},
	}
	for _, tt := range tests {
		old, cur, ok := tt.s.LateWindow(tt.at)
		if ok != tt.ok || old.ID != tt.old || cur.ID != tt.cur {
			t.Errorf("%s: got %s/%s %v, want %s/%s %v", tt.name, old.ID, cur.ID, ok, tt.old, tt.cur, tt.ok)
		}
	}
}

// LateWindow keeps its last week's answer: hour after hour through a year with moved due
// days and Tết, forwards and then backwards, it answers as a schedule asked for the
// first time does.
func TestLateWindowKeptAgreesWithFresh(t *testing.T) {
	p := testPlan(t, vnHolidays...)
	kept := testSchedule(t, p)
	var times []time.Time
	for t0 := at(2024, 4, 20, 0, 0); t0.Before(at(2025, 2, 20, 0, 0)); t0 = t0.Add(97 * time.Minute) {
		times = append(times, t0)
	}
	for i := len(times) - 1; i >= 0; i -= 7 {
		times = append(times, times[i])
	}
	same := func(a, b Cycle) bool {
		return a.ID == b.ID && a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Due.Equal(b.Due)
	}
	late := 0
	for _, t0 := range times {
		old, cur, ok := kept.LateWindow(t0)
		fOld, fCur, fOK := testSchedule(t, p).LateWindow(t0)
		if !same(old, fOld) || !same(cur, fCur) || ok != fOK {
			t.Fatalf("%v: kept %s/%s %v, fresh %s/%s %v", t0, old.ID, cur.ID, ok, fOld.ID, fCur.ID, fOK)
		}
		if ok {
			late++
		}
	}
	if late == 0 || late == len(times) {
		t.Errorf("%d of %d times in a late window: the walk missed the windows", late, len(times))
	}
}
