package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Report is one unit's status of one model, as received.
type Report struct {
	ID         int64
	Unit       string
	Model      int
	Status     Status
	Percent    int // -1 when not given
	Note       string
	Reporter   int64
	ChatID     int64
	MessageID  int
	Line       int    // line of the message it came from, so an edit can find it
	Source     string // "text", "button", "all", "keep", "edit"
	ReceivedAt time.Time
	// The cycles it counts for (ids from the reminders calendar). HalfYear and Year, when
	// empty, are filled in from Month (see HalfYearOfMonth).
	Week, Month, Quarter string
	HalfYear, Year       string
}

// Cycle kinds as stored: each is a column of reports.
const (
	CycleWeek    = "week"
	CycleMonth   = "month"
	CycleQuarter = "quarter"
	CycleHalf    = "half_year"
	CycleYear    = "year"
)

// HalfYearOfMonth is the half-year ("2024-H1") and year ("2024") ids of a monthly cycle id
// ("2024-03"): Decree 09's half-year and year end where a month does.
func HalfYearOfMonth(month string) (half, year string) {
	if len(month) != 7 || month[4] != '-' {
		return "", ""
	}
	year = month[:4]
	if month[5:] <= "06" {
		return year + "-H1", year
	}
	return year + "-H2", year
}

func cycleColumn(kind string) (string, error) {
	switch kind {
	case CycleWeek, CycleMonth, CycleQuarter, CycleHalf, CycleYear:
		return kind, nil
	}
	return "", fmt.Errorf("unknown cycle kind %q", kind)
}

// ReportState is what a unit's latest reports of a model left behind, which its next
// report may change: an open blocker, a done model, an unresolved ticket.
type ReportState struct {
	Blocked    bool  // the latest report says blocked (open_blockers)
	Done       bool  // done since an earlier report, not reopened (done_models)
	OpenTicket int64 // the unresolved ticket's id, 0 when none
}

// reportStatesQuery reads each model's ReportState by the tables' keys (tickets through
// the partial index tickets_open), one row per model of the JSON array ?3.
const reportStatesQuery = `SELECT j.value,
	EXISTS (SELECT 1 FROM open_blockers o WHERE o.group_id = ?1 AND o.unit = ?2 AND o.model = j.value),
	EXISTS (SELECT 1 FROM done_models d WHERE d.group_id = ?1 AND d.unit = ?2 AND d.model = j.value),
	coalesce((SELECT t.id FROM tickets t WHERE t.group_id = ?1 AND t.unit = ?2 AND t.model = j.value
		AND t.state <> 'resolved'), 0)
	FROM json_each(?3) j`

// ReportStates reads the state of each of the unit's models in one query: a message's
// reports are recorded with what they change and nothing else (AddReportAfter).
func (tx *Tx) ReportStates(ctx context.Context, unit string, models []int) (map[int]ReportState, error) {
	list, err := json.Marshal(models)
	if err != nil {
		return nil, fmt.Errorf("report states: %w", err)
	}
	rows, err := tx.query(ctx, reportStatesQuery, tx.g(), unit, string(list))
	if err != nil {
		return nil, fmt.Errorf("report states: %w", err)
	}
	defer rows.Close()
	out := make(map[int]ReportState, len(models))
	for rows.Next() {
		var m int
		var st ReportState
		if err := rows.Scan(&m, &st.Blocked, &st.Done, &st.OpenTicket); err != nil {
			return nil, fmt.Errorf("report states: %w", err)
		}
		out[m] = st
	}
	return out, rows.Err()
}

// AddReport stores a report and makes it the unit's latest for the model.
func (tx *Tx) AddReport(ctx context.Context, r Report) (int64, error) {
	return tx.addReport(ctx, r, nil)
}

// AddReportAfter is AddReport for a model whose state was just read (ReportStates):
// it leaves out the writes that would change nothing.
func (tx *Tx) AddReportAfter(ctx context.Context, r Report, prior ReportState) (int64, error) {
	return tx.addReport(ctx, r, &prior)
}

// addReport stores r; prior, when known, spares the deletes of rows that are not there
// and the insert of a done model that is.
func (tx *Tx) addReport(ctx context.Context, r Report, prior *ReportState) (int64, error) {
	if !r.Status.Valid() {
		return 0, fmt.Errorf("add report: invalid status %q", r.Status)
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = tx.now
	}
	if r.Source == "" {
		r.Source = "text"
	}
	if r.HalfYear == "" && r.Year == "" {
		r.HalfYear, r.Year = HalfYearOfMonth(r.Month)
	}
	// Exec and the last rowid rather than RETURNING, which reads back through a cursor.
	res, err := tx.exec(ctx, `INSERT INTO reports (group_id, unit, model, status, percent, note, reporter,
		chat_id, message_id, line, source, received_at, week, month, quarter, half_year, year)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.g(), r.Unit, r.Model, string(r.Status), r.Percent, r.Note, r.Reporter, r.ChatID, r.MessageID,
		r.Line, r.Source, unix(r.ReceivedAt), r.Week, r.Month, r.Quarter, r.HalfYear, r.Year)
	if err != nil {
		return 0, fmt.Errorf("add report: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("add report: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO latest_reports (group_id, unit, model, report_id) VALUES (?, ?, ?, ?)
		ON CONFLICT (group_id, unit, model) DO UPDATE SET report_id = excluded.report_id`, tx.g(), r.Unit, r.Model, id)
	if err != nil {
		return 0, fmt.Errorf("add report: %w", err)
	}
	switch {
	case r.Status == StatusBlocked:
		_, err = tx.exec(ctx, `INSERT INTO open_blockers (group_id, unit, model, report_id, since)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, unit, model) DO UPDATE SET report_id = excluded.report_id`,
			tx.g(), r.Unit, r.Model, id, unix(r.ReceivedAt))
	case prior == nil || prior.Blocked:
		_, err = tx.exec(ctx, `DELETE FROM open_blockers WHERE group_id = ? AND unit = ? AND model = ?`, tx.g(), r.Unit, r.Model)
	}
	if err != nil {
		return 0, fmt.Errorf("add report: %w", err)
	}
	switch {
	case r.Status == StatusDone && (prior == nil || !prior.Done):
		// Done since the first of a run of done reports: a repeat keeps the older date.
		_, err = tx.exec(ctx, `INSERT INTO done_models (group_id, unit, model, report_id, done_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, unit, model) DO NOTHING`, tx.g(), r.Unit, r.Model, id, unix(r.ReceivedAt))
	case r.Status != StatusDone && (prior == nil || prior.Done):
		_, err = tx.exec(ctx, `DELETE FROM done_models WHERE group_id = ? AND unit = ? AND model = ?`, tx.g(), r.Unit, r.Model)
	}
	if err != nil {
		return 0, fmt.Errorf("add report: %w", err)
	}
	return id, nil
}

