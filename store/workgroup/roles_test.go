package workgroup_test

import (
	"context"
	"slices"
	"testing"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// seat binds user to a unit's seat directly, as an accepted invite would.
func seat(t *testing.T, db *store.DB, unit string, role store.MemberRole, user int64) {
	t.Helper()
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.SetMember(ctx, unit, role, user)
		return err
	})
}

func away(t *testing.T, db *store.DB, unit string, user int64, from, to string) {
	t.Helper()
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.AddAbsence(ctx, store.Absence{Unit: unit, UserID: user, FromDay: from, ToDay: to})
		return err
	})
}

func absentOn(t *testing.T, db *store.DB, unit string, user int64, day string) bool {
	t.Helper()
	var got bool
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		var err error
		got, err = tx.AbsentOn(ctx, unit, user, day)
		return err
	})
	return got
}

func TestCoverFor(t *testing.T) {
	for _, c := range []struct {
		seats      workgroup.Seats
		user       int64
		deputy     int64
		needsCover bool
	}{
		{workgroup.Seats{Focal: alice, Deputy: bob}, alice, bob, true}, // the deputy covers
		{workgroup.Seats{Focal: alice}, alice, 0, true},                // nobody covers
		{workgroup.Seats{Focal: alice, Deputy: bob}, bob, 0, false},    // a deputy away: the focal point is in
		{workgroup.Seats{Focal: alice, Deputy: alice}, alice, 0, true}, // never themselves
		{workgroup.Seats{Focal: carol, Deputy: bob}, alice, 0, false},  // not their unit
		{workgroup.Seats{}, alice, 0, false},                           // an empty unit
		{workgroup.Seats{Deputy: bob}, bob, 0, false},                  // a lone deputy
	} {
		deputy, needed := c.seats.CoverFor(c.user)
		if deputy != c.deputy || needed != c.needsCover {
			t.Errorf("%+v.CoverFor(%d) = %d, %v; want %d, %v", c.seats, c.user, deputy, needed, c.deputy, c.needsCover)
		}
	}
}

func TestServedUnits(t *testing.T) {
	db, p := openPlanDB(t)
	seat(t, db, "X-MYTAN", store.MemberFocal, alice)
	seat(t, db, "VP", store.MemberDeputy, alice)
	seat(t, db, "VP", store.MemberFocal, bob)

	smaller := p
	smaller.Units = slices.DeleteFunc(slices.Clone(p.Units), func(u store.Unit) bool { return u.Code == "X-MYTAN" })
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		us, err := workgroup.ServedUnits(ctx, tx, p, alice)
		if err != nil {
			return err
		}
		if len(us) != 2 || us[0].Code != "VP" || us[0].Name == "" || us[1].Code != "X-MYTAN" {
			t.Errorf("alice serves %+v, want VP and X-MYTAN with their names", us)
		}
		// A unit the plan no longer names keeps its code, so the person can still leave it.
		us, err = workgroup.ServedUnits(ctx, tx, smaller, alice)
		if err != nil {
			return err
		}
		if len(us) != 2 || us[1].Code != "X-MYTAN" || us[1].Name != "" {
			t.Errorf("with X-MYTAN out of the plan, alice serves %+v", us)
		}
		us, err = workgroup.ServedUnits(ctx, tx, p, carol)
		if len(us) != 0 {
			t.Errorf("carol serves %+v, want nothing", us)
		}
		return err
	})
}

func TestGroupAccessAndRegistration(t *testing.T) {
	db, _ := openPlanDB(t)
	const chat, title = int64(-5001), "Tổ công tác 06"
	access := func(chatID int64, isAdmin, registering bool) workgroup.GroupVoice {
		var v workgroup.GroupVoice
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			v, err = workgroup.GroupAccess(ctx, tx, chatID, title, isAdmin, registering)
			return err
		})
		return v
	}
	unregister := func(chatID int64) bool {
		var ok bool
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			ok, err = workgroup.UnregisterGroup(ctx, tx, chatID, admin)
			return err
		})
		return ok
	}

	// An unknown group: one explanation, then silence, even for a non-admin registering.
	steps := []struct {
		isAdmin, registering bool
		want                 workgroup.GroupVoice
	}{
		{false, false, workgroup.GroupExplain},
		{false, false, workgroup.GroupSilent},
		{false, true, workgroup.GroupSilent},
		{true, false, workgroup.GroupSilent},
		{true, true, workgroup.GroupTalk},
	}
	for i, s := range steps {
		if got := access(chat, s.isAdmin, s.registering); got != s.want {
			t.Errorf("step %d (admin %v, registering %v) = %d, want %d", i, s.isAdmin, s.registering, got, s.want)
		}
	}
	// An admin registering a group never told first talks at once.
	if got := access(-6002, true, true); got != workgroup.GroupTalk {
		t.Errorf("an admin's first /nhom = %d, want GroupTalk", got)
	}

	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		return workgroup.RegisterGroup(ctx, tx, chat, title, admin)
	})
	if got := access(chat, false, false); got != workgroup.GroupTalk {
		t.Errorf("registered group = %d, want GroupTalk", got)
	}
	if n := audited(t, db, store.AuditGroup); n != 1 {
		t.Errorf("%d registrations audited, want 1", n)
	}

	if !unregister(chat) || unregister(chat) || unregister(-7003) {
		t.Errorf("unregister: want true once, then false, and false for an unknown group")
	}
	if n := audited(t, db, store.AuditGroupRemove); n != 1 {
		t.Errorf("%d unregistrations audited, want 1", n)
	}
	// Unregistered, the group stays quiet (no second explanation) until an admin registers it.
	if got := access(chat, false, false); got != workgroup.GroupSilent {
		t.Errorf("unregistered group = %d, want GroupSilent", got)
	}
	if got := access(chat, true, true); got != workgroup.GroupTalk {
		t.Errorf("admin re-registering = %d, want GroupTalk", got)
	}
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		ids, err := tx.RegisteredGroups(ctx)
		if len(ids) != 0 {
			t.Errorf("registered groups %v: GroupAccess must not register by itself", ids)
		}
		return err
	})
}
