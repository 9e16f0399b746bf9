package workgroup

import (
	"context"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Departure is what Leave did.
type Departure struct {
	Unit      store.Unit         // the unit left (code only if the plan no longer names it)
	Role      store.InviteRole   // the role given up; focal point when both were held
	Remaining []store.Membership // who still serves the unit, focal point first
}

// Leave unbinds userID from every seat they hold in unit (a focal point or deputy
// quitting, /roi) and ends their absences from it, which no longer excuse the unit.
// It returns ErrNotServing if the user holds no seat there.
func Leave(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64, unit string, now time.Time) (Departure, error) {
	ms, err := tx.Memberships(ctx, userID)
	if err != nil {
		return Departure{}, err
	}
	d := Departure{Role: store.InviteDeputy}
	held := false
	for _, m := range ms {
		if m.Unit != unit {
			continue
		}
		held = true
		if m.Role == store.MemberFocal {
			d.Role = store.InviteFocal
		}
		if _, err := tx.RemoveMember(ctx, unit, m.Role, userID); err != nil {
			return Departure{}, err
		}
		if err := tx.Audit(ctx, userID, store.AuditLeave, unit, userID, "role="+string(m.Role)); err != nil {
			return Departure{}, err
		}
	}
	if !held {
		return Departure{}, ErrNotServing
	}
	if _, err := tx.CancelAbsences(ctx, userID, unit, store.DayOf(now, plan.Location())); err != nil {
		return Departure{}, err
	}
	if d.Remaining, err = tx.UnitMembers(ctx, unit); err != nil {
		return Departure{}, err
	}
	var ok bool
	if d.Unit, ok = plan.Unit(unit); !ok {
		d.Unit = store.Unit{Code: unit}
	}
	return d, nil
}

// Remove unbinds user from a unit's seat on an admin's word (by, /xoa) and ends their
// absences from the unit. It removes nobody and reports false when user no longer holds
// that seat, so a confirmation pressed after the seat changed hands does no harm.
func Remove(ctx context.Context, tx *store.Tx, plan store.Plan, by int64, unit string, role store.MemberRole,
	user int64, now time.Time) (bool, error) {
	removed, err := tx.RemoveMember(ctx, unit, role, user)
	if err != nil || !removed {
		return false, err
	}
	if err := tx.Audit(ctx, by, store.AuditRemove, unit, user, "role="+string(role)); err != nil {
		return false, err
	}
	if _, err := tx.CancelAbsences(ctx, user, unit, store.DayOf(now, plan.Location())); err != nil {
		return false, err
	}
	return true, nil
}
