package reminders

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// yearPlans are the shipped plans with their own holiday and make-up lists, and the years
// they cover.
func yearPlans(t *testing.T) map[string]struct {
	plan       store.Plan
	from, upTo time.Time
} {
	t.Helper()
	data, err := os.ReadFile("../examples/thanhhoa-2025/thanhhoa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	example, err := store.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile("../examples/thanhhoa-2025/ngoclac.yaml")
	if err != nil {
		t.Fatal(err)
	}
	commune, err := store.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	// The commune's plan due on Friday instead: the case that a Friday moved to Monday
	// broke (its Monday escalation landed on Thursday).
	friday := commune
	friday.Reporting.Weekly = store.Weekly{Due: "friday", Remind: []string{"0 14 * * THU", "30 7 * * FRI"},
		Escalate: "0 8 * * MON", Summary: "0 8 * * MON"}
	loc, _ := store.LoadZone(store.DefaultTimezone)
	return map[string]struct {
		plan       store.Plan
		from, upTo time.Time
	}{
		"ngoclac 2024-2025":  {store.DefaultPlan(), time.Date(2024, 1, 1, 0, 0, 0, 0, loc), time.Date(2026, 1, 1, 0, 0, 0, 0, loc)},
		"thanhhoa 2025-2026": {example, time.Date(2025, 7, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
		"ngoclac 2025-2026":  {commune, time.Date(2025, 7, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)}, // reminded on Friday too
		"ngoclac due Friday": {friday, time.Date(2025, 7, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
	}
}

// TestYearLongSlots walks whole years of each shipped plan: no slot on a non-working day,
// every weekly cycle reminded on its (moved) due day and escalated on the next working
// day, every monthly cycle reminded on working days before its cut-off.
func TestYearLongSlots(t *testing.T) {
	for name, yp := range yearPlans(t) {
		t.Run(name, func(t *testing.T) {
			s := testSchedule(t, yp.plan)
			c := s.cal
			slots := s.Between(yp.from, yp.upTo)
			type jobCycle struct {
				job Job
				id  string
			}
			byCycle := map[jobCycle][]Slot{}
			for _, sl := range slots {
				if !c.IsWorkday(sl.At) {
					t.Errorf("%s on a non-working day (%s)", sl.Key(), sl.At.Weekday())
				}
				byCycle[jobCycle{sl.Job, sl.Cycle.ID}] = append(byCycle[jobCycle{sl.Job, sl.Cycle.ID}], sl)
			}
			weeks := 0
			for cy := c.Week(yp.from.AddDate(0, 0, 14)); cy.End.Before(yp.upTo.AddDate(0, 0, -14)); cy = c.Next(cy) {
				if cy.Empty() {
					continue
				}
				weeks++
				dueDay := cy.Due.AddDate(0, 0, -1)
				onDue := false
				for _, sl := range byCycle[jobCycle{JobWeeklyRemind, cy.ID}] {
					if sameDay(sl.At, dueDay) && sl.At.Hour() < 12 {
						onDue = true
					}
				}
				if !onDue {
					t.Errorf("%s (due %s): no reminder on the morning of the due day", cy.ID, dueDay.Format(time.DateOnly))
				}
				esc := byCycle[jobCycle{JobWeeklyEscalate, cy.ID}]
				if len(esc) != 1 || !sameDay(esc[0].At, c.NextWorkday(dueDay.AddDate(0, 0, 1))) {
					t.Errorf("%s (due %s): escalation %v, want one on the next working day", cy.ID, dueDay.Format(time.DateOnly), esc)
				}
			}
			months := 0
			for cy := c.Month(yp.from.AddDate(0, 1, 0)); cy.End.Before(yp.upTo.AddDate(0, -1, 0)); cy = c.Next(cy) {
				months++
				cutoff := cy.End.AddDate(0, 0, -1)
				rem := byCycle[jobCycle{JobMonthlyRemind, cy.ID}]
				if len(rem) != 2 {
					t.Errorf("%s: %d monthly reminders, want 2", cy.ID, len(rem))
				}
				for _, sl := range rem {
					if !sl.At.Before(cutoff) || sl.At.Before(cy.Start) {
						t.Errorf("%s: reminder %s not before the cut-off %s", cy.ID, sl.Key(), cutoff.Format(time.DateOnly))
					}
				}
				if esc := byCycle[jobCycle{JobMonthlyEscalate, cy.ID}]; len(esc) != 1 || esc[0].At.Before(cy.End) {
					t.Errorf("%s: escalation %v", cy.ID, esc)
				}
			}
			if weeks < 50 || months < 11 {
				t.Errorf("walked only %d weeks and %d months", weeks, months)
			}
		})
	}
}

// The dates issue 13 found reminders on (2024, two silent units) now carry no slot.
func TestNoSlotOnReportedDaysOff(t *testing.T) {
	s := testSchedule(t, store.DefaultPlan())
	for _, d := range []string{"2024-01-13", "2024-02-10", "2024-02-12", "2024-02-13", "2024-03-10",
		"2024-04-13", "2024-04-29", "2024-09-02", "2024-10-13", "2024-11-10", "2024-03-17", "2024-06-16"} {
		day, _ := time.ParseInLocation(time.DateOnly, d, s.loc)
		if got := s.Between(day, day.AddDate(0, 0, 1)); len(got) != 0 {
			t.Errorf("%s: %s", d, brief(got))
		}
	}
	// Week 18 of 2024: due Thu 2 May (29/04–01/05 off), escalated Fri 3 May, alone.
	wantSlots(t, "29/04–03/05/2024", s.Between(at(2024, 4, 29, 0, 0), at(2024, 5, 4, 0, 0)),
		"weekly-remind@2024-05-02T07:30+07:00 2024-W18",
		"weekly-remind@2024-05-02T14:00+07:00 2024-W18",
		"weekly-escalate@2024-05-03T08:00+07:00 2024-W18",
		"weekly-summary@2024-05-03T08:00+07:00 2024-W18",
	)
}

// TestPeriodBounds2024 asserts the start and end of every period of 2024 against
// Decree 09/2019/NĐ-CP Art. 12 (month: 15th of the previous month to the 14th; quarter,
// half-year and year end on the 14th of March/June/September/December) and, for weeks,
// the plan's Monday due day moved by holidays.
func TestPeriodBounds2024(t *testing.T) {
	c := testCalendar(t, store.DefaultPlan())
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, c.loc) }
	check := func(cy Cycle, id string, first, last time.Time) {
		t.Helper()
		if cy.ID != id || !cy.Start.Equal(first) || !cy.End.Equal(last.AddDate(0, 0, 1)) || !cy.Due.Equal(cy.End) {
			t.Errorf("%s: got %s %s–%s, want %s–%s", id, cy.ID, cy.Start.Format(time.DateOnly),
				cy.End.AddDate(0, 0, -1).Format(time.DateOnly), first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
	}
	for m := time.January; m <= time.December; m++ {
		cy := c.Month(d(2024, m, 10))
		check(cy, d(2024, m, 1).Format("2006-01"), d(2024, m-1, 15), d(2024, m, 14))
	}
	for q := 1; q <= 4; q++ {
		last := time.Month(3 * q)
		check(c.Quarter(d(2024, last, 1)), "2024-Q"+string(rune('0'+q)), d(2024, last-3, 15), d(2024, last, 14))
	}
	check(c.HalfYear(d(2024, 1, 1)), "2024-H1", d(2023, 12, 15), d(2024, 6, 14))
	check(c.HalfYear(d(2024, 6, 15)), "2024-H2", d(2024, 6, 15), d(2024, 12, 14))
	check(c.Year(d(2024, 12, 14)), "2024", d(2023, 12, 15), d(2024, 12, 14))
	check(c.Year(d(2024, 12, 15)), "2025", d(2024, 12, 15), d(2025, 12, 14))

	// Weeks: from the day after the previous due day to the due day, tiling the year.
	moved := map[string]time.Time{
		"2024-W01": d(2024, 1, 2),  // 01/01 off
		"2024-W07": d(2024, 2, 15), // Tết 08–14/02
		"2024-W18": d(2024, 5, 2),  // 29/04–01/05 off
		"2024-W36": d(2024, 9, 4),  // 02–03/09 off
	}
	prev := c.Week(d(2023, 12, 26))
	for cy := c.Next(prev); cy.Start.Year() == 2024 || cy.End.Year() == 2024 && cy.End.Month() == 1; cy = c.Next(cy) {
		y, w := weekOf(cy)
		due := c.nominal(y, w)
		if m, ok := moved[cy.ID]; ok {
			due = m
		}
		check(cy, cy.ID, prev.End, due)
		if !c.IsWorkday(due) {
			t.Errorf("%s due on a day off", cy.ID)
		}
		prev = cy
	}
}

func testCalendar(t *testing.T, p store.Plan) *Calendar {
	t.Helper()
	c, err := NewCalendar(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month() && a.Day() == b.Day()
}

// The summaries of Decree 09's longer periods ride with the monthly summary of the month
// that closes them, moved off the weekend like it: 15/12/2024 is a Sunday.
func TestPeriodSummaries(t *testing.T) {
	s := testSchedule(t, store.DefaultPlan())
	var got []string
	for _, sl := range s.Between(at(2024, 1, 1, 0, 0), at(2025, 1, 1, 0, 0)) {
		if sl.Job == JobQuarterSummary || sl.Job == JobHalfYearSummary || sl.Job == JobYearSummary {
			got = append(got, sl.Key())
		}
	}
	want := []string{
		"quarter-summary@2024-03-15T09:00+07:00/2024-Q1",
		"quarter-summary@2024-06-17T09:00+07:00/2024-Q2", // Sat 15/06 → Mon 17/06
		"half-year-summary@2024-06-17T09:00+07:00/2024-H1",
		"quarter-summary@2024-09-16T09:00+07:00/2024-Q3", // Sun 15/09 → Mon 16/09
		"quarter-summary@2024-12-16T09:00+07:00/2024-Q4",
		"half-year-summary@2024-12-16T09:00+07:00/2024-H2",
		"year-summary@2024-12-16T09:00+07:00/2024",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("period summaries of 2024:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
