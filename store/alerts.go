package store

import (
	"context"
	"fmt"
	"time"
)

// AlertLine is one blocker to alert about.
type AlertLine struct {
	Model   int
	Percent int
	Note    string
}

// QueuedAlert is what a unit reported as blocked while its alert window was open.
type QueuedAlert struct {
	Unit     string
	Reporter int64 // who reported the latest line
	Lines    []AlertLine
}

// ScreenAlerts decides which of a unit's new blockers are alerted now. A line alerted in
// the last dedupe (same unit, model and note) is dropped. If the unit was alerted within
// the last window, the lines wait in the queue (the latest per model) for TakeDueAlerts;
// otherwise they go now and open the window.
func (tx *Tx) ScreenAlerts(ctx context.Context, unit string, reporter int64, lines []AlertLine,
	window, dedupe time.Duration) ([]AlertLine, error) {
	var fresh []AlertLine
	for _, l := range lines {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM alerted WHERE group_id = ? AND unit = ? AND model = ?
			AND note = ? AND at > ?`, tx.g(), unit, l.Model, l.Note, unix(tx.now.Add(-dedupe))).Scan(&n); err != nil {
			return nil, fmt.Errorf("screen alerts: %w", err)
		}
		if n == 0 {
			fresh = append(fresh, l)
		}
	}
	if len(fresh) == 0 {
		return nil, nil
	}
	var open int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM alert_windows WHERE group_id = ? AND unit = ? AND until > ?`,
		tx.g(), unit, unix(tx.now)).Scan(&open); err != nil {
		return nil, fmt.Errorf("screen alerts: %w", err)
	}
	if open > 0 {
		for _, l := range fresh {
			if _, err := tx.exec(ctx, `INSERT INTO alert_queue (group_id, unit, model, percent, note, reporter, at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, unit, model) DO UPDATE SET percent = excluded.percent,
				note = excluded.note, reporter = excluded.reporter, at = excluded.at`,
				tx.g(), unit, l.Model, l.Percent, l.Note, reporter, unix(tx.now)); err != nil {
				return nil, fmt.Errorf("queue alert: %w", err)
			}
		}
		return nil, nil
	}
	return fresh, tx.alerted(ctx, unit, fresh, window)
}

// alerted records lines as alerted now and opens the unit's window.
func (tx *Tx) alerted(ctx context.Context, unit string, lines []AlertLine, window time.Duration) error {
	for _, l := range lines {
		if _, err := tx.exec(ctx, `INSERT INTO alerted (group_id, unit, model, note, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (group_id, unit, model, note) DO UPDATE SET at = excluded.at`, tx.g(), unit, l.Model, l.Note, unix(tx.now)); err != nil {
			return fmt.Errorf("record alert: %w", err)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO alert_windows (group_id, unit, until) VALUES (?, ?, ?)
		ON CONFLICT (group_id, unit) DO UPDATE SET until = excluded.until`, tx.g(), unit, unix(tx.now.Add(window)))
	if err != nil {
		return fmt.Errorf("alert window: %w", err)
	}
	return nil
}

// AlertsDue reports whether some unit's window, in any group, has closed with lines waiting.
func (db *DB) AlertsDue(ctx context.Context, now time.Time) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM alert_windows w
		WHERE w.until <= ? AND EXISTS (SELECT 1 FROM alert_queue q
			WHERE q.group_id = w.group_id AND q.unit = w.unit)`, unix(now)).Scan(&n)
	return n > 0, err
}

// TakeDueAlerts empties the queue of every unit whose window has closed, records those
// lines as alerted and opens a new window: the caller sends one alert per unit.
func (tx *Tx) TakeDueAlerts(ctx context.Context, window time.Duration) ([]QueuedAlert, error) {
	rows, err := tx.query(ctx, `SELECT q.unit, q.model, q.percent, q.note, q.reporter
		FROM alert_queue q JOIN alert_windows w ON w.group_id = q.group_id AND w.unit = q.unit
		WHERE q.group_id = ? AND w.until <= ? ORDER BY q.unit, q.model`, tx.g(), unix(tx.now))
	if err != nil {
		return nil, fmt.Errorf("due alerts: %w", err)
	}
	var out []QueuedAlert
	for rows.Next() {
		var unit string
		var l AlertLine
		var reporter int64
		if err := rows.Scan(&unit, &l.Model, &l.Percent, &l.Note, &reporter); err != nil {
			rows.Close()
			return nil, fmt.Errorf("due alerts: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Unit != unit {
			out = append(out, QueuedAlert{Unit: unit})
		}
		q := &out[len(out)-1]
		q.Lines, q.Reporter = append(q.Lines, l), reporter
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range out {
		if _, err := tx.exec(ctx, `DELETE FROM alert_queue WHERE group_id = ? AND unit = ?`, tx.g(), q.Unit); err != nil {
			return nil, fmt.Errorf("due alerts: %w", err)
		}
		if err := tx.alerted(ctx, q.Unit, q.Lines, window); err != nil {
			return nil, err
		}
	}
	return out, nil
}
