package workgroup

import (
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// GroupHeadline is one group's line in its parent's roll-up, read off the group's cycle
// state sum (CycleState or Headline): the same counts every other view shows, no new
// rule. open are the group's blockers open now (sum.Blockers when sum came from
// CycleState); their oldest age is counted in the group's working days w up to now.
// trend are the completion rates of the group's previous cycles, oldest first (Completion
// of each earlier state).
func GroupHeadline(sum store.Summary, g store.Group, open []store.Blocker, trend []float64, w Workdays, now time.Time) store.GroupHeadline {
	h := store.GroupHeadline{
		Group: g, CycleID: sum.CycleID,
		Expected: sum.Expected, Reported: sum.Reported, Complete: sum.Complete, Late: sum.Late,
		OpenBlockers: len(open),
		Trend:        append([]float64(nil), trend...),
	}
	for _, u := range sum.Units {
		if !u.Excused && u.Progress == store.ProgressNone {
			name := u.Unit.Name
			if name == "" {
				name = u.Unit.Code
			}
			h.Missing = append(h.Missing, name)
		}
	}
	if len(open) > 0 {
		oldest := open[0].Since
		for _, b := range open[1:] {
			if b.Since.Before(oldest) {
				oldest = b.Since
			}
		}
		h.OldestDays = w.Between(oldest, now)
	}
	return h
}

// Completion is a cycle's completion rate as a roll-up shows it: the share of expected
// units that reported every model (store.GroupHeadline.Rate), 0 when none is expected.
// A group's trend is Completion of its earlier cycles' states.
func Completion(sum store.Summary) float64 {
	return store.GroupHeadline{Expected: sum.Expected, Complete: sum.Complete}.Rate()
}
