package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func rolesDB(t *testing.T) (*DB, *time.Time) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "roles.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2024, 3, 11, 2, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	return db, &now
}

func update(t *testing.T, db *DB, fn func(ctx context.Context, tx *Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func TestInviteIsUsedOnce(t *testing.T) {
	db, now := rolesDB(t)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		if err := tx.CreateInvite(ctx, Invite{TokenHash: "h1", Unit: "VP", Role: InviteFocal, CreatedBy: 1, ExpiresAt: now.Add(time.Hour)}); err != nil {
			return err
		}
		inv, err := tx.FindInvite(ctx, "h1")
		if err != nil {
			return err
		}
		if inv.Unit != "VP" || inv.Role != InviteFocal || !inv.ExpiresAt.Equal(now.Add(time.Hour)) || inv.UsedBy != 0 {
			t.Errorf("invite = %+v", inv)
		}
		if _, err := tx.FindInvite(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown invite: err = %v", err)
		}
		for i, want := range []bool{true, false} {
			ok, err := tx.UseInvite(ctx, "h1", int64(10+i))
			if err != nil {
				return err
			}
			if ok != want {
				t.Errorf("use %d = %v, want %v", i, ok, want)
			}
		}
		inv, err = tx.FindInvite(ctx, "h1")
		if inv.UsedBy != 10 {
			t.Errorf("used by %d, want the first user", inv.UsedBy)
		}
		return err
	})
}

func TestAdminsGroupsAndAudit(t *testing.T) {
	db, _ := rolesDB(t)
	update(t, db, func(ctx context.Context, tx *Tx) error {
		for _, id := range []int64{7, 8, 7} {
			if _, err := tx.AddAdmin(ctx, id, 1); err != nil {
				return err
			}
		}
		ids, err := tx.InvitedAdmins(ctx)
		if !slices.Equal(ids, []int64{7, 8}) {
			t.Errorf("invited admins = %v", ids)
		}
		if ok, _ := tx.IsInvitedAdmin(ctx, 9); ok {
			t.Errorf("9 is not an admin")
		}

		for i, want := range []bool{true, false} {
			told, err := tx.MarkGroupTold(ctx, -5, "g")
			if err != nil {
				return err
			}
			if told != want {
				t.Errorf("told %d = %v, want %v", i, told, want)
			}
		}
		if err := tx.RegisterGroup(ctx, -5, "g2", 7); err != nil {
			return err
		}
		g, err := tx.FindGroupChat(ctx, -5)
		if err != nil || g.RegisteredBy != 7 || g.Title != "g2" || g.ToldAt.IsZero() {
			t.Errorf("group = %+v, %v", g, err)
		}
		if gs, _ := tx.RegisteredGroups(ctx); !slices.Equal(gs, []int64{-5}) {
			t.Errorf("registered groups = %v", gs)
		}

		if err := tx.SaveUser(ctx, User{ID: 7, FirstName: "An"}); err != nil {
			return err
		}
		for _, a := range []string{"a", "b", "c"} {
			if err := tx.Audit(ctx, 7, a, "VP", 8, "d"); err != nil {
				return err
			}
		}
		all, err := tx.AuditLog(ctx, 0)
		if err != nil {
			return err
		}
		last, err := tx.AuditLog(ctx, 2)
		if len(all) != 3 || len(last) != 2 || last[0].Action != "b" || last[1].Action != "c" {
			t.Errorf("audit log: all %+v, last two %+v", all, last)
		}
		if all[0].Actor.FirstName != "An" || all[0].Subject.ID != 8 {
			t.Errorf("audit entry = %+v", all[0])
		}
		return err
	})
}
