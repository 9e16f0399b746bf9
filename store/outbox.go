package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Priority orders the outbox: answers to people go ahead of bulk reminders.
type Priority int

// Outbox priorities.
const (
	PriorityInteractive Priority = 0
	PriorityBulk        Priority = 2 // reminders and summaries (see quiet.go for 1 and 3)
)

// Message kinds in the outbox.
const (
	KindText     = "text"
	KindDocument = "document"
	KindPhoto    = "photo"
	KindEdit     = "edit"
)

// Outgoing is a message the bot will send. Text is HTML (callers escape user text).
type Outgoing struct {
	ChatID        int64
	Priority      Priority
	Kind          string // KindText when empty
	Purpose       string // what it is for ("reply", "reminder", "alert", …): logs and tests
	Text          string // message text, or the caption of a document or photo
	ReplyMarkup   []byte // JSON of an inline keyboard or ForceReply, nil for none
	ReplyTo       int    // message id this one answers, 0 for none
	EditMessageID int    // for KindEdit: the bot message whose text is replaced
	FileName      string
	File          []byte
	DedupeKey     string // when set, a second message with the same key is not queued
	Unit, Cycle   string // what a reminder is about, so a reply to it can be attributed
	Group         int64  // the working group it was made for; Enqueue sets the transaction's
}

// OutboxMessage is a queued message with its delivery state.
type OutboxMessage struct {
	Outgoing
	ID          int64
	State       string
	Attempts    int
	NextTryAt   time.Time
	LastError   string
	TGMessageID int
	CreatedAt   time.Time
	SentAt      time.Time
}

// Outbox states.
const (
	StatePending = "pending"
	StateSending = "sending"
	StateSent    = "sent"
	StateBlocked = "blocked"
	StateDead    = "dead"
)

// Enqueue queues m. With a DedupeKey already queued it does nothing and reports false.
func (tx *Tx) Enqueue(ctx context.Context, m Outgoing) (id int64, queued bool, err error) {
	if m.Kind == "" {
		m.Kind = KindText
	}
	if m.Group == 0 {
		m.Group = tx.group
	}
	var key any
	if m.DedupeKey != "" {
		key = m.DedupeKey
		if m.Group != 0 { // the same key in two groups names two messages
			key = "g" + strconv.FormatInt(m.Group, 10) + "/" + m.DedupeKey
		}
	}
	res, err := tx.exec(ctx, `INSERT INTO outbox
		(group_id, dedupe_key, chat_id, priority, kind, purpose, text, reply_markup, reply_to,
		 edit_message_id, file_name, file, unit, cycle, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (dedupe_key) DO NOTHING`,
		m.Group, key, m.ChatID, int(m.Priority), m.Kind, m.Purpose, m.Text, m.ReplyMarkup, m.ReplyTo,
		m.EditMessageID, m.FileName, m.File, m.Unit, m.Cycle, unix(tx.now))
	if err != nil {
		return 0, false, fmt.Errorf("enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return 0, false, err
	}
	id, err = res.LastInsertId()
	return id, true, err
}

const outboxColumns = `id, chat_id, priority, kind, purpose, text, reply_markup, reply_to,
	edit_message_id, file_name, file, unit, cycle, coalesce(dedupe_key, ''), state, attempts,
	next_try_at, last_error, tg_message_id, created_at, sent_at, group_id`

func scanOutbox(sc interface{ Scan(...any) error }) (OutboxMessage, error) {
	var m OutboxMessage
	var prio int
	var next, created, sent int64
	err := sc.Scan(&m.ID, &m.ChatID, &prio, &m.Kind, &m.Purpose, &m.Text, &m.ReplyMarkup,
		&m.ReplyTo, &m.EditMessageID, &m.FileName, &m.File, &m.Unit, &m.Cycle, &m.DedupeKey,
		&m.State, &m.Attempts, &next, &m.LastError, &m.TGMessageID, &created, &sent, &m.Group)
	m.Priority = Priority(prio)
	m.DedupeKey = strings.TrimPrefix(m.DedupeKey, "g"+strconv.FormatInt(m.Group, 10)+"/")
	m.NextTryAt, m.CreatedAt, m.SentAt = fromUnix(next), fromUnix(created), fromUnix(sent)
	return m, err
}

// DueMessages returns up to limit pending messages that may be sent at now: for each chat
// only its first undelivered message (answers before reminders, then by priority, then
// age), so a chat's messages keep their order even when one waits for a retry. An answer
// in the lowest class (a refusal) still goes before a reminder in its chat, which under a
// flood waits behind everyone's answers. Across chats they come by priority, but
// an answer that has waited moves up one class every agingStep: under a flood of reports
// the standing office's answers and refusals were starved for minutes (the long soak).
// Bulk messages (reminders) do not move up: people's answers stay ahead of them.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]OutboxMessage, error) {
	return dueMessages(ctx, db.r, now, limit)
}

