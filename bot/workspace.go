package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// workspace is the working group one update (or one scheduled slot) works in: the plan
// with its calendar and schedule, the admins and the registered group chats. It is read
// once at the start and passed down, so a plan import landing meanwhile cannot change
// the rules halfway through.
type workspace struct {
	group  store.Group
	plans  *planSet // every group's, for roll-ups and drill-downs of child groups
	plan   store.Plan
	cal    *reminders.Calendar
	sched  *reminders.Schedule
	admins []int64 // configured (of a top-level group) and the plan's first, then invited
	fixed  int     // how many of admins are configured or named by the plan (not invited)

	groups       []int64 // registered group chats, read on first use (groupChats)
	groupsLoaded bool
}

// loadWorkspace reads the plan of tx's group and, through tx, its admins.
func (b *Bot) loadWorkspace(ctx context.Context, tx *store.Tx) (*workspace, error) {
	ps := b.plans.Load()
	st := ps.of(tx.Group())
	if st == nil {
		return nil, fmt.Errorf("bot: no plan for group %d", tx.Group())
	}
	ws := &workspace{group: st.group, plans: ps, plan: st.plan, cal: st.cal, sched: st.sched}
	if st.group.Parent == 0 {
		ws.admins = slices.Clone(b.cfg.Admins)
	}
	for _, id := range st.plan.WorkingGroup.Admins {
		ws.addAdmin(id)
	}
	ws.fixed = len(ws.admins)
	invited, err := tx.InvitedAdmins(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range invited {
		ws.addAdmin(id)
	}
	return ws, nil
}

// groupChats are the group's registered group chats, read through tx the first time:
// only alerts need them, and most updates send none.
func (ws *workspace) groupChats(ctx context.Context, tx *store.Tx) ([]int64, error) {
	if !ws.groupsLoaded {
		groups, err := tx.RegisteredGroups(ctx)
		if err != nil {
			return nil, err
		}
		ws.groups, ws.groupsLoaded = groups, true
	}
	return ws.groups, nil
}

// isAdmin reports whether the user is standing-office staff.
func (ws *workspace) isAdmin(userID int64) bool { return slices.Contains(ws.admins, userID) }

// configured reports whether the user is an admin by configuration or by the group's
// plan, not by invitation: only they make admin links and remove invited admins.
func (ws *workspace) configured(userID int64) bool {
	return slices.Contains(ws.admins[:ws.fixed], userID)
}

// addAdmin counts a newly bound admin within the update that bound them.
func (ws *workspace) addAdmin(userID int64) {
	if !ws.isAdmin(userID) {
		ws.admins = append(ws.admins, userID)
	}
}

// loc is the plan's timezone.
func (ws *workspace) loc() *time.Location { return ws.plan.Location() }

// inEachGroup runs fn once per working group, in one write transaction, each time with
// the transaction and workspace of that group.
func (b *Bot) inEachGroup(ctx context.Context, fn func(tx *store.Tx, ws *workspace) error) error {
	return b.db.Update(ctx, func(tx *store.Tx) error {
		for _, st := range b.plans.Load().groups {
			gtx := tx.In(st.group.ID)
			ws, err := b.loadWorkspace(ctx, gtx)
			if err != nil {
				return err
			}
			if err := fn(gtx, ws); err != nil {
				return err
			}
		}
		return nil
	})
}

// inGroupsOfChat runs fn, in one write transaction, in the group a message was made for
// (group, when not 0), or else in every group the chat belongs to: a person's groups, a
// group chat's group, or the top-level groups when it belongs to none.
func (b *Bot) inGroupsOfChat(ctx context.Context, chatID, group int64, fn func(tx *store.Tx, ws *workspace) error) error {
	return b.db.Update(ctx, func(tx *store.Tx) error {
		ps := b.plans.Load()
		ids := []int64{group}
		if group == 0 || ps.of(group) == nil {
			var err error
			if ids, err = b.groupsOfChat(ctx, tx, chatID); err != nil {
				return err
			}
		}
		for _, id := range ids {
			gtx := tx.In(id)
			ws, err := b.loadWorkspace(ctx, gtx)
			if err != nil {
				return err
			}
			if err := fn(gtx, ws); err != nil {
				return err
			}
		}
		return nil
	})
}

// groupsOfChat lists the groups a chat belongs to (see inGroupsOfChat).
func (b *Bot) groupsOfChat(ctx context.Context, tx *store.Tx, chatID int64) ([]int64, error) {
	ps := b.plans.Load()
	var ids []int64
	if chatID < 0 {
		gc, err := tx.FindGroupChat(ctx, chatID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if gc.Group != 0 && ps.of(gc.Group) != nil {
			ids = append(ids, gc.Group)
		}
	} else {
		mine, err := tx.UserGroups(ctx, chatID)
		if err != nil {
			return nil, err
		}
		for _, id := range mine {
			if ps.of(id) != nil {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		for _, st := range ps.groups {
			if st.group.Parent == 0 {
				ids = append(ids, st.group.ID)
			}
		}
	}
	return ids, nil
}

// current is the workspace's group and plan as the reminders package takes them.
func (ws *workspace) current() reminders.Current {
	return reminders.Current{Group: ws.group, Plan: ws.plan, Cal: ws.cal, Sched: ws.sched}
}

// children are the plans of the groups right below the workspace's (a province's communes).
func (ws *workspace) children() []reminders.Current {
	var out []reminders.Current
	for _, st := range ws.plans.children(ws.group.ID) {
		out = append(out, reminders.Current{Group: st.group, Plan: st.plan, Cal: st.cal, Sched: st.sched})
	}
	return out
}

// buildReport is the report of cycle cy in the update's group, with the roll-up of the
// groups below it.
func (b *Bot) buildReport(ctx context.Context, s *scope, cy reminders.Cycle) (messages.Report, error) {
	r, err := reminders.BuildReport(ctx, s.tx, s.ws.plan, s.ws.cal, cy, b.now())
	if err != nil {
		return r, err
	}
	return r, reminders.AddGroups(ctx, s.tx, &r, s.ws.children(), b.now())
}
