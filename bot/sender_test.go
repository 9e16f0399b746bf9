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
	"github.com/tocongtac/tocongtac/store/storetest"
)

// TestSenderDeliversWithinLimitsThroughFaults queues 300 messages to 100 chats while the
// fake Telegram enforces its flood limits and injects 429s and 5xx errors.
func TestSenderDeliversWithinLimitsThroughFaults(t *testing.T) {
	limits := telegramtest.RateLimits{PerChat: time.Second, GroupPerMinute: 20, Global: 30}
	env := bottest.Start(t, bottest.WithLimits(bot.DefaultLimits),
		bottest.WithServerOptions(telegramtest.WithRateLimits(limits)))
	env.TG.SetFaultRate(0.1, 7, telegramtest.Fault429{RetryAfter: 1}, telegramtest.Fault5xx{Code: 500},
		telegramtest.Fault5xx{Code: 502}, telegramtest.FaultDrop{})

	const chats, perChat = 100, 3
	err := env.DB.Update(context.Background(), func(tx *store.Tx) error {
		for round := 0; round < perChat; round++ {
			for c := 0; c < chats; c++ {
				_, _, err := tx.Enqueue(context.Background(), store.Outgoing{
					ChatID: int64(30000 + c), Priority: store.PriorityBulk, Purpose: "test",
					Text: fmt.Sprintf("tin %d/%d", round+1, perChat),
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	for c := 0; c < chats; c++ {
		if _, err := env.TG.WaitSentCount(ctx, int64(30000+c), perChat); err != nil {
			st, _ := env.DB.OutboxStats(context.Background())
			var states []string
			storetest.Rows(t, env.DB, `SELECT id, state, attempts, next_try_at, last_error FROM outbox WHERE chat_id = ?`,
				[]any{int64(30000 + c)}, func(scan func(...any) error) error {
					var id, at, next int64
					var state, le string
					err := scan(&id, &state, &at, &next, &le)
					states = append(states, fmt.Sprintf("%d %s attempts=%d next=%d err=%s", id, state, at, next, le))
					return err
				})
			t.Fatalf("chat %d: %v; outbox %v; rows %q; now %d", c, err, st, states, env.Clock.Now().Unix())
		}
	}
	elapsed := time.Since(start)
	env.Settle()

	// Each chat got its three messages once each, in order (a dropped connection after
	// delivery is the one case that may legitimately repeat a message).
	st := env.TG.Stats()
	dups := 0
	for c := 0; c < chats; c++ {
		sent := env.TG.SentTo(int64(30000 + c))
		seen := map[string]int{}
		for _, s := range sent {
			seen[s.PlainText]++
		}
		for round := 0; round < perChat; round++ {
			text := fmt.Sprintf("tin %d/%d", round+1, perChat)
			switch n := seen[text]; {
			case n == 0:
				t.Errorf("chat %d never got %q", c, text)
			case n > 1:
				dups += n - 1
			}
		}
	}
	if dups > st.InjectedAfterDeliver {
		t.Errorf("%d duplicates, but only %d deliveries lost their answer", dups, st.InjectedAfterDeliver)
	}
	if st.Rejected429 > 0 && st.EarlyRetries > 0 {
		t.Errorf("%d retries came before retry_after had passed", st.EarlyRetries)
	}
	if st.MaxGlobalPerSecond > limits.Global {
		t.Errorf("overall rate reached %d/s, limit %d", st.MaxGlobalPerSecond, limits.Global)
	}
	if st.MinPerChatGap > 0 && st.MinPerChatGap < 950*time.Millisecond {
		t.Errorf("two messages to one chat %v apart", st.MinPerChatGap)
	}
	t.Logf("300 messages to 100 chats in %v: injected faults %d, 429 from limits %d, early retries %d, max %d/s overall, min per-chat gap %v, duplicates %d",
		elapsed.Round(time.Millisecond), st.Injected, st.Rejected429, st.EarlyRetries, st.MaxGlobalPerSecond, st.MinPerChatGap, dups)
}