// agingStep is how long an answer waits before it moves up one priority class.
const agingStep = 15 * time.Second

func dueMessages(ctx context.Context, q querier, now time.Time, limit int) ([]OutboxMessage, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o
		WHERE o.state = 'pending' AND o.next_try_at <= ?1
		AND NOT EXISTS (SELECT 1 FROM outbox p
			WHERE p.chat_id = o.chat_id AND p.state IN ('pending', 'sending')
			AND ((p.priority = ?3) < (o.priority = ?3) OR (p.priority = ?3) = (o.priority = ?3)
				AND (p.priority < o.priority OR (p.priority = o.priority AND p.id < o.id))))
		ORDER BY CASE WHEN o.priority = ?3 THEN o.priority
			ELSE max(0, o.priority - (?1 - o.created_at) / ?4) END, o.id
		LIMIT ?2`, unix(now), limit, int(PriorityBulk), int(agingStep/time.Second))
	if err != nil {
		return nil, fmt.Errorf("due messages: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("due messages: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// querier is a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// OutboxMessage returns one message by id.
func (db *DB) OutboxMessage(ctx context.Context, id int64) (OutboxMessage, error) {
	m, err := scanOutbox(db.r.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// MarkSending records that a send is about to start. It is committed before the API call,
// so after a crash the message is known to be possibly delivered. It reports false when
// the message is no longer pending (e.g. its chat was blocked meanwhile): do not send it.
func (db *DB) MarkSending(ctx context.Context, id int64) (ok bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		ok, err = tx.markSending(ctx, id)
		return err
	})
	return ok, err
}

func (tx *Tx) markSending(ctx context.Context, id int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1
		WHERE id = ? AND state = 'pending'`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// MarkSent records a delivered message and its Telegram message id.
func (db *DB) MarkSent(ctx context.Context, id int64, tgMessageID int) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.markSent(ctx, id, tgMessageID) })
}

func (tx *Tx) markSent(ctx context.Context, id int64, tgMessageID int) error {
	// Files are not kept once delivered, nor the text of an invite: the link in it is
	// a credential, and only its hash belongs in the database.
	_, err := tx.exec(ctx, `UPDATE outbox SET state = 'sent', tg_message_id = ?,
		sent_at = ?, last_error = '', file = NULL,
		text = CASE WHEN purpose = 'invite' THEN '' ELSE text END WHERE id = ?`, tgMessageID, unix(tx.now), id)
	return err
}

// MarkRetry puts a message back in the queue until at.
func (db *DB) MarkRetry(ctx context.Context, id int64, at time.Time, reason string) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.markRetry(ctx, id, at, reason) })
}

func (tx *Tx) markRetry(ctx context.Context, id int64, at time.Time, reason string) error {
	// Rounded up to the second: truncated, a retry_after could end up to a second early
	// once a restart has lost the sender's in-memory pacing (the soak test caught it).
	next := unix(at)
	if at.After(time.Unix(next, 0)) {
		next++
	}
	_, err := tx.exec(ctx, `UPDATE outbox SET state = 'pending', next_try_at = ?,
		last_error = ? WHERE id = ?`, next, reason, id)
	return err
}

// MarkFailed ends a message's delivery for good: state is StateBlocked or StateDead.
// On StateBlocked the chat is recorded as unreachable and its other queued messages
// are dropped; it reports whether the chat was newly marked.
func (db *DB) MarkFailed(ctx context.Context, id int64, state, reason string) (newlyUnreachable bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		newlyUnreachable, err = tx.markFailed(ctx, id, state, reason)
		return err
	})
	return newlyUnreachable, err
}

