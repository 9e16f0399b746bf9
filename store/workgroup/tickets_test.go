package workgroup_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

func openDB(t *testing.T) (*store.DB, *time.Time) {
	t.Helper()
	db, _ := openWith(t, store.DefaultPlanYAML())
	now := time.Date(2024, 3, 11, 9, 0, 0, 0, hanoi) // a Monday
	db.Now = func() time.Time { return now }
	return db, &now
}

func update(t *testing.T, db *store.DB, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func report(unit string, model int, st store.Status, note string) store.Report {
	return store.Report{Unit: unit, Model: model, Status: st, Percent: -1, Note: note, Reporter: 77,
		Week: "2024-W11", Month: "2024-03", Quarter: "2024-Q1"}
}

func record(t *testing.T, db *store.DB, r store.Report) workgroup.TicketChange {
	t.Helper()
	var ch workgroup.TicketChange
	update(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		_, ch, err = workgroup.RecordReport(ctx, tx, r)
		return err
	})
	return ch
}

func actions(t *testing.T, db *store.DB, id int64) []store.TicketAction {
	t.Helper()
	var out []store.TicketAction
	err := db.View(context.Background(), func(tx *store.Tx) error {
		es, err := tx.TicketEvents(context.Background(), id)
		for _, e := range es {
			out = append(out, e.Action)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReportsAndButtonsActOnOneTicket(t *testing.T) {
	db, now := openDB(t)
	opened := record(t, db, report("X-MYTAN", 30, store.StatusBlocked, "thiếu kinh phí"))
	if opened.Action != store.TicketOpened || opened.Ticket.State != store.TicketOpen {
		t.Fatalf("first blocked report: %+v", opened)
	}
	*now = now.Add(24 * time.Hour)
	still := record(t, db, report("X-MYTAN", 30, store.StatusBlocked, "vẫn thiếu kinh phí"))
	if still.Ticket.ID != opened.Ticket.ID || still.Action != store.TicketStill || still.Ticket.Note != "vẫn thiếu kinh phí" {
		t.Fatalf("second blocked report should continue ticket %d: %+v", opened.Ticket.ID, still)
	}
	other := record(t, db, report("X-MYTAN", 28, store.StatusDone, ""))
	if other.Action != "" {
		t.Fatalf("a report on another model touched a ticket: %+v", other)
	}
	done := record(t, db, report("X-MYTAN", 30, store.StatusInProgress, "đã xử lý vướng mắc"))
	if done.Ticket.ID != opened.Ticket.ID || done.Ticket.State != store.TicketResolved {
		t.Fatalf("unblocking report should resolve ticket %d: %+v", opened.Ticket.ID, done)
	}
	again := record(t, db, report("X-MYTAN", 30, store.StatusBlocked, "lại vướng"))
	if again.Ticket.ID == opened.Ticket.ID || again.Action != store.TicketOpened {
		t.Fatalf("a blocker after the unit reported it solved is a new ticket: %+v", again)
	}
	want := []store.TicketAction{store.TicketOpened, store.TicketStill, store.TicketResolve}
	if got := actions(t, db, opened.Ticket.ID); !equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
}

func TestOfficeLifecycleAndReopen(t *testing.T) {
	db, now := openDB(t)
	id := record(t, db, report("X-MYTAN", 30, store.StatusBlocked, "thiếu kinh phí")).Ticket.ID
	const office = 1001
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		ch, err := workgroup.AcknowledgeTicket(ctx, tx, id, office)
		if err != nil || ch.Ticket.State != store.TicketAcknowledged || ch.Ticket.AcknowledgedBy != office {
			t.Fatalf("acknowledge: %+v %v", ch, err)
		}
		if _, err := workgroup.AcknowledgeTicket(ctx, tx, id, office); !errors.Is(err, workgroup.ErrTicketAcknowledged) {
			t.Fatalf("second acknowledge: %v", err)
		}
		if ch, err = workgroup.AssignTicket(ctx, tx, id, office, "TCKH"); err != nil || ch.Ticket.Assignee != "TCKH" {
			t.Fatalf("assign: %+v %v", ch, err)
		}
		if _, err := workgroup.ReplyTicket(ctx, tx, id, office, true, "Phòng TC-KH sẽ liên hệ", 1001, 5); err != nil {
			t.Fatal(err)
		}
		if _, err := workgroup.ReplyTicket(ctx, tx, id, 77, false, "cảm ơn", 77, 9); err != nil {
			t.Fatal(err)
		}
		if _, err := workgroup.ReplyTicket(ctx, tx, id, office, true, "", 1001, 6); !errors.Is(err, workgroup.ErrEmptyReply) {
			t.Fatalf("empty reply: %v", err)
		}
		if _, err := workgroup.ReopenTicket(ctx, tx, id, office, ""); !errors.Is(err, workgroup.ErrTicketNotResolved) {
			t.Fatalf("reopen an open ticket: %v", err)
		}
		ch, err = workgroup.ResolveTicket(ctx, tx, id, office)
		if err != nil || ch.Ticket.State != store.TicketResolved {
			t.Fatalf("resolve: %+v %v", ch, err)
		}
		if _, err := workgroup.ReplyTicket(ctx, tx, id, office, true, "x", 1001, 7); !errors.Is(err, workgroup.ErrTicketResolved) {
			t.Fatalf("office reply on a resolved ticket: %v", err)
		}
		return nil
	})
	// The unit never reported it solved: «vẫn vướng» reopens the same ticket.
	*now = now.Add(48 * time.Hour)
	ch := record(t, db, report("X-MYTAN", 30, store.StatusBlocked, "chưa được cấp"))
	if ch.Ticket.ID != id || ch.Action != store.TicketReopen || ch.Ticket.State != store.TicketOpen || ch.Ticket.AcknowledgedBy != 0 {
		t.Fatalf("blocked again after the office closed it: %+v", ch)
	}
	want := []store.TicketAction{store.TicketOpened, store.TicketAcknowledge, store.TicketAssign,
		store.TicketOfficeReply, store.TicketUnitReply, store.TicketResolve, store.TicketReopen}
	if got := actions(t, db, id); !equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
	var n int
	err := db.View(context.Background(), func(tx *store.Tx) error {
		es, err := tx.AuditLog(context.Background(), 100)
		for _, e := range es {
			if e.Action == store.AuditTicket {
				n++
			}
		}
		return err
	})
	if err != nil || n != len(want) {
		t.Fatalf("audit has %d ticket steps, want %d (%v)", n, len(want), err)
	}
}

func TestOfficeReopenAndAge(t *testing.T) {
	db, now := openDB(t)
	id := record(t, db, report("CAH", 9, store.StatusBlocked, "")).Ticket.ID
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		if _, err := workgroup.ResolveTicket(ctx, tx, id, 1001); err != nil {
			return err
		}
		_, err := workgroup.ReopenTicket(ctx, tx, id, 1001, "chưa xong")
		return err
	})
	p := store.DefaultPlan()
	w := workgroup.NewWorkdays(p)
	var tk store.Ticket
	update(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		tk, err = tx.Ticket(ctx, id)
		return err
	})
	// Opened Monday 11/3; Friday 15/3 is four working days on, the Monday after five.
	cases := []struct {
		at       time.Time
		workdays int
		overdue  bool
	}{
		{*now, 0, false},
		{time.Date(2024, 3, 12, 17, 0, 0, 0, hanoi), 1, false},
		{time.Date(2024, 3, 13, 8, 0, 0, 0, hanoi), 2, true},
		{time.Date(2024, 3, 17, 8, 0, 0, 0, hanoi), 4, true},
		{time.Date(2024, 3, 18, 8, 0, 0, 0, hanoi), 5, true},
	}
	for _, c := range cases {
		a := workgroup.Age(tk, c.at, w, p)
		if a.Workdays != c.workdays || a.Overdue != c.overdue {
			t.Errorf("at %s: %+v, want %d working days, overdue %v", c.at, a, c.workdays, c.overdue)
		}
	}
	// Around the 30/4 holidays: Friday 26/4 to Thursday 2/5 is one working day (29/4 to 1/5 are holidays).
	if got := w.Between(time.Date(2024, 4, 26, 9, 0, 0, 0, hanoi), time.Date(2024, 5, 2, 9, 0, 0, 0, hanoi)); got != 1 {
		t.Errorf("across the holidays: %d working days, want 1", got)
	}
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := workgroup.AcknowledgeTicket(ctx, tx, id, 1001)
		return err
	})
	update(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		tk, err = tx.Ticket(ctx, id)
		return err
	})
	if a := workgroup.Age(tk, cases[4].at, w, p); a.Overdue || a.Unanswered {
		t.Errorf("acknowledged ticket flagged: %+v", a)
	}
}

