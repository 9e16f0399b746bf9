package reminders

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

var hcm = mustLoc("Asia/Ho_Chi_Minh")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall-clock time in Ho Chi Minh City.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, hcm)
}

func day(y int, m time.Month, d int) time.Time { return at(y, m, d, 0, 0) }

// vnHolidays are the official days off that fall on weekdays and touch a due Monday:
// 30/4–1/5 2024 (with Mon 29 Apr swapped), National Day 2024, Tết 2024 and Tết 2025.
var vnHolidays = []string{
	"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14",
	"2024-04-29", "2024-04-30", "2024-05-01",
	"2024-09-02", "2024-09-03",
	"2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
}

func testPlan(t testing.TB, holidays ...string) store.Plan {
	t.Helper()
	var p store.Plan
	for _, h := range holidays {
		d, err := store.ParseDate(h)
		if err != nil {
			t.Fatal(err)
		}
		p.Reporting.Holidays = append(p.Reporting.Holidays, d)
	}
	return p
}

func testCal(t testing.TB, holidays ...string) *Calendar {
	t.Helper()
	c, err := NewCalendar(testPlan(t, holidays...))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func checkCycle(t *testing.T, name string, got Cycle, id string, start, end time.Time) {
	t.Helper()
	if got.ID != id || !got.Start.Equal(start) || !got.End.Equal(end) || !got.Due.Equal(end) {
		t.Errorf("%s: got %s [%s, %s) due %s; want %s [%s, %s)", name, got.ID,
			got.Start.Format(time.DateTime), got.End.Format(time.DateTime), got.Due.Format(time.DateTime),
			id, start.Format(time.DateTime), end.Format(time.DateTime))
	}
	if got.Start.Location().String() != hcm.String() || got.End.Location().String() != hcm.String() {
		t.Errorf("%s: boundaries not in the plan location: %v", name, got.Start.Location())
	}
}

func TestWeek(t *testing.T) {
	c := testCal(t, vnHolidays...)
	tests := []struct {
		name       string
		t          time.Time
		id         string
		start, end time.Time
	}{
		{"Monday 1 January", at(2024, 1, 1, 10, 0), "2024-W01", day(2023, 12, 26), day(2024, 1, 2)},
		{"Tuesday 00:00 starts the next cycle", day(2024, 1, 2), "2024-W02", day(2024, 1, 2), day(2024, 1, 9)},
		{"last instant of Monday", day(2024, 1, 2).Add(-time.Nanosecond), "2024-W01", day(2023, 12, 26), day(2024, 1, 2)},
		{"Mon 30 Dec 2024 is ISO 2025-W01", at(2024, 12, 30, 9, 0), "2025-W01", day(2024, 12, 24), day(2024, 12, 31)},
		{"Sun 29 Dec 2024 reports for 2025-W01", at(2024, 12, 29, 23, 0), "2025-W01", day(2024, 12, 24), day(2024, 12, 31)},
		{"Tue 31 Dec 2024", day(2024, 12, 31), "2025-W02", day(2024, 12, 31), day(2025, 1, 7)},
		{"2020-W53", at(2020, 12, 28, 8, 0), "2020-W53", day(2020, 12, 22), day(2020, 12, 29)},
		{"after 2020-W53", at(2020, 12, 29, 8, 0), "2021-W01", day(2020, 12, 29), day(2021, 1, 5)},
		{"2026-W53", at(2026, 12, 28, 8, 0), "2026-W53", day(2026, 12, 22), day(2026, 12, 29)},
		{"after 2026-W53", at(2027, 1, 1, 8, 0), "2027-W01", day(2026, 12, 29), day(2027, 1, 5)},
		// 29, 30 Apr and 1 May 2024 are off: W18 is due Thu 2 May, W19 starts Fri 3 May.
		{"holiday Monday 29 Apr", at(2024, 4, 29, 9, 0), "2024-W18", day(2024, 4, 23), day(2024, 5, 3)},
		{"Tuesday after a moved Monday", at(2024, 4, 30, 9, 0), "2024-W18", day(2024, 4, 23), day(2024, 5, 3)},
		{"moved due day, late evening", at(2024, 5, 2, 23, 59), "2024-W18", day(2024, 4, 23), day(2024, 5, 3)},
		{"cycle after a moved one", day(2024, 5, 3), "2024-W19", day(2024, 5, 3), day(2024, 5, 7)},
		// 2 and 3 Sep 2024 are off: W36 is due Wed 4 Sep.
		{"National Day", at(2024, 9, 3, 9, 0), "2024-W36", day(2024, 8, 27), day(2024, 9, 5)},
		{"after National Day", at(2024, 9, 5, 9, 0), "2024-W37", day(2024, 9, 5), day(2024, 9, 10)},
		// Tết 2024 (8–14 Feb): W07 is due Thu 15 Feb.
		{"Tết 2024", at(2024, 2, 12, 9, 0), "2024-W07", day(2024, 2, 6), day(2024, 2, 16)},
		{"after Tết 2024", at(2024, 2, 16, 9, 0), "2024-W08", day(2024, 2, 16), day(2024, 2, 20)},
		// Tết 2025 (weekdays 27–31 Jan): Mon 27 Jan moves onto Mon 3 Feb, W06's own due day,
		// so W05 is empty and W06 takes both weeks.
		{"Tết 2025 before the holiday", at(2025, 1, 22, 9, 0), "2025-W06", day(2025, 1, 21), day(2025, 2, 4)},
		{"Tết 2025 swallowed Monday", at(2025, 1, 27, 9, 0), "2025-W06", day(2025, 1, 21), day(2025, 2, 4)},
		{"Tết 2025 due day", at(2025, 2, 3, 17, 0), "2025-W06", day(2025, 1, 21), day(2025, 2, 4)},
		{"after Tết 2025", day(2025, 2, 4), "2025-W07", day(2025, 2, 4), day(2025, 2, 11)},
	}
	for _, tt := range tests {
		got := c.Week(tt.t)
		checkCycle(t, tt.name, got, tt.id, tt.start, tt.end)
		if !got.Contains(tt.t) {
			t.Errorf("%s: %s does not contain %s", tt.name, got.ID, tt.t)
		}
		if of := c.Of(Week, tt.t); of != got {
			t.Errorf("%s: Of(Week) = %s, Week = %s", tt.name, of.ID, got.ID)
		}
	}

	w05, err := c.Parse("2025-W05")
	if err != nil {
		t.Fatal(err)
	}
	if !w05.Empty() || !w05.Start.Equal(day(2025, 1, 21)) {
		t.Errorf("2025-W05 = [%s, %s), want empty at 21 Jan", w05.Start, w05.End)
	}
	if n := c.Next(w05); n.ID != "2025-W06" || !n.Start.Equal(w05.End) {
		t.Errorf("Next(2025-W05) = %s from %s", n.ID, n.Start)
	}
}

func TestWeekDueDay(t *testing.T) {
	p := testPlan(t)
	p.Reporting.Weekly.Due = "Thứ Sáu" // Friday
	c, err := NewCalendar(p)
	if err != nil {
		t.Fatal(err)
	}
	checkCycle(t, "Friday due", c.Week(at(2024, 3, 15, 12, 0)), "2024-W11", day(2024, 3, 9), day(2024, 3, 16))
	checkCycle(t, "Saturday after", c.Week(day(2024, 3, 16)), "2024-W12", day(2024, 3, 16), day(2024, 3, 23))
}

func TestMonth(t *testing.T) {
	c := testCal(t, vnHolidays...)
	tests := []struct {
		name       string
		t          time.Time
		id         string
		start, end time.Time
	}{
		{"14 March", at(2024, 3, 14, 23, 59), "2024-03", day(2024, 2, 15), day(2024, 3, 15)},
		{"15 March 00:00", day(2024, 3, 15), "2024-04", day(2024, 3, 15), day(2024, 4, 15)},
		{"29 Feb 2024", at(2024, 2, 29, 12, 0), "2024-03", day(2024, 2, 15), day(2024, 3, 15)},
		{"year end", at(2024, 12, 20, 12, 0), "2025-01", day(2024, 12, 15), day(2025, 1, 15)},
		{"1 January", day(2025, 1, 1), "2025-01", day(2024, 12, 15), day(2025, 1, 15)},
		// Sat 15 Jun 2024: the boundary stays the 15th 00:00; monthly deadlines are not moved.
		{"day before a weekend 15th", at(2024, 6, 14, 23, 0), "2024-06", day(2024, 5, 15), day(2024, 6, 15)},
		{"weekend 15th", at(2024, 6, 15, 9, 0), "2024-07", day(2024, 6, 15), day(2024, 7, 15)},
	}
	for _, tt := range tests {
		got := c.Month(tt.t)
		checkCycle(t, tt.name, got, tt.id, tt.start, tt.end)
		if of := c.Of(Month, tt.t); of != got {
			t.Errorf("%s: Of(Month) = %s", tt.name, of.ID)
		}
	}
}

func TestCutoffDay(t *testing.T) {
	p := testPlan(t)
	p.Reporting.Monthly.CutoffDay = 20
	c, err := NewCalendar(p)
	if err != nil {
		t.Fatal(err)
	}
	checkCycle(t, "cutoff 20", c.Month(at(2024, 3, 20, 9, 0)), "2024-03", day(2024, 2, 21), day(2024, 3, 21))
	checkCycle(t, "cutoff 20 quarter", c.Quarter(day(2024, 3, 21)), "2024-Q2", day(2024, 3, 21), day(2024, 6, 21))
}

func TestQuarter(t *testing.T) {
	c := testCal(t)
	tests := []struct {
		name       string
		t          time.Time
		id         string
		start, end time.Time
	}{
		{"Q1 starts 15 Dec", day(2023, 12, 15), "2024-Q1", day(2023, 12, 15), day(2024, 3, 15)},
		{"29 Feb 2024", at(2024, 2, 29, 9, 0), "2024-Q1", day(2023, 12, 15), day(2024, 3, 15)},
		{"Q1 last instant", day(2024, 3, 15).Add(-time.Nanosecond), "2024-Q1", day(2023, 12, 15), day(2024, 3, 15)},
		{"Q2", day(2024, 3, 15), "2024-Q2", day(2024, 3, 15), day(2024, 6, 15)},
		{"Q4", at(2024, 12, 14, 9, 0), "2024-Q4", day(2024, 9, 15), day(2024, 12, 15)},
		{"year end", at(2024, 12, 20, 9, 0), "2025-Q1", day(2024, 12, 15), day(2025, 3, 15)},
	}
	for _, tt := range tests {
		got := c.Quarter(tt.t)
		checkCycle(t, tt.name, got, tt.id, tt.start, tt.end)
		if of := c.Of(Quarter, tt.t); of != got {
			t.Errorf("%s: Of(Quarter) = %s", tt.name, of.ID)
		}
	}
}

// The same instant given in UTC maps to the cycle of its Ho Chi Minh local time.
func TestLocation(t *testing.T) {
	c := testCal(t)
	mon := time.Date(2024, 3, 18, 17, 30, 0, 0, time.UTC) // Tue 19 Mar 00:30 +07
	if got := c.Week(mon).ID; got != "2024-W13" {
		t.Errorf("Mon 17:30 UTC: got %s, want 2024-W13", got)
	}
	if got := c.Week(mon.Add(-31 * time.Minute)).ID; got != "2024-W12" {
		t.Errorf("Mon 16:59 UTC: got %s, want 2024-W12", got)
	}
	fourteenth := time.Date(2024, 3, 14, 17, 30, 0, 0, time.UTC) // 15 Mar 00:30 +07
	if got := c.Month(fourteenth).ID; got != "2024-04" {
		t.Errorf("14 Mar 17:30 UTC: got %s, want 2024-04", got)
	}
	if c.Location().String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("Location = %s", c.Location())
	}
}

