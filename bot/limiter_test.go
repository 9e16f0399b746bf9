package bot

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestLimiterPacesOverallRate takes overall turns with a simulated clock whose wake-ups
// come up to 18 ms late, and checks what Telegram counts: no second holds more than 30
// sends even when each send reaches it up to 10 ms later than the next one, and the pace
// stays within 2% of the configured 29/s.
func TestLimiterPacesOverallRate(t *testing.T) {
	lm := newLimiter(DefaultLimits)
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2024, 3, 11, 7, 30, 0, 0, time.UTC)
	var sent []time.Time
	const n = 3000
	for range n {
		for {
			wait, ok := lm.turn(now)
			if ok {
				break
			}
			now = now.Add(wait + time.Duration(rng.Int64N(int64(18*time.Millisecond)))) // a late wake-up
		}
		// The spread on the way: up to 10 ms more for some sends than for others.
		sent = append(sent, now.Add(time.Duration(rng.Int64N(int64(10*time.Millisecond)))))
	}
	for i := range sent {
		in := 0
		for _, s := range sent {
			if !s.Before(sent[i]) && s.Sub(sent[i]) < time.Second {
				in++
			}
		}
		if in > 30 {
			t.Fatalf("%d sends arrive within one second from send %d", in, i)
		}
	}
	rate := float64(n-1) / sent[n-1].Sub(sent[0]).Seconds()
	if rate < 29*0.98 || rate > 29.01 {
		t.Fatalf("overall pace %.2f/s, want about 29/s", rate)
	}
}
