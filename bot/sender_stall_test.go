package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// Regression (soak test): the sender made one call at a time with a 30 s deadline, so one
// request that hung (a black-holed connection) held every other chat's messages for 30 s.
// Now the other chats are served while it hangs.
func TestSenderHungRequestDoesNotStallOtherChats(t *testing.T) {
	limits := telegramtest.RateLimits{PerChat: time.Second, GroupPerMinute: 20, Global: 30}
	env := bottest.Start(t, bottest.WithLimits(bot.DefaultLimits),
		bottest.WithServerOptions(telegramtest.WithRateLimits(limits)))
	env.TG.FailNext("sendMessage", 1, telegramtest.FaultTimeout{})

	const chats = 20
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		for c := 0; c < chats; c++ {
			if _, _, err := tx.Enqueue(context.Background(), store.Outgoing{
				ChatID: int64(40000 + c), Purpose: "test", Text: fmt.Sprintf("tin %d", c),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Well under the send deadline, every other chat is served; the first request hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for c := 1; c < chats; c++ {
		if _, err := env.TG.WaitSentCount(ctx, int64(40000+c), 1); err != nil {
			t.Fatalf("chat %d got nothing within 5 s while another chat's request hung", 40000+c)
		}
	}
	if got := env.TG.SentTo(40000); len(got) != 0 || env.TG.Stats().Injected != 1 {
		t.Fatalf("the hung chat got %d messages, %d faults injected; want 0 and 1", len(got), env.TG.Stats().Injected)
	}
	env.TG.Close() // ends the hung request so the bot stops at once
}
