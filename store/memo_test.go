package store

import (
	"context"
	"testing"
)

// A person's memberships asked twice in one transaction are read once, yet a binding
// made or removed in between is seen at once.
func TestMembershipsKeptWithinATransaction(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	units := func(tx *Tx) []string {
		t.Helper()
		ms, err := tx.Memberships(ctx, 42)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Unit+"/"+string(m.Role))
		}
		return out
	}
	want := func(step string, got []string, w ...string) {
		t.Helper()
		if len(got) != len(w) {
			t.Fatalf("%s: %v, want %v", step, got, w)
		}
		for i := range w {
			if got[i] != w[i] {
				t.Fatalf("%s: %v, want %v", step, got, w)
			}
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		want("a stranger", units(tx))
		if _, err := tx.SetMember(ctx, "CAH", MemberFocal, 42); err != nil {
			return err
		}
		want("bound", units(tx), "CAH/focal")
		ms, _ := tx.Memberships(ctx, 42)
		ms[0].Unit = "XXX" // a caller's changes stay its own
		want("asked again", units(tx), "CAH/focal")
		if _, kept := tx.memo.membershipsOf(tx.g(), 42); !kept {
			t.Error("the memberships read were not kept for the next question")
		}
		if err := tx.SaveUser(ctx, User{ID: 42, FirstName: "An"}); err != nil {
			return err
		}
		want("after another write", units(tx), "CAH/focal")
		if _, err := tx.SetMember(ctx, "VP", MemberDeputy, 42); err != nil {
			return err
		}
		want("bound twice", units(tx), "CAH/focal", "VP/deputy")
		if _, err := tx.RemoveMember(ctx, "VP", MemberDeputy, 42); err != nil {
			return err
		}
		want("unbound", units(tx), "CAH/focal")
		if _, err := tx.RemoveMember(ctx, "CAH", MemberFocal, 42); err != nil {
			return err
		}
		want("removed", units(tx))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
