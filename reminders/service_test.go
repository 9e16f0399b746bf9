package reminders_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

var svcLoc, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, svcLoc)
}

const testPlan = `title: Kế hoạch thử
timezone: Asia/Ho_Chi_Minh
standing_office: CAH
units:
  - {code: CAH, name: Công an huyện, tags: [huyen]}
  - {code: VP, name: Văn phòng <UBND>, tags: [huyen]}
  - {code: X-A, name: UBND xã A, tags: [xa]}
  - {code: X-B, name: UBND xã B, tags: [xa]}
models:
  - {number: 1, group: I, title: Mô hình một, lead: [CAH]}
  - {number: 2, group: I, title: Mô hình hai, lead: ["@xa"], support: [VP]}
  - {number: 3, group: II, title: Mô hình ba, lead: [VP], due: 2024-03-31}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON", "0 14 * * MON"], escalate: "0 8 * * TUE", summary: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *", "0 8 13 * *"], escalate: "0 8 15 * *", summary: "0 9 15 * *"}
  holidays: [2024-04-29, 2024-04-30, 2024-05-01]
`

// Users: focal points 101.., deputies 201..
const (
	focalCAH, focalVP, focalXA, focalXB = 101, 102, 103, 104
	deputyVP                            = 202
	admin                               = 9001
	group                               = -5001
)

type svcFix struct {
	t     *testing.T
	path  string
	db    *store.DB
	svc   *reminders.Service
	clock struct {
		sync.Mutex
		t time.Time
	}
}

func (f *svcFix) now() time.Time {
	f.clock.Lock()
	defer f.clock.Unlock()
	return f.clock.t
}

func (f *svcFix) set(t time.Time) {
	f.clock.Lock()
	f.clock.t = t
	f.clock.Unlock()
}

