// Package reminders computes the reporting calendar: which cycle a time belongs to and
// which scheduled slots are due. Everything here is pure; the clock is always an argument.
package reminders

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	// Slim containers lack /usr/share/zoneinfo; without it the plan's timezone fails to load.
	_ "time/tzdata"

	"github.com/tocongtac/tocongtac/store"
)

// Kind is the length of a reporting cycle (store owns the type: the core reads it too).
type Kind = store.CycleKind

// Kinds of reporting cycle.
const (
	Week     = store.KindWeek
	Month    = store.KindMonth
	Quarter  = store.KindQuarter
	HalfYear = store.KindHalfYear
	Year     = store.KindYear
)

// Kinds lists every cycle kind, shortest first.
var Kinds = []Kind{Week, Month, Quarter, HalfYear, Year}

// Cycle is one reporting period (see store.Cycle).
type Cycle = store.Cycle

// Calendar maps times to reporting cycles under one plan.
type Calendar struct {
	loc    *time.Location
	due    time.Weekday // nominal weekly due day
	cutoff int          // last day of the month a monthly report covers
	work   store.Workdays
}

// NewCalendar builds the calendar of a plan, after filling in defaults.
func NewCalendar(p store.Plan) (*Calendar, error) {
	p = p.WithDefaults()
	loc, err := store.LoadZone(p.Timezone)
	if err != nil {
		return nil, err
	}
	wd, ok := store.ParseWeekday(p.Reporting.Weekly.Due)
	if !ok {
		return nil, fmt.Errorf("reporting.weekly.due %q: want a weekday, e.g. monday or thứ hai", p.Reporting.Weekly.Due)
	}
	c := p.Reporting.Monthly.CutoffDay
	if c < 1 || c > store.MaxCutoffDay {
		return nil, fmt.Errorf("reporting.monthly.cutoff_day %d: want 1..%d", c, store.MaxCutoffDay)
	}
	return &Calendar{loc: loc, due: wd, cutoff: c, work: store.NewWorkdays(p, loc)}, nil
}

// Location is the plan's timezone; every cycle boundary is midnight there.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsWorkday reports whether the day (taken in the plan's timezone) is a working day:
// Monday to Friday, minus the plan's holidays, plus its make-up working days.
func (c *Calendar) IsWorkday(day time.Time) bool { return c.work.IsWorkday(day) }

// NextWorkday is t itself on a working day, else the same clock time on the first working
// day after it (escalations and summaries move forward).
func (c *Calendar) NextWorkday(t time.Time) time.Time { return c.moveToWorkday(t, 1) }

// PrevWorkday is t itself on a working day, else the same clock time on the last working
// day before it (reminders move back, so they still come before the deadline).
func (c *Calendar) PrevWorkday(t time.Time) time.Time { return c.moveToWorkday(t, -1) }

// moveToWorkday ends because the holiday list is finite.
func (c *Calendar) moveToWorkday(t time.Time, step int) time.Time {
	t = t.In(c.loc)
	for !c.IsWorkday(t) {
		t = time.Date(t.Year(), t.Month(), t.Day()+step, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), c.loc)
	}
	return t
}

// AddWorkdays is the n-th working day after t (before it when n < 0) at the same clock
// time, or t itself when n is 0.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	t = t.In(c.loc)
	for ; n > 0; n-- {
		t = c.moveToWorkday(t.AddDate(0, 0, step), step)
	}
	return t
}

// WorkdaysBefore is the n-th working day strictly before day (midnight), n >= 1.
func (c *Calendar) WorkdaysBefore(day time.Time, n int) time.Time {
	day = day.In(c.loc)
	for n > 0 {
		day = c.midnight(day.Year(), day.Month(), day.Day()-1)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day
}

// Of returns the cycle of the kind containing t. It panics on an unknown kind, which is a
// programming error: kinds from users go through ParseKind.
func (c *Calendar) Of(kind Kind, t time.Time) Cycle {
	switch kind {
	case Week:
		return c.Week(t)
	case Month:
		return c.Month(t)
	case Quarter:
		return c.Quarter(t)
	case HalfYear:
		return c.HalfYear(t)
	case Year:
		return c.Year(t)
	}
	panic(fmt.Sprintf("reminders: unknown cycle kind %q", kind))
}

// midnight returns 00:00 of the given civil day in the plan's timezone (normalising overflow).
func (c *Calendar) midnight(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, c.loc)
}

