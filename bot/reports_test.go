package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

var (
	repFocal  = telegramtest.User{ID: 6101, FirstName: "Nguyễn", LastName: "Văn Mỹ"}
	repCAH    = telegramtest.User{ID: 6102, FirstName: "Trần", LastName: "Thị Công An"}
	repTwo    = telegramtest.User{ID: 6103, FirstName: "Lê", LastName: "Hai Đơn Vị"}
	repNobody = telegramtest.User{ID: 6104, FirstName: "Khách"}
)

// repRows returns every stored report of a unit, oldest first.
func repRows(t testing.TB, env *bottest.Env, unit string) []store.Report {
	t.Helper()
	var out []store.Report
	storetest.Rows(t, env.DB, `SELECT id, unit, model, status, percent, note,
			reporter, chat_id, message_id, line, source, week, month, quarter FROM reports WHERE unit = ? ORDER BY id`,
		[]any{unit}, func(scan func(...any) error) error {
			var r store.Report
			if err := scan(&r.ID, &r.Unit, &r.Model, &r.Status, &r.Percent, &r.Note, &r.Reporter, &r.ChatID,
				&r.MessageID, &r.Line, &r.Source, &r.Week, &r.Month, &r.Quarter); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	return out
}

func repCount(t testing.TB, env *bottest.Env) int {
	t.Helper()
	return storetest.Int(t, env.DB, `SELECT count(*) FROM reports`)
}

func repModels(env *bottest.Env, unit string) []int {
	p := env.Bot.Plan()
	var out []int
	for _, a := range p.UnitModels(unit) {
		out = append(out, a.Model)
	}
	return out
}

// repButton finds the button whose data starts with prefix on a bot message.
func repButton(t testing.TB, env *bottest.Env, chatID int64, msgID int, prefix string) string {
	t.Helper()
	m, ok := env.TG.Message(chatID, msgID)
	if !ok || m.ReplyMarkup == nil {
		t.Fatalf("message %d has no keyboard", msgID)
	}
	var all []string
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if len(b.CallbackData) > 64 {
				t.Errorf("callback data %q is over 64 bytes", b.CallbackData)
			}
			if strings.HasPrefix(b.CallbackData, prefix) {
				return b.CallbackData
			}
			all = append(all, b.CallbackData)
		}
	}
	t.Fatalf("no button %q on message %d: %q", prefix, msgID, all)
	return ""
}

// repWaitEdit waits for an edit of msgID whose text contains part.
func repWaitEdit(t testing.TB, env *bottest.Env, chatID int64, msgID int, part string) telegramtest.Sent {
	t.Helper()
	s, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool {
		return s.ChatID == chatID && s.MessageID == msgID && strings.HasPrefix(s.Method, "edit") && strings.Contains(s.PlainText, part)
	})
	if err != nil {
		t.Fatalf("no edit of message %d containing %q: %v", msgID, part, err)
	}
	return s
}

