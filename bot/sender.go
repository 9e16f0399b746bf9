package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/store"
)

// sendAPI is the part of the Telegram client the sender uses.
type sendAPI interface {
	SendMessage(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error)
	SendDocument(ctx context.Context, p *tgbot.SendDocumentParams) (*models.Message, error)
	SendPhoto(ctx context.Context, p *tgbot.SendPhotoParams) (*models.Message, error)
	EditMessageText(ctx context.Context, p *tgbot.EditMessageTextParams) (*models.Message, error)
}

// MaxInFlight bounds the sends in flight, each to a different chat. One at a time would
// stall every chat behind a hung request (the soak test saw 30 s stalls at a 5% fault
// rate) and cap throughput at one round trip per message, under Telegram's 30/s at real
// network latency. A crash can leave each in-flight message delivered but not marked, so
// it may be delivered again after the restart: at most MaxInFlight duplicates per crash.
// A worker stays taken until the outcome of its send is committed, so outcomes that wait
// for the next round count against the same bound.
const MaxInFlight = 4

const (
	// A send that hangs holds one worker until its deadline. Telegram answers a text in
	// about a second; uploads (up to 50 MB) get longer.
	sendTimeout     = 10 * time.Second
	fileSendTimeout = 60 * time.Second
	maxSendAttempts = 30
	maxRetryDelay   = 5 * time.Minute
	dueBatch        = 64
	// Rounds commit without an fsync; one every syncEvery bounds what a power cut (not a
	// crash) could make the sender deliver twice.
	syncEvery = time.Second
	// A delivery waits up to recordDelay to be recorded by an update's round when nothing
	// else is due: a round of its own held the writer just as the next update came. Its
	// chat stays busy until then; a crash meanwhile may deliver it again, within the same
	// MaxInFlight bound (it was counted as in flight when it started).
	recordDelay = 20 * time.Millisecond
)

// sender drains the outbox within Telegram's limits. Each wake-up is one round and one
// commit: it records how the finished sends ended, marks the next due messages sending
// and hands each to a worker, with at most one message in flight per chat.
type sender struct {
	db   *store.DB
	api  sendAPI
	log  zerolog.Logger
	now  func() time.Time // the clock outbox times are written with
	wake chan struct{}

	roundMu  sync.Mutex // one round at a time: the sender's own, or one in an update's transaction
	mu       sync.Mutex // guards lim, busy, running, done, open, backlog and later
	open     bool       // rounds may start in updates' transactions: after the start-up requeue, until stopping
	lim      *limiter
	busy     map[int64]bool      // chats with a message in flight or an unrecorded outcome
	running  int                 // sends in flight
	backlog  bool                // the last round left due messages waiting
	later    bool                // a delayed wake-up is set (notifyLater)
	done     []store.SendOutcome // finished sends, recorded by the next round
	inflight sync.WaitGroup
	synced   time.Time     // when the rounds' lazy commits were last put on disk
	lastTurn chan struct{} // closed once the last worker handed a message took its turn

	// onUnreachable runs once per chat that starts answering 403.
	onUnreachable func(ctx context.Context, chatID int64)
	// onRefused runs when Telegram refuses a message for good (400 and the like).
	onRefused func(ctx context.Context, m store.OutboxMessage, err error)
	// prepare completes a message just before its call (invite tokens are not stored);
	// delivered runs after a successful one with the text as stored.
	prepare   func(store.OutboxMessage) store.OutboxMessage
	delivered func(text string)
	// redact takes the bot token out of an error (a proxy's answer may quote the URL).
	redact func(error) error
}

func newSender(db *store.DB, api sendAPI, l Limits, log zerolog.Logger, now func() time.Time) *sender {
	return &sender{db: db, api: api, lim: newLimiter(l), log: log, now: now, wake: make(chan struct{}, 1),
		busy: map[int64]bool{}, lastTurn: closedChan()}
}

func closedChan() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// notifyLater wakes the sender after recordDelay, once however many ask meanwhile.
func (s *sender) notifyLater() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.later {
		return
	}
	s.later = true
	time.AfterFunc(recordDelay, func() {
		s.mu.Lock()
		s.later = false
		s.mu.Unlock()
		s.notify()
	})
}

