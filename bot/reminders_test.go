package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// fanoutPlan has n communes; models 1 (every commune), 2 (the first half) and 3 (the rest).
func fanoutPlan(n int) []byte {
	var b strings.Builder
	b.WriteString("title: Kế hoạch thử nhắc nhở\ntimezone: Asia/Ho_Chi_Minh\nstanding_office: CAH\nunits:\n")
	b.WriteString("  - {code: CAH, name: Công an huyện, tags: [huyen]}\n")
	var first, rest []string
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("X%04d", i)
		fmt.Fprintf(&b, "  - {code: %s, name: UBND xã số %d, tags: [xa]}\n", code, i)
		if i <= n/2 {
			first = append(first, code)
		} else {
			rest = append(rest, code)
		}
	}
	b.WriteString("models:\n")
	b.WriteString("  - {number: 1, group: I, title: Mô hình chung, lead: [\"@xa\"]}\n")
	fmt.Fprintf(&b, "  - {number: 2, group: I, title: Mô hình nửa đầu, lead: [%s]}\n", strings.Join(first, ", "))
	fmt.Fprintf(&b, "  - {number: 3, group: II, title: Mô hình nửa sau, lead: [%s]}\n", strings.Join(rest, ", "))
	b.WriteString(`reporting:
  weekly: {due: monday, remind: ["30 7 * * MON", "0 14 * * MON"], escalate: "0 8 * * TUE", summary: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *", "0 8 13 * *"], escalate: "0 8 15 * *", summary: "0 9 15 * *"}
`)
	return []byte(b.String())
}

func fanoutUnit(i int) string { return fmt.Sprintf("X%04d", i) }

func focalOf(i int) telegramtest.User {
	return telegramtest.User{ID: int64(100000 + i), FirstName: "Đầu mối", LastName: fmt.Sprint(i)}
}

func deputyOf(i int) telegramtest.User {
	return telegramtest.User{ID: int64(200000 + i), FirstName: "Người thay thế", LastName: fmt.Sprint(i)}
}

func mon(h, m int) time.Time { return time.Date(2024, 3, 11, h, m, 0, 0, bottest.Hanoi) }