// ---- weeks ----

// isoMonday returns the Monday of ISO week w of ISO year y (week 1 holds 4 January).
func (c *Calendar) isoMonday(y, w int) time.Time {
	jan4 := c.midnight(y, time.January, 4)
	back := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -back+7*(w-1))
}

// isoWeeks is the number of ISO weeks in year y (52 or 53).
func isoWeeks(y int) int {
	_, w := time.Date(y, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// nominal is the plan's due weekday in ISO week (y, w).
func (c *Calendar) nominal(y, w int) time.Time {
	return c.isoMonday(y, w).AddDate(0, 0, (int(c.due)+6)%7)
}

// nextWorkday returns day itself if it is a workday, else the first workday after it.
func (c *Calendar) nextWorkday(day time.Time) time.Time { return c.NextWorkday(day) }

// NominalDue is midnight of the plan's due weekday in a weekly cycle's ISO week: the day
// the cycle would be due without holidays.
func (c *Calendar) NominalDue(cy Cycle) time.Time {
	y, w := weekOf(cy)
	return c.nominal(y, w)
}

func dayAfter(c *Calendar, day time.Time) time.Time {
	return c.midnight(day.Year(), day.Month(), day.Day()+1)
}

// weekCycle builds the weekly cycle whose nominal due day is in ISO week (y, w).
//
// A cycle runs from the day after the previous cycle's actual due day to the end of its own.
// When holidays push a due day onto the next cycle's due day (no working day left between),
// the earlier cycle is empty and its time belongs to the later one, whose ID matches the day
// units actually report on. Start walks back over such empty cycles.
func (c *Calendar) weekCycle(y, w int) Cycle {
	nom := c.nominal(y, w)
	actual := c.nextWorkday(nom)
	id := fmt.Sprintf("%04d-W%02d", y, w)

	prevNom := nom.AddDate(0, 0, -7)
	prevActual := c.nextWorkday(prevNom)
	for !prevActual.Before(actual) {
		prevNom = prevNom.AddDate(0, 0, -7)
		prevActual = c.nextWorkday(prevNom)
	}
	start := dayAfter(c, prevActual)

	end := dayAfter(c, actual)
	if !c.nextWorkday(nom.AddDate(0, 0, 7)).After(actual) {
		end = start // swallowed by the next cycle
	}
	return Cycle{Kind: Week, ID: id, Start: start, End: end, Due: end}
}

func weekOf(cy Cycle) (y, w int) {
	// IDs are produced by this package, so they always parse.
	fmt.Sscanf(cy.ID, "%d-W%d", &y, &w)
	return y, w
}

// stepWeek moves n ISO weeks from (y, w).
func (c *Calendar) stepWeek(y, w, n int) Cycle {
	y, w = c.nominal(y, w).AddDate(0, 0, 7*n).ISOWeek()
	return c.weekCycle(y, w)
}

// Week returns the weekly cycle containing t. Normally Tuesday 00:00 to the next Tuesday
// 00:00; a due day moved by holidays stretches its cycle and delays the next one's start.
func (c *Calendar) Week(t time.Time) Cycle {
	t = t.In(c.loc)
	y, w := t.ISOWeek()
	cy := c.weekCycle(y, w)
	// Moves are bounded by the holiday runs, so these loops take a step or two.
	for t.Before(cy.Start) {
		y, w = weekOf(cy)
		cy = c.stepWeek(y, w, -1)
	}
	for !t.Before(cy.End) {
		y, w = weekOf(cy)
		cy = c.stepWeek(y, w, 1)
	}
	return cy
}

// ---- months and quarters ----

// reportMonth is the month whose report t falls in: days after the cutoff count towards
// the next month (Decree 09/2019/NĐ-CP: the report covers the 15th of last month to the 14th).
func (c *Calendar) reportMonth(t time.Time) (int, time.Month) {
	t = t.In(c.loc)
	y, m := t.Year(), t.Month()
	if t.Day() > c.cutoff {
		n := c.midnight(y, m+1, 1)
		y, m = n.Year(), n.Month()
	}
	return y, m
}

func (c *Calendar) monthCycle(y int, m time.Month) Cycle {
	n := c.midnight(y, m, 1) // normalise
	y, m = n.Year(), n.Month()
	end := c.midnight(y, m, c.cutoff+1)
	return Cycle{
		Kind:  Month,
		ID:    fmt.Sprintf("%04d-%02d", y, int(m)),
		Start: c.midnight(y, m-1, c.cutoff+1),
		End:   end,
		Due:   end,
	}
}

// Month returns the monthly cycle containing t: from the day after the cutoff of the
// previous month to the cutoff of the report month, inclusive. The boundary is always
// cutoff+1 at 00:00, even on a weekend or a holiday: the decree fixes the date and the
// office compiles on it, so monthly deadlines are never moved.
func (c *Calendar) Month(t time.Time) Cycle {
	return c.monthCycle(c.reportMonth(t))
}

func (c *Calendar) quarterCycle(y, q int) Cycle {
	n := c.midnight(y, time.Month(3*q), 1) // normalise q outside 1..4
	y, q = n.Year(), (int(n.Month())-1)/3+1
	last := time.Month(3 * q)
	end := c.midnight(y, last, c.cutoff+1)
	return Cycle{
		Kind:  Quarter,
		ID:    fmt.Sprintf("%04d-Q%d", y, q),
		Start: c.midnight(y, last-3, c.cutoff+1),
		End:   end,
		Due:   end,
	}
}

// Quarter returns the quarterly cycle containing t, by the monthly rule: Q1 runs from
// the day after the cutoff in December to the cutoff in March.
func (c *Calendar) Quarter(t time.Time) Cycle {
	y, m := c.reportMonth(t)
	return c.quarterCycle(y, (int(m)-1)/3+1)
}

// halfCycle is half-year h (1, 2) of year y: it ends at the cutoff of June or December.
func (c *Calendar) halfCycle(y, h int) Cycle {
	n := c.midnight(y, time.Month(6*h), 1) // normalise h outside 1..2
	y, h = n.Year(), (int(n.Month())-1)/6+1
	last := time.Month(6 * h)
	end := c.midnight(y, last, c.cutoff+1)
	return Cycle{Kind: HalfYear, ID: fmt.Sprintf("%04d-H%d", y, h), Start: c.midnight(y, last-6, c.cutoff+1), End: end, Due: end}
}

// HalfYear returns the half-year cycle containing t (Decree 09 Art. 12: 15/12 of the
// previous year to 14/06, and 15/06 to 14/12, with the plan's cutoff).
func (c *Calendar) HalfYear(t time.Time) Cycle {
	y, m := c.reportMonth(t)
	return c.halfCycle(y, (int(m)-1)/6+1)
}

func (c *Calendar) yearCycle(y int) Cycle {
	end := c.midnight(y, time.December, c.cutoff+1)
	return Cycle{Kind: Year, ID: fmt.Sprintf("%04d", y), Start: c.midnight(y-1, time.December, c.cutoff+1), End: end, Due: end}
}

// Year returns the annual cycle containing t (Decree 09 Art. 12: 15/12 of the previous
// year to 14/12).
func (c *Calendar) Year(t time.Time) Cycle {
	y, _ := c.reportMonth(t)
	return c.yearCycle(y)
}

// ---- stepping and parsing ----

// Next returns the cycle after cy by ID; its Start is cy.End. A weekly result may be Empty.
func (c *Calendar) Next(cy Cycle) Cycle { return c.step(cy, 1) }

// Prev returns the cycle before cy by ID; its End is cy.Start. A weekly result may be Empty.
func (c *Calendar) Prev(cy Cycle) Cycle { return c.step(cy, -1) }

func (c *Calendar) step(cy Cycle, n int) Cycle {
	p, err := c.Parse(cy.ID)
	if err != nil || p.Kind != cy.Kind {
		panic(fmt.Sprintf("reminders: cycle %q of kind %q was not made by a Calendar", cy.ID, cy.Kind))
	}
	switch p.Kind {
	case Week:
		y, w := weekOf(p)
		return c.stepWeek(y, w, n)
	case Month:
		return c.monthCycle(p.End.Year(), p.End.Month()+time.Month(n))
	case HalfYear:
		y, h := p.End.Year(), (int(p.End.Month())-1)/6+1
		return c.halfCycle(y, h+n)
	case Year:
		return c.yearCycle(p.End.Year() + n)
	default:
		y, q := p.End.Year(), (int(p.End.Month())-1)/3+1
		return c.quarterCycle(y, q+n)
	}
}

// Parse reads a cycle ID: "2024-W11", "2024-03", "2024-Q1", "2024-H1" or "2024", in
// either case.
func (c *Calendar) Parse(id string) (Cycle, error) {
	s := strings.ToUpper(strings.TrimSpace(id))
	bad := fmt.Errorf("cycle %q: want 2024-W11, 2024-03, 2024-Q1, 2024-H1 or 2024", id)
	if y, err := strconv.Atoi(s); err == nil && len(s) == 4 && y >= 1 {
		return c.yearCycle(y), nil
	}
	ys, rest, ok := strings.Cut(s, "-")
	if !ok || len(ys) != 4 || rest == "" {
		return Cycle{}, bad
	}
	y, err := strconv.Atoi(ys)
	if err != nil || y < 1 {
		return Cycle{}, bad
	}
	num := func(s string, lo, hi int) (int, bool) {
		if len(s) < 1 || len(s) > 2 {
			return 0, false
		}
		for _, r := range s {
			if r < '0' || r > '9' {
				return 0, false
			}
		}
		n, _ := strconv.Atoi(s)
		return n, n >= lo && n <= hi
	}
	switch rest[0] {
	case 'W':
		w, ok := num(rest[1:], 1, isoWeeks(y))
		if !ok {
			return Cycle{}, fmt.Errorf("cycle %q: ISO year %d has weeks 1..%d", id, y, isoWeeks(y))
		}
		return c.weekCycle(y, w), nil
	case 'Q':
		q, ok := num(rest[1:], 1, 4)
		if !ok {
			return Cycle{}, bad
		}
		return c.quarterCycle(y, q), nil
	case 'H':
		h, ok := num(rest[1:], 1, 2)
		if !ok {
			return Cycle{}, bad
		}
		return c.halfCycle(y, h), nil
	default:
		m, ok := num(rest, 1, 12)
		if !ok {
			return Cycle{}, bad
		}
		return c.monthCycle(y, time.Month(m)), nil
	}
}

// ParseKind reads a cycle kind in English or Vietnamese, with or without diacritics:
// week/tuần, month/tháng, quarter/quý (also the older spelling quí), half-year/6 tháng/
// nửa năm, year/năm.
func ParseKind(s string) (Kind, bool) {
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(store.Fold(s)) {
	case "week", "tuan":
		return Week, true
	case "month", "thang":
		return Month, true
	case "quarter", "quy", "qui":
		return Quarter, true
	case "halfyear", "half", "6thang", "sauthang", "nuanam", "bannam":
		return HalfYear, true
	case "year", "nam", "annual":
		return Year, true
	}
	return "", false
}
