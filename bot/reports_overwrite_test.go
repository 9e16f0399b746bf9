package bot_test

import (
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
)

// latestStatus is the unit's latest status of a model, "" when none.
func latestStatus(t *testing.T, env *bottest.Env, unit string, model int) store.Status {
	var st store.Status
	for _, r := range repRows(t, env, unit) {
		if r.Model == model {
			st = r.Status
		}
	}
	return st
}

// "tất cả …" that would overwrite a Hoàn thành or an open blocker asks first; a blocker
// cleared that way is reported to the office.
func TestBulkShortcutAsksBeforeOverwriting(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(repCAH, "CAH", store.MemberFocal)
	chat := env.TG.Private(repCAH)
	env.Say(repCAH, "MH9 xong\nMH18 vm: thiếu kinh phí")
	env.Settle()

	env.TG.SendText(repCAH, chat, "tất cả đang triển khai")
	conf := env.WaitText(chat.ID, "Đã ghi nhận", "MH1: Đang triển khai")
	if strings.Contains(conf.PlainText, "MH9:") || strings.Contains(conf.PlainText, "MH18:") {
		t.Errorf("overwrites recorded without asking:\n%s", conf.PlainText)
	}
	q := env.WaitText(chat.ID, "Anh/chị có muốn ghi đè không?", "MH9: ✅ Hoàn thành → 🔄 Đang triển khai", "MH18: ⚠️ Vướng mắc → 🔄 Đang triển khai")
	env.Settle()
	if latestStatus(t, env, "CAH", 9) != store.StatusDone || latestStatus(t, env, "CAH", 18) != store.StatusBlocked {
		t.Fatalf("overwritten before the answer")
	}
	env.TG.Press(repCAH, chat, q.MessageID, repButton(t, env, chat.ID, q.MessageID, "r:o:"))
	env.WaitText(chat.ID, "Đã ghi nhận", "MH9: Đang triển khai", "MH18: Đang triển khai")
	env.WaitText(bottest.Admin.ID, "Gỡ vướng mắc", "MH18", "thiếu kinh phí")
	env.Settle()
	if latestStatus(t, env, "CAH", 9) != store.StatusInProgress || latestStatus(t, env, "CAH", 18) != store.StatusInProgress {
		t.Fatalf("not overwritten after [Ghi đè]")
	}

	// [Giữ như cũ] keeps the Hoàn thành.
	env.Say(repCAH, "MH9 xong")
	env.Settle()
	env.TG.SendText(repCAH, chat, "tất cả chưa triển khai")
	q = env.WaitText(chat.ID, "Anh/chị có muốn ghi đè không?", "MH9: ✅ Hoàn thành → ⏳")
	env.TG.Press(repCAH, chat, q.MessageID, repButton(t, env, chat.ID, q.MessageID, "r:k:"))
	repWaitEdit(t, env, chat.ID, q.MessageID, "Đã giữ nguyên trạng thái cũ")
	env.Settle()
	if st := latestStatus(t, env, "CAH", 9); st != store.StatusDone {
		t.Errorf("MH9 = %s after [Giữ như cũ]", st)
	}
	if st := latestStatus(t, env, "CAH", 1); st != store.StatusNotStarted {
		t.Errorf("MH1 = %s, want the shortcut recorded for it", st)
	}
}
