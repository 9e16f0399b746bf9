package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

func waitAnswer(t *testing.T, tg *telegramtest.Server, id string) telegramtest.CallbackAnswer {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, a := range tg.Answers() {
			if a.CallbackQueryID == id {
				return a
			}
		}
	}
	t.Fatalf("button press %s never answered", id)
	return telegramtest.CallbackAnswer{}
}

// A press handled just before a crash, its answer not sent yet, comes again from
// Telegram: the bot recognises it, handles nothing twice, and sends the answer it had
// recorded with it.
func TestPressDeliveredAgainAfterACrashIsAnswered(t *testing.T) {
	env := bottest.Start(t)
	chat := env.TG.Private(bottest.Admin)
	first := env.TG.Press(bottest.Admin, chat, 1, "zz:1")
	if a := waitAnswer(t, env.TG, first); a.Text != messages.StaleButton() {
		t.Fatalf("a stale button's answer: %q", a.Text)
	}
	env.Settle()
	if n := storetest.Int(t, env.DB, `SELECT count(*) FROM handled_updates WHERE callback_answer = ?`, messages.StaleButton()); n != 1 {
		t.Fatalf("%d handled updates keep the answer, want the press's one", n)
	}

	// The crash: the next press's effects committed with its answer, which never left.
	env.Stop()
	ctx := context.Background()
	db, err := store.Open(ctx, env.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	next := env.TG.NextUpdateID()
	const answer = "Đã ghi nhận: MH9 hoàn thành."
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.MarkUpdateHandled(ctx, next, answer) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	second := env.TG.Press(bottest.Admin, chat, 1, "zz:2")
	env.Restart()
	if a := waitAnswer(t, env.TG, second); a.Text != answer {
		t.Errorf("the press delivered again was answered %q, want the recorded %q", a.Text, answer)
	}
	env.Settle()
	if n := storetest.Int(t, env.DB, `SELECT count(*) FROM handled_updates WHERE update_id = ?`, next); n != 1 {
		t.Errorf("the press delivered again is recorded %d times", n)
	}
}