// notify tells the sender that new messages were committed.
func (s *sender) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run drains the outbox until ctx ends. Messages in flight at that moment are finished
// and their outcomes recorded.
func (s *sender) run(ctx context.Context) {
	defer func() {
		s.mu.Lock()
		s.open = false
		s.mu.Unlock()
		s.inflight.Wait()
		s.recordFinished(context.WithoutCancel(ctx))
	}()
	// The pacing of a previous process is gone: wait out one window so a restart right
	// after a burst does not run into Telegram's limits (the soak test saw 429s there).
	s.mu.Lock()
	s.lim.backoff(0, time.Now().Add(max(s.lim.l.PerChat, time.Second)), true)
	s.mu.Unlock()
	if n, err := s.db.RequeueInFlight(ctx); err != nil {
		s.log.Error().Err(err).Msg("requeue in-flight messages")
	} else if n > 0 {
		s.log.Warn().Int("messages", n).Msg("requeued messages in flight at the last stop; they may be delivered twice")
	}
	s.mu.Lock()
	s.open = true
	s.mu.Unlock()
	for ctx.Err() == nil {
		wait, err := s.round(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// A failed round recorded nothing: the finished sends stay in "sending" (their
			// chats held) until a later round records them, without a restart.
			s.mu.Lock()
			unrecorded := len(s.done)
			s.mu.Unlock()
			s.log.Error().Err(err).Int("unrecorded_sends", unrecorded).Msg("outbox round failed; retrying")
			wait = time.Second
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// round records finished sends and starts what is due now, in one commit, and says how
// long to wait before looking again.
func (s *sender) round(ctx context.Context) (time.Duration, error) {
	s.roundMu.Lock()
	defer s.roundMu.Unlock()
	p := s.begin()
	if p == nil {
		return time.Second, nil
	}
	var r store.SendRound
	err := s.db.UpdateBookkeeping(ctx, func(tx *store.Tx) error {
		var err error
		r, err = tx.SenderRound(ctx, p.outcomes, p.limit, p.pick)
		return err
	})
	if err != nil {
		s.abort(p)
		return 0, err
	}
	if len(p.outcomes) > 0 && time.Since(s.synced) >= syncEvery {
		// Rounds commit lazily; on disk now and then, a power cut resends little.
		if err := s.db.Sync(); err != nil {
			s.log.Error().Err(err).Msg("sync outbox")
		}
		s.synced = time.Now()
	}
	return s.started(ctx, p, r), nil
}

// roundIn runs a round inside an update's transaction, after its answers were queued, so
// they start at its commit: without it each answer waited for the sender to wake and
// commit a round of its own, a quarter of a status reply's time. It joins only when no
// other round is under way (that one may be waiting for this transaction's writer) and
// the sender has requeued what a previous process left in flight. The caller must call
// the returned function once the transaction ended, with whether it committed.
func (s *sender) roundIn(ctx context.Context, tx *store.Tx) (func(ctx context.Context, committed bool), error) {
	if !s.roundMu.TryLock() {
		return nil, nil
	}
	p := s.begin()
	if p == nil {
		s.roundMu.Unlock()
		return nil, nil
	}
	r, err := tx.SenderRound(ctx, p.outcomes, p.limit, p.pick)
	if err != nil {
		s.abort(p)
		s.roundMu.Unlock()
		return nil, err
	}
	return func(ctx context.Context, committed bool) {
		defer s.roundMu.Unlock()
		if !committed {
			s.abort(p)
			s.notify() // the answers are queued only if a later attempt commits them
			return
		}
		p.seq = s.db.Told() // with this transaction's commit
		s.started(ctx, p, r)
		if r.Waiting > 0 {
			s.notify() // messages left waiting: the sender's loop times them
		}
	}, nil
}

// roundPlan is one round between its start and its commit: the finished sends it records
// and the messages it picks.
type roundPlan struct {
	s         *sender
	seq       uint64 // the lazy commits its messages may tell of: on disk before they go
	outcomes  []store.SendOutcome
	finishing map[int64]bool // chats whose outcome this round records
	picked    map[int64]bool
	free      int
	limit     int
	now       time.Time
	wait      time.Duration
}

// begin takes the finished sends to record, or returns nil when rounds may not start. The
// caller holds roundMu; the plan ends with abort or started, which also end its count in
// inflight (so a stopping sender waits for the workers a round in an update's
// transaction is about to start).
func (s *sender) begin() *roundPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.open {
		return nil // before the start-up requeue, or stopping
	}
	s.inflight.Add(1) // under mu, so a stopping sender that saw open waits for it
	p := &roundPlan{s: s, seq: s.db.Told(), outcomes: s.done, finishing: map[int64]bool{}, picked: map[int64]bool{},
		free: MaxInFlight - s.running, limit: dueBatch, now: time.Now(),
		wait: time.Second /* also picks up retries that fall due */}
	s.done = nil
	for _, o := range p.outcomes {
		p.finishing[o.ChatID] = true
	}
	if p.free == 0 {
		p.limit = 0 // only record: a finishing worker wakes the next round
	}
	return p
}

// pick decides, inside the round's transaction, whether m goes now: it must only decide
// (pacing, free workers), never block.
func (p *roundPlan) pick(m store.OutboxMessage) bool {
	if p.free == 0 || p.picked[m.ChatID] {
		return false
	}
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	// A chat's message in flight may be bulk while this one is interactive: the queue
	// offers it, but the chat's order and pace need the first one finished.
	if s.busy[m.ChatID] && !p.finishing[m.ChatID] {
		return false
	}
	if at := s.lim.readyAt(m.ChatID, p.now); at.After(p.now) {
		p.wait = min(p.wait, at.Sub(p.now))
		return false
	}
	s.busy[m.ChatID] = true
	s.lim.sent(m.ChatID, p.now) // the chat's and group's budgets; the overall one at the call
	p.picked[m.ChatID] = true
	p.free--
	return true
}

// abort follows a round that did not commit: nothing was recorded, so the outcomes wait
// for the next round, with their chats.
func (s *sender) abort(p *roundPlan) {
	s.mu.Lock()
	s.done = append(p.outcomes, s.done...)
	for c := range p.picked {
		if !p.finishing[c] {
			delete(s.busy, c)
		}
	}
	s.mu.Unlock()
	s.inflight.Done()
}

// started follows a committed round: it hands each message marked sending to a worker
// and says how long to wait before looking again.
func (s *sender) started(ctx context.Context, p *roundPlan, r store.SendRound) time.Duration {
	defer s.inflight.Done()
	s.mu.Lock()
	for c := range p.finishing {
		if !p.picked[c] {
			delete(s.busy, c)
		}
	}
	s.running += len(r.Sending)
	s.backlog = r.Waiting > 0 && !r.NextRetryAt.After(s.now()) // zero: due now
	// Workers take their overall turns in the order of the queue: each waits for the
	// previous one's turn.
	turns := make([]turnOrder, len(r.Sending))
	for i := range turns {
		turns[i] = turnOrder{after: s.lastTurn, taken: make(chan struct{})}
		s.lastTurn = turns[i].taken
	}
	s.mu.Unlock()
	for _, chat := range r.Unreachable {
		if s.onUnreachable != nil {
			s.onUnreachable(context.WithoutCancel(ctx), chat)
		}
	}
	wait := p.wait
	if !r.NextRetryAt.IsZero() {
		if d := r.NextRetryAt.Sub(s.now()); d > 0 && d < wait {
			wait = d
		}
	}
	for i, m := range r.Sending {
		s.inflight.Add(1)
		go func() {
			defer s.inflight.Done()
			out := s.deliver(ctx, m, turns[i], p.seq)
			s.mu.Lock()
			s.running--
			s.done = append(s.done, out)
			s.lim.finished(m.ChatID, time.Now()) // the chat's next message waits a full gap from now
			// A delivery with nothing else due may wait for the round of the update that
			// follows (a reply's reply, often) instead of a commit of its own before it.
			later := out.State == store.StateSent && !s.backlog
			s.mu.Unlock()
			if later {
				s.notifyLater()
			} else {
				s.notify()
			}
		}()
	}
	return wait
}

// recordFinished commits the outcomes still held, at shutdown.
func (s *sender) recordFinished(ctx context.Context) {
	s.mu.Lock()
	outcomes := s.done
	s.done = nil
	s.mu.Unlock()
	if len(outcomes) == 0 {
		return
	}
	if _, err := s.db.SenderRound(ctx, outcomes, 0, func(store.OutboxMessage) bool { return false }); err != nil {
		s.log.Error().Err(err).Msg("record finished sends")
	}
	if err := s.db.Sync(); err != nil {
		s.log.Error().Err(err).Msg("sync outbox")
	}
}

// deliver makes the call for a message marked sending, at its overall turn, and says how
// it ended.
func (s *sender) deliver(ctx context.Context, m store.OutboxMessage, turn turnOrder, seq uint64) store.SendOutcome {
	log := s.log.With().Int64("outbox_id", m.ID).Int64("chat_id", m.ChatID).Str("purpose", m.Purpose).Logger()
	// What the message tells (a report recorded, say) must be on disk before it goes: a
	// power cut could otherwise take back what the user was told. Usually the poll loop's
	// fsync is already under way and this waits for its end.
	if err := s.db.SyncThrough(seq); err != nil {
		log.Error().Err(err).Msg("sync before sending")
		<-turn.after // pass the turn on unused, in order
		close(turn.taken)
		return store.SendOutcome{ID: m.ID, ChatID: m.ChatID, State: store.StatePending,
			RetryAt: s.now().Add(time.Second), Reason: err.Error()}
	}
	// The call gets its own deadline and survives shutdown, so the message in hand is finished.
	timeout := sendTimeout
	if m.Kind == store.KindDocument || m.Kind == store.KindPhoto {
		timeout = fileSendTimeout
	}
	s.waitTurn(turn)
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	req := m // m stays as stored: the invite tokens prepare puts in go no further
	if s.prepare != nil {
		req = s.prepare(m)
	}
	msgID, err := s.call(callCtx, req)
	cancel()
	if err != nil && s.redact != nil {
		err = s.redact(err) // before it is logged, stored in last_error or told to admins
	}
	out := store.SendOutcome{ID: m.ID, ChatID: m.ChatID}
	if err == nil {
		out.State, out.TGMessageID = store.StateSent, msgID
		if s.delivered != nil {
			s.delivered(m.Text)
		}
		return out
	}
	out.Reason = err.Error()
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		s.mu.Lock()
		s.lim.backoff(m.ChatID, time.Now().Add(wait), false)
		s.mu.Unlock()
		log.Warn().Int("retry_after", tooMany.RetryAfter).Msg("telegram asked to slow down")
		out.State, out.RetryAt = store.StatePending, s.now().Add(wait)
	case errors.Is(err, tgbot.ErrorForbidden):
		log.Warn().Err(err).Msg("recipient unreachable")
		out.State = store.StateBlocked
	case m.Kind == store.KindEdit && strings.Contains(err.Error(), "message is not modified"):
		out.State, out.TGMessageID, out.Reason = store.StateSent, m.EditMessageID, ""
	case errors.As(err, &migrate) && migrate.MigrateToChatID != 0:
		out.MigrateTo = int64(migrate.MigrateToChatID)
		log.Info().Int64("to_chat_id", out.MigrateTo).Msg("group upgraded to a supergroup; following it")
		out.State, out.RetryAt = store.StatePending, s.now()
	case errors.As(err, &migrate), errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound),
		errors.Is(err, tgbot.ErrorUnauthorized):
		log.Error().Err(err).Msg("telegram refused the message")
		out.State = store.StateDead
		if s.onRefused != nil { // its own transaction; the notice's dedupe key is the message's id
			s.onRefused(context.WithoutCancel(ctx), m, err)
		}
	default: // 5xx, timeouts, dropped connections: try again later
		if m.Attempts >= maxSendAttempts {
			log.Error().Err(err).Msg("giving up on message")
			out.State = store.StateDead
			return out
		}
		delay := min(time.Duration(1<<min(m.Attempts-1, 16))*time.Second, maxRetryDelay)
		delay += time.Duration(rand.Int64N(int64(delay/4) + 1))
		log.Warn().Err(err).Dur("retry_in", delay).Msg("send failed")
		out.State, out.RetryAt = store.StatePending, s.now().Add(delay)
	}
	return out
}

