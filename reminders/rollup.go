package reminders

import (
	"context"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// rollupTrend is how many earlier cycles a roll-up line compares with.
const rollupTrend = 3

// GroupRollup is each child group's line in its parent's roll-up, for the cycle of kind
// that contains at in the child's own calendar: the same state every view of the child
// shows (workgroup.Headline), its open blockers, and the completion of its previous cycles.
func GroupRollup(ctx context.Context, tx *store.Tx, children []Current, kind Kind, at, now time.Time) ([]store.GroupHeadline, error) {
	out := make([]store.GroupHeadline, 0, len(children))
	for _, ch := range children {
		gtx := ch.in(tx)
		loc := ch.Cal.Location()
		// The previous cycles, oldest first, then the cycle itself: one read of each.
		cycles := make([]Cycle, rollupTrend+1)
		cycles[rollupTrend] = ch.Cal.Of(kind, at)
		for i := rollupTrend - 1; i >= 0; i-- {
			cycles[i] = ch.Cal.Prev(cycles[i+1])
		}
		sums, err := workgroup.Headlines(ctx, gtx, ch.Plan, loc, cycles, now)
		if err != nil {
			return nil, err
		}
		open, err := gtx.OpenBlockers(ctx)
		if err != nil {
			return nil, err
		}
		trend := make([]float64, rollupTrend)
		for i := range trend {
			trend[i] = workgroup.Completion(sums[i])
		}
		sum := sums[rollupTrend]
		out = append(out, workgroup.GroupHeadline(sum, ch.Group, open, trend, workgroup.NewWorkdays(ch.Plan), now))
	}
	return out, nil
}

// OwnHeadline is a group's own line (its own units, from its cycle state) for the head
// of its roll-up.
func OwnHeadline(cur Current, sum store.Summary, now time.Time) store.GroupHeadline {
	return workgroup.GroupHeadline(sum, cur.Group, sum.Blockers, nil, workgroup.NewWorkdays(cur.Plan), now)
}

// Children lists the groups among all whose parent is id.
func Children(all []Current, id int64) []Current {
	var out []Current
	for _, cur := range all {
		if id != 0 && cur.Group.Parent == id {
			out = append(out, cur)
		}
	}
	return out
}

// AddGroups puts the child groups' roll-up of report r's cycle into r (nothing when
// there are none).
func AddGroups(ctx context.Context, tx *store.Tx, r *messages.Report, children []Current, now time.Time) error {
	if len(children) == 0 {
		return nil
	}
	kind, ok := ParseKind(r.Summary.Kind)
	if !ok {
		return nil
	}
	var err error
	r.Groups, err = GroupRollup(ctx, tx, children, kind, r.Summary.Start, now)
	return err
}

// groupName names cur's group in messages when the bot serves several groups ("" when
// it serves one: nobody needs telling).
func (s *Service) groupName(cur Current) string {
	if len(s.plans()) < 2 {
		return ""
	}
	if cur.Group.Name != "" {
		return cur.Group.Name
	}
	return cur.Plan.Title
}