func equal(a, b []store.TicketAction) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A database with open blockers from before tickets gets them as tickets when migrated;
// AdoptBlockers does the same for blockers stored around the ticket rules, once.
func TestBlockersBeforeTicketsAreAdopted(t *testing.T) {
	db, now := openDB(t)
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.AddReport(ctx, report("CAH", 9, store.StatusBlocked, "thiếu máy"))
		return err
	})
	*now = now.Add(time.Hour)
	var n1, n2 int
	update(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		if n1, err = tx.AdoptBlockers(ctx); err != nil {
			return err
		}
		n2, err = tx.AdoptBlockers(ctx)
		return err
	})
	if n1 != 1 || n2 != 0 {
		t.Fatalf("adopted %d then %d, want 1 then 0", n1, n2)
	}
	// Resolved by the office while the last report still says blocked: not adopted again.
	update(t, db, func(ctx context.Context, tx *store.Tx) error {
		tk, err := tx.OpenTicket(ctx, "CAH", 9)
		if err != nil {
			return err
		}
		if _, err := workgroup.ResolveTicket(ctx, tx, tk.ID, 1001); err != nil {
			return err
		}
		n, err := tx.AdoptBlockers(ctx)
		if n != 0 {
			t.Errorf("a resolved ticket was adopted again")
		}
		return err
	})
}