func repRegisterGroup(t testing.TB, env *bottest.Env, id int64) int64 {
	t.Helper()
	g := env.TG.Group(id, "Tổ công tác Đề án 06")
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.RegisterGroup(context.Background(), g.ID, g.Title, bottest.Admin.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return g.ID
}

func TestReportThreeModelsOneConfirmationAndBlockerAlert(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repFocal, "X-MYTAN", store.MemberFocal)
	group := repRegisterGroup(t, env, 4242)
	ms := repModels(env, "X-MYTAN")
	if len(ms) < 3 {
		t.Fatalf("X-MYTAN has models %v", ms)
	}
	chat := env.TG.Private(repFocal)
	text := fmt.Sprintf("MH%d: hoàn thành\nmh%d vuong mac - chua co camera AI o nga tu\n%d dang trien khai 70%% da lap 3/5 dau doc", ms[0], ms[1], ms[2])
	got := env.Say(repFocal, text)
	env.Settle()
	if n := len(env.TG.SentTo(chat.ID)); n != 1 {
		t.Fatalf("focal point got %d messages, want one confirmation", n)
	}
	for _, want := range []string{"Đã ghi nhận", fmt.Sprintf("MH%d: Hoàn thành", ms[0]), fmt.Sprintf("MH%d: Vướng mắc – chua co camera AI o nga tu", ms[1]),
		fmt.Sprintf("MH%d: Đang triển khai 70%% – da lap 3/5 dau doc", ms[2]), "tuần 11/2024"} {
		if !strings.Contains(got.PlainText, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, got.PlainText)
		}
	}
	rows := repRows(t, env, "X-MYTAN")
	if len(rows) != 3 {
		t.Fatalf("stored %d reports, want 3", len(rows))
	}
	want := []struct {
		model   int
		status  store.Status
		percent int
		note    string
	}{{ms[0], store.StatusDone, -1, ""}, {ms[1], store.StatusBlocked, -1, "chua co camera AI o nga tu"}, {ms[2], store.StatusInProgress, 70, "da lap 3/5 dau doc"}}
	for i, w := range want {
		r := rows[i]
		if r.Model != w.model || r.Status != w.status || r.Percent != w.percent || r.Note != w.note {
			t.Errorf("report %d = %+v, want %+v", i, r, w)
		}
		if r.Week != "2024-W11" || r.Month != "2024-03" || r.Quarter != "2024-Q1" || r.Reporter != repFocal.ID || r.ChatID != chat.ID || r.Line != i+1 || r.Source != "text" {
			t.Errorf("report %d metadata = %+v", i, r)
		}
	}
	alert := env.WaitText(bottest.Admin.ID, "Vướng mắc", "X-MYTAN", fmt.Sprintf("MH%d", ms[1]), "chua co camera AI o nga tu")
	if strings.Contains(alert.PlainText, fmt.Sprintf("MH%d ", ms[0])) {
		t.Errorf("alert mentions a model that is not blocked: %s", alert.PlainText)
	}
	env.WaitText(group, "Vướng mắc", "chua co camera AI o nga tu")
}

func TestReportStrangerAndAdmin(t *testing.T) {
	env := bottest.Start(t)
	got := env.Say(repNobody, "MH9: xong")
	if !strings.Contains(got.PlainText, "chỉ dành cho đầu mối") {
		t.Errorf("stranger got %q", got.PlainText)
	}
	got = env.Say(bottest.Admin, "MH9: xong")
	if !strings.Contains(got.PlainText, "Cơ quan thường trực") || !strings.Contains(got.PlainText, "không được ghi nhận") {
		t.Errorf("admin got %q", got.PlainText)
	}
	env.Clock.Advance(10 * time.Minute) // a stranger is answered once per 10 minutes
	got = env.Say(repNobody, "/baocao")
	if !strings.Contains(got.PlainText, "chỉ dành cho đầu mối") {
		t.Errorf("stranger /baocao got %q", got.PlainText)
	}
	if n := repCount(t, env); n != 0 {
		t.Fatalf("stored %d reports from people with no unit", n)
	}
}

