package bot_test

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// consistencyPlan has units in every situation a cycle can see (see TestViewsAgree).
const consistencyPlan = `title: Kế hoạch thử nhất quán
timezone: Asia/Ho_Chi_Minh
standing_office: CAH
units:
  - {code: CAH, name: Công an huyện, tags: [huyen]}
  - {code: U01, name: Xã đủ, tags: [xa]}
  - {code: U02, name: Xã một phần, tags: [xa]}
  - {code: U03, name: Xã im lặng, tags: [xa]}
  - {code: U04, name: Xã vắng cả kỳ, tags: [xa]}
  - {code: U05, name: Xã vắng từ hạn, tags: [xa]}
  - {code: U06, name: Xã có dự phòng, tags: [xa]}
  - {code: U07, name: Xã muộn, tags: [xa]}
  - {code: U08, name: Xã chặn bot, tags: [xa]}
  - {code: U09, name: Xã chưa có đầu mối, tags: [xa]}
  - {code: U10, name: Xã xong từ trước, tags: [xa]}
models:
  - {number: 1, group: I, title: Mô hình một, lead: ["@xa"]}
  - {number: 2, group: I, title: Mô hình hai, lead: ["@xa"]}
  - {number: 3, group: II, title: Mô hình ba, lead: [CAH]}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON"], escalate: "0 8 * * TUE", summary: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *"], escalate: "0 8 15 * *", summary: "0 9 15 * *"}
`

// The state every view must show, after the late report came in.
var (
	wantComplete = []string{"CAH", "U01", "U06", "U07", "U10"}
	wantPartial  = []string{"U02"}
	wantNone     = []string{"U03", "U08", "U09"}
	wantExcused  = []string{"U04", "U05"}
)

func cFocal(unit string) telegramtest.User {
	n, _ := strconv.Atoi(strings.TrimPrefix(unit, "U"))
	return telegramtest.User{ID: int64(7000 + n), FirstName: "Đầu mối", LastName: unit}
}

var deputyU06 = telegramtest.User{ID: 7106, FirstName: "Dự phòng", LastName: "U06"}

