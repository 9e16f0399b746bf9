package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ViewRequest is a view command whose answer is built off the poll loop: what was asked,
// by whom, where the answer goes and how it is headed.
type ViewRequest struct {
	ID          int64
	Group       int64
	ChatID      int64
	UserID      int64
	Command     string
	Args        string
	Label       string
	Priority    Priority
	RequestedAt time.Time
	Attempts    int
}

// StateBuilding counts, in OutboxStats, the answers still being built from view requests.
const StateBuilding = "building"

// RequestView records r in tx's group; it is built once the transaction commits.
func (tx *Tx) RequestView(ctx context.Context, r ViewRequest) error {
	_, err := tx.exec(ctx, `INSERT INTO view_requests (group_id, chat_id, user_id, command, args, label, priority, requested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tx.g(), r.ChatID, r.UserID, r.Command, r.Args, r.Label, r.Priority, unix(tx.now))
	if err != nil {
		return fmt.Errorf("request view: %w", err)
	}
	return nil
}

// NextViewRequest is the oldest view request of any group; ok is false when none waits.
func (db *DB) NextViewRequest(ctx context.Context) (r ViewRequest, ok bool, err error) {
	var at int64
	err = db.r.QueryRowContext(ctx, `SELECT id, group_id, chat_id, user_id, command, args, label, priority, requested_at, attempts
		FROM view_requests ORDER BY id LIMIT 1`).Scan(&r.ID, &r.Group, &r.ChatID, &r.UserID, &r.Command, &r.Args,
		&r.Label, &r.Priority, &at, &r.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("next view request: %w", err)
	}
	r.RequestedAt = time.Unix(at, 0)
	return r, true, nil
}

// TakeViewRequest deletes request id, reporting whether it was still there: whoever
// takes it queues its answer in the same transaction.
func (tx *Tx) TakeViewRequest(ctx context.Context, id int64) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM view_requests WHERE id = ?`, id)
	if err != nil {
		return false, fmt.Errorf("take view request: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ViewRequestFailed counts a failed attempt at building request id.
func (tx *Tx) ViewRequestFailed(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `UPDATE view_requests SET attempts = attempts + 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("view request failed: %w", err)
	}
	return nil
}