// newSvcFix installs the plan at installed and binds the members.
func newSvcFix(t *testing.T, installed time.Time) *svcFix {
	f := &svcFix{t: t, path: filepath.Join(t.TempDir(), "r.db")}
	f.set(installed)
	f.open()
	f.update(func(ctx context.Context, tx *store.Tx) error {
		for _, b := range []struct {
			unit string
			role store.MemberRole
			id   int64
		}{{"CAH", store.MemberFocal, focalCAH}, {"VP", store.MemberFocal, focalVP}, {"VP", store.MemberDeputy, deputyVP},
			{"X-A", store.MemberFocal, focalXA}, {"X-B", store.MemberFocal, focalXB}} {
			if err := tx.SaveUser(ctx, store.User{ID: b.id, FirstName: "Người", LastName: b.unit}); err != nil {
				return err
			}
			if _, err := tx.SetMember(ctx, b.unit, b.role, b.id); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

func (f *svcFix) open() {
	ctx := context.Background()
	db, err := store.Open(ctx, f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	db.Now = f.now
	p, err := db.EnsurePlan(ctx, []byte(testPlan))
	if err != nil {
		f.t.Fatal(err)
	}
	cal, err := reminders.NewCalendar(p)
	if err != nil {
		f.t.Fatal(err)
	}
	sched, err := reminders.NewSchedule(p, cal)
	if err != nil {
		f.t.Fatal(err)
	}
	cur := reminders.Current{Plan: p, Cal: cal, Sched: sched}
	f.db = db
	f.svc = &reminders.Service{
		DB: db, Current: func() reminders.Current { return cur }, Now: f.now, Log: zerolog.Nop(),
		Admins: func(context.Context, *store.Tx) []int64 { return []int64{admin} },
		Groups: func(context.Context, *store.Tx) []int64 { return []int64{group} },
	}
}

func (f *svcFix) reopen() {
	f.db.Close()
	f.open()
}

func (f *svcFix) update(fn func(ctx context.Context, tx *store.Tx) error) {
	f.t.Helper()
	ctx := context.Background()
	if err := f.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		f.t.Fatal(err)
	}
}

// reconcile runs Reconcile at t (the clock moves there too).
func (f *svcFix) reconcile(t time.Time) {
	f.t.Helper()
	f.set(t)
	if err := f.svc.Reconcile(context.Background(), t); err != nil {
		f.t.Fatalf("reconcile at %v: %v", t, err)
	}
}

// report records unit's status of model at t, as the reports feature would.
func (f *svcFix) report(unit string, model int, st store.Status, t time.Time) {
	f.t.Helper()
	cur := f.svc.Current()
	f.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.AddReport(ctx, store.Report{Unit: unit, Model: model, Status: st, Percent: -1, Reporter: 1,
			ReceivedAt: t, Week: cur.Cal.Week(t).ID, Month: cur.Cal.Month(t).ID, Quarter: cur.Cal.Quarter(t).ID})
		return err
	})
}

// outbox returns every queued message with the purpose ("" for all).
func (f *svcFix) outbox(purpose string) []store.OutboxMessage {
	f.t.Helper()
	var out []store.OutboxMessage
	var ids []int64
	storetest.Rows(f.t, f.db, `SELECT id FROM outbox ORDER BY id`, nil, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		ids = append(ids, id)
		return err
	})
	f.update(func(ctx context.Context, tx *store.Tx) error {
		for _, id := range ids {
			m, err := f.db.OutboxMessage(ctx, id)
			if err != nil {
				return err
			}
			if purpose == "" || m.Purpose == purpose {
				out = append(out, m)
			}
		}
		return nil
	})
	return out
}

// ofCycle keeps the messages about one cycle (a Monday also catches up the monthly reminder
// of the 10th while March's cycle is open).
func ofCycle(ms []store.OutboxMessage, cycle string) []store.OutboxMessage {
	var out []store.OutboxMessage
	for _, m := range ms {
		if m.Cycle == cycle {
			out = append(out, m)
		}
	}
	return out
}

func chats(ms []store.OutboxMessage) map[int64]int {
	out := map[int64]int{}
	for _, m := range ms {
		out[m.ChatID]++
	}
	return out
}

func TestDoneCarriesForward(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	// Every unit but X-B reports everything this week; X-B said done last week.
	f.report("CAH", 1, store.StatusDone, at(2024, 3, 6, 9, 0))
	f.report("X-A", 2, store.StatusInProgress, at(2024, 3, 10, 9, 0))
	f.report("VP", 2, store.StatusInProgress, at(2024, 3, 10, 9, 0))
	f.report("VP", 3, store.StatusInProgress, at(2024, 3, 10, 9, 0))
	f.report("X-B", 2, store.StatusDone, at(2024, 3, 4, 9, 0))
	f.reconcile(at(2024, 3, 11, 7, 30))
	if got := ofCycle(f.outbox("reminder"), "2024-W11"); len(got) != 0 {
		t.Fatalf("a model done last week was asked for again: %d reminders", len(got))
	}
	// Reopened in week 12 (a later report that is not done): asked for again in week 13.
	f.report("X-B", 2, store.StatusInProgress, at(2024, 3, 13, 9, 0))
	f.reconcile(at(2024, 3, 25, 7, 30))
	if got := chats(ofCycle(f.outbox("reminder"), "2024-W13")); got[focalXB] != 1 {
		t.Fatalf("W13 reminders %v: X-B reopened MH2 and must be reminded", got)
	}
}

func TestMondayReminderOnlyToMissingUnits(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	// CAH reported its one model; X-A reported model 2; VP reported model 2 of its 2 and 3.
	f.report("CAH", 1, store.StatusDone, at(2024, 3, 6, 9, 0))
	f.report("X-A", 2, store.StatusInProgress, at(2024, 3, 10, 9, 0))
	f.report("VP", 2, store.StatusInProgress, at(2024, 3, 10, 9, 0))
	// A report of the previous cycle does not count for this one (unless it said done,
	// which carries forward: see TestDoneCarriesForward).
	f.report("X-B", 2, store.StatusInProgress, at(2024, 3, 4, 9, 0))

	f.reconcile(at(2024, 3, 11, 7, 30))
	rem := f.outbox("reminder")
	got := chats(ofCycle(rem, "2024-W11"))
	want := map[int64]int{focalVP: 1, deputyVP: 1, focalXB: 1}
	if len(got) != len(want) {
		t.Fatalf("reminded %v, want %v", got, want)
	}
	for c, n := range want {
		if got[c] != n {
			t.Fatalf("reminded %v, want %v", got, want)
		}
	}
	for _, m := range ofCycle(rem, "2024-W11") {
		if m.Priority != store.PriorityBulk {
			t.Errorf("reminder %+v: want bulk priority", m)
		}
		switch m.ChatID {
		case focalVP, deputyVP:
			if m.Unit != "VP" || !strings.Contains(m.Text, "MH3") || strings.Contains(m.Text, "MH2") {
				t.Errorf("VP reminder lists the wrong models: %s", m.Text)
			}
			if !strings.Contains(m.Text, "Văn phòng &lt;UBND&gt;") {
				t.Errorf("unit name not escaped: %s", m.Text)
			}
		case focalXB:
			if m.Unit != "X-B" || !strings.Contains(m.Text, "MH2") {
				t.Errorf("X-B reminder: %s", m.Text)
			}
		}
		if !strings.Contains(string(m.ReplyMarkup), `"r:b:`+m.Unit+`"`) {
			t.Errorf("reminder without the report button: %s", m.ReplyMarkup)
		}
		if strings.Contains(m.Text, "muộn") {
			t.Errorf("on-time reminder says it is late: %s", m.Text)
		}
	}
	// The same minute again, a minute later, and after a restart: nothing more.
	f.reconcile(at(2024, 3, 11, 7, 30))
	f.reconcile(at(2024, 3, 11, 7, 31))
	f.reopen()
	f.reconcile(at(2024, 3, 11, 7, 32))
	if n := len(f.outbox("")); n != len(rem) {
		t.Fatalf("outbox has %d messages after re-running, want %d", n, len(rem))
	}
	// X-B reports; the 14:00 slot merges into the morning's: nobody gets a second
	// reminder on the same day (issue 14).
	f.report("X-B", 2, store.StatusDone, at(2024, 3, 11, 9, 0))
	f.reconcile(at(2024, 3, 11, 14, 0))
	if got := chats(ofCycle(f.outbox("reminder"), "2024-W11")); got[focalXB] != 1 || got[focalVP] != 1 || got[deputyVP] != 1 {
		t.Fatalf("after the 14:00 slot: %v", got)
	}
}

func TestCatchUpAfterDowntime(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	// Down through Monday 07:30; back at 10:00: the reminder goes once, marked late.
	f.reconcile(at(2024, 3, 11, 10, 0))
	rem := ofCycle(f.outbox("reminder"), "2024-W11")
	if len(chats(rem)) != 5 {
		t.Fatalf("late reminders to %v, want all 5 members", chats(rem))
	}
	for _, m := range rem {
		if !strings.Contains(m.Text, "muộn") {
			t.Errorf("late reminder does not say so: %s", m.Text)
		}
	}
	f.reopen()
	n0 := len(f.outbox(""))
	f.reconcile(at(2024, 3, 11, 10, 1))
	if n := len(f.outbox("")); n != n0 {
		t.Fatalf("after restart: %d messages, want %d", n, n0)
	}
}

func TestDownThroughWholeCycle(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	// Down from Friday 8 to Tuesday 19 March, 09:00: week 11 and week 12 closed, as did
	// the March monthly cycle. No reminder of a closed cycle; the latest escalations go, late.
	f.reconcile(at(2024, 3, 19, 9, 0))
	if rem := f.outbox("reminder"); len(rem) != 0 {
		t.Fatalf("reminders of closed cycles were sent: %d", len(rem))
	}
	esc := f.outbox("escalation")
	cycles := map[string]bool{}
	for _, m := range esc {
		cycles[m.Cycle] = true
		if !strings.Contains(m.Text, "muộn") {
			t.Errorf("late escalation does not say so: %s", m.Text)
		}
	}
	if !cycles["2024-W12"] || !cycles["2024-03"] || cycles["2024-W11"] || len(cycles) != 2 {
		t.Fatalf("escalated cycles %v, want 2024-W12 and 2024-03", cycles)
	}
	if got := chats(esc); got[admin] != 2 || got[group] != 2 {
		t.Fatalf("escalation recipients %v", got)
	}
	summaries := func() map[string]int {
		docs := map[string]int{}
		for _, m := range f.outbox("summary") {
			if m.Kind == store.KindDocument {
				docs[m.Cycle]++
			}
		}
		return docs
	}
	// March closes the first quarter: its summary comes with the month's.
	want := map[string]int{"2024-W12": 2, "2024-03": 2, "2024-Q1": 2}
	if got := summaries(); !reflect.DeepEqual(got, want) {
		t.Fatalf("summary workbooks by cycle %v, want %v (weekly, monthly, quarterly to admin and group)", got, want)
	}
	f.reconcile(at(2024, 3, 19, 9, 1))
	if got := summaries(); !reflect.DeepEqual(got, want) || len(f.outbox("escalation")) != len(esc) {
		t.Fatalf("re-running repeated slots")
	}
}

func TestSlotsAcrossEdgeDates(t *testing.T) {
	f := newSvcFix(t, at(2024, 4, 20, 10, 0))
	// Monday 29 April is a holiday: the week-18 cycle is due Thursday 2 May. Its reminders
	// go out that morning, not on the holiday.
	f.reconcile(at(2024, 4, 29, 7, 30))
	if rem := f.outbox("reminder"); len(rem) != 0 {
		t.Fatalf("reminder on the holiday: %+v", rem)
	}
	f.reconcile(at(2024, 5, 2, 7, 30))
	rem := f.outbox("reminder")
	if len(rem) == 0 || rem[0].Cycle != "2024-W18" || !strings.Contains(rem[0].Text, "02/05/2024") {
		t.Fatalf("due-day reminder: %+v", rem)
	}
	// Tuesday 30 April: week 18 still open, nothing new to escalate (week 17 went on the 23rd).
	f.reconcile(at(2024, 4, 23, 8, 0))
	n0 := len(f.outbox("escalation"))
	f.reconcile(at(2024, 4, 30, 8, 0))
	if esc := f.outbox("escalation"); len(esc) != n0 || n0 == 0 || esc[0].Cycle != "2024-W17" {
		t.Fatalf("escalations before/after the holiday Tuesday: %d/%d", n0, len(esc))
	}
	// Friday 3 May: week 18 escalates the working day after its moved due day; Tuesday
	// 7 May: week 19, on its own.
	f.reconcile(at(2024, 5, 3, 8, 0))
	f.reconcile(at(2024, 5, 7, 8, 0))
	cycles := map[string]int{}
	for _, m := range f.outbox("escalation") {
		if m.ChatID == admin {
			cycles[m.Cycle]++
		}
	}
	if cycles["2024-W18"] != 1 || cycles["2024-W19"] != 1 {
		t.Fatalf("escalations %v, want W18 and W19 once each", cycles)
	}
	// Monthly: reminders on Fri 10 and Mon 13 May (the plan's cron; the cut-off is Tue 14
	// May); escalation on the 15th.
	f.reconcile(at(2024, 5, 10, 8, 0))
	f.reconcile(at(2024, 5, 13, 8, 0))
	f.reconcile(at(2024, 5, 15, 8, 0))
	// CAH gets the monthly reminder on Friday 10; on Monday 13 the weekly one goes and
	// the monthly one is not repeated in the same week.
	var monthly []string
	weekly13 := 0
	for _, m := range f.outbox("reminder") {
		if m.ChatID != focalCAH {
			continue
		}
		switch day := m.CreatedAt.In(svcLoc).Format("02/01"); {
		case m.Cycle == "2024-05":
			monthly = append(monthly, day)
		case day == "13/05":
			weekly13++
		}
	}
	if strings.Join(monthly, ",") != "10/05" || weekly13 != 1 {
		t.Fatalf("CAH's monthly reminders for 2024-05 on %v and %d weekly on 13/05, want 10/05 and 1", monthly, weekly13)
	}
	esc := 0
	for _, m := range f.outbox("escalation") {
		if m.Cycle == "2024-05" && m.ChatID == admin {
			esc++
		}
	}
	if esc != 1 {
		t.Fatalf("monthly escalation sent %d times", esc)
	}
}

func TestAbsenceAndUnreachable(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	f.update(func(ctx context.Context, tx *store.Tx) error {
		// VP's focal point is away (deputy covers); X-A's focal point is away with no deputy.
		for _, a := range []store.Absence{
			{Unit: "VP", UserID: focalVP, FromDay: "2024-03-11", ToDay: "2024-03-12"},
			{Unit: "X-A", UserID: focalXA, FromDay: "2024-03-10", ToDay: "2024-03-20"},
		} {
			if _, err := tx.AddAbsence(ctx, a); err != nil {
				return err
			}
		}
		return tx.SetUnreachable(ctx, focalXB, "blocked the bot")
	})
	f.reconcile(at(2024, 3, 11, 7, 30))
	got := chats(ofCycle(f.outbox("reminder"), "2024-W11"))
	if len(got) != 2 || got[deputyVP] != 1 || got[focalCAH] != 1 {
		t.Fatalf("reminded %v, want VP's deputy and CAH only", got)
	}
	notes := f.outbox("absence")
	if len(notes) != 1 || notes[0].ChatID != admin || !strings.Contains(notes[0].Text, "UBND xã A") {
		t.Fatalf("nobody-available notice: %+v", notes)
	}
	f.reconcile(at(2024, 3, 11, 14, 0))
	if n := len(f.outbox("absence")); n != 1 {
		t.Fatalf("admins told %d times about the same absence", n)
	}
	// Escalation on Tuesday: X-A is excused, X-B unreachable, VP and CAH missed.
	f.reconcile(at(2024, 3, 12, 8, 0))
	var text string
	for _, m := range f.outbox("escalation") {
		if m.ChatID == admin {
			text = m.Text
		}
	}
	i, j, k := strings.Index(text, "Chưa báo cáo</b>"), strings.Index(text, "Không liên lạc được"), strings.Index(text, "Đầu mối vắng")
	if i < 0 || j < 0 || k < 0 {
		t.Fatalf("escalation lacks a section: %s", text)
	}
	missed, unreachable, absent := text[i:j], text[j:k], text[k:]
	if !strings.Contains(missed, "Công an huyện") || !strings.Contains(missed, "Văn phòng") || strings.Contains(missed, "xã") {
		t.Errorf("missed section: %s", missed)
	}
	if !strings.Contains(unreachable, "UBND xã B") || !strings.Contains(absent, "UBND xã A") {
		t.Errorf("unreachable/absent sections: %s", text)
	}
}

func TestModelDeadline(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	// Model 3 (lead VP) is due 31 March: reminders 14 and 3 days before at 08:00, on working
	// days: Sunday 17 March moves back to Friday 15 March (16 days left), Thursday 28 stays.
	f.reconcile(at(2024, 3, 15, 7, 59))
	if n := len(f.outbox("deadline")); n != 0 {
		t.Fatalf("deadline reminder too early")
	}
	f.reconcile(at(2024, 3, 15, 8, 0))
	f.reconcile(at(2024, 3, 17, 9, 0))
	d := f.outbox("deadline")
	if len(d) != 1 || d[0].ChatID != focalVP || !strings.Contains(d[0].Text, "còn 16 ngày") {
		t.Fatalf("14-day reminder: %+v", d)
	}
	// Done before the 3-day mark: no second reminder.
	f.report("VP", 3, store.StatusDone, at(2024, 3, 20, 9, 0))
	f.reconcile(at(2024, 3, 28, 8, 0))
	if n := len(f.outbox("deadline")); n != 1 {
		t.Fatalf("reminded about a finished model")
	}
}

func TestRemindNow(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 8, 10, 0))
	f.report("CAH", 1, store.StatusDone, at(2024, 3, 8, 11, 0))
	f.update(func(ctx context.Context, tx *store.Tx) error { return tx.SetUnreachable(ctx, focalXB, "x") })
	var res reminders.FanoutResult
	f.update(func(ctx context.Context, tx *store.Tx) error {
		var err error
		res, _, err = f.svc.RemindNow(ctx, tx, reminders.Week, at(2024, 3, 8, 11, 0))
		return err
	})
	if res.Queued != 3 || res.Reported != 1 || res.Unreachable != 1 {
		t.Fatalf("manual reminder: %+v", res)
	}
	if got := chats(f.outbox("reminder")); got[focalVP] != 1 || got[deputyVP] != 1 || got[focalXA] != 1 {
		t.Fatalf("manual reminders to %v", got)
	}
}

