package workgroup_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

func TestLeaveOutcomes(t *testing.T) {
	db, p := openPlanDB(t)
	seat(t, db, "X-MYTAN", store.MemberFocal, alice)
	seat(t, db, "VP", store.MemberDeputy, alice)
	seat(t, db, "VP", store.MemberFocal, bob)
	away(t, db, "X-MYTAN", alice, "2024-03-12", "2024-03-20")
	away(t, db, "VP", alice, "2024-03-12", "2024-03-20")

	leave := func(user int64, unit string) (workgroup.Departure, error) {
		var d workgroup.Departure
		var reason error
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			d, err = workgroup.Leave(ctx, tx, p, user, unit, t0)
			if errors.Is(err, workgroup.ErrNotServing) {
				reason = err
				return nil
			}
			return err
		})
		return d, reason
	}

	// Someone else's unit, or a code in the wrong case: refused, nothing changes.
	for _, c := range []struct {
		user int64
		unit string
	}{{bob, "X-MYTAN"}, {carol, "VP"}, {alice, "x-mytan"}, {alice, "TCKH"}} {
		if _, err := leave(c.user, c.unit); !errors.Is(err, workgroup.ErrNotServing) {
			t.Errorf("%d leaving %s: %v, want ErrNotServing", c.user, c.unit, err)
		}
	}
	if f, d := members(t, db, "X-MYTAN"); f != alice || d != 0 {
		t.Errorf("after refusals X-MYTAN focal=%d deputy=%d", f, d)
	}
	if n := audited(t, db, store.AuditLeave); n != 0 {
		t.Errorf("%d leaves audited after refusals only", n)
	}

	// The deputy leaves VP: the focal point stays, and only VP's absence ends.
	d, err := leave(alice, "VP")
	if err != nil || d.Unit.Code != "VP" || d.Unit.Name == "" || d.Role != store.InviteDeputy {
		t.Fatalf("leaving VP = %+v, %v; want VP with its name, as deputy", d, err)
	}
	if len(d.Remaining) != 1 || d.Remaining[0].UserID != bob || d.Remaining[0].Role != store.MemberFocal {
		t.Errorf("VP remaining %+v, want bob as focal point", d.Remaining)
	}
	if f, dep := members(t, db, "VP"); f != bob || dep != 0 {
		t.Errorf("VP focal=%d deputy=%d, want %d and none", f, dep, bob)
	}
	if absentOn(t, db, "VP", alice, "2024-03-15") || !absentOn(t, db, "X-MYTAN", alice, "2024-03-15") {
		t.Errorf("leaving VP should end the VP absence only")
	}

	// The focal point leaves X-MYTAN: nobody remains.
	d, err = leave(alice, "X-MYTAN")
	if err != nil || d.Role != store.InviteFocal || len(d.Remaining) != 0 {
		t.Fatalf("leaving X-MYTAN = %+v, %v; want focal point, nobody remaining", d, err)
	}
	if absentOn(t, db, "X-MYTAN", alice, "2024-03-15") {
		t.Errorf("a focal point who left still excuses X-MYTAN")
	}
	if _, err := leave(alice, "X-MYTAN"); !errors.Is(err, workgroup.ErrNotServing) {
		t.Errorf("leaving twice: %v, want ErrNotServing", err)
	}
	if n := audited(t, db, store.AuditLeave); n != 2 {
		t.Errorf("%d leaves audited, want 2", n)
	}
}

func TestRemoveOutcomes(t *testing.T) {
	db, p := openPlanDB(t)
	seat(t, db, "X-MYTAN", store.MemberFocal, alice)
	seat(t, db, "X-MYTAN", store.MemberDeputy, bob)
	away(t, db, "X-MYTAN", bob, "2024-03-12", "2024-03-20")
	remove := func(unit string, role store.MemberRole, user int64) bool {
		var removed bool
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			removed, err = workgroup.Remove(ctx, tx, p, admin, unit, role, user, t0)
			return err
		})
		return removed
	}

	// A stale confirmation: the wrong person for the seat, or the wrong seat.
	if remove("X-MYTAN", store.MemberDeputy, carol) || remove("X-MYTAN", store.MemberFocal, bob) || remove("VP", store.MemberDeputy, bob) {
		t.Errorf("a seat someone else holds was emptied")
	}
	if f, d := members(t, db, "X-MYTAN"); f != alice || d != bob {
		t.Errorf("after stale confirmations focal=%d deputy=%d", f, d)
	}
	if !remove("X-MYTAN", store.MemberDeputy, bob) {
		t.Fatalf("removing the deputy: nothing removed")
	}
	if f, d := members(t, db, "X-MYTAN"); f != alice || d != 0 {
		t.Errorf("after removal focal=%d deputy=%d, want %d and none", f, d, alice)
	}
	if absentOn(t, db, "X-MYTAN", bob, "2024-03-15") {
		t.Errorf("a removed deputy's absence still counts")
	}
	if remove("X-MYTAN", store.MemberDeputy, bob) {
		t.Errorf("the same confirmation pressed twice removed again")
	}
	if n := audited(t, db, store.AuditRemove); n != 1 {
		t.Errorf("%d removals audited, want 1", n)
	}
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		s, err := workgroup.UnitSeats(ctx, tx, "X-MYTAN")
		if s.Holder(store.MemberFocal) != alice || s.Holder(store.MemberDeputy) != 0 {
			t.Errorf("seats %+v: holders wrong", s)
		}
		return err
	})
}