func TestReportGuidedFlowSurvivesRestart(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	group := repRegisterGroup(t, env, 4243)
	chat := env.TG.Private(repCAH)
	kb := env.Say(repCAH, "/baocao")
	if kb.ReplyMarkup == nil || !strings.Contains(kb.PlainText, "Chọn mô hình") {
		t.Fatalf("/baocao = %q without keyboard", kb.PlainText)
	}
	data := repButton(t, env, chat.ID, kb.MessageID, "r:m:CAH:9")
	if data != "r:m:CAH:9" {
		t.Fatalf("model button data %q", data)
	}
	q1 := env.TG.Press(repCAH, chat, kb.MessageID, data)
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")

	env.Restart() // between the tap on a model and the tap on a status

	status := repButton(t, env, chat.ID, kb.MessageID, "r:s:CAH:9:blocked")
	n := len(env.TG.SentTo(chat.ID))
	q2 := env.TG.Press(repCAH, chat, kb.MessageID, status)
	prompt, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool { return s.ChatID == chat.ID && s.ForceReply })
	if err != nil {
		t.Fatalf("no ForceReply note prompt: %v", err)
	}
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Bỏ qua")
	note := `thiếu <b>camera</b> & "kinh phí" *gấp* 🚨`
	env.TG.ReplyTo(repCAH, chat, prompt.MessageID, note)
	conf := env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Vướng mắc")
	if !strings.Contains(conf.PlainText, note) {
		t.Errorf("confirmation does not show the note as typed: %q", conf.PlainText)
	}
	_ = n
	rows := repRows(t, env, "CAH")
	if len(rows) != 1 || rows[0].Model != 9 || rows[0].Status != store.StatusBlocked || rows[0].Note != note || rows[0].Source != "button" || rows[0].Week != "2024-W11" {
		t.Fatalf("stored %+v", rows)
	}
	env.WaitText(bottest.Admin.ID, "Vướng mắc", "MH9", note)
	env.WaitText(group, "Vướng mắc", "MH9", note)
	// The keyboard came back with the new mark.
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn mô hình")

	// Model 18 with the "skip the note" button.
	env.TG.Press(repCAH, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:m:CAH:18"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "MH18")
	env.TG.Press(repCAH, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:s:CAH:18:done"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "MH18: ✅ Hoàn thành")
	env.TG.Press(repCAH, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:n:"))
	env.WaitText(chat.ID, "Đã ghi nhận", "MH18: Hoàn thành")
	env.Settle()
	rows = repRows(t, env, "CAH")
	if len(rows) != 2 || rows[1].Model != 18 || rows[1].Status != store.StatusDone || rows[1].Note != "" {
		t.Fatalf("stored %+v", rows)
	}
	m, _ := env.TG.Message(chat.ID, kb.MessageID)
	if !strings.Contains(fmt.Sprint(m.ReplyMarkup), "✅ MH18") || !strings.Contains(fmt.Sprint(m.ReplyMarkup), "⚠️ MH9") {
		t.Errorf("keyboard marks = %v", m.ReplyMarkup)
	}
	answered := map[string]bool{}
	for _, a := range env.TG.Answers() {
		answered[a.CallbackQueryID] = true
	}
	if !answered[q1] || !answered[q2] {
		t.Errorf("callbacks not answered: %v", env.TG.Answers())
	}
}

func TestReportGuidedNoteWithoutReplyAndEdited(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	kb := env.Say(repCAH, "/report")
	env.TG.Press(repCAH, chat, kb.MessageID, "r:m:CAH:18")
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
	env.TG.Press(repCAH, chat, kb.MessageID, "r:s:CAH:18:in_progress")
	env.WaitText(chat.ID, "Ghi chú cho MH18")
	env.Settle()
	// Too long: refused, the question stays open.
	got := env.Say(repCAH, strings.Repeat("a", 1001))
	if !strings.Contains(got.PlainText, "1000 ký tự") {
		t.Fatalf("long note answer = %q", got.PlainText)
	}
	// Typed without replying to the question (desktop clients).
	note := env.TG.SendText(repCAH, chat, "đã lắp 3/5 đầu đọc")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH18: Đang triển khai – đã lắp 3/5 đầu đọc")
	env.TG.EditText(repCAH, chat, note.ID, "đã lắp 4/5 đầu đọc")
	env.WaitText(chat.ID, "Đã cập nhật", "MH18: Đang triển khai – đã lắp 4/5 đầu đọc")
	rows := repRows(t, env, "CAH")
	if len(rows) != 2 || rows[1].Note != "đã lắp 4/5 đầu đọc" || rows[1].Status != store.StatusInProgress || rows[1].Source != "edit" {
		t.Fatalf("stored %+v", rows)
	}
}

func TestReportStaleAndForgedButtons(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	kb := env.Say(repCAH, "/baocao")
	forged := []string{
		"r:m:CAH:999", "r:m:CAH:abc", "r:m:X-MYTAN:1", "r:s:CAH:9:finished", "r:s:X-MYTAN:1:blocked",
		"r:n:424242", "r:u:1:CAH", "r:zz", "r", "r:m", "r:s:CAH:9", "r:m:~9999:9", "r:b:NOPE",
	}
	var ids []string
	for _, d := range forged {
		ids = append(ids, env.TG.Press(repCAH, chat, kb.MessageID, d))
	}
	ids = append(ids, env.TG.Press(repCAH, chat, 987654, "r:m:CAH:9")) // a message the bot cannot see
	got := env.Say(repCAH, "/cuatoi")
	if !strings.Contains(got.PlainText, "MH9") {
		t.Fatalf("bot not answering after forged buttons: %q", got.PlainText)
	}
	env.Settle()
	deadline := time.Now().Add(5 * time.Second)
	for {
		stale := 0
		for _, a := range env.TG.Answers() {
			if strings.Contains(a.Text, "bắt đầu lại") {
				stale++
			}
		}
		if stale == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d forged buttons answered as stale: %+v", stale, len(ids), env.TG.Answers())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := repCount(t, env); n != 0 {
		t.Fatalf("forged buttons stored %d reports", n)
	}
}

func TestReportEditUpdatesTheReport(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	msg := env.TG.SendText(repCAH, chat, "MH9: đang triển khai 50%\nMH18: chưa triển khai")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Đang triển khai 50%")
	env.Clock.Advance(7 * 24 * time.Hour) // edited after the week ended: still last week's report
	env.TG.EditText(repCAH, chat, msg.ID, "MH9: hoàn thành - xong ngày 10/3\nMH18: chưa triển khai")
	got := env.WaitText(chat.ID, "Đã cập nhật", "MH9: Hoàn thành – xong ngày 10/3")
	if strings.Contains(got.PlainText, "MH18") {
		t.Errorf("unchanged line listed as updated: %q", got.PlainText)
	}
	rows := repRows(t, env, "CAH")
	if len(rows) != 3 {
		t.Fatalf("stored %d reports, want 3 (history kept)", len(rows))
	}
	last := rows[2]
	if last.Model != 9 || last.Status != store.StatusDone || last.Source != "edit" || last.Week != "2024-W11" || last.MessageID != msg.ID {
		t.Errorf("edit stored %+v", last)
	}
	var cur []store.Report
	_ = env.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		cur, err = tx.UnitCycleReports(context.Background(), store.CycleWeek, "2024-W11", "CAH")
		return err
	})
	if len(cur) != 2 || cur[0].Status != store.StatusDone {
		t.Errorf("week reports after edit = %+v", cur)
	}
}