// Every cycle's End is the next one's Start, for three years of each kind.
func TestNextPrevRoundTrip(t *testing.T) {
	c := testCal(t, vnHolidays...)
	for _, tt := range []struct {
		kind     Kind
		min, max int
	}{{Week, 157, 158}, {Month, 37, 37}, {Quarter, 13, 13}} { // from the cycle holding 1 Jan 2023 to the one holding 1 Jan 2026
		from, to := day(2023, 1, 1), day(2026, 1, 1)
		cy := c.Of(tt.kind, from)
		seen := map[string]bool{}
		n := 0
		for cy.Start.Before(to) {
			if seen[cy.ID] {
				t.Fatalf("%s: %s repeated", tt.kind, cy.ID)
			}
			seen[cy.ID] = true
			next := c.Next(cy)
			if !next.Start.Equal(cy.End) {
				t.Fatalf("%s: gap or overlap between %s (end %s) and %s (start %s)", tt.kind, cy.ID, cy.End, next.ID, next.Start)
			}
			if p := c.Prev(next); p != cy {
				t.Fatalf("%s: Prev(Next(%s)) = %s", tt.kind, cy.ID, p.ID)
			}
			if p, err := c.Parse(cy.ID); err != nil || p != cy {
				t.Fatalf("%s: Parse(%s) = %v, %v", tt.kind, cy.ID, p, err)
			}
			if cy.Start.After(cy.End) || cy.Kind != tt.kind {
				t.Fatalf("%s: bad cycle %+v", tt.kind, cy)
			}
			if !cy.Empty() {
				if c.Of(tt.kind, cy.Start) != cy || c.Of(tt.kind, cy.End.Add(-time.Nanosecond)) != cy {
					t.Fatalf("%s: Of disagrees with the bounds of %s", tt.kind, cy.ID)
				}
				if cy.Start.Hour() != 0 || cy.Start.Minute() != 0 {
					t.Fatalf("%s: %s does not start at midnight", tt.kind, cy.ID)
				}
			}
			cy = next
			n++
		}
		if n < tt.min || n > tt.max {
			t.Errorf("%s: %d cycles in 3 years, want %d..%d", tt.kind, n, tt.min, tt.max)
		}
	}
}

