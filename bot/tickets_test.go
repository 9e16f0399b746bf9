package bot_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// buttonData finds the callback data of the button whose label contains label.
func buttonData(t *testing.T, s telegramtest.Sent, label string) string {
	t.Helper()
	if s.ReplyMarkup == nil {
		t.Fatalf("no buttons on %q", s.PlainText)
	}
	for _, row := range s.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b.CallbackData
			}
		}
	}
	t.Fatalf("no button %q on %q", label, s.PlainText)
	return ""
}

func TestTicketLifecycleThroughTelegram(t *testing.T) {
	env := bottest.Start(t)
	focal := telegramtest.User{ID: 2001, FirstName: "Hà", LastName: "Thị Mỹ Tân"}
	tckh := telegramtest.User{ID: 2002, FirstName: "Phan", LastName: "Tài Chính"}
	env.Bind(focal, "X-MYTAN", store.MemberFocal)
	env.Bind(tckh, "TCKH", store.MemberFocal)
	admin := env.TG.Private(bottest.Admin)
	unit := env.TG.Private(focal)
	other := env.TG.Private(tckh)

	env.Say(focal, "MH30 vuong mac: thieu kinh phi")
	alert := env.WaitText(admin.ID, "Vướng mắc", "thieu kinh phi")

	// Acknowledge: the unit is told.
	env.TG.Press(bottest.Admin, admin, alert.MessageID, buttonData(t, alert, "tiếp nhận"))
	env.WaitText(unit.ID, "đã tiếp nhận", "MH30")
	env.WaitText(admin.ID, "Đã tiếp nhận")

	// Assign to Phòng Tài chính - Kế hoạch: a prompt, answered with the code.
	env.TG.Press(bottest.Admin, admin, alert.MessageID, buttonData(t, alert, "giao đơn vị"))
	prompt := env.WaitText(admin.ID, "Nhập mã đơn vị")
	if !prompt.ForceReply || !strings.Contains(prompt.PlainText, "mã đơn vị") {
		t.Fatalf("assign prompt: %+v", prompt)
	}
	env.Settle() // the bot has recorded which message it sent
	env.TG.ReplyTo(bottest.Admin, admin, prompt.MessageID, "KHONGCO")
	env.WaitText(admin.ID, "Không tìm thấy đơn vị", "KHONGCO")
	env.Settle() // the bot has recorded which message it sent
	env.TG.ReplyTo(bottest.Admin, admin, prompt.MessageID, "TCKH")
	env.WaitText(other.ID, "phối hợp tháo gỡ", "MH30")
	env.WaitText(unit.ID, "đã giao", "Phòng Tài chính")

	// The office answers through the bot; the unit replies to that message; it comes back.
	env.WaitText(admin.ID, "Đã giao đơn vị")
	env.TG.Press(bottest.Admin, admin, alert.MessageID, buttonData(t, alert, "trả lời"))
	prompt = env.WaitText(admin.ID, "Nhập nội dung trả lời")
	env.Settle() // the bot has recorded which message it sent
	env.TG.ReplyTo(bottest.Admin, admin, prompt.MessageID, "Tuần sau Phòng TC-KH làm việc với xã")
	answer := env.WaitText(unit.ID, "Cơ quan thường trực trả lời", "Tuần sau Phòng TC-KH")
	env.Settle() // the bot has recorded which message it sent
	env.TG.ReplyTo(focal, unit, answer.MessageID, "Xã xin cảm ơn, sẽ chuẩn bị hồ sơ")
	back := env.WaitText(admin.ID, "phản hồi", "sẽ chuẩn bị hồ sơ")
	env.WaitText(unit.ID, "Đã chuyển phản hồi")
	// …and the office answers that reply directly.
	env.Settle() // the bot has recorded which message it sent
	env.TG.ReplyTo(bottest.Admin, admin, back.MessageID, "Đã nhận hồ sơ")
	env.WaitText(unit.ID, "Đã nhận hồ sơ")

	// /vuongmac shows age, owner and last step.
	env.Settle()
	list := env.Say(bottest.Admin, "/vuongmac")
	for _, want := range []string{"MH30", "thieu kinh phi", "Phụ trách: Lê Văn Thường Trực", "Bước gần nhất: Cơ quan thường trực đã trả lời", "ngày làm việc"} {
		if !strings.Contains(list.PlainText, want) {
			t.Errorf("/vuongmac lacks %q:\n%s", want, list.PlainText)
		}
	}

	// The workbook has the blockers sheet.
	env.Settle()
	book := env.Say(bottest.Admin, "/xuat")
	f, err := excelize.OpenReader(bytes.NewReader(book.File))
	if err != nil {
		t.Fatalf("/xuat: %v (%s %q)", err, book.Method, book.PlainText)
	}
	rows, err := f.GetRows(messages.SheetBlockers)
	if err != nil || len(rows) != 2 || rows[1][0] != "X-MYTAN" || rows[1][2] != "MH30" || rows[1][9] != "TCKH" {
		t.Errorf("blockers sheet %q (%v)", rows, err)
	}

	// Resolve; then the focal point says it is still blocked: the same ticket reopens.
	env.TG.Press(bottest.Admin, admin, alert.MessageID, buttonData(t, alert, "đã tháo gỡ"))
	env.WaitText(unit.ID, "đã được tháo gỡ")
	env.TG.Press(bottest.Admin, admin, alert.MessageID, buttonData(t, alert, "đã tháo gỡ"))
	env.WaitText(admin.ID, "đã được tháo gỡ trước đó")
	env.Say(focal, "MH30 vuong mac: van chua co kinh phi")
	env.Settle()
	list = env.Say(bottest.Admin, "/vuongmac")
	if !strings.Contains(list.PlainText, "mở lại") || !strings.Contains(list.PlainText, "chưa tiếp nhận") {
		t.Errorf("reopened ticket:\n%s", list.PlainText)
	}
	var events []store.TicketEvent
	err = env.DB.View(env.Context(), func(tx *store.Tx) error {
		ts, err := tx.OpenTickets(env.Context())
		if err != nil || len(ts) != 1 {
			t.Fatalf("open tickets %v %v", ts, err)
		}
		events, err = tx.TicketEvents(env.Context(), ts[0].ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, string(e.Action))
	}
	want := "opened acknowledged assigned office_reply unit_reply office_reply resolved reopened"
	if strings.Join(got, " ") != want {
		t.Errorf("history %q, want %q", strings.Join(got, " "), want)
	}
}
