package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// handleTimeout bounds one update's handling; it is detached from shutdown so the update
// in hand is always finished.
const handleTimeout = 30 * time.Second

// pollLoop fetches updates and handles them one at a time, in order. An update is
// confirmed to Telegram (by the next fetch's offset) only after its effects committed.
func (b *Bot) pollLoop(ctx context.Context) error {
	var offset int64 // 0: start from the earliest unconfirmed update, never a stored offset
	backoff := 100 * time.Millisecond
	for {
		if ctx.Err() != nil {
			b.confirm(offset)
			return nil
		}
		// Group commit: each update of the last answer committed on its own, without
		// waiting for the disk; one fsync covers them all before the fetch confirms them.
		if err := b.db.Sync(); err != nil {
			b.log.Error().Err(err).Msg("sync before confirming updates")
			sleep(ctx, time.Second)
			continue
		}
		items, err := b.poll.fetch(ctx, offset, b.cfg.PollTimeout, 100)
		if err != nil {
			if ctx.Err() != nil {
				continue
			}
			wait := backoff
			var apiErr *apiError
			if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
				wait = time.Duration(apiErr.RetryAfter) * time.Second
			}
			b.log.Warn().Err(err).Dur("retry_in", wait).Msg("getUpdates")
			sleep(ctx, wait)
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		for _, it := range items {
			if it.Update == nil {
				// Skipped, and confirmed with the rest: it can never decode.
				b.log.Error().Int64("update_id", it.ID).Err(it.Err).Msg("undecodable update skipped")
				offset = max(offset, it.ID+1)
				continue
			}
			if err := b.handle(ctx, it.Update); err != nil {
				// Not committed: stop here so Telegram redelivers it.
				b.log.Error().Err(err).Int64("update_id", it.ID).Msg("update not committed; will retry")
				sleep(ctx, time.Second)
				break
			}
			offset = max(offset, it.ID+1)
		}
		b.flushQuiet(ctx)
	}
}

