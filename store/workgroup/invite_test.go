package workgroup_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

const (
	admin  = int64(100)
	alice  = int64(201)
	bob    = int64(202)
	carol  = int64(203)
	tokenX = "not-a-token-we-issued"
)

var t0 = time.Date(2024, 3, 11, 9, 0, 0, 0, time.UTC)

func openPlanDB(t *testing.T) (*store.DB, store.Plan) {
	t.Helper()
	db, p := openWith(t, store.DefaultPlanYAML())
	db.Now = func() time.Time { return t0 } // the clock the store stamps rows with
	return db, p
}

// in runs fn in a write transaction and fails the test on a database error.
func in(t *testing.T, db *store.DB, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func invite(t *testing.T, db *store.DB, p store.Plan, unit string, role store.InviteRole, at time.Time) string {
	t.Helper()
	var token string
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		var err error
		token, _, err = workgroup.NewInvite(ctx, tx, p, admin, unit, role, at)
		return err
	})
	return token
}

// bind runs Bind and returns its binding and refusal reason (a database error fails the test).
func bind(t *testing.T, db *store.DB, p store.Plan, user int64, isAdmin bool, token string, at time.Time) (workgroup.Binding, error) {
	t.Helper()
	var b workgroup.Binding
	var reason error
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		var err error
		b, err = workgroup.Bind(ctx, tx, p, user, isAdmin, token, at)
		for _, r := range []error{workgroup.ErrInviteInvalid, workgroup.ErrInviteUsed, workgroup.ErrInviteExpired,
			workgroup.ErrInviteUnitGone, workgroup.ErrAlreadyBound, workgroup.ErrAlreadyFocal, workgroup.ErrAlreadyAdmin} {
			if errors.Is(err, r) {
				reason = err
				return nil
			}
		}
		return err
	})
	return b, reason
}

func members(t *testing.T, db *store.DB, unit string) (focal, deputy int64) {
	t.Helper()
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		ms, err := tx.UnitMembers(ctx, unit)
		f, d := store.SplitRoles(ms)
		if f != nil {
			focal = f.UserID
		}
		if d != nil {
			deputy = d.UserID
		}
		return err
	})
	return focal, deputy
}

func audited(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	n := 0
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		log, err := tx.AuditLog(ctx, 1000)
		for _, e := range log {
			if e.Action == action {
				n++
			}
		}
		return err
	})
	return n
}

