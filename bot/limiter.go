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

// limiter decides when the next message to a chat may go. The sender guards it with its
// mutex.
type limiter struct {
	l        Limits
	lastChat map[int64]time.Time
	group    map[int64][]time.Time // recent sends per group, oldest first
	global   []time.Time           // recent sends overall, oldest first
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
	if lm.l.PerSecond > 0 {
		lm.global = prune(lm.global, now.Add(-time.Second))
		if len(lm.global) >= lm.l.PerSecond {
			// Sends are recorded when handed to a worker; the margin absorbs the spread
			// of their arrival at Telegram.
			later(lm.global[len(lm.global)-lm.l.PerSecond].Add(time.Second + 50*time.Millisecond))
		}
	}
	return at
}

// sent records a message handed to Telegram at t.
func (lm *limiter) sent(chat int64, t time.Time) {
	lm.lastChat[chat] = t
	if chat < 0 {
		lm.group[chat] = append(lm.group[chat], t)
	}
	lm.global = append(lm.global, t)
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

func prune(ts []time.Time, before time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(before) {
		i++
	}
	return ts[i:]
}
