package workgroup_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

func TestDeclareAbsenceOutcomes(t *testing.T) {
	db, p := openPlanDB(t) // t0: Monday 11 March 2024, 16:00 in Hà Nội
	seat(t, db, "X-MYTAN", store.MemberFocal, alice)
	seat(t, db, "X-MYTAN", store.MemberDeputy, bob)
	seat(t, db, "VP", store.MemberFocal, alice)
	seat(t, db, "CAH", store.MemberFocal, carol)
	seat(t, db, "CAH", store.MemberDeputy, alice)

	declare := func(user int64, from, to, reason string, at time.Time) (workgroup.Declared, error) {
		var d workgroup.Declared
		var refusal error
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			d, err = workgroup.DeclareAbsence(ctx, tx, p, user, from, to, reason, at)
			if errors.Is(err, workgroup.ErrAbsenceRange) || errors.Is(err, workgroup.ErrNotServing) {
				refusal = err
				return nil
			}
			return err
		})
		return d, refusal
	}

	for _, c := range []struct{ from, to string }{
		{"2024-03-20", "2024-03-18"}, // ends before it starts
		{"2024-03-01", "2024-03-10"}, // already over
		{"2024-03-12", "2025-03-13"}, // 367 days
		{"2024-02-31", "2024-03-12"}, // no such day
		{"18/03", "2024-03-20"},      // not a day as the core takes it
	} {
		if _, err := declare(alice, c.from, c.to, "", t0); !errors.Is(err, workgroup.ErrAbsenceRange) {
			t.Errorf("%s..%s: %v, want ErrAbsenceRange", c.from, c.to, err)
		}
	}
	if _, err := declare(int64(999), "2024-03-18", "2024-03-22", "", t0); !errors.Is(err, workgroup.ErrNotServing) {
		t.Errorf("a stranger's absence: %v, want ErrNotServing", err)
	}
	if n := audited(t, db, store.AuditAbsence); n != 0 {
		t.Fatalf("%d absences audited after refusals only", n)
	}

	// Alice, focal point of VP and X-MYTAN and deputy of CAH, is away for a week.
	long := strings.Repeat("ạ", 250)
	d, err := declare(alice, "2024-03-18", "2024-03-22", long, t0)
	if err != nil || d.From != "2024-03-18" || d.To != "2024-03-22" || d.Reason != strings.Repeat("ạ", 200) {
		t.Fatalf("declared %q..%q reason of %d characters, %v", d.From, d.To, len([]rune(d.Reason)), err)
	}
	if len(d.Covers) != 2 || d.Covers[0].Unit.Code != "VP" || d.Covers[0].Deputy != 0 ||
		d.Covers[1].Unit.Code != "X-MYTAN" || d.Covers[1].Unit.Name == "" || d.Covers[1].Deputy != bob {
		t.Errorf("covers %+v, want VP uncovered and bob for X-MYTAN (nothing for CAH, where alice is deputy)", d.Covers)
	}
	for _, unit := range []string{"CAH", "VP", "X-MYTAN"} {
		if !absentOn(t, db, unit, alice, "2024-03-18") || absentOn(t, db, unit, alice, "2024-03-23") {
			t.Errorf("%s: alice's absence should cover 18 to 22 March only", unit)
		}
	}
	if n := audited(t, db, store.AuditAbsence); n != 3 {
		t.Errorf("%d absences audited, want 3", n)
	}

	// The longest absence allowed: 365 days after the first.
	if _, err := declare(bob, "2024-03-12", "2025-03-12", "", t0); err != nil {
		t.Errorf("366 days: %v", err)
	}
	// An absence already under way (ending today) is still accepted.
	if _, err := declare(carol, "2024-03-04", "2024-03-11", "", t0); err != nil {
		t.Errorf("ending today: %v", err)
	}

	list := func(user int64, at time.Time) []store.Absence {
		var out []store.Absence
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			out, err = workgroup.Absences(ctx, tx, p, user, at)
			return err
		})
		return out
	}
	if got := list(alice, t0); len(got) != 3 {
		t.Errorf("%d current absences for alice, want 3", len(got))
	}
	// 17:30 UTC on the 22nd is already the 23rd in Hà Nội: the absence is over.
	if got := list(alice, time.Date(2024, 3, 22, 17, 30, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("%d absences after the end, in the plan's timezone; want none", len(got))
	}
	if got := list(alice, time.Date(2024, 3, 22, 16, 30, 0, 0, time.UTC)); len(got) != 3 {
		t.Errorf("%d absences on the last day, want 3", len(got))
	}

	cancel := func(user int64) []store.Absence {
		var out []store.Absence
		in(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			out, err = workgroup.CancelAbsences(ctx, tx, p, user, t0)
			return err
		})
		return out
	}
	if got := cancel(alice); len(got) != 3 {
		t.Errorf("cancelled %d, want alice's 3 absences", len(got))
	}
	if got := cancel(alice); len(got) != 0 {
		t.Errorf("cancelled again %+v, want nothing", got)
	}
	if absentOn(t, db, "X-MYTAN", alice, "2024-03-18") || !absentOn(t, db, "X-MYTAN", bob, "2024-03-18") {
		t.Errorf("cancelling alice's absences must end hers only")
	}
	if n := audited(t, db, store.AuditAbsenceCancel); n != 3 {
		t.Errorf("%d cancellations audited, want 3", n)
	}
}
