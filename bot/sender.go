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
const MaxInFlight = 4

const (
	// A send that hangs holds one worker until its deadline. Telegram answers a text in
	// about a second; uploads (up to 50 MB) get longer.
	sendTimeout     = 10 * time.Second
	fileSendTimeout = 60 * time.Second
	maxSendAttempts = 30
	maxRetryDelay   = 5 * time.Minute
	dueBatch        = 64
)

// sender drains the outbox within Telegram's limits: one goroutine picks what is due and
// hands each message to a worker, with at most one message in flight per chat.
type sender struct {
	db   *store.DB
	api  sendAPI
	log  zerolog.Logger
	now  func() time.Time // the clock outbox times are written with
	wake chan struct{}

	mu       sync.Mutex // guards lim and busy
	lim      *limiter
	busy     map[int64]bool // chats with a message in flight
	workers  chan struct{}  // a token per call in flight
	inflight sync.WaitGroup

	// onUnreachable runs once per chat that starts answering 403.
	onUnreachable func(ctx context.Context, chatID int64)
	// prepare completes a message just before its call (invite tokens are not stored);
	// delivered runs after a successful one.
	prepare   func(store.OutboxMessage) store.OutboxMessage
	delivered func(text string)
	// redact takes the bot token out of an error (a proxy's answer may quote the URL).
	redact func(error) error

	unrecorded []bookkeeping // outcomes whose recording failed, retried each pass (guarded by mu)
}

func newSender(db *store.DB, api sendAPI, l Limits, log zerolog.Logger, now func() time.Time) *sender {
	return &sender{db: db, api: api, lim: newLimiter(l), log: log, now: now, wake: make(chan struct{}, 1),
		busy: map[int64]bool{}, workers: make(chan struct{}, MaxInFlight)}
}

