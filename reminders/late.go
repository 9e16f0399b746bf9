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
	t = t.In(s.loc)
	w := s.late.Load()
	if w == nil || !w.cur.Contains(t) {
		w = s.lateWindowOf(t)
		s.late.Store(w)
	}
	return w.old, w.cur, !t.Before(w.old.Due) && t.Before(w.end)
}

// lateWindow is LateWindow's answer for every time in one weekly cycle: every status
// reply asks, and working it out walks the calendar and the weekly reminder slots.
type lateWindow struct {
	old, cur Cycle
	end      time.Time // the window is [old.Due, end)
}

func (s *Schedule) lateWindowOf(t time.Time) *lateWindow {
	c := s.cal
	cur := c.Week(t)
	old := c.Prev(cur)
	for old.Empty() { // a week swallowed by holidays has nothing due
		old = c.Prev(old)
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
	return &lateWindow{old: old, cur: cur, end: end}
}
