package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

var stranger = telegramtest.User{ID: 5005, FirstName: "Người", LastName: "Lạ"}

func TestStartWelcomesInVietnamese(t *testing.T) {
	env := bottest.Start(t)
	got := env.Say(stranger, "/start")
	if !strings.Contains(got.PlainText, "Xin chào") || !strings.Contains(got.PlainText, "Tổ công tác Đề án 06") {
		t.Fatalf("welcome = %q", got.PlainText)
	}
	if len(env.TG.Commands()) == 0 {
		t.Errorf("command menu was not registered")
	}
	if calls := env.TG.Calls("deleteWebhook"); len(calls) == 0 {
		t.Errorf("webhook was not deleted before polling")
	}
	admin := env.Say(bottest.Admin, "/start")
	if !strings.Contains(admin.PlainText, "Cơ quan thường trực") {
		t.Errorf("admin welcome = %q", admin.PlainText)
	}
}

func TestUndecodableUpdateDoesNotStallTheBot(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(stranger, "X-MYTAN", store.MemberFocal) // strangers get one answer per 10 minutes
	chat := env.TG.Private(stranger)
	env.TG.SendText(stranger, chat, "/huongdan")
	// An unknown chat member status cannot be decoded by the client library.
	bad := env.TG.PushRaw(`{"my_chat_member":{"chat":{"id":5005,"type":"private"},"from":{"id":5005,"is_bot":false,"first_name":"x"},"date":1,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"b"}},"new_chat_member":{"status":"mystery","user":{"id":1,"is_bot":true,"first_name":"b"}}}}`)
	env.TG.SendText(stranger, chat, "/start")
	env.WaitText(chat.ID, "Hướng dẫn")
	env.WaitText(chat.ID, "Anh/chị là đầu mối") // a bound focal point's /start: the home page
	if !env.TG.Confirmed(bad) {
		// The next poll after the batch confirms it; wait for one.
		env.TG.SendText(stranger, chat, "/huongdan")
		env.NextTo(chat.ID, 2)
		if !env.TG.Confirmed(bad) {
			t.Errorf("undecodable update %d was never confirmed", bad)
		}
	}
}

func TestRestartDoesNotHandleAnUpdateTwice(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(stranger, "X-MYTAN", store.MemberFocal) // strangers get one answer per 10 minutes
	chat := env.TG.Private(stranger)
	env.Say(stranger, "/start")
	env.Restart()
	env.Say(stranger, "/huongdan")
	env.Settle()
	if n := len(env.TG.SentTo(chat.ID)); n != 2 {
		t.Fatalf("sent %d messages, want 2 (one per update)", n)
	}
	n, err := env.DB.HandledUpdates(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("handled updates = %d, %v; want 2", n, err)
	}
}

func TestUnknownCommandAndGroupCommandForOtherBot(t *testing.T) {
	env := bottest.Start(t)
	got := env.Say(stranger, "/khongco")
	if !strings.Contains(got.PlainText, "/khongco") {
		t.Errorf("unknown command answer = %q", got.PlainText)
	}
}