// notify tells the sender that new messages were committed.
func (s *sender) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run drains the outbox until ctx ends. Messages in flight at that moment are finished.
func (s *sender) run(ctx context.Context) {
	defer s.inflight.Wait()
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
	for ctx.Err() == nil {
		wait, err := s.drain(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Error().Err(err).Msg("outbox")
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

// drain sends what is due now and says how long to wait before looking again.
func (s *sender) drain(ctx context.Context) (time.Duration, error) {
	s.retryBookkeeping()
	msgs, err := s.db.DueMessages(ctx, s.now(), dueBatch)
	if err != nil {
		return 0, err
	}
	wait := time.Second // also picks up retries that fall due
	if next, err := s.db.NextRetryAt(ctx); err == nil && !next.IsZero() {
		if d := next.Sub(s.now()); d > 0 && d < wait {
			wait = d
		}
	}
	for _, m := range msgs {
		select {
		case s.workers <- struct{}{}:
		case <-ctx.Done():
			return 0, nil
		}
		now := time.Now()
		s.mu.Lock()
		// A chat's message in flight may be bulk while this one is interactive: DueMessages
		// returns it, but the chat's order and pace need the first one finished.
		busy := s.busy[m.ChatID]
		at := s.lim.readyAt(m.ChatID, now)
		if busy || at.After(now) {
			s.mu.Unlock()
			<-s.workers
			if d := at.Sub(now); !busy && d < wait {
				wait = d
			}
			continue
		}
		s.busy[m.ChatID] = true
		s.lim.sent(m.ChatID, now) // the global and group budgets are taken now
		s.mu.Unlock()
		// Committed before the call: after a crash we know the message may have gone out.
		if ok, err := s.db.MarkSending(ctx, m.ID); err != nil || !ok {
			if err != nil {
				s.log.Error().Err(err).Int64("outbox_id", m.ID).Msg("mark sending")
			}
			s.release(m.ChatID)
			continue
		}
		s.inflight.Add(1)
		go func() {
			defer s.inflight.Done()
			s.deliver(ctx, m)
			s.release(m.ChatID)
			// Each chat's next message only becomes visible once its previous one is done.
			s.notify()
		}()
		select { // newly queued answers may outrank the rest of this batch
		case <-s.wake:
			return 0, nil
		default:
		}
	}
	return wait, nil
}

// release frees the chat and the worker; the chat's next message waits a full gap from now.
func (s *sender) release(chat int64) {
	s.mu.Lock()
	delete(s.busy, chat)
	s.lim.finished(chat, time.Now())
	s.mu.Unlock()
	<-s.workers
}

// deliver makes the call for a message marked sending and records the outcome.
func (s *sender) deliver(ctx context.Context, m store.OutboxMessage) {
	log := s.log.With().Int64("outbox_id", m.ID).Int64("chat_id", m.ChatID).Str("purpose", m.Purpose).Logger()
	// The call gets its own deadline and survives shutdown, so the message in hand is finished.
	timeout := sendTimeout
	if m.Kind == store.KindDocument || m.Kind == store.KindPhoto {
		timeout = fileSendTimeout
	}
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	stored := m.Text
	if s.prepare != nil {
		m = s.prepare(m)
	}
	msgID, err := s.call(callCtx, m)
	cancel()
	if err != nil && s.redact != nil {
		err = s.redact(err) // before it is logged or stored in last_error
	}
	bg := context.WithoutCancel(ctx)
	if err == nil {
		s.record(log, m.ID, "mark sent", func() error { return s.db.MarkSent(bg, m.ID, msgID) })
		if s.delivered != nil {
			s.delivered(stored)
		}
		return
	}
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		s.mu.Lock()
		s.lim.backoff(m.ChatID, time.Now().Add(wait), false)
		s.mu.Unlock()
		log.Warn().Int("retry_after", tooMany.RetryAfter).Msg("telegram asked to slow down")
		s.retry(bg, log, m, s.now().Add(wait), err)
	case errors.Is(err, tgbot.ErrorForbidden):
		log.Warn().Err(err).Msg("recipient unreachable")
		reason := err.Error()
		s.record(log, m.ID, "mark blocked", func() error {
			newly, ferr := s.db.MarkFailed(bg, m.ID, store.StateBlocked, reason)
			if ferr == nil && newly && s.onUnreachable != nil {
				s.onUnreachable(bg, m.ChatID)
			}
			return ferr
		})
	case m.Kind == store.KindEdit && strings.Contains(err.Error(), "message is not modified"):
		s.record(log, m.ID, "mark sent", func() error { return s.db.MarkSent(bg, m.ID, m.EditMessageID) })
	case errors.As(err, &migrate) && migrate.MigrateToChatID != 0:
		to := int64(migrate.MigrateToChatID)
		log.Info().Int64("to_chat_id", to).Msg("group upgraded to a supergroup; following it")
		err := s.db.Update(bg, func(tx *store.Tx) error { return tx.MigrateChat(bg, m.ChatID, to) })
		if err != nil {
			log.Error().Err(err).Msg("migrate chat")
		}
		s.retry(bg, log, m, s.now(), migrate)
	case errors.As(err, &migrate), errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound),
		errors.Is(err, tgbot.ErrorUnauthorized):
		log.Error().Err(err).Msg("telegram refused the message")
		reason := err.Error()
		s.record(log, m.ID, "mark dead", func() error {
			_, ferr := s.db.MarkFailed(bg, m.ID, store.StateDead, reason)
			return ferr
		})
	default: // 5xx, timeouts, dropped connections: try again later
		if m.Attempts+1 >= maxSendAttempts {
			log.Error().Err(err).Msg("giving up on message")
			reason := err.Error()
			s.record(log, m.ID, "mark dead", func() error {
				_, ferr := s.db.MarkFailed(bg, m.ID, store.StateDead, reason)
				return ferr
			})
			return
		}
		delay := min(time.Duration(1<<min(m.Attempts, 16))*time.Second, maxRetryDelay)
		delay += time.Duration(rand.Int64N(int64(delay/4) + 1))
		log.Warn().Err(err).Dur("retry_in", delay).Msg("send failed")
		s.retry(bg, log, m, s.now().Add(delay), err)
	}
}

func (s *sender) retry(ctx context.Context, log zerolog.Logger, m store.OutboxMessage, at time.Time, cause error) {
	reason := cause.Error()
	s.record(log, m.ID, "mark retry", func() error { return s.db.MarkRetry(ctx, m.ID, at, reason) })
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