// addReport records a report as the reports feature would, with the calendar's cycles.
func addReport(t testing.TB, env *bottest.Env, unit string, model int, at time.Time) {
	t.Helper()
	cal, err := reminders.NewCalendar(env.Bot.Plan())
	if err != nil {
		t.Fatal(err)
	}
	err = env.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddReport(context.Background(), store.Report{Unit: unit, Model: model, Status: store.StatusInProgress,
			Percent: -1, Reporter: 1, ReceivedAt: at, Week: cal.Week(at).ID, Month: cal.Month(at).ID, Quarter: cal.Quarter(at).ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

var realLimits = telegramtest.RateLimits{PerChat: time.Second, GroupPerMinute: 20, Global: 30}

func TestReminderFanout40Units(t *testing.T) {
	// Installed on Sunday 10 March after the monthly reminder of 08:00, so Monday 07:30
	// fires only the weekly reminders.
	env := bottest.Start(t, bottest.WithPlan(fanoutPlan(40)), bottest.At(time.Date(2024, 3, 10, 9, 0, 0, 0, bottest.Hanoi)),
		bottest.WithLimits(bot.DefaultLimits), bottest.WithServerOptions(telegramtest.WithRateLimits(realLimits)))
	ctx := env.Context()
	missing := map[int][]int{} // unit → models it has not reported
	for i := 1; i <= 40; i++ {
		env.TG.Private(focalOf(i))
		env.Bind(focalOf(i), fanoutUnit(i), store.MemberFocal)
		own := 2
		if i > 20 {
			own = 3
		}
		switch {
		case i <= 15: // reported everything
			addReport(t, env, fanoutUnit(i), 1, mon(6, 0))
			addReport(t, env, fanoutUnit(i), own, mon(6, 0))
		case i <= 25: // half
			addReport(t, env, fanoutUnit(i), 1, mon(6, 0))
			missing[i] = []int{own}
		default:
			missing[i] = []int{1, own}
		}
		if i > 10 { // deputies of units 11–40: every unit that has not reported has one
			env.TG.Private(deputyOf(i))
			env.Bind(deputyOf(i), fanoutUnit(i), store.MemberDeputy)
		}
	}
	// A report of last week does not count.
	addReport(t, env, fanoutUnit(40), 1, time.Date(2024, 3, 4, 9, 0, 0, 0, bottest.Hanoi))
	const blocked = 30
	env.TG.Block(focalOf(blocked).ID)

	want := map[int64][]int{}
	for i, ms := range missing {
		want[focalOf(i).ID] = ms
		want[deputyOf(i).ID] = ms
	}
	if len(missing) != 25 || len(want) != 50 {
		t.Fatalf("fixture: %d units missing, %d recipients", len(missing), len(want))
	}

	env.Clock.Set(mon(7, 30))
	start := time.Now()
	if err := env.Bot.Reconcile(ctx, mon(7, 30)); err != nil {
		t.Fatal(err)
	}
	// A reply during the fan-out is answered ahead of the reminders still queued.
	if _, err := env.TG.WaitFor(ctx, func(s telegramtest.Sent) bool { _, ok := want[s.ChatID]; return ok }); err != nil {
		t.Fatalf("fan-out did not start: %v", err)
	}
	asked := time.Now()
	reply := env.Say(bottest.Admin, "/huongdan")
	latency := reply.At.Sub(asked)
	t.Logf("reconcile to first reminder: %v", asked.Sub(start))
	env.Settle()

	var after int
	got := map[int64]int{}
	for _, s := range env.TG.Sent() {
		ms, ok := want[s.ChatID]
		if !ok {
			if s.ChatID != bottest.Admin.ID {
				t.Errorf("unexpected message to %d: %q", s.ChatID, s.PlainText)
			}
			continue
		}
		got[s.ChatID]++
		if s.At.After(reply.At) {
			after++
		}
		for m := 1; m <= 3; m++ {
			has := strings.Contains(s.PlainText, fmt.Sprintf("MH%d ", m))
			if has != contains(ms, m) {
				t.Errorf("reminder to %d: MH%d listed=%v, missing %v:\n%s", s.ChatID, m, has, ms, s.PlainText)
			}
		}
		if !hasButton(s.ReplyMarkup, "r:b:X") || !hasButton(s.ReplyMarkup, messages.KeepButtonPrefix+"X") {
			t.Errorf("reminder to %d has no report button: %+v", s.ChatID, s.ReplyMarkup)
		}
	}
	for chat := range want {
		n := got[chat]
		if chat == focalOf(blocked).ID {
			if n != 0 {
				t.Errorf("blocked chat received %d", n)
			}
			continue
		}
		if n != 1 {
			t.Errorf("chat %d got %d reminders, want 1", chat, n)
		}
	}
	st := env.TG.Stats()
	t.Logf("fan-out: %d reminders, reply after %v with %d reminders delivered after it; 429s: %d, max/s %d",
		len(got), latency, after, st.Rejected429, st.MaxGlobalPerSecond)
	if after < 10 {
		t.Errorf("the reply went out after the fan-out (%d reminders after it, latency %v)", after, latency)
	}
	if latency > 2*time.Second {
		t.Errorf("reply took %v during the fan-out", latency)
	}
	if st.Rejected429 != 0 || st.MaxGlobalPerSecond > 30 {
		t.Errorf("limits: %+v", st)
	}
	err := env.DB.View(ctx, func(tx *store.Tx) error {
		off, err := tx.Unreachable(ctx, focalOf(blocked).ID)
		if err == nil && !off {
			t.Errorf("the 403 recipient is not marked unreachable")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	env.WaitText(bottest.Admin.ID, "Không gửi được tin nhắn", "Đầu mối 30")

	// No duplicate when the slot is reconciled again, or after a restart.
	before := len(env.TG.Sent())
	if err := env.Bot.Reconcile(ctx, mon(7, 31)); err != nil {
		t.Fatal(err)
	}
	env.Restart()
	if err := env.Bot.Reconcile(ctx, mon(7, 32)); err != nil {
		t.Fatal(err)
	}
	env.Settle()
	if n := len(env.TG.Sent()); n != before {
		t.Fatalf("re-running the slot sent %d more messages", n-before)
	}

	// Tuesday 08:00: the escalation lists the 25 units, the unreachable one separately.
	tue := time.Date(2024, 3, 12, 8, 0, 0, 0, bottest.Hanoi)
	env.Clock.Set(tue)
	if err := env.Bot.Reconcile(ctx, tue); err != nil {
		t.Fatal(err)
	}
	esc := env.WaitText(bottest.Admin.ID, "25/40 đơn vị chưa báo cáo đủ", "Không liên lạc được")
	text := esc.PlainText
	i := strings.Index(text, "Không liên lạc được")
	missed, unreachable := text[:i], text[i:]
	if !strings.Contains(unreachable, "UBND xã số 30 ") || strings.Contains(missed, "UBND xã số 30 ") {
		t.Errorf("unit 30 not listed as unreachable:\n%s", text)
	}
	for u := range missing {
		if u != blocked && !strings.Contains(missed, fmt.Sprintf("UBND xã số %d ", u)) {
			t.Errorf("unit %d missing from the escalation", u)
		}
	}
	if strings.Contains(text, "UBND xã số 3 ") {
		t.Errorf("a unit that reported is escalated:\n%s", text)
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestRemindCommandAndBlockerButtons(t *testing.T) {
	env := bottest.Start(t, bottest.WithPlan(fanoutPlan(4)))
	for i := 1; i <= 4; i++ {
		env.Bind(focalOf(i), fanoutUnit(i), store.MemberFocal)
	}
	addReport(t, env, fanoutUnit(1), 1, env.Clock.Now())
	addReport(t, env, fanoutUnit(1), 2, env.Clock.Now())
	// Unit 2 has an open blocker from last week.
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddReport(context.Background(), store.Report{Unit: fanoutUnit(2), Model: 2, Status: store.StatusBlocked,
			Percent: -1, Note: "thiếu thiết bị", Reporter: focalOf(2).ID, ReceivedAt: time.Date(2024, 3, 4, 9, 0, 0, 0, bottest.Hanoi),
			Week: "2024-W10", Month: "2024-03", Quarter: "2024-Q1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	env.TG.Block(focalOf(4).ID) // the bot learns of it from the 403

	if got := env.Say(focalOf(1), "/nhacnho"); !strings.Contains(got.PlainText, "chỉ dành cho") {
		t.Fatalf("/nhacnho from a focal point: %q", got.PlainText)
	}
	got := env.Say(bottest.Admin, "/nhacnho")
	if !strings.Contains(got.PlainText, "Đã xếp gửi: 3") || !strings.Contains(got.PlainText, "đã báo cáo đủ: 1") {
		t.Fatalf("/nhacnho answer: %q", got.PlainText)
	}
	rem := env.WaitText(focalOf(2).ID, "Nhắc báo cáo", "thiếu thiết bị")
	var okData string
	for _, row := range rem.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, "b:ok:") {
				okData = b.CallbackData
			}
		}
	}
	if okData != "b:ok:X0002:2" {
		t.Fatalf("blocker button data %q; keyboard %+v", okData, rem.ReplyMarkup)
	}
	// Someone else's button is refused; the unit's focal point records the resolution.
	chat := env.TG.Private(focalOf(2))
	env.TG.Press(focalOf(3), chat, rem.MessageID, okData)
	env.TG.Press(focalOf(2), chat, rem.MessageID, okData)
	env.WaitText(chat.ID, "đã được xử lý")
	err = env.DB.View(context.Background(), func(tx *store.Tx) error {
		latest, err := tx.LatestReports(context.Background(), fanoutUnit(2))
		if err != nil {
			return err
		}
		for _, r := range latest {
			if r.Model == 2 && (r.Status != store.StatusInProgress || r.Week != "2024-W11" || r.Reporter != focalOf(2).ID) {
				t.Errorf("after «đã xử lý»: %+v", r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The unreachable chat is counted on the next /nhacnho.
	env.Settle()
	env.Clock.Advance(time.Minute)
	// Other notices to the admin may still be on their way: wait for the answer itself.
	env.Say(bottest.Admin, "/remind")
	env.WaitText(env.TG.Private(bottest.Admin).ID, "đã chặn bot): 1")
}

// BenchmarkFanout2000 fans out 2,000 reminders against the fake server enforcing 30
// messages/s overall (1/s per chat), with the bot at DefaultLimits. It takes about 70 s:
//
//	go test -run '^$' -bench Fanout2000 -benchtime 1x ./bot/
func BenchmarkFanout2000(b *testing.B) {
	if testing.Short() {
		b.Skip("about 70 s")
	}
	const units = 2000
	for range b.N {
		b.StopTimer()
		env := bottest.Start(b, bottest.WithPlan(fanoutPlan(units)), bottest.At(time.Date(2024, 3, 10, 9, 0, 0, 0, bottest.Hanoi)),
			bottest.WithLimits(bot.DefaultLimits), bottest.WithServerOptions(telegramtest.WithRateLimits(
				telegramtest.RateLimits{PerChat: time.Second, Global: 30})))
		ctx := context.Background()
		err := env.DB.Update(ctx, func(tx *store.Tx) error {
			for i := 1; i <= units; i++ {
				u := focalOf(i)
				if err := tx.SaveUser(ctx, store.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName}); err != nil {
					return err
				}
				if _, err := tx.SetMember(ctx, fanoutUnit(i), store.MemberFocal, u.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		env.Clock.Set(mon(7, 30))
		b.StartTimer()
		start := time.Now()
		if err := env.Bot.Reconcile(ctx, mon(7, 30)); err != nil {
			b.Fatal(err)
		}
		enqueued := time.Since(start)
		deadline := time.Now().Add(3 * time.Minute)
		for len(env.TG.Sent()) < units && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		b.StopTimer()
		sent := env.TG.Sent()
		per := map[int64]int{}
		var first, last time.Time
		for _, s := range sent {
			per[s.ChatID]++
			if first.IsZero() || s.At.Before(first) {
				first = s.At
			}
			if s.At.After(last) {
				last = s.At
			}
		}
		lost, dup := 0, 0
		for i := 1; i <= units; i++ {
			switch n := per[focalOf(i).ID]; {
			case n == 0:
				lost++
			case n > 1:
				dup += n - 1
			}
		}
		rate := float64(len(sent)-1) / last.Sub(first).Seconds()
		st := env.TG.Stats()
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(rate/30, "fraction_of_limit")
		b.ReportMetric(float64(st.Rejected429), "429s")
		b.ReportMetric(float64(st.EarlyRetries), "early_retries")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(dup), "duplicated")
		b.Logf("%d delivered in %v (queued in %v): %.2f msgs/s = %.3f of 30/s; 429s %d, early retries %d, lost %d, duplicated %d, max/s %d",
			len(sent), last.Sub(first), enqueued, rate, rate/30, st.Rejected429, st.EarlyRetries, lost, dup, st.MaxGlobalPerSecond)
		if lost != 0 || dup != 0 {
			b.Errorf("lost %d, duplicated %d", lost, dup)
		}
		env.Stop()
	}
}

// hasButton reports whether the keyboard has a button whose data starts with prefix.
func hasButton(kb *models.InlineKeyboardMarkup, prefix string) bool {
	if kb == nil {
		return false
	}
	for _, row := range kb.InlineKeyboard {
		for _, btn := range row {
			if strings.HasPrefix(btn.CallbackData, prefix) {
				return true
			}
		}
	}
	return false
}