func TestOneReminderAWeek(t *testing.T) {
	f := newSvcFix(t, at(2024, 3, 1, 10, 0))
	// X-B stays silent. Week 10 is reminded on Monday 4 March and week 11 on Monday 11
	// March; the monthly reminders of Friday 8 March (the 10th is a Sunday) and Wednesday
	// 13 March fall in the same weeks and are dropped.
	for _, t := range []time.Time{at(2024, 3, 4, 7, 31), at(2024, 3, 4, 14, 1), at(2024, 3, 8, 8, 1),
		at(2024, 3, 11, 7, 31), at(2024, 3, 11, 14, 1), at(2024, 3, 13, 8, 1)} {
		f.reconcile(t)
	}
	var weekly, monthly []string
	for _, m := range f.outbox("reminder") {
		if m.ChatID != focalXB {
			continue
		}
		day := m.CreatedAt.In(svcLoc).Format("02/01")
		if m.Cycle == "2024-03" {
			monthly = append(monthly, day)
		} else {
			weekly = append(weekly, day)
		}
	}
	if len(monthly) != 0 {
		t.Errorf("monthly reminders to X-B on %v, want none: weekly ones went the same weeks", monthly)
	}
	if strings.Join(weekly, ",") != "04/03,11/03" {
		t.Errorf("weekly reminders to X-B on %v, want 04/03 and 11/03", weekly)
	}
}
