package bot

import (
	"context"
	"slices"
	"time"

	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// workspace is the working group one update (or one scheduled slot) works in: the plan
// with its calendar and schedule, the admins and the registered group chats. It is read
// once at the start and passed down, so a plan import landing meanwhile cannot change
// the rules halfway through. (It is also where several working groups will part.)
type workspace struct {
	plan   store.Plan
	cal    *reminders.Calendar
	sched  *reminders.Schedule
	admins []int64 // configured first, then those invited as admin
	groups []int64 // registered group chats
}

// loadWorkspace reads the plan in force and, through tx, the admins and group chats.
func (b *Bot) loadWorkspace(ctx context.Context, tx *store.Tx) (*workspace, error) {
	st := b.plan.Load()
	ws := &workspace{plan: st.plan, cal: st.cal, sched: st.sched, admins: slices.Clone(b.cfg.Admins)}
	invited, err := tx.InvitedAdmins(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range invited {
		ws.addAdmin(id)
	}
	if ws.groups, err = tx.RegisteredGroups(ctx); err != nil {
		return nil, err
	}
	return ws, nil
}

// isAdmin reports whether the user is standing-office staff.
func (ws *workspace) isAdmin(userID int64) bool { return slices.Contains(ws.admins, userID) }

// addAdmin counts a newly bound admin within the update that bound them.
func (ws *workspace) addAdmin(userID int64) {
	if !ws.isAdmin(userID) {
		ws.admins = append(ws.admins, userID)
	}
}

// loc is the plan's timezone.
func (ws *workspace) loc() *time.Location { return ws.plan.Location() }
