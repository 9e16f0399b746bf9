package bot

import (
	"github.com/rs/zerolog"
)

// bookkeeping is the recording of a send's outcome (sent, retry, blocked, dead).
type bookkeeping struct {
	id   int64
	what string
	f    func() error
}

// record runs f; when it fails (a full disk, a locked database) the row would stay in
// "sending" and hold up every later message to its chat until a restart, so f is kept
// and retried on each pass of the sender until it succeeds.
func (s *sender) record(log zerolog.Logger, id int64, what string, f func() error) {
	if err := f(); err != nil {
		log.Error().Err(err).Msg(what + " failed; will retry")
		s.mu.Lock()
		s.unrecorded = append(s.unrecorded, bookkeeping{id: id, what: what, f: f})
		s.mu.Unlock()
	}
}

// retryBookkeeping retries the outcomes that could not be recorded, and counts them in
// the log.
func (s *sender) retryBookkeeping() {
	s.mu.Lock()
	todo := s.unrecorded
	s.unrecorded = nil
	s.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	var failed []bookkeeping
	for _, b := range todo {
		if err := b.f(); err != nil {
			failed = append(failed, b)
		}
	}
	s.log.Warn().Int("recorded", len(todo)-len(failed)).Int("still_failing", len(failed)).
		Msg("retried the recording of sends stuck in 'sending'")
	s.mu.Lock()
	s.unrecorded = append(failed, s.unrecorded...)
	s.mu.Unlock()
}