// confirm tells Telegram that everything below offset is handled, so a restart does not
// fetch it again (it would be skipped anyway, by its recorded id).
func (b *Bot) confirm(offset int64) {
	if offset == 0 {
		return
	}
	if err := b.db.Sync(); err != nil {
		b.log.Error().Err(err).Msg("sync before the final confirm")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := b.poll.fetch(ctx, offset, 0, 1); err != nil {
		b.log.Debug().Err(err).Msg("final confirm")
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

const maxUpdateFailures = 3

// failureCounts counts failed attempts per update id (only the poll goroutine uses it).
type failureCounts map[int64]int

func (f failureCounts) add(id int64) int {
	if len(f) > 1000 {
		clear(f)
	}
	f[id]++
	return f[id]
}

// scope is one update in hand: its transaction, the workspace read at its start, and
// what the handler wants done after the commit. Handlers receive it as an argument.
type scope struct {
	tx        *store.Tx
	ws        *workspace
	upd       *models.Update
	chatID    int64
	chatType  models.ChatType
	from      *models.User
	messageID int
	afterward []func(context.Context)
	queued    int

	label    string         // heads answers to someone serving several groups: which one (bot/groups.go)
	class    store.Priority // of answers in this chat: who the sender is (bot/strangers.go)
	member   bool           // the sender is a member of the update's group (bot/strangers.go)
	turn     int            // rationed answers: 0 not asked yet, 1 may go, -1 quiet
	refusing bool

	built *[]store.Outgoing // a view built off the poll loop collects its answers here (bot/views.go)
	toast string            // a button press's answer, kept with the update (bot/callbacks.go)
}

// after runs f once the update's effects are committed (e.g. answerCallbackQuery).
func (s *scope) after(f func(context.Context)) { s.afterward = append(s.afterward, f) }

// handle commits one update's effects, its outgoing messages and its id in one transaction.
// The commit survives a crash of the process at once, and a power cut once pollLoop has
// synced it; only then is the update confirmed to Telegram.
func (b *Bot) handle(ctx context.Context, upd *models.Update) error {
	start := time.Now()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()
	if b.quietStranger(hctx, upd) { // bot/strangers.go: recorded with the next write
		b.quietIDs = append(b.quietIDs, upd.ID)
		return nil
	}
	s := &scope{upd: upd}
	fillScope(s, upd)
	skipped := false
	var startAnswers func(context.Context, bool) // the sender's round in this transaction, if it joined
	// Lazy: pollLoop syncs once per getUpdates answer, before confirming it.
	err := b.db.UpdateLazy(hctx, func(tx *store.Tx) error {
		if err := b.recordQuiet(hctx, tx); err != nil {
			return err
		}
		done, answer, err := tx.UpdateHandled(hctx, upd.ID)
		if err != nil {
			return err
		}
		if done {
			skipped = true
			if cq := upd.CallbackQuery; cq != nil {
				// Delivered again after a crash, which may have come before its answer:
				// the same answer again (Telegram refuses it if the first one went).
				b.answerCallback(s, cq.ID, answer)
			}
			return nil
		}
		s.tx = tx
		panicked, herr := b.dispatch(hctx, s)
		if herr != nil && !panicked {
			// A database error: nothing is committed and Telegram redelivers the update,
			// a few times, before it is treated like a panic.
			if b.failures.add(upd.ID) <= maxUpdateFailures {
				return herr
			}
			b.log.Error().Err(herr).Int64("update_id", upd.ID).Msg("giving up on update")
			panicked = true
		}
		if panicked {
			return errHandlerFailed
		}
		return b.handled(hctx, tx, s, &startAnswers)
	})
	if errors.Is(err, errHandlerFailed) {
		// Undo the handler's half-done writes but record the update, so a poison message
		// is answered once instead of crashing the bot forever. The whole transaction is
		// undone and this one follows: a savepoint around every handler, to undo only
		// its part, cost a journal copy of each page every update wrote.
		s = &scope{upd: upd}
		fillScope(s, upd)
		err = b.db.UpdateLazy(hctx, func(tx *store.Tx) error {
			if err := b.recordQuiet(hctx, tx); err != nil {
				return err
			}
			s.tx = tx
			if err := b.replyInternalError(hctx, s); err != nil {
				return err
			}
			return b.handled(hctx, tx, s, &startAnswers)
		})
	}
	if startAnswers != nil {
		startAnswers(hctx, err == nil)
	}
	if err == nil {
		b.quietIDs = b.quietIDs[:0]
		b.sawMember(s)
	}
	ev := b.log.Info()
	if err != nil {
		ev = b.log.Error().Err(err)
	}
	var userID int64
	if s.from != nil {
		userID = s.from.ID
	}
	ev.Int64("update_id", upd.ID).Int64("user_id", userID).Str("kind", updateKind(upd)).
		Bool("duplicate", skipped).Dur("latency", time.Since(start)).Msg("update")
	if err != nil {
		return err
	}
	for _, f := range s.afterward {
		f(hctx)
	}
	if s.queued > 0 && startAnswers == nil {
		b.send.notify()
	}
	return nil
}

// errHandlerFailed rolls back the transaction of an update whose handler panicked.
var errHandlerFailed = errors.New("handler failed")

// handled ends an update's transaction: its id is recorded and, when it queued answers,
// the sender's round joins it so they start at its commit.
func (b *Bot) handled(ctx context.Context, tx *store.Tx, s *scope, start *func(context.Context, bool)) error {
	if err := tx.MarkUpdateHandled(ctx, s.upd.ID, s.toast); err != nil {
		return err
	}
	if s.queued == 0 {
		return nil
	}
	var err error
	*start, err = b.send.roundIn(ctx, tx)
	return err
}

func fillScope(s *scope, upd *models.Update) {
	var msg *models.Message
	switch {
	case upd.Message != nil:
		msg = upd.Message
	case upd.EditedMessage != nil:
		msg = upd.EditedMessage
	case upd.CallbackQuery != nil:
		s.from = &upd.CallbackQuery.From
		if m := upd.CallbackQuery.Message.Message; m != nil {
			s.chatID, s.chatType, s.messageID = m.Chat.ID, m.Chat.Type, m.ID
		} else if im := upd.CallbackQuery.Message.InaccessibleMessage; im != nil {
			s.chatID, s.messageID = im.Chat.ID, im.MessageID
		}
	case upd.MyChatMember != nil:
		s.from = &upd.MyChatMember.From
		s.chatID, s.chatType = upd.MyChatMember.Chat.ID, upd.MyChatMember.Chat.Type
	}
	if msg != nil {
		s.from, s.chatID, s.chatType, s.messageID = msg.From, msg.Chat.ID, msg.Chat.Type, msg.ID
	}
}

func updateKind(upd *models.Update) string {
	switch {
	case upd.Message != nil:
		return "message"
	case upd.EditedMessage != nil:
		return "edited_message"
	case upd.CallbackQuery != nil:
		return "callback_query"
	case upd.MyChatMember != nil:
		return "my_chat_member"
	}
	return "other"
}

// dispatch loads the update's workspace and routes the update. It is the one place
// that recovers a panicking handler: handle rolls its writes back and apologizes.
func (b *Bot) dispatch(ctx context.Context, s *scope) (panicked bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error().Int64("update_id", s.upd.ID).Str("panic", fmt.Sprint(r)).
				Str("stack", string(debug.Stack())).Msg("handler panicked")
			panicked, err = true, nil
		}
	}()
	group, mine, ask, err := b.chooseGroup(ctx, s) // bot/groups.go
	if err != nil {
		return false, err
	}
	s.tx = s.tx.In(group)
	if s.ws, err = b.loadWorkspace(ctx, s.tx); err != nil {
		return false, err
	}
	if s.from != nil && len(s.ws.plans.groups) > 1 && s.chatType == models.ChatTypePrivate {
		if mine == nil {
			if mine, err = b.personGroups(ctx, s.tx, s.from.ID); err != nil {
				return false, err
			}
		}
		if len(mine) > 1 {
			s.label = messages.GroupLabel(s.ws.group.Name)
		}
	}
	if ask {
		if err := b.classify(ctx, s); err != nil {
			return false, err
		}
		s.label = ""
		return false, b.askGroup(ctx, s, mine)
	}
	return false, b.route(ctx, s)
}