func (tx *Tx) markFailed(ctx context.Context, id int64, state, reason string) (newlyUnreachable bool, err error) {
	var chat int64
	if err := tx.queryRow(ctx, `UPDATE outbox SET state = ?, last_error = ?
		WHERE id = ? RETURNING chat_id`, state, reason, id).Scan(&chat); err != nil {
		return false, err
	}
	if state != StateBlocked {
		return false, nil
	}
	if _, err := tx.exec(ctx, `UPDATE outbox SET state = 'blocked', last_error = ?
		WHERE chat_id = ? AND state = 'pending'`, reason, chat); err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `INSERT INTO unreachable_chats (chat_id, since, reason)
		VALUES (?, ?, ?) ON CONFLICT (chat_id) DO NOTHING`, chat, unix(tx.now), reason)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RequeueInFlight returns messages left in 'sending' by a crash to the queue. They may
// have been delivered already: delivery is at least once, with at most one duplicate
// per message in flight at the crash.
func (db *DB) RequeueInFlight(ctx context.Context) (int, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE outbox SET state = 'pending' WHERE state = 'sending'`)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// SentMessage finds the outbox row of a delivered bot message, e.g. the reminder a user
// replied to.
func (tx *Tx) SentMessage(ctx context.Context, chatID int64, tgMessageID int) (OutboxMessage, error) {
	m, err := scanOutbox(tx.queryRow(ctx, `SELECT `+outboxColumns+` FROM outbox
		WHERE chat_id = ? AND tg_message_id = ? ORDER BY id DESC LIMIT 1`, chatID, tgMessageID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// RemindedSince reports whether the group queued a reminder to chat since t.
func (tx *Tx) RemindedSince(ctx context.Context, chatID int64, t time.Time) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM outbox WHERE chat_id = ? AND purpose = 'reminder'
		AND created_at >= ? AND group_id = ?`, chatID, unix(t), tx.g()).Scan(&n)
	return n > 0, err
}

// Unreachable reports whether the chat answered 403 and has not written since.
func (tx *Tx) Unreachable(ctx context.Context, chatID int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM unreachable_chats WHERE chat_id = ?`, chatID).Scan(&n)
	return n > 0, err
}

// SetReachable clears the unreachable mark: the user wrote to the bot or unblocked it.
func (tx *Tx) SetReachable(ctx context.Context, chatID int64) error {
	_, err := tx.exec(ctx, `DELETE FROM unreachable_chats WHERE chat_id = ?`, chatID)
	return err
}

// SetUnreachable marks a chat unreachable (e.g. a my_chat_member "kicked" update).
func (tx *Tx) SetUnreachable(ctx context.Context, chatID int64, reason string) error {
	_, err := tx.exec(ctx, `INSERT INTO unreachable_chats (chat_id, since, reason)
		VALUES (?, ?, ?) ON CONFLICT (chat_id) DO NOTHING`, chatID, unix(tx.now), reason)
	return err
}

// OutboxStats counts messages by state, and as StateBuilding the view requests whose
// answers are not queued yet.
func (db *DB) OutboxStats(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT state, count(*) FROM outbox GROUP BY state
		UNION ALL SELECT '`+StateBuilding+`', count(*) FROM view_requests`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// MigrateChat follows a group that Telegram upgraded to a supergroup: its registration
// and its undelivered messages move to the new chat id.
func (tx *Tx) MigrateChat(ctx context.Context, from, to int64) error {
	for _, q := range []string{
		`UPDATE OR IGNORE group_chats SET chat_id = ?2 WHERE chat_id = ?1`,
		`DELETE FROM group_chats WHERE chat_id = ?1`, // the new id was known already
		`UPDATE outbox SET chat_id = ?2 WHERE chat_id = ?1 AND state IN ('pending', 'sending')`,
	} {
		if _, err := tx.exec(ctx, q, from, to); err != nil {
			return fmt.Errorf("migrate chat: %w", err)
		}
	}
	return nil
}
