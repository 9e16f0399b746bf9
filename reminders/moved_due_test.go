package reminders

import (
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Official days off of 2025 and 2026 that fall on weekdays; 02/05/2025 was swapped with
// Saturday 26/04/2025, worked.
var (
	vnHolidays2526 = []string{
		"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
		"2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
		"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
		"2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
	}
	vnWorkdays2526 = []string{"2025-04-26"}
)

// weeklyPlan is a plan due on the given weekday, reminded the day before at 14:00 and on
// the due morning, escalated and summarised the next weekday at 08:00.
func weeklyPlan(t *testing.T, due string) store.Plan {
	t.Helper()
	p := testPlan(t, vnHolidays2526...)
	for _, w := range vnWorkdays2526 {
		d, err := store.ParseDate(w)
		if err != nil {
			t.Fatal(err)
		}
		p.Reporting.Workdays = append(p.Reporting.Workdays, d)
	}
	p.Reporting.Weekly.Due = due
	switch due {
	case "friday":
		p.Reporting.Weekly.Remind = []string{"0 14 * * THU", "30 7 * * FRI"}
		p.Reporting.Weekly.Escalate, p.Reporting.Weekly.Summary = "0 8 * * MON", "0 8 * * MON"
	case "monday":
		p.Reporting.Weekly.Remind = []string{"0 14 * * FRI", "30 7 * * MON"}
		p.Reporting.Weekly.Escalate, p.Reporting.Weekly.Summary = "0 8 * * TUE", "0 8 * * TUE"
	default:
		t.Fatalf("no test plan due %s", due)
	}
	return p
}

// When holidays move the due day, every weekly slot keeps its distance from the due day in
// working days: an escalation the working day after the due day stays the working day after
// the moved due day, even across a weekend (Tết 2026 moves a Friday due day to Monday
// 23/02: the Monday escalation comes Tuesday 24/02, not Thursday 26/02). A slot of a cycle
// that did not move but falls on a day off still goes back (reminders) or forward.
func TestMovedDueKeepsWorkingDayDistance(t *testing.T) {
	tests := []struct {
		name     string
		due      string
		from, to time.Time
		want     []string // weekly slots in (from, to]
	}{
		{"Tết 2026, due Friday: W08 moves from Fri 20/02 to Mon 23/02", "friday", day(2026, 2, 11), day(2026, 3, 3), []string{
			"weekly-remind@2026-02-12T14:00+07:00 2026-W07",
			"weekly-remind@2026-02-13T07:30+07:00 2026-W07",
			// W07's Monday 16/02 is off: forward to the next working day. W08's Thursday
			// reminder would be the working day before Mon 23/02, Fri 13/02: not in W08.
			"weekly-remind@2026-02-23T07:30+07:00 2026-W08",
			"weekly-escalate@2026-02-23T08:00+07:00 2026-W07",
			"weekly-summary@2026-02-23T08:00+07:00 2026-W07",
			"weekly-escalate@2026-02-24T08:00+07:00 2026-W08",
			"weekly-summary@2026-02-24T08:00+07:00 2026-W08",
			"weekly-remind@2026-02-26T14:00+07:00 2026-W09",
			"weekly-remind@2026-02-27T07:30+07:00 2026-W09",
			"weekly-escalate@2026-03-02T08:00+07:00 2026-W09",
			"weekly-summary@2026-03-02T08:00+07:00 2026-W09",
		}},
		{"Tết 2026, due Monday: W08 is swallowed by W09 (Mon 23/02)", "monday", day(2026, 2, 5), day(2026, 2, 25), []string{
			"weekly-remind@2026-02-06T14:00+07:00 2026-W07",
			"weekly-remind@2026-02-09T07:30+07:00 2026-W07",
			"weekly-escalate@2026-02-10T08:00+07:00 2026-W07",
			"weekly-summary@2026-02-10T08:00+07:00 2026-W07",
			"weekly-remind@2026-02-13T14:00+07:00 2026-W09", // Fri 20/02 is off: back to Fri 13/02
			"weekly-remind@2026-02-23T07:30+07:00 2026-W09",
			"weekly-escalate@2026-02-24T08:00+07:00 2026-W09",
			"weekly-summary@2026-02-24T08:00+07:00 2026-W09",
		}},
		{"30/4–1/5 2026, due Friday: W18 moves from Fri 01/05 to Mon 04/05", "friday", day(2026, 4, 22), day(2026, 5, 12), []string{
			"weekly-remind@2026-04-23T14:00+07:00 2026-W17",
			"weekly-remind@2026-04-24T07:30+07:00 2026-W17",
			"weekly-escalate@2026-04-28T08:00+07:00 2026-W17", // Mon 27/04 is off
			"weekly-summary@2026-04-28T08:00+07:00 2026-W17",
			"weekly-remind@2026-04-29T14:00+07:00 2026-W18", // the working day before Mon 04/05
			"weekly-remind@2026-05-04T07:30+07:00 2026-W18",
			"weekly-escalate@2026-05-05T08:00+07:00 2026-W18",
			"weekly-summary@2026-05-05T08:00+07:00 2026-W18",
			"weekly-remind@2026-05-07T14:00+07:00 2026-W19",
			"weekly-remind@2026-05-08T07:30+07:00 2026-W19",
			"weekly-escalate@2026-05-11T08:00+07:00 2026-W19",
			"weekly-summary@2026-05-11T08:00+07:00 2026-W19",
		}},
		{"30/4–1/5 2026, due Monday: W18 moves from Mon 27/04 to Tue 28/04", "monday", day(2026, 4, 23), day(2026, 5, 6), []string{
			"weekly-remind@2026-04-24T14:00+07:00 2026-W18",
			"weekly-remind@2026-04-28T07:30+07:00 2026-W18",
			"weekly-escalate@2026-04-29T08:00+07:00 2026-W18",
			"weekly-summary@2026-04-29T08:00+07:00 2026-W18",
			"weekly-remind@2026-04-29T14:00+07:00 2026-W19", // Fri 01/05 and Thu 30/04 are off
			"weekly-remind@2026-05-04T07:30+07:00 2026-W19",
			"weekly-escalate@2026-05-05T08:00+07:00 2026-W19",
			"weekly-summary@2026-05-05T08:00+07:00 2026-W19",
		}},
		{"30/4–2/5 2025, due Friday: W18 moves from Fri 02/05 to Mon 05/05", "friday", day(2025, 4, 29), day(2025, 5, 7), []string{
			"weekly-remind@2025-04-29T14:00+07:00 2025-W18",
			"weekly-remind@2025-05-05T07:30+07:00 2025-W18",
			"weekly-escalate@2025-05-06T08:00+07:00 2025-W18",
			"weekly-summary@2025-05-06T08:00+07:00 2025-W18",
		}},
		{"2/9 2025, due Monday: W36 moves from Mon 01/09 to Wed 03/09", "monday", day(2025, 8, 28), day(2025, 9, 5), []string{
			"weekly-remind@2025-08-29T14:00+07:00 2025-W36",
			"weekly-remind@2025-09-03T07:30+07:00 2025-W36",
			"weekly-escalate@2025-09-04T08:00+07:00 2025-W36",
			"weekly-summary@2025-09-04T08:00+07:00 2025-W36",
		}},
		{"2/9 2025, due Friday: only W35's Monday escalation moves, to Wed 03/09", "friday", day(2025, 8, 28), day(2025, 9, 9), []string{
			"weekly-remind@2025-08-28T14:00+07:00 2025-W35",
			"weekly-remind@2025-08-29T07:30+07:00 2025-W35",
			"weekly-escalate@2025-09-03T08:00+07:00 2025-W35",
			"weekly-summary@2025-09-03T08:00+07:00 2025-W35",
			"weekly-remind@2025-09-04T14:00+07:00 2025-W36",
			"weekly-remind@2025-09-05T07:30+07:00 2025-W36",
			"weekly-escalate@2025-09-08T08:00+07:00 2025-W36",
			"weekly-summary@2025-09-08T08:00+07:00 2025-W36",
		}},
		{"2/9 2026, due Monday: nothing moves but W36's Tuesday escalation, to Thu 03/09", "monday", day(2026, 8, 30), day(2026, 9, 8), []string{
			"weekly-remind@2026-08-31T07:30+07:00 2026-W36",
			"weekly-escalate@2026-09-03T08:00+07:00 2026-W36",
			"weekly-summary@2026-09-03T08:00+07:00 2026-W36",
			"weekly-remind@2026-09-04T14:00+07:00 2026-W37",
			"weekly-remind@2026-09-07T07:30+07:00 2026-W37",
		}},
		{"2/9 2026, due Friday: nothing moves", "friday", day(2026, 9, 2), day(2026, 9, 8), []string{
			"weekly-remind@2026-09-03T14:00+07:00 2026-W36",
			"weekly-remind@2026-09-04T07:30+07:00 2026-W36",
			"weekly-escalate@2026-09-07T08:00+07:00 2026-W36",
			"weekly-summary@2026-09-07T08:00+07:00 2026-W36",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSchedule(t, weeklyPlan(t, tt.due))
			var weekly []Slot
			for _, sl := range s.Between(tt.from, tt.to) {
				if sl.Job.kind() == Week {
					weekly = append(weekly, sl)
				}
			}
			wantSlots(t, tt.name, weekly, tt.want...)
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	c := testSchedule(t, weeklyPlan(t, "friday")).cal
	for _, tt := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{at(2025, 4, 25, 10, 0), 1, at(2025, 4, 26, 10, 0)},  // Saturday 26/04/2025 was worked
		{at(2025, 5, 6, 8, 0), -2, at(2025, 4, 29, 8, 0)},    // back over the weekend and 30/04–02/05
		{at(2026, 2, 13, 14, 0), 1, at(2026, 2, 23, 14, 0)},  // over Tết 2026
		{at(2026, 2, 23, 7, 30), -1, at(2026, 2, 13, 7, 30)}, // and back
		{at(2026, 2, 23, 7, 30), 0, at(2026, 2, 23, 7, 30)},
	} {
		if got := c.AddWorkdays(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from.Format(time.DateTime), tt.n, got.Format(time.DateTime), tt.want.Format(time.DateTime))
		}
	}
}
