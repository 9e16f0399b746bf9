package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// updateRetention is how long handled update ids are kept: Telegram redelivers an
// unconfirmed update for at most 24 hours, and after a week of silence it may number
// updates randomly, so old ids must not be mistaken for new ones.
const updateRetention = 48 * time.Hour

// UpdateHandled reports whether the update's effects were already committed and, for a
// button press, the answer it was given.
func (tx *Tx) UpdateHandled(ctx context.Context, updateID int64) (done bool, callbackAnswer string, err error) {
	var answer sql.NullString
	err = tx.queryRow(ctx, `SELECT callback_answer FROM handled_updates WHERE update_id = ?`, updateID).Scan(&answer)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", nil
	}
	return err == nil, answer.String, err
}

// MarkUpdateHandled records the update, with a button press's answer, in the transaction
// that commits its effects.
func (tx *Tx) MarkUpdateHandled(ctx context.Context, updateID int64, callbackAnswer string) error {
	_, err := tx.exec(ctx, `INSERT INTO handled_updates (update_id, handled_at, callback_answer) VALUES (?, ?, NULLIF(?, ''))`,
		updateID, unix(tx.now), callbackAnswer)
	return err
}

// PruneHandledUpdates forgets update ids past Telegram's redelivery window.
func (db *DB) PruneHandledUpdates(ctx context.Context) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM handled_updates WHERE handled_at < ?`,
			unix(tx.now.Add(-updateRetention)))
		return err
	})
}

// HandledUpdates counts recorded update ids.
func (db *DB) HandledUpdates(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM handled_updates`).Scan(&n)
	return n, err
}

// User is a Telegram user as last seen.
type User struct {
	ID        int64
	FirstName string
	LastName  string
	Username  string
}

// seenAtStep is how stale users.seen_at may grow before a message from the person
// refreshes it. Only Prune reads it, against a month (strangerRetention); rewriting it
// on every message dirtied a page of the database in each update's commit.
const seenAtStep = time.Hour

// SaveUser records the user's current names; identity is the numeric id. Nothing is
// written when the names are unchanged and seen_at is recent (seenAtStep).
func (tx *Tx) SaveUser(ctx context.Context, u User) error {
	_, err := tx.exec(ctx, `INSERT INTO users (id, first_name, last_name, username, seen_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,
		last_name = excluded.last_name, username = excluded.username, seen_at = excluded.seen_at
		WHERE first_name <> excluded.first_name OR last_name <> excluded.last_name
			OR username <> excluded.username OR seen_at <= excluded.seen_at - ?`,
		u.ID, u.FirstName, u.LastName, u.Username, unix(tx.now), int64(seenAtStep/time.Second))
	return err
}

// FindUser returns the user as last seen.
func (tx *Tx) FindUser(ctx context.Context, id int64) (User, error) {
	u := User{ID: id}
	err := tx.queryRow(ctx, `SELECT first_name, last_name, username FROM users WHERE id = ?`, id).
		Scan(&u.FirstName, &u.LastName, &u.Username)
	if err != nil {
		return u, notFound(err)
	}
	return u, nil
}
