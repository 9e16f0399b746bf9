package bot

import (
	"time"
)

// Limits are Telegram's flood limits as the Bot FAQ states them.
type Limits struct {
	PerChat        time.Duration // gap between two messages to one private chat
	GroupPerMinute int           // messages to one group in any minute
	PerSecond      int           // messages overall in any second
}

// DefaultLimits stay a little under Telegram's published limits (1/s per chat, 20/min
// per group, 30/s overall) so that timer jitter never tips a send over them.
var DefaultLimits = Limits{PerChat: 1050 * time.Millisecond, GroupPerMinute: 19, PerSecond: 29}

// paceTolerance is how early a send may go against the even overall pace, so that a
// wake-up that comes a little late does not lose its turn for good: at 29/s, any second
// then holds at most 1 + (1 s + 20 ms)/(1/29 s) = 30 sends, and 31 sends span at least
// 1,014 ms, which leaves 14 ms for their spread on the way to Telegram (the turn is
// taken right before the call).
const paceTolerance = 20 * time.Millisecond

// limiter decides when the next message to a chat may go (readyAt, sent) and when the
// next call may start overall (turn). The sender guards it with its mutex.
//
// Overall it paces calls evenly, as a token bucket of one token refilled PerSecond times
// a second (GCRA): a window of the last PerSecond sends would let them out in bursts and
// then wait a whole second plus a margin for the spread of the burst, which caps the
// rate well below the limit. A worker takes its turn right before its call, so a worker
// that runs late cannot crowd the second after it.
type limiter struct {
	l        Limits
	lastChat map[int64]time.Time
	group    map[int64][]time.Time // recent sends per group, oldest first
	nextAt   time.Time             // when the next send is due at the even overall pace
	pausedTo time.Time             // a global 429 pauses everything
}

func newLimiter(l Limits) *limiter {
	return &limiter{l: l, lastChat: map[int64]time.Time{}, group: map[int64][]time.Time{}}
}

// readyAt is the earliest time a message to chat may be sent.
func (lm *limiter) readyAt(chat int64, now time.Time) time.Time {
	at := now
	later := func(t time.Time) {
		if t.After(at) {
			at = t
		}
	}
	later(lm.pausedTo)
	if last, ok := lm.lastChat[chat]; ok && lm.l.PerChat > 0 {
		later(last.Add(lm.l.PerChat))
	}
	if chat < 0 && lm.l.GroupPerMinute > 0 {
		g := prune(lm.group[chat], now.Add(-time.Minute))
		lm.group[chat] = g
		if len(g) >= lm.l.GroupPerMinute {
			later(g[len(g)-lm.l.GroupPerMinute].Add(time.Minute + 50*time.Millisecond))
		}
	}
	return at
}

// turn takes the overall turn to call Telegram at now, or says how long to wait for it.
func (lm *limiter) turn(now time.Time) (wait time.Duration, ok bool) {
	at := lm.pausedTo
	if lm.l.PerSecond > 0 {
		at = latest(at, lm.nextAt.Add(-paceTolerance))
	}
	if at.After(now) {
		return at.Sub(now), false
	}
	if lm.l.PerSecond > 0 {
		// From the due time, not from now: a turn taken a little late keeps the pace.
		lm.nextAt = latest(lm.nextAt, now).Add(time.Second / time.Duration(lm.l.PerSecond))
	}
	return 0, true
}

// sent records a message to chat handed to a worker at t.
func (lm *limiter) sent(chat int64, t time.Time) {
	lm.lastChat[chat] = t
	if chat < 0 {
		lm.group[chat] = append(lm.group[chat], t)
	}
	if len(lm.lastChat) > 10000 { // forget idle chats so the map stays small
		for c, last := range lm.lastChat {
			if t.Sub(last) > time.Minute {
				delete(lm.lastChat, c)
				delete(lm.group, c)
			}
		}
	}
}

// finished records that the call to chat ended at t: the per-chat gap runs from the
// answer, as Telegram may have counted the message at any moment until then.
func (lm *limiter) finished(chat int64, t time.Time) {
	if t.After(lm.lastChat[chat]) {
		lm.lastChat[chat] = t
	}
}

// backoff holds a chat (or everything, when global) until t after a 429.
func (lm *limiter) backoff(chat int64, until time.Time, global bool) {
	if global {
		if until.After(lm.pausedTo) {
			lm.pausedTo = until
		}
		return
	}
	if last := until.Add(-lm.l.PerChat); last.After(lm.lastChat[chat]) {
		lm.lastChat[chat] = last
	}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func prune(ts []time.Time, before time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(before) {
		i++
	}
	return ts[i:]
}