func TestBindOutcomes(t *testing.T) {
	db, p := openPlanDB(t)

	// A focal point binds; the link then refuses a second use.
	tok := invite(t, db, p, "X-MYTAN", store.InviteFocal, t0)
	b, err := bind(t, db, p, alice, false, tok, t0.Add(time.Hour))
	if err != nil || b.Unit.Code != "X-MYTAN" || b.Replaced != 0 {
		t.Fatalf("first bind = %+v, %v; want X-MYTAN, nobody replaced", b, err)
	}
	if f, _ := members(t, db, "X-MYTAN"); f != alice {
		t.Fatalf("focal point = %d, want %d", f, alice)
	}
	if _, err := bind(t, db, p, bob, false, tok, t0.Add(time.Hour)); !errors.Is(err, workgroup.ErrInviteUsed) {
		t.Errorf("second use: %v, want ErrInviteUsed", err)
	}

	// Unknown and malformed tokens.
	for _, bad := range []string{tokenX + "x", "", "có dấu", string(make([]byte, 65))} {
		if _, err := bind(t, db, p, bob, false, bad, t0); !errors.Is(err, workgroup.ErrInviteInvalid) {
			t.Errorf("token %q: %v, want ErrInviteInvalid", bad, err)
		}
	}

	// Expired: the binding still carries the invite, for its expiry.
	tok = invite(t, db, p, "CAH", store.InviteFocal, t0)
	b, err = bind(t, db, p, bob, false, tok, t0.Add(workgroup.InviteTTL))
	if !errors.Is(err, workgroup.ErrInviteExpired) || !b.Invite.ExpiresAt.Equal(t0.Add(workgroup.InviteTTL)) {
		t.Errorf("expired: %+v, %v", b.Invite, err)
	}

	// Holding the role already, or asking to be deputy while focal point.
	tok = invite(t, db, p, "X-MYTAN", store.InviteFocal, t0)
	if _, err := bind(t, db, p, alice, false, tok, t0); !errors.Is(err, workgroup.ErrAlreadyBound) {
		t.Errorf("rebind focal: %v, want ErrAlreadyBound", err)
	}
	tok = invite(t, db, p, "X-MYTAN", store.InviteDeputy, t0)
	if _, err := bind(t, db, p, alice, false, tok, t0); !errors.Is(err, workgroup.ErrAlreadyFocal) {
		t.Errorf("focal as deputy: %v, want ErrAlreadyFocal", err)
	}
	// The same link still works for someone else: the refusal did not use it.
	if _, err := bind(t, db, p, bob, false, tok, t0); err != nil {
		t.Fatalf("deputy bind: %v", err)
	}

	// The deputy becomes focal point: alice is replaced, bob holds one role only, and
	// alice's absences end.
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.AddAbsence(ctx, store.Absence{Unit: "X-MYTAN", UserID: alice, FromDay: "2024-03-12", ToDay: "2024-03-20"})
		return err
	})
	tok = invite(t, db, p, "X-MYTAN", store.InviteFocal, t0)
	b, err = bind(t, db, p, bob, false, tok, t0)
	if err != nil || b.Replaced != alice {
		t.Fatalf("deputy to focal: %+v, %v; want alice replaced", b, err)
	}
	if f, d := members(t, db, "X-MYTAN"); f != bob || d != 0 {
		t.Errorf("after promotion focal=%d deputy=%d, want %d and none", f, d, bob)
	}
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		away, err := tx.UserAbsences(ctx, alice, "2024-03-11")
		if len(away) != 0 {
			t.Errorf("replaced focal point still away: %+v", away)
		}
		return err
	})

	// A newer link for the same seat ends the older one.
	old := invite(t, db, p, "CAH", store.InviteDeputy, t0)
	invite(t, db, p, "CAH", store.InviteDeputy, t0)
	if _, err := bind(t, db, p, carol, false, old, t0); err == nil {
		t.Errorf("an older link for the seat still bound")
	}

	// Every refused link that reached a lookup is audited.
	if n := audited(t, db, store.AuditInviteRejected); n < 7 {
		t.Errorf("%d rejections audited, want at least 7", n)
	}
}

func TestBindUnitGoneAndAdmin(t *testing.T) {
	db, p := openPlanDB(t)
	tok := invite(t, db, p, "X-MYTAN", store.InviteFocal, t0)
	smaller := p
	smaller.Units = nil
	for _, u := range p.Units {
		if u.Code != "X-MYTAN" {
			smaller.Units = append(smaller.Units, u)
		}
	}
	if _, err := bind(t, db, smaller, alice, false, tok, t0); !errors.Is(err, workgroup.ErrInviteUnitGone) {
		t.Errorf("unit gone: %v, want ErrInviteUnitGone", err)
	}

	tok = invite(t, db, p, "", store.InviteAdmin, t0)
	if _, err := bind(t, db, p, alice, true, tok, t0); !errors.Is(err, workgroup.ErrAlreadyAdmin) {
		t.Errorf("admin again: %v, want ErrAlreadyAdmin", err)
	}
	b, err := bind(t, db, p, bob, false, tok, t0)
	if err != nil || b.Invite.Role != store.InviteAdmin || b.Unit.Code != "" {
		t.Fatalf("admin bind: %+v, %v", b, err)
	}
	in(t, db, func(ctx context.Context, tx *store.Tx) error {
		ok, err := tx.IsInvitedAdmin(ctx, bob)
		if !ok {
			t.Errorf("bob is not an admin after binding")
		}
		return err
	})
	if _, err := bind(t, db, p, carol, false, tok, t0); !errors.Is(err, workgroup.ErrInviteUsed) {
		t.Errorf("admin link twice: %v, want ErrInviteUsed", err)
	}
}
