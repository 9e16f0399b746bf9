package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

const (
	// sentTextRetention is how long a delivered message's text stays (a day of logs and
	// support questions); its metadata stays for replies to be attributed.
	sentTextRetention = 24 * time.Hour
	// strangerRetention is how long a person who is neither a member nor an admin stays
	// in users (e.g. a focal point who left): long enough to be named in the audit view.
	strangerRetention = 30 * 24 * time.Hour
	// alertedRetention bounds the blocker-dedupe memory.
	alertedRetention = 7 * 24 * time.Hour
)

// Pruned counts what one Prune removed.
type Pruned struct {
	Updates, Texts, Users, Quiet, Alerts int
}

// Prune removes what is no longer needed: handled update ids past Telegram's redelivery
// window, the text of delivered messages, people who are no longer members or admins,
// ended rationing keys, and old blocker-dedupe rows. keep are users never pruned (the
// admins named in the configuration, who may stay silent for months).
func (db *DB) Prune(ctx context.Context, keep ...int64) (Pruned, error) {
	var p Pruned
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.now
		steps := []struct {
			n *int
			q string
			a []any
		}{
			{&p.Updates, `DELETE FROM handled_updates WHERE handled_at < ?`, []any{unix(now.Add(-updateRetention))}},
			{&p.Texts, `UPDATE outbox SET text = '', reply_markup = NULL, file = NULL
				WHERE state IN ('sent', 'blocked', 'dead') AND (text <> '' OR file IS NOT NULL)
				AND max(sent_at, created_at) < ?`, []any{unix(now.Add(-sentTextRetention))}},
			{&p.Users, `DELETE FROM users WHERE seen_at < ?
				AND id NOT IN (SELECT user_id FROM members) AND id NOT IN (SELECT user_id FROM admins)
				AND id NOT IN (SELECT value FROM json_each(?))`,
				[]any{unix(now.Add(-strangerRetention)), keepJSON(keep)}},
			{&p.Quiet, `DELETE FROM quiet WHERE until <= ?`, []any{unix(now)}},
			{&p.Alerts, `DELETE FROM alerted WHERE at < ?`, []any{unix(now.Add(-alertedRetention))}},
			{nil, `DELETE FROM alert_windows WHERE until <= ? AND NOT EXISTS (SELECT 1 FROM alert_queue q
				WHERE q.group_id = alert_windows.group_id AND q.unit = alert_windows.unit)`, []any{unix(now)}},
		}
		for _, st := range steps {
			res, err := tx.exec(ctx, st.q, st.a...)
			if err != nil {
				return fmt.Errorf("prune: %w", err)
			}
			if st.n != nil {
				n, _ := res.RowsAffected()
				*st.n = int(n)
			}
		}
		return nil
	})
	return p, err
}

// keepJSON is ids as a JSON array, for json_each.
func keepJSON(ids []int64) string {
	b, _ := json.Marshal(append([]int64{}, ids...))
	return string(b)
}