func TestParseOfRandom(t *testing.T) {
	c := testCal(t, vnHolidays...)
	r := rand.New(rand.NewPCG(1, 2))
	lo, hi := day(2019, 1, 1).Unix(), day(2032, 1, 1).Unix()
	for i := 0; i < 3000; i++ {
		tm := time.Unix(lo+r.Int64N(hi-lo), 0).UTC()
		for _, k := range []Kind{Week, Month, Quarter} {
			cy := c.Of(k, tm)
			if !cy.Contains(tm) {
				t.Fatalf("Of(%s, %s) = %s does not contain it", k, tm, cy.ID)
			}
			for _, id := range []string{cy.ID, strings.ToLower(cy.ID)} {
				p, err := c.Parse(id)
				if err != nil || p != cy {
					t.Fatalf("Parse(%q) = %+v, %v; want %+v", id, p, err, cy)
				}
			}
		}
	}
}

func TestParse(t *testing.T) {
	c := testCal(t)
	for _, id := range []string{"2020-w53", "2026-W53", "2024-q1", " 2024-03 ", "2024-W1", "2024-3", "2024", "2024-H1", "2024-h2"} {
		if _, err := c.Parse(id); err != nil {
			t.Errorf("Parse(%q): %v", id, err)
		}
	}
	for _, id := range []string{"", "2024-H3", "2024-H0", "0000", "2024-", "2024-W", "2024-W54", "2025-W53", "2024-W00",
		"2024-13", "2024-00", "2024-Q0", "2024-Q5", "24-03", "2024-03-01", "abcd-03", "2024-W+1"} {
		if cy, err := c.Parse(id); err == nil {
			t.Errorf("Parse(%q) = %s, want error", id, cy.ID)
		}
	}
}

