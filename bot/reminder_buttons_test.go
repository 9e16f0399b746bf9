package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

var remFocal = telegramtest.User{ID: 6301, FirstName: "Phạm", LastName: "Thị Mỹ Tân"}

// remButton finds the data of the button starting with prefix.
func remButton(t *testing.T, s telegramtest.Sent, prefix string) string {
	t.Helper()
	if s.ReplyMarkup != nil {
		for _, row := range s.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, prefix) {
					return b.CallbackData
				}
			}
		}
	}
	t.Fatalf("no %q button on %q", prefix, s.PlainText)
	return ""
}

// TestReminderIsShortAndAnswersInOneTap: a commune's reminder lists its models by code
// and short name within 600 characters, and «Giữ nguyên như kỳ trước» records the
// previous statuses in one tap.
func TestReminderIsShortAndAnswersInOneTap(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(remFocal, "X-MYTAN", store.MemberFocal)
	if got := env.Say(remFocal, "MH27: dang trien khai 60%"); !strings.Contains(got.PlainText, "MH27") {
		t.Fatalf("report not confirmed: %q", got.PlainText)
	}
	env.Say(bottest.Admin, "/nhacnho")
	chat := env.TG.Private(remFocal)
	rem := env.WaitText(chat.ID, "Nhắc báo cáo")
	if n := utf8.RuneCountInString(strings.TrimSpace(rem.PlainText)); n > 600 {
		t.Errorf("reminder of %d characters:\n%s", n, rem.PlainText)
	}
	if strings.Contains(rem.PlainText, "MH27 ") || !strings.Contains(rem.PlainText, "MH28 Truyền thông chính sách") {
		t.Errorf("reminder does not list the missing models by short name:\n%s", rem.PlainText)
	}
	remButton(t, rem, "r:b:")
	remButton(t, rem, messages.AwayButtonData)
	n := len(env.TG.SentTo(chat.ID))
	env.TG.Press(remFocal, chat, rem.MessageID, remButton(t, rem, messages.KeepButtonPrefix))
	got := env.NextTo(chat.ID, n)
	if !strings.Contains(got.PlainText, "MH27: Đang triển khai 60%") {
		t.Fatalf("keep did not record the previous status: %q", got.PlainText)
	}
}

// TestRefusedMessageIsReported: a message Telegram refuses with 400 is not dropped in
// silence; the admins learn what it was for and for whom.
func TestRefusedMessageIsReported(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(remFocal, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(remFocal)
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		_, _, err := tx.Enqueue(context.Background(), store.Outgoing{ChatID: chat.ID, Purpose: "reminder",
			Text: "<b>thẻ không đóng", Unit: "X-MYTAN"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := env.TG.Private(bottest.Admin)
	got := env.WaitText(admin.ID, "Telegram từ chối", "nhắc báo cáo", "Phạm Thị Mỹ Tân", "UBND xã Mỹ Tân")
	if !strings.Contains(got.PlainText, "can't parse entities") {
		t.Errorf("the reason is missing: %q", got.PlainText)
	}
}

// TestUnreachableNoticeNamesUnitAndRole: when a focal point blocks the bot, the admins
// learn which unit loses its focal point.
func TestUnreachableNoticeNamesUnitAndRole(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(remFocal, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(remFocal)
	env.TG.Block(chat.ID)
	env.Say(bottest.Admin, "/nhacnho")
	got := env.WaitText(env.TG.Private(bottest.Admin).ID, "Không gửi được tin nhắn tới", "Phạm Thị Mỹ Tân", "đầu mối của X-MYTAN UBND xã Mỹ Tân")
	if strings.Contains(got.PlainText, "6301") {
		t.Errorf("the notice shows a raw id: %q", got.PlainText)
	}
}

// TestHomeForKnownFocalPoint: a bound /start shows the person's unit, its models with
// this week's status, and examples on the unit's own models; /huongdan adds the help.
func TestHomeForKnownFocalPoint(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(remFocal, "X-MYTAN", store.MemberFocal)
	env.Say(remFocal, "MH27: dang trien khai 60%")
	p := store.DefaultPlan()
	first := p.UnitModels("X-MYTAN")[0].Model
	home := env.Say(remFocal, "/start")
	for _, want := range []string{"đầu mối của UBND xã Mỹ Tân (X-MYTAN)", "MH27 Truyền thông nội bộ: 🔄 Đang triển khai 60%",
		"MH28 Truyền thông chính sách: ▫️ chưa báo cáo", "đã báo cáo 1/", fmt.Sprintf("MH%d: hoàn thành", first)} {
		if !strings.Contains(home.PlainText, want) {
			t.Errorf("home lacks %q:\n%s", want, home.PlainText)
		}
	}
	help := env.Say(remFocal, "/huongdan")
	if !strings.Contains(help.PlainText, "X-MYTAN") || !strings.Contains(help.PlainText, "Hướng dẫn báo cáo") {
		t.Errorf("/huongdan for a focal point:\n%s", help.PlainText)
	}
	if stranger := env.Say(stranger, "/start"); strings.Contains(stranger.PlainText, "X-MYTAN") {
		t.Errorf("a stranger sees a unit: %q", stranger.PlainText)
	}
}
