package workgroup

import (
	"context"
	"errors"
	"fmt"

	"github.com/tocongtac/tocongtac/store"
)

// ErrNotServing: the user holds no seat in the unit (or, where no unit is named, in any).
var ErrNotServing = errors.New("workgroup: does not serve that unit")

// Seats is who holds a unit's two seats; 0 is an empty seat.
type Seats struct{ Focal, Deputy int64 }

func seatsOf(ms []store.Membership) Seats {
	var s Seats
	f, d := store.SplitRoles(ms)
	if f != nil {
		s.Focal = f.UserID
	}
	if d != nil {
		s.Deputy = d.UserID
	}
	return s
}

// Holder is who holds the seat of role (0: nobody).
func (s Seats) Holder(role store.MemberRole) int64 {
	if role == store.MemberDeputy {
		return s.Deputy
	}
	return s.Focal
}

// UnitSeats reads who holds a unit's seats.
func UnitSeats(ctx context.Context, tx *store.Tx, unit string) (Seats, error) {
	ms, err := tx.UnitMembers(ctx, unit)
	return seatsOf(ms), err
}

// CoverFor tells who reports for the unit while userID is away. Only the focal point's
// absence needs covering (needed true): the deputy covers, or nobody (deputy 0). A
// deputy's absence changes nobody's reminders while the focal point is in.
func (s Seats) CoverFor(userID int64) (deputy int64, needed bool) {
	if s.Focal != userID {
		return 0, false
	}
	if s.Deputy == userID {
		return 0, true
	}
	return s.Deputy, true
}

// ServedUnits lists the distinct units of the plan a user serves, as focal point or
// deputy, by code. A unit the plan no longer names comes back with its code only.
func ServedUnits(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64) ([]store.Unit, error) {
	ms, err := tx.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []store.Unit
	for _, m := range ms {
		if len(out) > 0 && out[len(out)-1].Code == m.Unit {
			continue // memberships come ordered by unit
		}
		u, ok := plan.Unit(m.Unit)
		if !ok {
			u = store.Unit{Code: m.Unit}
		}
		out = append(out, u)
	}
	return out, nil
}

// GroupVoice is how the bot treats a message in a group chat.
type GroupVoice int

const (
	GroupSilent  GroupVoice = iota // an unregistered group, already told: say nothing
	GroupTalk                      // a registered group, or an admin registering it
	GroupExplain                   // an unregistered group's first word: one polite explanation
)

// GroupAccess decides how the bot treats a message in a group: a registered group is
// answered; another one only when an admin registers it (registering), after one
// explanation and then silence, so a group that added the bot by mistake is not spammed.
func GroupAccess(ctx context.Context, tx *store.Tx, chatID int64, title string, isAdmin, registering bool) (GroupVoice, error) {
	g, err := tx.FindGroupChat(ctx, chatID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return GroupSilent, err
	}
	if err == nil && g.RegisteredBy != 0 {
		return GroupTalk, nil
	}
	if registering && isAdmin {
		return GroupTalk, nil
	}
	told, err := tx.MarkGroupTold(ctx, chatID, title)
	if err != nil || !told {
		return GroupSilent, err
	}
	return GroupExplain, nil
}

// RegisterGroup makes a group the working group's chat, on an admin's word.
func RegisterGroup(ctx context.Context, tx *store.Tx, chatID int64, title string, by int64) error {
	if err := tx.RegisterGroup(ctx, chatID, title, by); err != nil {
		return err
	}
	return tx.Audit(ctx, by, store.AuditGroup, "", 0, fmt.Sprintf("chat=%d title=%s", chatID, title))
}

// UnregisterGroup stops posting to a group; it reports false if the group was not registered.
func UnregisterGroup(ctx context.Context, tx *store.Tx, chatID int64, by int64) (bool, error) {
	ok, err := tx.UnregisterGroup(ctx, chatID)
	if err != nil || !ok {
		return false, err
	}
	return true, tx.Audit(ctx, by, store.AuditGroupRemove, "", 0, fmt.Sprintf("chat=%d", chatID))
}
