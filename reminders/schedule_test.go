package reminders

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tocongtac/tocongtac/store"
)

func testSchedule(t *testing.T, p store.Plan) *Schedule {
	t.Helper()
	cal, err := NewCalendar(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSchedule(p, cal)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// brief renders slots as key lines for comparison, checking the key names the slot's cycle.
func brief(slots []Slot) string {
	var b strings.Builder
	for _, s := range slots {
		fmt.Fprintf(&b, "%s\n", s.Key())
		if !strings.HasSuffix(s.Key(), "/"+s.Cycle.ID) {
			b.WriteString("(key lacks the cycle)\n")
		}
	}
	return b.String()
}

func wantSlots(t *testing.T, name string, got []Slot, want ...string) {
	t.Helper()
	w := ""
	for _, l := range want {
		w += strings.Replace(l, " ", "/", 1) + "\n" // "key cycle" reads better in the tables
	}
	if g := brief(got); g != w {
		t.Errorf("%s:\ngot:\n%swant:\n%s", name, g, w)
	}
}

// Defaults: weekly remind Mon 07:30 and 14:00, escalate and summary Tue 08:00; monthly
// remind 4 and 1 working days before the cut-off at 08:00 (Fri 8 and Wed 13 March 2024),
// escalate 15th 08:00, summary 15th 09:00 (with the quarter's in March).
func TestDue(t *testing.T) {
	s := testSchedule(t, testPlan(t))
	tests := []struct {
		name       string
		since, now time.Time
		want       []string
	}{
		{"down Sunday 20:00 to Monday 09:30", at(2024, 3, 17, 20, 0), at(2024, 3, 18, 9, 30),
			[]string{"weekly-remind@2024-03-18T07:30+07:00 2024-W12"}},
		{"since after the slot suppresses it", at(2024, 3, 18, 7, 31), at(2024, 3, 18, 9, 30), nil},
		{"since exactly at the slot suppresses it", at(2024, 3, 18, 7, 30), at(2024, 3, 18, 9, 30), nil},
		{"now exactly at the slot", at(2024, 3, 18, 7, 0), at(2024, 3, 18, 7, 30),
			[]string{"weekly-remind@2024-03-18T07:30+07:00 2024-W12"}},
		// Last Monday's 14:00 reminder is dropped (its cycle closed Tuesday); last Tuesday's
		// escalation is still owed for the cycle that closed then.
		{"down across two Mondays", at(2024, 3, 17, 20, 0), at(2024, 3, 25, 9, 30), []string{
			"weekly-escalate@2024-03-19T08:00+07:00 2024-W12",
			"weekly-summary@2024-03-19T08:00+07:00 2024-W12",
			"weekly-remind@2024-03-25T07:30+07:00 2024-W13",
		}},
		// Three weeks: escalations of W10 and W11 collapse into W12's.
		{"down across three Mondays", at(2024, 3, 3, 20, 0), at(2024, 3, 25, 9, 30), []string{
			"monthly-escalate@2024-03-15T08:00+07:00 2024-03",
			"monthly-summary@2024-03-15T09:00+07:00 2024-03",
			"quarter-summary@2024-03-15T09:00+07:00 2024-Q1",
			"weekly-escalate@2024-03-19T08:00+07:00 2024-W12",
			"weekly-summary@2024-03-19T08:00+07:00 2024-W12",
			"weekly-remind@2024-03-25T07:30+07:00 2024-W13",
		}},
		// The 13th's reminder is for a cycle that closed on the 15th: dropped.
		{"down from the 13th to the 16th", at(2024, 3, 13, 7, 0), at(2024, 3, 16, 10, 0), []string{
			"monthly-escalate@2024-03-15T08:00+07:00 2024-03",
			"monthly-summary@2024-03-15T09:00+07:00 2024-03",
			"quarter-summary@2024-03-15T09:00+07:00 2024-Q1",
		}},
		{"the next reconcile finds nothing", at(2024, 3, 16, 10, 0), at(2024, 3, 16, 10, 1), nil},
		{"since between escalation and summary", at(2024, 3, 15, 8, 30), at(2024, 3, 16, 10, 0), []string{
			"monthly-summary@2024-03-15T09:00+07:00 2024-03",
			"quarter-summary@2024-03-15T09:00+07:00 2024-Q1",
		}},
		{"down on the 13th, back on the 14th", at(2024, 3, 12, 20, 0), at(2024, 3, 14, 9, 0), []string{
			"monthly-remind@2024-03-13T08:00+07:00 2024-03",
		}},
		// No since: 40 days back. The 10th's and 13th's reminders fired for 2024-03, which
		// closed on the 15th, so only escalations and the current reminder remain.
		{"first start with no since", time.Time{}, at(2024, 3, 18, 9, 30), []string{
			"weekly-escalate@2024-03-12T08:00+07:00 2024-W11",
			"weekly-summary@2024-03-12T08:00+07:00 2024-W11",
			"monthly-escalate@2024-03-15T08:00+07:00 2024-03",
			"monthly-summary@2024-03-15T09:00+07:00 2024-03",
			"quarter-summary@2024-03-15T09:00+07:00 2024-Q1",
			"weekly-remind@2024-03-18T07:30+07:00 2024-W12",
		}},
	}
	for _, tt := range tests {
		got := s.Due(tt.now, tt.since)
		wantSlots(t, tt.name, got, tt.want...)
		for i := 1; i < len(got); i++ {
			if got[i].At.Before(got[i-1].At) {
				t.Errorf("%s: not oldest first", tt.name)
			}
		}
	}
}

// 29 Apr–1 May 2024 are off, so W18 is due Thu 2 May: its reminders go out that morning,
// its escalation on Fri 3 May; W19 (due Mon 6 May) escalates on Tue 7 May as usual. The
// Tuesday 30 Apr escalation is gone: nothing closed then.
func TestHolidayMovesWeek(t *testing.T) {
	s := testSchedule(t, testPlan(t, vnHolidays...))
	wantSlots(t, "Tuesday in the holiday", s.Due(at(2024, 4, 30, 9, 0), at(2024, 4, 23, 9, 0)))
	wantSlots(t, "down over both Tuesdays", s.Due(at(2024, 4, 30, 9, 0), at(2024, 4, 22, 9, 0)),
		"weekly-escalate@2024-04-23T08:00+07:00 2024-W17",
		"weekly-summary@2024-04-23T08:00+07:00 2024-W17",
	)
	wantSlots(t, "the moved due day", s.Due(at(2024, 5, 2, 15, 0), at(2024, 5, 1, 23, 0)),
		"weekly-remind@2024-05-02T07:30+07:00 2024-W18",
		"weekly-remind@2024-05-02T14:00+07:00 2024-W18",
	)
	wantSlots(t, "the day after", s.Due(at(2024, 5, 3, 9, 0), at(2024, 5, 2, 23, 0)),
		"weekly-escalate@2024-05-03T08:00+07:00 2024-W18",
		"weekly-summary@2024-05-03T08:00+07:00 2024-W18",
	)
	wantSlots(t, "next Tuesday", s.Due(at(2024, 5, 7, 9, 0), at(2024, 5, 6, 23, 0)),
		"weekly-escalate@2024-05-07T08:00+07:00 2024-W19",
		"weekly-summary@2024-05-07T08:00+07:00 2024-W19",
	)
	// Down for two weeks: collapse into the latest.
	wantSlots(t, "down two weeks", s.Due(at(2024, 5, 7, 9, 0), at(2024, 4, 22, 23, 0)),
		"weekly-escalate@2024-05-07T08:00+07:00 2024-W19",
		"weekly-summary@2024-05-07T08:00+07:00 2024-W19",
	)
	var esc []string
	for _, sl := range s.Between(day(2024, 4, 22), day(2024, 5, 8)) {
		if sl.Job == JobWeeklyEscalate {
			esc = append(esc, sl.Key())
		}
	}
	if got := strings.Join(esc, ", "); got != "weekly-escalate@2024-04-23T08:00+07:00/2024-W17, weekly-escalate@2024-05-03T08:00+07:00/2024-W18, weekly-escalate@2024-05-07T08:00+07:00/2024-W19" {
		t.Errorf("Between escalations: %s", got)
	}
}

// Tết 2025 swallows W05: escalation on Tue 4 Feb is for W06, never for the empty W05.
func TestEmptyCycleNotEscalated(t *testing.T) {
	s := testSchedule(t, testPlan(t, vnHolidays...))
	var got []string
	for _, sl := range s.Between(day(2025, 1, 20), day(2025, 2, 5)) {
		if sl.Job == JobWeeklyEscalate {
			got = append(got, sl.Key())
		}
	}
	if g := strings.Join(got, ", "); g != "weekly-escalate@2025-01-21T08:00+07:00/2025-W04, weekly-escalate@2025-02-04T08:00+07:00/2025-W06" {
		t.Errorf("escalations over Tết 2025: %s", g)
	}
}

func TestBetweenOneWeek(t *testing.T) {
	s := testSchedule(t, testPlan(t))
	wantSlots(t, "Sun 10 Mar to Sun 17 Mar 2024", s.Between(day(2024, 3, 10), day(2024, 3, 17)),
		"weekly-remind@2024-03-11T07:30+07:00 2024-W11",
		"weekly-remind@2024-03-11T14:00+07:00 2024-W11",
		"weekly-escalate@2024-03-12T08:00+07:00 2024-W11",
		"weekly-summary@2024-03-12T08:00+07:00 2024-W11",
		"monthly-remind@2024-03-13T08:00+07:00 2024-03",
		"monthly-escalate@2024-03-15T08:00+07:00 2024-03",
		"monthly-summary@2024-03-15T09:00+07:00 2024-03",
		"quarter-summary@2024-03-15T09:00+07:00 2024-Q1",
	)
	// (from, to]: a slot exactly at from is excluded, one exactly at to included.
	wantSlots(t, "half-open", s.Between(at(2024, 3, 11, 7, 30), at(2024, 3, 11, 14, 0)),
		"weekly-remind@2024-03-11T14:00+07:00 2024-W11")
	if got := s.Between(day(2024, 3, 17), day(2024, 3, 10)); len(got) != 0 {
		t.Errorf("reversed range: %d slots", len(got))
	}
}

// Two specs of one job firing in the same minute make one slot.
func TestSameMinuteSpecsDeduped(t *testing.T) {
	p := testPlan(t)
	p.Reporting.Weekly.Remind = []string{"30 7 * * MON", "30 7 * * 1"}
	s := testSchedule(t, p)
	wantSlots(t, "duplicate specs", s.Due(at(2024, 3, 18, 9, 0), at(2024, 3, 18, 0, 0)),
		"weekly-remind@2024-03-18T07:30+07:00 2024-W12")
}

// The process runs with TZ=UTC; fire times must still be 07:30 in Ho Chi Minh City.
func TestServerInUTC(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })

	s := testSchedule(t, testPlan(t))
	since := time.Date(2024, 3, 17, 13, 0, 0, 0, time.UTC) // Sun 20:00 +07
	now := time.Date(2024, 3, 18, 2, 30, 0, 0, time.UTC)   // Mon 09:30 +07
	got := s.Due(now, since)
	wantSlots(t, "TZ=UTC", got, "weekly-remind@2024-03-18T07:30+07:00 2024-W12")
	if len(got) == 1 {
		if !got[0].At.Equal(time.Date(2024, 3, 18, 0, 30, 0, 0, time.UTC)) || got[0].At.Location().String() != "Asia/Ho_Chi_Minh" {
			t.Errorf("At = %s", got[0].At)
		}
	}
	// The spec handed to cron carries the zone, so cron.New() with Local=UTC fires right too.
	js := s.Specs()[0]
	if js.Job != JobWeeklyRemind || js.Spec != "30 7 * * MON" || js.Cron != "CRON_TZ=Asia/Ho_Chi_Minh 30 7 * * MON" {
		t.Fatalf("Specs()[0] = %+v", js)
	}
	sched, err := cron.ParseStandard(js.Cron)
	if err != nil {
		t.Fatal(err)
	}
	if n := sched.Next(since); !n.Equal(time.Date(2024, 3, 18, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("cron Next = %s, want 00:30 UTC", n)
	}
}

func TestSpecs(t *testing.T) {
	s := testSchedule(t, testPlan(t))
	var got []string
	for _, js := range s.Specs() {
		got = append(got, string(js.Job)+" "+js.Spec)
	}
	// The monthly reminders count working days back from the cut-off: no cron spec.
	want := "weekly-remind 30 7 * * MON|weekly-remind 0 14 * * MON|weekly-escalate 0 8 * * TUE|weekly-summary 0 8 * * TUE|" +
		"monthly-escalate 0 8 15 * *|monthly-summary 0 9 15 * *"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("Specs:\n%s\nwant\n%s", g, want)
	}
}