// TestViewsAgree sets up one cycle of each kind with units that are complete, partial,
// silent, away all cycle, away from the due day, covered by a deputy, late, unreachable,
// without a focal point and done earlier, and checks that /tonghop, /chuabaocao,
// /vuongmac, /xuat, the chart's rates, the reminder fan-out, the escalation and the
// scheduled summary show the same counts and the same units.
func TestViewsAgree(t *testing.T) {
	ref := time.Date(2024, 3, 5, 12, 0, 0, 0, bottest.Hanoi)
	for _, tc := range []struct {
		kind  reminders.Kind
		words string // the cycle in /tonghop's words, once it has closed
	}{{reminders.Week, "tuan ky truoc"}, {reminders.Month, "thang ky truoc"}, {reminders.Quarter, "quy ky truoc"}} {
		t.Run(string(tc.kind), func(t *testing.T) {
			probe := bottest.Start(t, bottest.WithPlan([]byte(consistencyPlan)))
			cal, err := reminders.NewCalendar(probe.Bot.Plan())
			if err != nil {
				t.Fatal(err)
			}
			probe.Stop()
			cy := cal.Of(tc.kind, ref)
			env := bottest.Start(t, bottest.WithPlan([]byte(consistencyPlan)), bottest.At(cy.Due.Add(-30*time.Hour)))
			seedCycle(t, env, cal, cy)

			// On the due day, before the late report: the fan-out reminds exactly the
			// units /chuabaocao lists, less those nobody can be written to.
			if tc.kind != reminders.Quarter {
				env.Clock.Set(cy.Due.Add(-10 * time.Hour))
				missing := sumPlain(sumAsk(env, bottest.Admin, "/chuabaocao "+string(kindWord(tc.kind))))
				listed := sumListed(missing)
				if want := sorted(append(append([]string{"U07"}, wantNone...), wantPartial...)); !same(listed, want) {
					t.Fatalf("/chuabaocao before the late report lists %v, want %v:\n%s", listed, want, missing)
				}
				before := sentToUnits(env)
				sumAsk(env, bottest.Admin, "/nhacnho "+kindWord(tc.kind))
				after := sentToUnits(env)
				var reminded []string
				for _, u := range listed {
					if u == "U08" || u == "U09" {
						continue // blocked the bot, no focal point: nobody to write to
					}
					reminded = append(reminded, u)
				}
				var got []string
				for u, n := range after {
					if n > before[u] {
						got = append(got, u)
					}
				}
				if !same(got, reminded) {
					t.Fatalf("reminded %v, want %v", got, reminded)
				}
			}

			// The late report arrives after the due time; then every view is asked.
			cReport(t, env, cal, tc.kind, cy, "U07", 2, store.StatusDone, cy.Due.Add(time.Hour), cFocal("U07").ID)
			now := cy.Due.Add(10 * time.Hour)
			env.Clock.Set(now)
			if err := env.Bot.Reconcile(env.Context(), now); err != nil {
				t.Fatal(err)
			}
			env.Settle()

			headline := regexp.MustCompile(`Đơn vị đã báo cáo: (\d+)/(\d+) \(đủ các mô hình: (\d+)\)\s*Đúng hạn: (\d+) · Muộn: (\d+) · Chưa báo cáo: (\d+)`)
			wantHead := []int{len(wantComplete) + len(wantPartial), 9, len(wantComplete), 5, 1, len(wantNone)}
			checkHead := func(view, text string) {
				t.Helper()
				m := headline.FindStringSubmatch(text)
				if m == nil {
					t.Fatalf("%s: no headline in:\n%s", view, text)
				}
				for i, w := range wantHead {
					if got, _ := strconv.Atoi(m[i+1]); got != w {
						t.Errorf("%s: headline %q, want %v", view, m[0], wantHead)
						break
					}
				}
			}
			admin := env.TG.Private(bottest.Admin).ID
			checkHead("/tonghop", sumPlain(sumAsk(env, bottest.Admin, "/tonghop "+tc.words)))

			missing := sumPlain(sumAsk(env, bottest.Admin, "/chuabaocao "+tc.words))
			if got, want := sumListed(missing), sorted(append(append([]string{}, wantNone...), wantPartial...)); !same(got, want) {
				t.Errorf("/chuabaocao lists %v, want %v:\n%s", got, want, missing)
			}
			if !strings.Contains(missing, fmt.Sprintf("Chưa báo cáo: %d/9", len(wantNone))) {
				t.Errorf("/chuabaocao count:\n%s", missing)
			}

			blockers := sumPlain(sumAsk(env, bottest.Admin, "/vuongmac"))
			if got := sumListed(blockers); !same(got, []string{"U02"}) {
				t.Errorf("/vuongmac lists %v, want [U02]:\n%s", got, blockers)
			}

			export := sumAsk(env, bottest.Admin, "/xuat "+tc.words)
			if len(export) != 1 || !strings.Contains(export[0].PlainText, fmt.Sprintf("%d/9 đơn vị đã báo cáo", wantHead[0])) {
				t.Errorf("/xuat caption: %+v", export)
			}

			// The chart's rate panel ends with the cycle's week; for a week it is the state.
			if tc.kind == reminders.Week {
				var rates []store.CycleRate
				err := env.DB.View(env.Context(), func(tx *store.Tx) error {
					var err error
					rates, err = reminders.Rates(env.Context(), tx, env.Bot.Plan(), cal, []reminders.Cycle{cy}, now)
					return err
				})
				if err != nil || len(rates) != 1 || rates[0].Reported != wantHead[0] || rates[0].Expected != 9 {
					t.Errorf("chart rate %+v (%v), want %d/9", rates, err, wantHead[0])
				}
			}

			if tc.kind == reminders.Quarter {
				return // quarters have no scheduled escalation or summary
			}
			var escalation, scheduled string
			for _, s := range env.TG.SentTo(admin) {
				switch {
				case strings.Contains(s.PlainText, "Đơn vị chưa báo cáo") && strings.Contains(s.PlainText, "hạn hết ngày"):
					escalation += s.PlainText + "\n"
				case strings.Contains(s.PlainText, "Bot tự động gửi bản tổng hợp"):
					scheduled += s.PlainText + "\n"
				}
			}
			checkHead("scheduled summary", scheduled)
			if want := fmt.Sprintf("%d/9 đơn vị chưa báo cáo đủ", len(wantNone)+len(wantPartial)); !strings.Contains(escalation, want) {
				t.Errorf("escalation: want %q in:\n%s", want, escalation)
			}
			escRE := regexp.MustCompile(`• .* \((U\d\d|CAH)\) – thiếu`)
			var escUnits []string
			for _, m := range escRE.FindAllStringSubmatch(escalation, -1) {
				escUnits = append(escUnits, m[1])
			}
			want := sorted(append(append(append([]string{}, wantNone...), wantPartial...), wantExcused...))
			if !same(sorted(escUnits), want) {
				t.Errorf("escalation lists %v, want %v (excused apart):\n%s", sorted(escUnits), want, escalation)
			}
		})
	}
}

func kindWord(k reminders.Kind) string {
	switch k {
	case reminders.Month:
		return "thang"
	case reminders.Quarter:
		return "quy"
	}
	return "tuan"
}

