package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SendOutcome is how one send ended. The sender keeps outcomes until its next round,
// which records them together with the next messages it starts.
type SendOutcome struct {
	ID          int64
	ChatID      int64
	State       string // StateSent; StatePending to retry at RetryAt; StateBlocked or StateDead
	TGMessageID int    // with StateSent
	RetryAt     time.Time
	Reason      string
	MigrateTo   int64 // with StatePending: the chat became this supergroup; follow it first
}

// SendRound is what one round of the sender committed.
type SendRound struct {
	Sending     []OutboxMessage // marked sending: the caller sends each of them now
	Unreachable []int64         // chats that the outcomes newly marked unreachable
	NextRetryAt time.Time       // earliest pending retry after the round, zero when none or due now
	Waiting     int             // messages left pending after the round, due or not
}

// SenderRound is one wake-up of the sender in one transaction, so one commit whatever the
// number of messages: it records the outcomes of finished sends, then offers the due
// messages to pick in queue order and marks those it accepts as sending. pick runs inside
// the transaction; it must only decide (pacing, free workers), not block.
//
// The round commits lazily (UpdateLazy): its marks survive a crash of the process, which
// is what bounds duplicates; a power cut before the next Sync can only make messages
// whose marks it lost go out again.
func (db *DB) SenderRound(ctx context.Context, outcomes []SendOutcome, limit int,
	pick func(OutboxMessage) bool) (SendRound, error) {
	var r SendRound
	err := db.UpdateBookkeeping(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.SenderRound(ctx, outcomes, limit, pick)
		return err
	})
	return r, err
}

// SenderRound is DB.SenderRound inside a transaction of the caller's (an update's, whose
// answers then start at its commit).
func (tx *Tx) SenderRound(ctx context.Context, outcomes []SendOutcome, limit int,
	pick func(OutboxMessage) bool) (SendRound, error) {
	var r SendRound
	for _, o := range outcomes {
		newly, err := tx.recordOutcome(ctx, o)
		if err != nil {
			return SendRound{}, fmt.Errorf("outcome of outbox %d: %w", o.ID, err)
		}
		if newly {
			r.Unreachable = append(r.Unreachable, o.ChatID)
		}
	}
	due, err := dueMessages(ctx, txQuerier{tx}, tx.now, limit)
	if err != nil {
		return SendRound{}, err
	}
	for _, m := range due {
		if !pick(m) {
			continue
		}
		// Read as pending in this same transaction, so the mark always applies.
		if _, err := tx.markSending(ctx, m.ID); err != nil {
			return SendRound{}, fmt.Errorf("mark sending: %w", err)
		}
		m.State = StateSending
		m.Attempts++
		r.Sending = append(r.Sending, m)
	}
	var next int64
	if err := tx.queryRow(ctx, `SELECT count(*), coalesce(min(next_try_at), 0) FROM outbox WHERE state = 'pending'`).
		Scan(&r.Waiting, &next); err != nil {
		return SendRound{}, fmt.Errorf("messages left: %w", err)
	}
	r.NextRetryAt = fromUnix(next)
	return r, nil
}

func (tx *Tx) recordOutcome(ctx context.Context, o SendOutcome) (newlyUnreachable bool, err error) {
	switch o.State {
	case StateSent:
		return false, tx.markSent(ctx, o.ID, o.TGMessageID)
	case StatePending:
		if o.MigrateTo != 0 {
			if err := tx.MigrateChat(ctx, o.ChatID, o.MigrateTo); err != nil {
				return false, err
			}
		}
		return false, tx.markRetry(ctx, o.ID, o.RetryAt, o.Reason)
	case StateBlocked, StateDead:
		return tx.markFailed(ctx, o.ID, o.State, o.Reason)
	}
	return false, fmt.Errorf("unknown outcome state %q", o.State)
}

// txQuerier lets the queries shared with the read pool run in a transaction, through its
// statement cache.
type txQuerier struct{ tx *Tx }

func (q txQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.tx.query(ctx, query, args...)
}

func (q txQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return q.tx.queryRow(ctx, query, args...)
}
