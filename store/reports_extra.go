package store

import (
	"context"
	"fmt"
	"time"
)

// Pending report kinds.
const (
	PendingText = "text" // free text waiting for the unit it is about
	PendingNote = "note" // a status chosen with buttons waiting for its note
)

// pendingRetention is how long an unanswered question is kept; older ones are stale.
const pendingRetention = 7 * 24 * time.Hour

// PendingReport is a report waiting for one more answer from its sender.
type PendingReport struct {
	ID        int64
	Kind      string
	ChatID    int64
	UserID    int64
	Unit      string
	Model     int
	Status    Status
	Text      string
	MessageID int
	Week      string
	Month     string
	Quarter   string
	// PromptOutbox is the outbox id of the ForceReply prompt a note answers.
	PromptOutbox int64
	CreatedAt    time.Time
}

// AddPending stores p (its ID and CreatedAt are set here) and forgets stale ones.
func (tx *Tx) AddPending(ctx context.Context, p PendingReport) (int64, error) {
	if _, err := tx.exec(ctx, `DELETE FROM pending_reports WHERE created_at < ?`,
		unix(tx.now.Add(-pendingRetention))); err != nil {
		return 0, fmt.Errorf("add pending: %w", err)
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO pending_reports (group_id, kind, chat_id, user_id, unit, model,
		status, text, message_id, week, month, quarter, prompt_outbox, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		tx.g(), p.Kind, p.ChatID, p.UserID, p.Unit, p.Model, string(p.Status), p.Text, p.MessageID,
		p.Week, p.Month, p.Quarter, p.PromptOutbox, unix(tx.now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add pending: %w", err)
	}
	return id, nil
}

const pendingColumns = `id, kind, chat_id, user_id, unit, model, status, text, message_id,
	week, month, quarter, prompt_outbox, created_at`

func (tx *Tx) onePending(ctx context.Context, q string, args ...any) (PendingReport, error) {
	var p PendingReport
	var at int64
	args = append([]any{tx.g()}, args...)
	err := tx.queryRow(ctx, `SELECT `+pendingColumns+` FROM pending_reports WHERE group_id = ? AND `+q, args...).Scan(
		&p.ID, &p.Kind, &p.ChatID, &p.UserID, &p.Unit, &p.Model, &p.Status, &p.Text, &p.MessageID,
		&p.Week, &p.Month, &p.Quarter, &p.PromptOutbox, &at)
	p.CreatedAt = fromUnix(at)
	if err != nil {
		return p, notFound(err)
	}
	if tx.now.Sub(p.CreatedAt) > pendingRetention {
		return p, ErrNotFound
	}
	return p, nil
}

// Pending returns a pending report by id. ErrNotFound when it is unknown, answered or stale.
func (tx *Tx) Pending(ctx context.Context, id int64) (PendingReport, error) {
	return tx.onePending(ctx, `id = ?`, id)
}

// PendingByPrompt returns the note waiting for an answer to the prompt in outbox row id.
func (tx *Tx) PendingByPrompt(ctx context.Context, outboxID int64) (PendingReport, error) {
	return tx.onePending(ctx, `prompt_outbox = ? AND kind = 'note'`, outboxID)
}

// LatestPending returns the newest pending report of a kind from a user in a chat.
func (tx *Tx) LatestPending(ctx context.Context, chatID, userID int64, kind string) (PendingReport, error) {
	return tx.onePending(ctx, `chat_id = ? AND user_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`, chatID, userID, kind)
}

// SetPendingPrompt links a pending note to the prompt that asks for it.
func (tx *Tx) SetPendingPrompt(ctx context.Context, id, outboxID int64) error {
	_, err := tx.exec(ctx, `UPDATE pending_reports SET prompt_outbox = ? WHERE group_id = ? AND id = ?`, outboxID, tx.g(), id)
	return err
}

// UpdatePendingText replaces the text of a message still waiting for its unit (it was edited).
// It reports whether there was one.
func (tx *Tx) UpdatePendingText(ctx context.Context, chatID int64, messageID int, text string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE pending_reports SET text = ?
		WHERE group_id = ? AND chat_id = ? AND message_id = ? AND kind = 'text'`, text, tx.g(), chatID, messageID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeletePending forgets a pending report (it was answered) and reports whether it existed.
func (tx *Tx) DeletePending(ctx context.Context, id int64) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM pending_reports WHERE group_id = ? AND id = ?`, tx.g(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeletePendingNotes forgets the notes a user still owed in a chat for one unit and model
// (a newer tap replaces them).
func (tx *Tx) DeletePendingNotes(ctx context.Context, chatID, userID int64, unit string, model int) error {
	_, err := tx.exec(ctx, `DELETE FROM pending_reports WHERE group_id = ? AND kind = 'note'
		AND chat_id = ? AND user_id = ? AND unit = ? AND model = ?`, tx.g(), chatID, userID, unit, model)
	return err
}
