package reminders

import "time"

// LateWindow tells whether a report at t, whose period is not stated, could be meant for
// the weekly cycle that just closed: t lies between that cycle's due time and the first
// weekly reminder of the cycle containing t. Late reports typed, sent as a reply or given
// by button all follow this one rule; inside the window the bot asks which week.
//
// The window never reaches past the end of the first working day after the due day: with
// reminders only on the due day (the default plan) it would otherwise cover the whole week.
// old is the closed cycle, cur the one containing t; ok is false outside the window.
func (s *Schedule) LateWindow(t time.Time) (old, cur Cycle, ok bool) {
	c := s.cal
	t = t.In(s.loc)
	cur = c.Week(t)
	old = c.Prev(cur)
	for old.Empty() { // a week swallowed by holidays has nothing due
		old = c.Prev(old)
	}
	if t.Before(old.Due) {
		return old, cur, false
	}
	first := c.NextWorkday(old.Due)
	end := dayAfter(c, first)
	for _, e := range s.entries {
		if e.Job != JobWeeklyRemind {
			continue
		}
		for _, sl := range s.cycleSlots(e, cur) {
			if sl.At.Before(end) {
				end = sl.At
			}
		}
	}
	return old, cur, t.Before(end)
}