func TestNewScheduleRejects(t *testing.T) {
	tests := []struct {
		name, spec string
		want       []string // substrings of the error
	}{
		{"DOM and DOW both restricted", "0 9 1-14 * MON",
			[]string{"reporting.monthly.remind[0]", "both day of month and day of week", "either matches"}},
		{"DOM step and DOW", "0 9 */2 * 1-5", []string{"either matches"}},
		{"@every", "@every 1h", []string{"five fields"}},
		{"@weekly", "@weekly", []string{"five fields"}}, // the plan file says five fields; serve agrees
		{"own timezone", "CRON_TZ=UTC 0 8 * * *", []string{"five fields"}},
		{"TZ prefix without a space", "TZ=0", []string{"five fields"}},
		{"never fires", "0 8 31 2 *", []string{"never fires"}},
		{"six fields", "0 0 8 * * MON", []string{"five fields"}},
		{"garbage", "every monday", []string{"reporting.monthly.remind[0]"}},
	}
	for _, tt := range tests {
		p := testPlan(t)
		p.Reporting.Monthly.Remind = []string{tt.spec}
		_, err := NewSchedule(p, nil)
		if err == nil {
			t.Errorf("%s: %q accepted", tt.name, tt.spec)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
	}
	// Only one restricted day field, or ? in the other: fine.
	for _, spec := range []string{"0 8 ? * MON", "0 8 14 * ?", "0 8 1-14 * *", "0 8 29 2 *"} {
		p := testPlan(t)
		p.Reporting.Monthly.Remind = []string{spec}
		if _, err := NewSchedule(p, nil); err != nil {
			t.Errorf("%q rejected: %v", spec, err)
		}
	}
}
