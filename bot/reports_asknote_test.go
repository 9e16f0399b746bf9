package bot_test

import (
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// "MH18 vm" with no description: the bot asks what the blocker is and records it, and
// sends it up, once the description is given.
func TestBlockerWithoutDescriptionIsAskedFor(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	env.TG.SendText(repCAH, chat, "MH9 xong\nMH18 vm")
	conf := env.WaitText(chat.ID, "MH9: Hoàn thành", "Dòng 2", "vui lòng trả lời câu hỏi bên dưới")
	prompt, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool { return s.ChatID == chat.ID && s.ForceReply })
	if err != nil {
		t.Fatalf("no question about the blocker (answer %q): %v", conf.PlainText, err)
	}
	if !strings.Contains(prompt.PlainText, "MH18: vướng mắc là gì?") {
		t.Errorf("question %q", prompt.PlainText)
	}
	env.Settle()
	if rows := repRows(t, env, "CAH"); len(rows) != 1 || rows[0].Model != 9 {
		t.Fatalf("stored before the description: %+v", rows)
	}
	env.TG.ReplyTo(repCAH, chat, prompt.MessageID, "thiếu kinh phí lắp camera")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH18: Vướng mắc – thiếu kinh phí lắp camera")
	env.WaitText(bottest.Admin.ID, "MH18", "thiếu kinh phí lắp camera")
	env.Settle()
	rows := repRows(t, env, "CAH")
	if len(rows) != 2 || rows[1].Model != 18 || rows[1].Status != store.StatusBlocked || rows[1].Note != "thiếu kinh phí lắp camera" {
		t.Fatalf("stored %+v", rows)
	}
}
