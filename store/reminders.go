package store

import (
	"context"
	"fmt"
	"time"
)

// SlotRecord is a scheduled slot that was acted on.
type SlotRecord struct {
	Key    string
	Job    string
	Cycle  string
	At     time.Time
	DoneAt time.Time
}

// RecordSlot marks a slot done. It reports false when the slot was already done: the
// caller must then queue nothing. Call it in the transaction that queues the slot's
// messages.
func (tx *Tx) RecordSlot(ctx context.Context, key, job, cycle string, at time.Time) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO slots (group_id, key, job, cycle, at, done_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (group_id, key) DO NOTHING`, tx.g(), key, job, cycle, unix(at), unix(tx.now))
	if err != nil {
		return false, fmt.Errorf("record slot: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SlotDone reports whether the slot was acted on.
func (tx *Tx) SlotDone(ctx context.Context, key string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM slots WHERE group_id = ? AND key = ?`, tx.g(), key).Scan(&n)
	return n > 0, err
}

// Slots lists the slots acted on, oldest first.
func (tx *Tx) Slots(ctx context.Context) ([]SlotRecord, error) {
	rows, err := tx.query(ctx, `SELECT key, job, cycle, at, done_at FROM slots WHERE group_id = ? ORDER BY at, key`, tx.g())
	if err != nil {
		return nil, fmt.Errorf("slots: %w", err)
	}
	defer rows.Close()
	var out []SlotRecord
	for rows.Next() {
		var s SlotRecord
		var at, done int64
		if err := rows.Scan(&s.Key, &s.Job, &s.Cycle, &at, &done); err != nil {
			return nil, fmt.Errorf("slots: %w", err)
		}
		s.At, s.DoneAt = fromUnix(at), fromUnix(done)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Absence is a period a unit member is away (days in the plan's timezone, inclusive).
type Absence struct {
	ID       int64
	Unit     string
	UserID   int64
	FromDay  string
	ToDay    string
	Reason   string
	Notified bool
}

// AbsencesOn lists the absences, not cancelled, that cover day (yyyy-mm-dd).
func (tx *Tx) AbsencesOn(ctx context.Context, day string) ([]Absence, error) {
	rows, err := tx.query(ctx, `SELECT id, unit, user_id, from_day, to_day, reason, notified
		FROM absences WHERE group_id = ?2 AND cancelled_at = 0 AND from_day <= ?1 AND to_day >= ?1
		ORDER BY unit, id`, day, tx.g())
	if err != nil {
		return nil, fmt.Errorf("absences: %w", err)
	}
	defer rows.Close()
	var out []Absence
	for rows.Next() {
		var a Absence
		var notified int64
		if err := rows.Scan(&a.ID, &a.Unit, &a.UserID, &a.FromDay, &a.ToDay, &a.Reason, &notified); err != nil {
			return nil, fmt.Errorf("absences: %w", err)
		}
		a.Notified = notified != 0
		out = append(out, a)
	}
	return out, rows.Err()
}

// MarkAbsenceNotified records that the admins were told nobody covers this absence. It
// reports false when they already were, so they are told once.
func (tx *Tx) MarkAbsenceNotified(ctx context.Context, id int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE absences SET notified = ? WHERE group_id = ? AND id = ? AND notified = 0`,
		unix(tx.now), tx.g(), id)
	if err != nil {
		return false, fmt.Errorf("mark absence notified: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