// DoneBefore returns the (unit, model) pairs reported done before t and not reopened since,
// with the report that said so: they carry forward into cycles starting at or after t.
func (tx *Tx) DoneBefore(ctx context.Context, t time.Time) (map[UnitModel]Report, error) {
	rows, err := tx.query(ctx, `SELECT `+reportColumns+` FROM done_models d
		JOIN reports r ON r.id = d.report_id WHERE d.group_id = ? AND d.done_at < ?`, tx.g(), unix(t))
	if err != nil {
		return nil, fmt.Errorf("done models: %w", err)
	}
	defer rows.Close()
	out := map[UnitModel]Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("done models: %w", err)
		}
		out[UnitModel{r.Unit, r.Model}] = r
	}
	return out, rows.Err()
}

// UnitModel names one unit's part in one model.
type UnitModel struct {
	Unit  string
	Model int
}

const reportColumns = `r.id, r.unit, r.model, r.status, r.percent, r.note, r.reporter, r.chat_id,
	r.message_id, r.line, r.source, r.received_at, r.week, r.month, r.quarter, r.half_year, r.year`

func scanReport(sc interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var at int64
	err := sc.Scan(&r.ID, &r.Unit, &r.Model, &r.Status, &r.Percent, &r.Note, &r.Reporter, &r.ChatID,
		&r.MessageID, &r.Line, &r.Source, &at, &r.Week, &r.Month, &r.Quarter, &r.HalfYear, &r.Year)
	r.ReceivedAt = fromUnix(at)
	return r, err
}

func (tx *Tx) queryReports(ctx context.Context, q string, args ...any) ([]Report, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CycleReports returns, for one cycle, the latest report of each unit and model, ordered
// by model then unit.
func (tx *Tx) CycleReports(ctx context.Context, kind, cycleID string) ([]Report, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	return tx.queryReports(ctx, `SELECT `+reportColumns+` FROM reports r
		WHERE r.id IN (SELECT max(id) FROM reports WHERE group_id = ? AND `+col+` = ? GROUP BY unit, model)
		ORDER BY r.model, r.unit`, tx.g(), cycleID)
}

// UnitCycleReports is CycleReports for one unit.
func (tx *Tx) UnitCycleReports(ctx context.Context, kind, cycleID, unit string) ([]Report, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	return tx.queryReports(ctx, `SELECT `+reportColumns+` FROM reports r
		WHERE r.id IN (SELECT max(id) FROM reports WHERE group_id = ? AND `+col+` = ? AND unit = ?
			GROUP BY model)
		ORDER BY r.model`, tx.g(), cycleID, unit)
}

// LatestReports returns a unit's latest report of each model over all time.
func (tx *Tx) LatestReports(ctx context.Context, unit string) ([]Report, error) {
	return tx.queryReports(ctx, `SELECT `+reportColumns+` FROM latest_reports l
		JOIN reports r ON r.id = l.report_id WHERE l.group_id = ? AND l.unit = ? ORDER BY r.model`, tx.g(), unit)
}

// messageReportsQuery and messageGroupQuery say message_id <> 0, which SQLite needs to
// see to use the partial index reports_message: without it they walked the reports.
const messageReportsQuery = `SELECT ` + reportColumns + ` FROM reports r
	WHERE r.chat_id = ? AND r.message_id = ? AND r.message_id <> 0 AND r.group_id = ? ORDER BY r.id`

const messageGroupQuery = `SELECT group_id FROM reports WHERE chat_id = ?1 AND message_id = ?2 AND message_id <> 0
	UNION ALL SELECT group_id FROM pending_reports WHERE chat_id = ?1 AND message_id = ?2
	LIMIT 1`

// MessageReports returns the reports a message produced, in line order.
func (tx *Tx) MessageReports(ctx context.Context, chatID int64, messageID int) ([]Report, error) {
	return tx.queryReports(ctx, messageReportsQuery, chatID, messageID, tx.g())
}

// MessageGroup is the group a person's message was recorded in (its reports, or a report
// still waiting for an answer), 0 when none: an edit of it belongs to the same group.
func (tx *Tx) MessageGroup(ctx context.Context, chatID int64, messageID int) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, messageGroupQuery, chatID, messageID).Scan(&id)
	if errors.Is(notFound(err), ErrNotFound) {
		return 0, nil
	}
	return id, err
}
