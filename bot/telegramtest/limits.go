package telegramtest

import (
	"strconv"
	"time"
)

// RateLimits is Telegram's flood control. A zero field disables that limit.
//
// PerChat applies to every chat (the FAQ's "one message per second in a chat"). A send is
// accepted when it arrives at least 95% of PerChat after the previous delivery to that
// chat: the 5% tolerance absorbs timer jitter of a sender that waits exactly PerChat.
// Only send methods are limited; edits are not.
type RateLimits struct {
	PerChat        time.Duration
	GroupPerMinute int // per group or supergroup, in any sliding 60 s
	Global         int // all chats together, in any sliding 1 s
}

// Stats counts what happened; the Max* fields are observed rates, whether or not limits
// are enforced, so a test can assert a sender stayed under them.
type Stats struct {
	Delivered            int // messages created by send methods
	Edited               int
	Rejected429          int // refused by the rate limiter (injected 429s are in Injected)
	Rejected403          int
	BadRequests          int
	Injected             int // faults injected by FailNext or SetFaultRate
	InjectedAfterDeliver int // messages delivered whose answer was then dropped
	EarlyRetries         int // requests for a chat before a retry_after given for it passed
	Conflicts            int // getUpdates terminated by a newer getUpdates (409)
	FilteredUpdates      int // updates not created because of allowed_updates

	MaxPerChatInWindow int           // most deliveries to one chat within any PerChat window (1 s if unset)
	MinPerChatGap      time.Duration // smallest gap between two deliveries to the same chat
	MaxGroupPerMinute  int           // most deliveries to one group within any 60 s
	MaxGlobalPerSecond int           // most deliveries overall within any 1 s
}

// SetRateLimits replaces the limits; the zero value disables them.
func (s *Server) SetRateLimits(l RateLimits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// countSince counts times after from (exclusive); ts is sorted.
func countSince(ts []time.Time, from time.Time) int {
	n := 0
	for i := len(ts) - 1; i >= 0 && ts[i].After(from); i-- {
		n++
	}
	return n
}

// checkLimitsLocked returns retry_after seconds (>= 1) if a send to cs now is over a limit.
func (s *Server) checkLimitsLocked(cs *chatState, t time.Time) int {
	l := s.limits
	var wait time.Duration
	if l.PerChat > 0 && !cs.lastDelivery.IsZero() {
		if gap := t.Sub(cs.lastDelivery); gap < l.PerChat-l.PerChat/20 {
			wait = max(wait, l.PerChat-gap)
		}
	}
	if l.GroupPerMinute > 0 && cs.chat.ID < 0 {
		if n := countSince(cs.deliveries, t.Add(-time.Minute)); n >= l.GroupPerMinute {
			oldest := cs.deliveries[len(cs.deliveries)-l.GroupPerMinute]
			wait = max(wait, oldest.Add(time.Minute).Sub(t))
		}
	}
	if l.Global > 0 {
		if n := countSince(s.global, t.Add(-time.Second)); n >= l.Global {
			oldest := s.global[len(s.global)-l.Global]
			wait = max(wait, oldest.Add(time.Second).Sub(t))
		}
	}
	if wait <= 0 {
		return 0
	}
	return max(1, int((wait+time.Second-1)/time.Second))
}

func (s *Server) recordDeliveryLocked(cs *chatState, t time.Time) {
	window := s.limits.PerChat
	if window <= 0 {
		window = time.Second
	}
	if !cs.lastDelivery.IsZero() {
		if gap := t.Sub(cs.lastDelivery); s.stats.MinPerChatGap == 0 || gap < s.stats.MinPerChatGap {
			s.stats.MinPerChatGap = max(gap, 1)
		}
	}
	cs.lastDelivery = t
	cs.deliveries = append(cs.deliveries, t)
	s.global = append(s.global, t)
	s.stats.MaxPerChatInWindow = max(s.stats.MaxPerChatInWindow, countSince(cs.deliveries, t.Add(-window)))
	if cs.chat.ID < 0 {
		s.stats.MaxGroupPerMinute = max(s.stats.MaxGroupPerMinute, countSince(cs.deliveries, t.Add(-time.Minute)))
	}
	s.stats.MaxGlobalPerSecond = max(s.stats.MaxGlobalPerSecond, countSince(s.global, t.Add(-time.Second)))
	cs.deliveries = trimBefore(cs.deliveries, t.Add(-max(window, time.Minute)))
	s.global = trimBefore(s.global, t.Add(-time.Second))
}

func trimBefore(ts []time.Time, from time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(from) {
		i++
	}
	if i == 0 {
		return ts
	}
	return append(ts[:0], ts[i:]...)
}

// noteRetryAfter remembers an injected 429 so EarlyRetries can count impatient retries.
func (s *Server) noteRetryAfter(rq *request, seconds int) {
	id, err := strconv.ParseInt(rq.form.Get("chat_id"), 10, 64)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(id)
	until := time.Now().Add(time.Duration(seconds) * time.Second)
	if isEditMethod(rq.method) {
		cs.editRetryUntil = until
	} else if isSendMethod(rq.method) {
		cs.sendRetryUntil = until
	}
}

// countEarlyRetry counts a send/edit arriving for a chat before the retry_after it was
// given passed, whatever happens to the request afterwards.
func (s *Server) countEarlyRetry(rq *request, t time.Time) {
	if !isSendMethod(rq.method) && !isEditMethod(rq.method) {
		return
	}
	id, err := strconv.ParseInt(rq.form.Get("chat_id"), 10, 64)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, ok := s.chats[id]
	if !ok {
		return
	}
	until := cs.sendRetryUntil
	if isEditMethod(rq.method) {
		until = cs.editRetryUntil
	}
	if t.Before(until) {
		s.stats.EarlyRetries++
	}
}
