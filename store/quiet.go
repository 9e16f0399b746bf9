package store

import (
	"context"
	"fmt"
	"time"
)

// Outbox priority classes beyond PriorityInteractive and PriorityBulk.
const (
	// PriorityAlert is for blocker alerts and answers to admins: after confirmations to
	// focal points, before reminders.
	PriorityAlert Priority = 1
	// PriorityStranger is for answers to people the bot does not know and for refusals:
	// they never hold up anyone else.
	PriorityStranger Priority = 3
)

// TakeTurn reports whether an answer rationed under key may go now; if so, the next one
// may go only after d. Keys name ids only ("stranger:<chat>:<user>"), nothing else.
func (tx *Tx) TakeTurn(ctx context.Context, key string, d time.Duration) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO quiet (key, until) VALUES (?1, ?2)
		ON CONFLICT (key) DO UPDATE SET until = ?2 WHERE until <= ?3`,
		key, unix(tx.now.Add(d)), unix(tx.now))
	if err != nil {
		return false, fmt.Errorf("take turn: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Quiet reports whether key's rationed answer is spent until later than now.
func (tx *Tx) Quiet(ctx context.Context, key string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM quiet WHERE key = ? AND until > ?`, key, unix(tx.now)).Scan(&n)
	return n > 0, err
}

// MarkUpdatesHandled records update ids that had no effects (a quiet stranger's
// messages), several at a time; ids already recorded are left as they are.
func (tx *Tx) MarkUpdatesHandled(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.exec(ctx, `INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)
			ON CONFLICT (update_id) DO NOTHING`, id, unix(tx.now)); err != nil {
			return fmt.Errorf("mark updates handled: %w", err)
		}
	}
	return nil
}