// turnOrder chains the workers' overall turns: taken closes once this one has its turn.
type turnOrder struct{ after, taken chan struct{} }

// waitTurn waits for the previous worker's turn, then for the overall pace, and takes it.
func (s *sender) waitTurn(t turnOrder) {
	<-t.after
	defer close(t.taken)
	for {
		s.mu.Lock()
		wait, ok := s.lim.turn(time.Now())
		s.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(wait)
	}
}

// call makes the API request for m and returns the Telegram message id.
func (s *sender) call(ctx context.Context, m store.OutboxMessage) (int, error) {
	var markup models.ReplyMarkup
	if len(m.ReplyMarkup) > 0 {
		markup = json.RawMessage(m.ReplyMarkup)
	}
	var reply *models.ReplyParameters
	if m.ReplyTo != 0 {
		reply = &models.ReplyParameters{MessageID: m.ReplyTo, AllowSendingWithoutReply: true}
	}
	var (
		msg *models.Message
		err error
	)
	switch m.Kind {
	case store.KindDocument:
		msg, err = s.api.SendDocument(ctx, &tgbot.SendDocumentParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			Document: &models.InputFileUpload{Filename: m.FileName, Data: bytes.NewReader(m.File)},
		})
	case store.KindPhoto:
		msg, err = s.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			Photo: &models.InputFileUpload{Filename: m.FileName, Data: bytes.NewReader(m.File)},
		})
	case store.KindEdit:
		msg, err = s.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: m.ChatID, MessageID: m.EditMessageID, Text: m.Text,
			ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		})
	default:
		msg, err = s.api.SendMessage(ctx, &tgbot.SendMessageParams{
			ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			ReplyParameters:    reply,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		})
	}
	if err != nil {
		return 0, err
	}
	if msg == nil {
		return 0, nil
	}
	return msg.ID, nil
}