// seedCycle binds the people and writes the cycle's reports and absences.
func seedCycle(t *testing.T, env *bottest.Env, cal *reminders.Calendar, cy reminders.Cycle) {
	t.Helper()
	for _, u := range []string{"U01", "U02", "U03", "U04", "U05", "U06", "U07", "U08", "U10"} {
		env.Bind(cFocal(u), u, store.MemberFocal)
	}
	env.Bind(telegramtest.User{ID: 7100, FirstName: "Đầu mối", LastName: "CAH"}, "CAH", store.MemberFocal)
	env.Bind(deputyU06, "U06", store.MemberDeputy)
	onTime := cy.Due.Add(-30 * time.Hour)
	cReport(t, env, cal, cy.Kind, cy, "CAH", 3, store.StatusInProgress, onTime, 7100)
	cReport(t, env, cal, cy.Kind, cy, "U01", 1, store.StatusDone, onTime, cFocal("U01").ID)
	cReport(t, env, cal, cy.Kind, cy, "U01", 2, store.StatusInProgress, onTime, cFocal("U01").ID)
	cReport(t, env, cal, cy.Kind, cy, "U02", 1, store.StatusBlocked, onTime, cFocal("U02").ID)
	cReport(t, env, cal, cy.Kind, cy, "U06", 1, store.StatusInProgress, onTime, deputyU06.ID)
	cReport(t, env, cal, cy.Kind, cy, "U06", 2, store.StatusInProgress, onTime, deputyU06.ID)
	cReport(t, env, cal, cy.Kind, cy, "U07", 1, store.StatusInProgress, onTime, cFocal("U07").ID)
	// U10 finished MH1 in the cycle before and reports MH2 now.
	before := cy.Start.Add(-24 * time.Hour)
	cReport(t, env, cal, cy.Kind, cal.Of(cy.Kind, before), "U10", 1, store.StatusDone, before, cFocal("U10").ID)
	cReport(t, env, cal, cy.Kind, cy, "U10", 2, store.StatusInProgress, onTime, cFocal("U10").ID)

	loc := cal.Location()
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	last := cy.Due.In(loc).AddDate(0, 0, -1)
	err := env.DB.Update(env.Context(), func(tx *store.Tx) error {
		for _, a := range []store.Absence{
			{Unit: "U04", UserID: cFocal("U04").ID, FromDay: day(cy.Start), ToDay: day(last)},
			{Unit: "U05", UserID: cFocal("U05").ID, FromDay: day(last), ToDay: day(last.AddDate(0, 0, 3))},
			{Unit: "U06", UserID: cFocal("U06").ID, FromDay: day(cy.Start), ToDay: day(last)},
		} {
			if _, err := tx.AddAbsence(env.Context(), a); err != nil {
				return err
			}
		}
		return tx.SetUnreachable(env.Context(), cFocal("U08").ID, "blocked the bot")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// cReport stores a report at the given time, counted for cycle cy of its kind (a late
// report keeps the cycle it answers) and for the other kinds by its time.
func cReport(t *testing.T, env *bottest.Env, cal *reminders.Calendar, kind reminders.Kind, cy reminders.Cycle, unit string, model int, st store.Status, at time.Time, by int64) {
	t.Helper()
	r := store.Report{Unit: unit, Model: model, Status: st, Percent: -1, Reporter: by, ReceivedAt: at,
		Week: cal.Week(at).ID, Month: cal.Month(at).ID, Quarter: cal.Quarter(at).ID}
	if st == store.StatusBlocked {
		r.Note = "thiếu kinh phí"
	}
	switch kind {
	case reminders.Week:
		r.Week = cy.ID
	case reminders.Month:
		r.Month = cy.ID
	case reminders.Quarter:
		r.Quarter = cy.ID
	}
	err := env.DB.Update(env.Context(), func(tx *store.Tx) error {
		_, err := tx.AddReport(env.Context(), r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sentToUnits counts the messages each unit's people have received.
func sentToUnits(env *bottest.Env) map[string]int {
	env.Settle()
	out := map[string]int{}
	for _, u := range []string{"U01", "U02", "U03", "U04", "U05", "U06", "U07", "U08", "U10"} {
		out[u] = len(env.TG.SentTo(env.TG.Private(cFocal(u)).ID))
	}
	out["U06"] += len(env.TG.SentTo(env.TG.Private(deputyU06).ID))
	out["CAH"] = len(env.TG.SentTo(env.TG.Private(telegramtest.User{ID: 7100}).ID))
	return out
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

func same(a, b []string) bool { return strings.Join(sorted(a), ",") == strings.Join(sorted(b), ",") }
