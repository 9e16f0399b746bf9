package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
)

// A handler that panics after queueing a message: its writes are rolled back, the user
// gets an apology, the update is recorded once, and the bot goes on.
func TestPanickingHandlerIsRolledBackAndAnswered(t *testing.T) {
	env := bottest.Start(t)
	env.Bot.AddCommandForTest("noboom", func(write func(store.Outgoing)) {
		write(store.Outgoing{Text: "half-done"})
		var m map[string]int
		m["x"] = 1 // nil map write: a real panic
	})
	got := env.Say(stranger, "/noboom")
	if !strings.Contains(got.PlainText, "Xin lỗi, đã có lỗi") {
		t.Fatalf("answer to a panicking handler = %q", got.PlainText)
	}
	if again := env.Say(stranger, "/start"); !strings.Contains(again.PlainText, "Xin chào") {
		t.Fatalf("bot did not go on after the panic: %q", again.PlainText)
	}
	env.Settle()
	for _, s := range env.TG.SentTo(stranger.ID) {
		if strings.Contains(s.PlainText, "half-done") {
			t.Errorf("the panicking handler's message was sent")
		}
	}
	if n, err := env.DB.HandledUpdates(context.Background()); err != nil || n != 2 {
		t.Errorf("handled updates = %d, %v; want 2", n, err)
	}
}
