package telegramtest

import (
	"fmt"
	"math/rand"
	"strings"
)

// Fault is a failure the server injects instead of (or after) handling a request.
type Fault interface{ fault() }

// Fault429 answers 429 with retry_after (at least 1).
type Fault429 struct{ RetryAfter int }

// Fault5xx answers Code (500 if not 5xx): 502 with an HTML body like a proxy, others JSON.
type Fault5xx struct{ Code int }

// FaultTimeout hangs until the client's request context ends; nothing is delivered.
type FaultTimeout struct{}

// FaultDrop closes the connection without an answer; nothing is delivered.
type FaultDrop struct{}

// Fault403 answers 403 "Forbidden: bot was blocked by the user" without blocking the chat.
type Fault403 struct{}

// FaultAfterDeliver handles the request normally (a send is delivered) and then closes
// the connection without an answer: the client cannot know whether it worked.
type FaultAfterDeliver struct{}

func (Fault429) fault()          {}
func (Fault5xx) fault()          {}
func (FaultTimeout) fault()      {}
func (FaultDrop) fault()         {}
func (Fault403) fault()          {}
func (FaultAfterDeliver) fault() {}

func faultName(f Fault) string {
	switch f := f.(type) {
	case Fault429:
		return fmt.Sprintf("429(retry_after=%d)", max(f.RetryAfter, 1))
	case Fault5xx:
		return fmt.Sprintf("%d", f.Code)
	case FaultTimeout:
		return "timeout"
	case FaultDrop:
		return "drop"
	case Fault403:
		return "403"
	case FaultAfterDeliver:
		return "after-deliver"
	}
	return fmt.Sprintf("%T", f)
}

type pendingFault struct {
	left  int
	fault Fault
}

// FailNext makes the next n requests of method (case-insensitive) fail with f. Calls queue
// up: FailNext("sendMessage", 1, a); FailNext("sendMessage", 1, b) fails with a, then b.
func (s *Server) FailNext(method string, n int, f Fault) {
	if n <= 0 || f == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := strings.ToLower(method)
	s.failNext[k] = append(s.failNext[k], &pendingFault{left: n, fault: f})
}

// SetFaultRate injects a random fault from faults (default: 500, 429, drop) into that
// fraction of send and edit requests, reproducibly for a given seed and request order.
// getUpdates is included only with WithFaultsOnGetUpdates / SetFaultsOnGetUpdates; getMe
// never. A rate of 0 turns it off.
func (s *Server) SetFaultRate(rate float64, seed int64, faults ...Fault) {
	if len(faults) == 0 {
		faults = []Fault{Fault5xx{Code: 500}, Fault429{RetryAfter: 1}, FaultDrop{}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultRate = rate
	s.faultRng = rand.New(rand.NewSource(seed))
	s.faultSet = faults
}

// SetFaultsOnGetUpdates decides whether SetFaultRate also hits getUpdates.
func (s *Server) SetFaultsOnGetUpdates(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultsOnGetUpdates = on
}

// pickFault returns the fault for this request, if any, and counts it.
func (s *Server) pickFault(method string) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := strings.ToLower(method)
	if q := s.failNext[k]; len(q) > 0 {
		f := q[0].fault
		q[0].left--
		if q[0].left == 0 {
			s.failNext[k] = q[1:]
		}
		s.stats.Injected++
		return f
	}
	eligible := isSendMethod(method) || isEditMethod(method) || (method == "getUpdates" && s.faultsOnGetUpdates)
	if s.faultRate <= 0 || s.faultRng == nil || !eligible {
		return nil
	}
	if s.faultRng.Float64() >= s.faultRate {
		return nil
	}
	s.stats.Injected++
	return s.faultSet[s.faultRng.Intn(len(s.faultSet))]
}
