package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

var hanoi = time.FixedZone("ICT", 7*3600)

// W11 of 2024 is due Monday 11 March; Tuesday 12 March is its late day.
var (
	lateTuesday = time.Date(2024, 3, 12, 10, 0, 0, 0, hanoi)
	weekDue     = map[string]time.Time{"2024-W11": time.Date(2024, 3, 12, 0, 0, 0, 0, hanoi),
		"2024-W12": time.Date(2024, 3, 19, 0, 0, 0, 0, hanoi)}
)

// lateRows are CAH's stored rows as "week" or "week late" (received after its due time,
// the rule workgroup.CycleState applies).
func lateRows(t *testing.T, env *bottest.Env) []string {
	t.Helper()
	var out []string
	for _, r := range repRows(t, env, "CAH") {
		late := storetest.Int(t, env.DB, `SELECT count(*) FROM reports WHERE id = ? AND received_at >= ?`, r.ID, weekDue[r.Week].Unix()) == 1
		s := r.Week
		if late {
			s += " late"
		}
		out = append(out, s)
	}
	return out
}

// pressWeek answers the late-week question q with the button for week; it returns the
// other button's data.
func pressWeek(t *testing.T, env *bottest.Env, chatID int64, q int, week string) (other string) {
	t.Helper()
	var data string
	m, ok := env.TG.Message(chatID, q)
	if !ok || m.ReplyMarkup == nil {
		t.Fatalf("message %d has no keyboard", q)
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.HasSuffix(b.CallbackData, ":"+week) {
				data = b.CallbackData
			} else {
				other = b.CallbackData
			}
		}
	}
	if data == "" {
		t.Fatalf("no button for %s", week)
	}
	env.TG.Press(repFocal, env.TG.Private(repFocal), q, data)
	return other
}

func TestLateTypedReportAsksWhichWeek(t *testing.T) {
	env := bottest.Start(t, bottest.At(lateTuesday))
	env.Bind(repFocal, "CAH", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	q := env.Say(repFocal, "MH9 xong\nMH18 đang triển khai 50%")
	if q.ReplyMarkup == nil || !strings.Contains(q.PlainText, "kỳ nào") {
		t.Fatalf("no week question: %q", q.PlainText)
	}
	var labels []string
	for _, row := range q.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	if got := strings.Join(labels, " | "); got != "Tuần 11/2024 (đã quá hạn) | Tuần 12/2024" {
		t.Errorf("question buttons = %s", got)
	}
	env.Settle()
	if repCount(t, env) != 0 {
		t.Fatal("stored before the week was chosen")
	}
	env.Restart() // the question survives a restart
	w12 := pressWeek(t, env, chat.ID, q.MessageID, "2024-W11")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	if got := strings.Join(lateRows(t, env), ","); got != "2024-W11 late,2024-W11 late" {
		t.Fatalf("stored %s, want both lines in W11, late", got)
	}
	// The button is used up.
	env.TG.Press(repFocal, chat, q.MessageID, w12)
	env.Settle()
	if repCount(t, env) != 2 {
		t.Fatal("a second press recorded again")
	}
}

func TestLateReplyToReminderAsksTheSame(t *testing.T) {
	env := bottest.Start(t, bottest.At(lateTuesday))
	env.Bind(repFocal, "CAH", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, _, err := tx.Enqueue(context.Background(), store.Outgoing{ChatID: chat.ID, Purpose: "reminder",
			Text: "Nhắc báo cáo tuần", Unit: "CAH", Cycle: "2024-W11"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rem := env.WaitText(chat.ID, "Nhắc báo cáo tuần")
	env.Settle()
	env.TG.ReplyTo(repFocal, chat, rem.MessageID, "MH9: xong")
	q := env.WaitText(chat.ID, "kỳ nào")
	env.Settle()
	if repCount(t, env) != 0 {
		t.Fatal("a reply to the reminder was stored before the week was chosen")
	}
	pressWeek(t, env, chat.ID, q.MessageID, "2024-W12")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	if got := strings.Join(lateRows(t, env), ","); got != "2024-W12" {
		t.Fatalf("stored %s, want W12", got)
	}
}

func TestLateReportStatingItsWeekIsNotAsked(t *testing.T) {
	env := bottest.Start(t, bottest.At(lateTuesday))
	env.Bind(repFocal, "CAH", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	env.Say(repFocal, "tuần trước: MH9 xong")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	if got := strings.Join(lateRows(t, env), ","); got != "2024-W11 late" {
		t.Fatalf("stored %s, want W11", got)
	}
}

func TestReportAfterTheLateWindowIsNotAsked(t *testing.T) {
	env := bottest.Start(t, bottest.At(time.Date(2024, 3, 13, 9, 0, 0, 0, hanoi)))
	env.Bind(repFocal, "CAH", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	env.Say(repFocal, "MH9 xong")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	if got := strings.Join(lateRows(t, env), ","); got != "2024-W12" {
		t.Fatalf("stored %s, want W12", got)
	}
}

// The guided flow (as under Monday's reminder) asks the same question before the note.
func TestLateGuidedFlowAsksWhichWeek(t *testing.T) {
	env := bottest.Start(t, bottest.At(lateTuesday))
	env.Bind(repFocal, "CAH", store.MemberFocal)
	chat := env.TG.Private(repFocal)
	kb := env.Say(repFocal, "/baocao")
	env.TG.Press(repFocal, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:m:CAH:9"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
	env.TG.Press(repFocal, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:s:CAH:9:done"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "kỳ nào")
	pressWeek(t, env, chat.ID, kb.MessageID, "2024-W11")
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Bỏ qua")
	env.TG.Press(repFocal, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:n:"))
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Hoàn thành")
	if got := strings.Join(lateRows(t, env), ","); got != "2024-W11 late" {
		t.Fatalf("stored %s, want W11, late", got)
	}
}
