package store

import "time"

// Workdays are a plan's working days: Monday to Friday, minus its holidays, plus its
// make-up working days (ngày làm bù). The reminders calendar and anything else that counts
// working days read this one rule.
type Workdays struct {
	loc      *time.Location
	holidays map[civilDay]bool
	makeup   map[civilDay]bool
}

// civilDay is a calendar day, so days compare by date, not by instant.
type civilDay struct {
	y int
	m time.Month
	d int
}

// NewWorkdays reads the plan's holidays and make-up days; days are taken in loc.
func NewWorkdays(p Plan, loc *time.Location) Workdays {
	w := Workdays{loc: loc, holidays: map[civilDay]bool{}, makeup: map[civilDay]bool{}}
	for _, h := range p.Reporting.Holidays {
		if !h.IsZero() { // Date is a civil day: read its fields, do not convert
			w.holidays[civilDay{h.Year(), h.Month(), h.Day()}] = true
		}
	}
	for _, d := range p.Reporting.Workdays {
		if !d.IsZero() {
			w.makeup[civilDay{d.Year(), d.Month(), d.Day()}] = true
		}
	}
	return w
}

// IsWorkday reports whether the day t falls on (in the plan's timezone) is a working day.
func (w Workdays) IsWorkday(t time.Time) bool {
	t = t.In(w.loc)
	k := civilDay{t.Year(), t.Month(), t.Day()}
	if w.makeup[k] {
		return true
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !w.holidays[k]
}

// Between counts the working days after from's day up to and including to's day: a
// blocker raised on Monday is one working day old on Tuesday.
func (w Workdays) Between(from, to time.Time) int {
	y, m, d := from.In(w.loc).Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, w.loc)
	y, m, d = to.In(w.loc).Date()
	end := time.Date(y, m, d, 12, 0, 0, 0, w.loc)
	n := 0
	for day = day.AddDate(0, 0, 1); !day.After(end); day = day.AddDate(0, 0, 1) {
		if w.IsWorkday(day) {
			n++
		}
	}
	return n
}