// A reply to an old week's reminder, outside the late window, counts like typed text.
func TestReportReplyToOldReminderFollowsTheLateRule(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repTwo, "CAH", store.MemberFocal)
	env.Bind(repTwo, "X-MYTAN", store.MemberDeputy)
	chat := env.TG.Private(repTwo)
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, _, err := tx.Enqueue(context.Background(), store.Outgoing{ChatID: chat.ID, Purpose: "reminder",
			Text: "Nhắc báo cáo tuần", Unit: "CAH", Cycle: "2024-W10"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rem := env.WaitText(chat.ID, "Nhắc báo cáo tuần")
	env.Settle() // its Telegram message id is recorded
	env.TG.ReplyTo(repTwo, chat, rem.MessageID, "MH9: xong")
	env.WaitText(chat.ID, "Đã ghi nhận", "Công an huyện", "MH9: Hoàn thành")
	rows := repRows(t, env, "CAH")
	// Monday of the next due day is past W10's late window: the same week as typed text.
	if len(rows) != 1 || rows[0].Week != "2024-W11" || rows[0].Month != "2024-03" {
		t.Fatalf("reply to reminder stored %+v", rows)
	}
}

func TestReportSeveralUnitsAsksWhichOne(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repTwo, "CAH", store.MemberFocal)
	env.Bind(repTwo, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(repTwo)
	q := env.Say(repTwo, "MH9: xong")
	if q.ReplyMarkup == nil || !strings.Contains(q.PlainText, "đơn vị nào") {
		t.Fatalf("no unit question: %q", q.PlainText)
	}
	if repCount(t, env) != 0 {
		t.Fatal("stored before the unit was chosen")
	}
	env.Restart()
	unitData := repButton(t, env, chat.ID, q.MessageID, "r:u:")
	if !strings.HasSuffix(unitData, ":CAH") {
		t.Fatalf("first unit button = %q", unitData)
	}
	env.TG.Press(repTwo, chat, q.MessageID, unitData)
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	repWaitEdit(t, env, chat.ID, q.MessageID, "Báo cáo cho Công an huyện")
	if rows := repRows(t, env, "CAH"); len(rows) != 1 || rows[0].Model != 9 {
		t.Fatalf("CAH reports = %+v", rows)
	}
	// Pressing it again does nothing but say it is stale.
	again := env.TG.Press(repTwo, chat, q.MessageID, unitData)
	env.Settle()
	if repCount(t, env) != 1 {
		t.Fatal("a second press stored the text again")
	}
	repWaitAnswer(t, env, again, "bắt đầu lại")

	ms := repModels(env, "X-MYTAN")
	got := env.Say(repTwo, fmt.Sprintf("Đơn vị: x-mytan\nMH%d: đang làm 40%%\nMH9: xong", ms[0]))
	if !strings.Contains(got.PlainText, "Mỹ Tân") || !strings.Contains(got.PlainText, "Dòng 3") || !strings.Contains(got.PlainText, "không được giao") {
		t.Errorf("header reply = %q", got.PlainText)
	}
	if rows := repRows(t, env, "X-MYTAN"); len(rows) != 1 || rows[0].Model != ms[0] || rows[0].Percent != 40 || rows[0].Line != 2 {
		t.Fatalf("X-MYTAN reports = %+v", rows)
	}
	kb := env.Say(repTwo, "/baocao")
	env.TG.Press(repTwo, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:b:X-MYTAN"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn mô hình")
	repButton(t, env, chat.ID, kb.MessageID, fmt.Sprintf("r:m:X-MYTAN:%d", ms[0]))

	got = env.Say(repTwo, "Đơn vị: VHTT\nMH9: xong")
	if !strings.Contains(got.PlainText, "không phải đầu mối") {
		t.Errorf("other unit header = %q", got.PlainText)
	}
	if repCount(t, env) != 2 {
		t.Fatalf("stored %d reports", repCount(t, env))
	}
}

func TestReportShortcuts(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repFocal, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	ms := repModels(env, "X-MYTAN")
	got := env.Say(repFocal, fmt.Sprintf("tất cả đang triển khai\nMH%d: hoàn thành", ms[1]))
	if !strings.Contains(got.PlainText, fmt.Sprintf("MH%d: Hoàn thành", ms[1])) || !strings.Contains(got.PlainText, fmt.Sprintf("MH%d: Đang triển khai", ms[0])) {
		t.Errorf("all shortcut = %q", got.PlainText)
	}
	rows := repRows(t, env, "X-MYTAN")
	if len(rows) != len(ms) {
		t.Fatalf("all shortcut stored %d reports, want %d", len(rows), len(ms))
	}
	env.Clock.Advance(7 * 24 * time.Hour)
	got = env.Say(repFocal, "nhu tuan truoc")
	if !strings.Contains(got.PlainText, "tuần 12/2024") {
		t.Errorf("keep = %q", got.PlainText)
	}
	rows = repRows(t, env, "X-MYTAN")
	if len(rows) != 2*len(ms) {
		t.Fatalf("keep stored %d reports, want %d", len(rows)-len(ms), len(ms))
	}
	for _, r := range rows[len(ms):] {
		want := store.StatusInProgress
		if r.Model == ms[1] {
			want = store.StatusDone
		}
		if r.Source != "keep" || r.Week != "2024-W12" || r.Status != want {
			t.Errorf("kept %+v", r)
		}
	}

	// A unit that never reported some models: those are listed as missing.
	env.Bind(repCAH, "CAH", store.MemberFocal)
	env.Say(repCAH, "MH9: xong")
	got = env.Say(repCAH, "giữ nguyên ạ")
	if !strings.Contains(got.PlainText, "MH9: Hoàn thành") || !strings.Contains(got.PlainText, "Chưa từng báo cáo") || !strings.Contains(got.PlainText, "MH18") {
		t.Errorf("keep with missing = %q", got.PlainText)
	}
	_ = chat
}

func TestReportBadInput(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	long := "MH9: vướng mắc - " + strings.Repeat("á", 4096-len([]rune("MH9: vướng mắc - ")))
	var many []string
	for i := 0; i < 300; i++ {
		many = append(many, "MH9: đang triển khai "+fmt.Sprint(i%99+1)+"%")
	}
	cases := []struct {
		name, text string
		want       []string
		stored     int
	}{
		{"4096 chars", long, []string{"1000 ký tự"}, 0},
		{"hundreds of lines", strings.Join(many, "\n"), []string{"Đã ghi nhận", "Dòng 1 ", "… và"}, 1},
		{"english", "Hello, what is this bot? Please send me the report", []string{"chưa hiểu"}, 0},
		{"MH19", "MH19: xong", []string{"không có mô hình 19", "MH9, MH11"}, 0},
		{"MH0", "MH0: xong", []string{"số mô hình không hợp lệ"}, 0},
		{"MH-3", "MH-3: xong", []string{"số mô hình không hợp lệ"}, 0},
		{"150%", "MH9: 150%", []string{"từ 0% đến 100%"}, 0},
		{"not assigned", "MH6: xong", []string{"không được giao", "MH9"}, 0},
		{"contradiction", "MH9: hoàn thành 40%", []string{"không khớp"}, 0},
		{"html note", "MH9: vướng mắc - <script>alert('x')</script> & *đậm* _nghiêng_ `code`", []string{"<script>alert('x')</script> & *đậm*"}, 1},
		{"emoji", "MH18: xong 🎉👍", []string{"MH18: Hoàn thành – 🎉👍"}, 1},
		{"note of 1000", "MH18: đang làm 10% - " + strings.Repeat("ư", 1000), []string{"Đã ghi nhận"}, 1},
		{"note of 1001", "MH18: đang làm 10% - " + strings.Repeat("ư", 1001), []string{"1000 ký tự"}, 0},
		{"empty-ish", "   \n\t", []string{"chưa hiểu"}, 0},
		{"blocker without description", "MH9 vm", []string{"nêu rõ nội dung"}, 0},
		{"typo", "MH9 hoan thnah", []string{"có phải «hoàn thành»"}, 0},
		{"two models on a line", "MH9 xong, MH18 dtk 50%", []string{"MH9: Hoàn thành", "MH18: Đang triển khai 50%"}, 2},
		{"a short letter", "Kính gửi Tổ công tác\nMH18 vướng mắc:\n- thiếu camera\nTrân trọng!", []string{"MH18: Vướng mắc – thiếu camera", "bỏ qua 2 dòng"}, 1},
		{"a model in the note", "MH9 xong - phối hợp MH18", []string{"nằm trong phần ghi chú"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := repCount(t, env)
			got := env.Say(repCAH, c.text)
			env.Settle()
			for _, w := range c.want {
				if !strings.Contains(got.PlainText, w) {
					t.Errorf("answer lacks %q:\n%s", w, got.PlainText)
				}
			}
			if n := repCount(t, env) - before; n != c.stored {
				t.Errorf("stored %d reports, want %d", n, c.stored)
			}
			if st, _ := env.DB.OutboxStats(context.Background()); st[store.StateDead] > 0 {
				t.Fatalf("a message was refused by Telegram: %v", st)
			}
		})
	}
	rows := repRows(t, env, "CAH")
	var thousand bool
	for _, r := range rows {
		if r.Model == 9 && r.Status == store.StatusInProgress && (r.Percent != 2 || r.Line != 200) {
			t.Errorf("hundreds of lines: stored %+v, want the last read line (200)", r)
		}
		if r.Model == 9 && r.Status == store.StatusBlocked && r.Note != "<script>alert('x')</script> & *đậm* _nghiêng_ `code`" {
			t.Errorf("html note stored as %q", r.Note)
		}
		if len([]rune(r.Note)) == 1000 {
			thousand = true
		}
	}
	if !thousand {
		t.Errorf("the note of 1000 characters was not kept whole")
	}
}

func TestReportMine(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	env.Say(repCAH, "MH9: đang triển khai 30%")
	got := env.Say(repCAH, "/cuatoi")
	for _, w := range []string{"Công an huyện", "MH9 (chủ trì)", "MH18 (chủ trì)", "phối hợp", "Đang triển khai 30%", "Tuần này còn thiếu", "MH18", "Tuần 11/2024", "kỳ tháng 3/2024"} {
		if !strings.Contains(got.PlainText, w) {
			t.Errorf("/cuatoi lacks %q:\n%s", w, got.PlainText)
		}
	}
	if strings.Contains(got.PlainText, "còn thiếu: MH9,") {
		t.Errorf("/cuatoi lists a reported model as missing:\n%s", got.PlainText)
	}
}

// repWaitAnswer waits until the callback query id was answered with a text containing part.
func repWaitAnswer(t testing.TB, env *bottest.Env, id, part string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, a := range env.TG.Answers() {
			if a.CallbackQueryID == id {
				if !strings.Contains(a.Text, part) {
					t.Fatalf("callback %s answered %q, want %q", id, a.Text, part)
				}
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("callback %s not answered", id)
}

// ---- benchmarks ----

// BenchmarkStatusReplies measures a status reply through the whole path: fake server →
// bot → SQLite → confirmation delivered. Pacing is off, as in the echo bot it is compared
// with: the test setting's 1 ms per-chat gap, counted from the last answer, held up every
// reply to the one chat the benchmark talks in.
func BenchmarkStatusReplies(b *testing.B) {
	env := bottest.Start(b, bottest.WithLimits(bot.Limits{GroupPerMinute: 1 << 30}))
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	env.Say(repCAH, "MH9: xong") // warm up
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		n := env.TG.SentCount(chat.ID)
		env.TG.SendText(repCAH, chat, fmt.Sprintf("MH9: đang triển khai %d%%\nMH18: hoàn thành", i%98+1))
		if err := env.TG.WaitSentN(ctx, chat.ID, n+1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "replies/s")
}

// startEcho runs a bare go-telegram/bot echo bot on a fake server of its own until the
// benchmark ends; before, when given, runs ahead of each answer.
func startEcho(b *testing.B, before func(ctx context.Context, upd *models.Update) error) *telegramtest.Server {
	b.Helper()
	srv := telegramtest.New()
	echo, err := tgbot.New(srv.Token(), tgbot.WithServerURL(srv.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(2*time.Second, &http.Client{Timeout: 10 * time.Second}),
		tgbot.WithDefaultHandler(func(ctx context.Context, tg *tgbot.Bot, upd *models.Update) {
			if upd.Message == nil {
				return
			}
			if before != nil {
				if err := before(ctx, upd); err != nil {
					b.Error(err)
					return
				}
			}
			_, _ = tg.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: upd.Message.Chat.ID, Text: upd.Message.Text})
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { echo.Start(ctx); close(done) }()
	b.Cleanup(func() { cancel(); srv.Close(); <-done })
	return srv
}

// BenchmarkEchoBaseline is a bare go-telegram/bot echo bot on the same fake server.
func BenchmarkEchoBaseline(b *testing.B) {
	echoBench(b, startEcho(b, nil))
}

// BenchmarkEchoDurable is the echo bot that first puts each update's id on disk in the
// bot's database (one insert, committed and fsynced) before it answers, as no answer may
// come before what it tells is durable: the floor of any such bot on this disk.
func BenchmarkEchoDurable(b *testing.B) {
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "echo.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	echoBench(b, startEcho(b, func(ctx context.Context, upd *models.Update) error {
		return db.Update(ctx, func(tx *store.Tx) error { return tx.MarkUpdateHandled(ctx, upd.ID, "") })
	}))
}

func echoBench(b *testing.B, srv *telegramtest.Server) {
	chat := srv.Private(repCAH)
	wctx, wcancel := context.WithTimeout(context.Background(), time.Minute)
	defer wcancel()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		n := srv.SentCount(chat.ID)
		srv.SendText(repCAH, chat, fmt.Sprintf("MH9: đang triển khai %d%%\nMH18: hoàn thành", i%98+1))
		if err := srv.WaitSentN(wctx, chat.ID, n+1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "replies/s")
}

// A report typed at the guided flow's note prompt is recorded as a report, not stored as
// the note of the model asked about; the bot says it still waits for that note.
func TestReportTypedAtTheNotePrompt(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	kb := env.Say(repCAH, "/baocao")
	env.TG.Press(repCAH, chat, kb.MessageID, "r:m:CAH:9")
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
	env.TG.Press(repCAH, chat, kb.MessageID, "r:s:CAH:9:blocked")
	prompt, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool { return s.ChatID == chat.ID && s.ForceReply })
	if err != nil {
		t.Fatalf("no note prompt: %v", err)
	}
	env.Settle()

	// As a reply to the prompt.
	n := len(env.TG.SentTo(chat.ID))
	env.TG.ReplyTo(repCAH, chat, prompt.MessageID, "MH18 hoàn thành")
	got := env.NextTo(chat.ID, n)
	if !strings.Contains(got.PlainText, "MH18: Hoàn thành") || !strings.Contains(got.PlainText, "MH9 (Vướng mắc) chưa được ghi nhận") {
		t.Errorf("answer to a report at the prompt:\n%s", got.PlainText)
	}
	// Not as a reply (desktop clients): the same.
	got = env.Say(repCAH, "MH11 đang triển khai 40%")
	if !strings.Contains(got.PlainText, "MH11: Đang triển khai 40%") || !strings.Contains(got.PlainText, "vẫn đang chờ ghi chú") {
		t.Errorf("answer to a report typed while the note is awaited:\n%s", got.PlainText)
	}
	rows := repRows(t, env, "CAH")
	if len(rows) != 2 || rows[0].Model != 18 || rows[0].Note != "" || rows[1].Model != 11 || rows[1].Percent != 40 {
		t.Fatalf("stored %+v", rows)
	}
	// The note itself, afterwards, still completes the blocker.
	env.TG.ReplyTo(repCAH, chat, prompt.MessageID, "thiếu camera")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Vướng mắc – thiếu camera")
	// A report of the model asked about ends the question.
	env.TG.Press(repCAH, chat, kb.MessageID, "r:m:CAH:18")
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
	env.TG.Press(repCAH, chat, kb.MessageID, "r:s:CAH:18:blocked")
	env.WaitText(chat.ID, "Ghi chú cho MH18")
	env.Settle()
	got = env.Say(repCAH, "MH18 vướng mắc: chưa có mặt bằng")
	if !strings.Contains(got.PlainText, "MH18: Vướng mắc – chưa có mặt bằng") || strings.Contains(got.PlainText, "chờ ghi chú") {
		t.Errorf("the typed report of the model asked about:\n%s", got.PlainText)
	}
	got = env.Say(repCAH, "thiếu kinh phí")
	if !strings.Contains(got.PlainText, "chưa hiểu") {
		t.Errorf("with no question left, a stray note is not understood:\n%s", got.PlainText)
	}
}

// The button flow takes a percentage for "đang triển khai": a 25/50/75% button, or a
// number typed at the prompt, stored as the progress and not as a note.
func TestReportGuidedPercentage(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	kb := env.Say(repCAH, "/baocao")
	ask := func(model int) {
		env.TG.Press(repCAH, chat, kb.MessageID, fmt.Sprintf("r:m:CAH:%d", model))
		repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
		env.TG.Press(repCAH, chat, kb.MessageID, fmt.Sprintf("r:s:CAH:%d:in_progress", model))
		repWaitEdit(t, env, chat.ID, kb.MessageID, fmt.Sprintf("MH%d: 🔄", model))
		env.Settle()
	}
	ask(9)
	env.TG.Press(repCAH, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:p:"))
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Đang triển khai 25%")
	ask(18)
	if got := env.Say(repCAH, "100%"); !strings.Contains(got.PlainText, "từ 1% đến 99%") {
		t.Errorf("100%% for in progress: %q", got.PlainText)
	}
	env.TG.SendText(repCAH, chat, "90 - đã lắp 3 thôn")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH18: Đang triển khai 90% – đã lắp 3 thôn")
	rows := repRows(t, env, "CAH")
	if len(rows) != 2 || rows[0].Percent != 25 || rows[0].Note != "" || rows[1].Percent != 90 || rows[1].Note != "đã lắp 3 thôn" {
		t.Fatalf("stored %+v", rows)
	}
}

// A near-miss typo is asked about with buttons, and recorded only on "Đúng, ghi nhận".
func TestReportTypoSuggestionButtons(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	env.Say(repCAH, "MH9 hoan thnah, MH18 dtk 50%")
	q := env.WaitText(chat.ID, "có phải «hoàn thành»?", "MH9: Hoàn thành", "MH18: Đang triển khai 50%")
	env.Settle()
	if n := len(repRows(t, env, "CAH")); n != 0 {
		t.Fatalf("recorded %d reports before the answer", n)
	}
	env.TG.Press(repCAH, chat, q.MessageID, repButton(t, env, chat.ID, q.MessageID, "r:y:"))
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành", "MH18: Đang triển khai 50%")
	repWaitEdit(t, env, chat.ID, q.MessageID, "Đã xác nhận")

	env.Say(repCAH, "MH11 dang trien khia")
	q = env.WaitText(chat.ID, "❓ Dòng 1", "có phải «đang triển khai»?")
	env.Settle()
	env.TG.Press(repCAH, chat, q.MessageID, repButton(t, env, chat.ID, q.MessageID, "r:x:"))
	repWaitEdit(t, env, chat.ID, q.MessageID, "Đã bỏ qua")
	env.Settle()
	rows := repRows(t, env, "CAH")
	if len(rows) != 2 || rows[0].Model != 9 || rows[0].Status != store.StatusDone || rows[1].Model != 18 || rows[1].Percent != 50 {
		t.Fatalf("stored %+v", rows)
	}
	// Pressed again (an old client still shows it): stale, nothing recorded.
	cq := env.TG.Press(repCAH, chat, q.MessageID, "r:y:1")
	repWaitAnswer(t, env, cq, "")
	env.Settle()
	if n := len(repRows(t, env, "CAH")); n != 2 {
		t.Fatalf("a stale confirmation recorded: %d rows", n)
	}
}