func TestParseKind(t *testing.T) {
	for s, want := range map[string]Kind{
		"week": Week, "Tuần": Week, "tuan": Week, "TUAN": Week, "tua\u0300n": Week,
		"month": Month, "tháng": Month, "thang": Month,
		"quarter": Quarter, "quý": Quarter, "quy": Quarter, "quí": Quarter, " Quý ": Quarter,
		"half-year": HalfYear, "6 tháng": HalfYear, "nửa năm": HalfYear, "year": Year, "năm": Year,
	} {
		if got, ok := ParseKind(s); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "weeks", "ngày"} {
		if got, ok := ParseKind(s); ok {
			t.Errorf("ParseKind(%q) = %q, want failure", s, got)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	c := testCal(t, vnHolidays...)
	for d, want := range map[time.Time]bool{
		day(2024, 4, 26): true,  // Friday
		day(2024, 4, 27): false, // Saturday
		day(2024, 4, 28): false, // Sunday
		day(2024, 4, 29): false, // holiday
		day(2024, 5, 2):  true,
		// 29 Apr 00:30 +07 given as UTC is still the holiday in the plan's timezone.
		time.Date(2024, 4, 28, 17, 30, 0, 0, time.UTC): false,
	} {
		if got := c.IsWorkday(d); got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", d, got, want)
		}
	}
}

func TestNewCalendarErrors(t *testing.T) {
	for name, edit := range map[string]func(*store.Plan){
		"unknown timezone": func(p *store.Plan) { p.Timezone = "Asia/Hanoi_City" },
		"Local timezone":   func(p *store.Plan) { p.Timezone = "Local" },
		"bad weekday":      func(p *store.Plan) { p.Reporting.Weekly.Due = "someday" },
		"cutoff too big":   func(p *store.Plan) { p.Reporting.Monthly.CutoffDay = 29 },
		"negative cutoff":  func(p *store.Plan) { p.Reporting.Monthly.CutoffDay = -1 },
	} {
		p := testPlan(t)
		edit(&p)
		if _, err := NewCalendar(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	for s, want := range map[string]time.Weekday{
		"Monday": time.Monday, "thứ hai": time.Monday, "Thu 2": time.Monday, "T3": time.Tuesday,
		"chủ nhật": time.Sunday, "thu\u031b\u0301  tu\u031b": time.Wednesday, // combining marks
	} {
		p := testPlan(t)
		p.Reporting.Weekly.Due = s
		c, err := NewCalendar(p)
		if err != nil || c.due != want {
			t.Errorf("weekly.due %q: %v, %v; want %v", s, c, err, want)
		}
	}
}
