package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Summary is the state of one cycle: for every expected (unit, model) pair its counting
// report, whether it came late, whether the unit is excused or unreachable, and per unit
// how far it got. It is worked out once (workgroup.CycleState) and every view renders
// from it: chat text, reminders, escalations, XLSX, CSV, chart. It lives here because
// all of those packages need it and store is the one they share.
type Summary struct {
	Kind, CycleID string    // "week", "2024-W11"
	Start, End    time.Time // reports received in [Start, End) belong to the cycle
	Due           time.Time // reports at or after Due are late
	Location      *time.Location

	Models []ModelSummary // ordered by group (I–V), then number
	Units  []UnitSummary  // every unit taking part in a model, in plan order

	Expected    int // units expected to report (assigned, not excused)
	Reported    int // expected units that reported (Complete + Partial)
	Complete    int // expected units with every model reported (or done earlier)
	Partial     int // expected units that reported some of their models
	OnTime      int // reporting units whose every counting report arrived before Due
	Late        int // reporting units with a counting report at or after Due
	Missing     int // expected units with no report (ProgressNone)
	Excused     int // units excused: focal point away on the due day, no deputy present
	Unreachable int // expected units whose focal point blocked the bot

	// Blockers are the blockers open when the state was worked out, oldest first.
	Blockers []Blocker

	// ModelsByStatus counts models by their status (see ModelSummary.Status); the
	// empty status counts models nobody leading them reported on.
	ModelsByStatus map[Status]int
}

// ModelSummary is one model of the plan in a cycle.
type ModelSummary struct {
	Model    Model
	Leads    []string // unit codes, plan order
	Supports []string
	// Status is the model's status as its lead units report it: blocked if any lead is
	// blocked, done if every lead is done, otherwise the most advanced lead status;
	// "" when no lead reported.
	Status  Status
	Percent int  // the first reporting lead's percentage, -1 when none
	Overdue bool // the model's due date has passed and it is not done
	Entries []Entry
}

// Entry is one unit's part in a model and its counting report for the cycle.
type Entry struct {
	Unit    Unit
	Role    Role
	Report  *Report // nil: not reported
	Late    bool    // the counting report arrived at or after Due
	Excused bool    // absent without cover on the due day: not expected
	// Carried: the model was reported done in an earlier cycle and is not asked for
	// again; Report is that earlier report.
	Carried bool
}

// Reported reports whether the entry has a report.
func (e Entry) Reported() bool { return e.Report != nil }

// Status is the entry's reported status, "" when missing.
func (e Entry) Status() Status {
	if e.Report == nil {
		return ""
	}
	return e.Report.Status
}

// Progress is how far a unit got in a cycle.
type Progress string

// A unit's progress in a cycle.
const (
	ProgressNone     Progress = "none"     // expected, nothing reported
	ProgressPartial  Progress = "partial"  // some of its models reported
	ProgressComplete Progress = "complete" // every model reported or done earlier
	ProgressExcused  Progress = "excused"  // not expected: focal point away, no deputy present
)

// UnitSummary is one unit's reporting in a cycle.
type UnitSummary struct {
	Unit     Unit
	Models   int // models it takes part in
	Reported int // of those, how many it reported in the cycle
	Carried  int // of those, how many were done in an earlier cycle and not asked again
	Excused  bool
	Progress Progress
	FirstAt  time.Time // first report in the cycle; zero when none
	Late     bool      // a counting report arrived at or after Due
	LastAt   time.Time // its latest report of anything, in any cycle; zero when none

	Focal, Deputy *User // bound people (nil: nobody in that seat)
	// Unreachable: the focal point blocked the bot (a deputy may still be reached).
	Unreachable bool
}

// Open is how many of the unit's models are neither reported in the cycle nor done earlier.
func (u UnitSummary) Open() int { return u.Models - u.Reported - u.Carried }

// SummaryReport is a unit's counting (latest) report of a model in a cycle, with when
// the unit first reported that model in the cycle and how many versions it sent.
type SummaryReport struct {
	Report
	FirstAt  time.Time
	Versions int
}

// summaryReportsQuery walks the cycle's slice of the index reports_<kind> (kind, unit,
// model, id) in index order: no grouping, no sort, one pass over the cycle's rows
// whatever the number of past cycles. Only the columns a summary shows are read.
const summaryReportsQuery = `SELECT id, unit, model, status, percent, note, received_at
	FROM reports INDEXED BY reports_%[1]s WHERE group_id = ? AND %[1]s = ? ORDER BY unit, model, id`

// SummaryReports returns, for one cycle, the counting (latest) report of each unit and
// model, ordered by unit then model. Reporter, chat and message fields are left empty.
func (tx *Tx) SummaryReports(ctx context.Context, kind, cycleID string) ([]SummaryReport, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	// Counting first (from the index alone) sizes the slice once; growing a slice of
	// 13,000 reports step by step copied it over and over.
	var n int
	if err := tx.queryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM reports INDEXED BY reports_%[1]s
		WHERE group_id = ? AND %[1]s = ?`, col), tx.g(), cycleID).Scan(&n); err != nil {
		return nil, fmt.Errorf("summary reports: %w", err)
	}
	rows, err := tx.query(ctx, fmt.Sprintf(summaryReportsQuery, col), tx.g(), cycleID)
	if err != nil {
		return nil, fmt.Errorf("summary reports: %w", err)
	}
	defer rows.Close()
	out := make([]SummaryReport, 0, n)
	var r Report
	var at int64
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Unit, &r.Model, &r.Status, &r.Percent, &r.Note, &at); err != nil {
			return nil, fmt.Errorf("summary reports: %w", err)
		}
		r.ReceivedAt = fromUnix(at)
		switch l := len(out) - 1; {
		case l >= 0 && out[l].Unit == r.Unit && out[l].Model == r.Model:
			// A later version of the same unit and model: it counts, the first time stays.
			first := out[l].FirstAt
			if r.ReceivedAt.Before(first) {
				first = r.ReceivedAt
			}
			out[l] = SummaryReport{Report: r, FirstAt: first, Versions: out[l].Versions + 1}
		default:
			out = append(out, SummaryReport{Report: r, FirstAt: r.ReceivedAt, Versions: 1})
		}
		switch kind {
		case CycleWeek:
			out[len(out)-1].Week = cycleID
		case CycleMonth:
			out[len(out)-1].Month = cycleID
		case CycleQuarter:
			out[len(out)-1].Quarter = cycleID
		case CycleHalf:
			out[len(out)-1].HalfYear = cycleID
		case CycleYear:
			out[len(out)-1].Year = cycleID
		}
	}
	return out, rows.Err()
}

const allCycleReportsQuery = `SELECT ` + reportColumns + ` FROM reports r INDEXED BY reports_%[1]s
	WHERE r.group_id = ? AND r.%[1]s = ? ORDER BY r.received_at, r.id`

// AllCycleReports returns every report of a cycle, superseded ones included, oldest first.
func (tx *Tx) AllCycleReports(ctx context.Context, kind, cycleID string) ([]Report, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	return tx.queryReports(ctx, fmt.Sprintf(allCycleReportsQuery, col), tx.g(), cycleID)
}

// excusedQuery finds units whose focal point is absent on a day with no deputy present:
// nobody can report for them, so they are not counted as expected.
const excusedQuery = `SELECT m.unit FROM members m
	WHERE m.group_id = ?2 AND m.role = 'focal' AND EXISTS (SELECT 1 FROM absences a
		WHERE a.group_id = ?2 AND a.unit = m.unit
		AND a.user_id = m.user_id AND a.cancelled_at = 0 AND a.from_day <= ?1 AND a.to_day >= ?1)
	AND NOT EXISTS (SELECT 1 FROM members d WHERE d.group_id = ?2 AND d.unit = m.unit AND d.role = 'deputy'
		AND NOT EXISTS (SELECT 1 FROM absences b WHERE b.group_id = ?2 AND b.unit = d.unit AND b.user_id = d.user_id
			AND b.cancelled_at = 0 AND b.from_day <= ?1 AND b.to_day >= ?1))`

// ExcusedUnits returns the units excused on day (yyyy-mm-dd in the plan's timezone).
func (tx *Tx) ExcusedUnits(ctx context.Context, day string) (map[string]bool, error) {
	rows, err := tx.query(ctx, excusedQuery, day, tx.g())
	if err != nil {
		return nil, fmt.Errorf("excused units: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("excused units: %w", err)
		}
		out[u] = true
	}
	return out, rows.Err()
}

// Blocker is an open blocker: the latest report of a unit and model says blocked.
type Blocker struct {
	Report
	Since time.Time // first of the consecutive blocked reports ending with Report
}

// openBlockersQuery reads open_blockers, which AddReport keeps (one row per blocked unit
// and model, with when the blocked run began).
const openBlockersQuery = `SELECT ` + reportColumns + `, o.since
	FROM open_blockers o JOIN reports r ON r.id = o.report_id WHERE o.group_id = ?
	ORDER BY o.since, o.unit, o.model`

// OpenBlockers lists open blockers across all units, oldest first.
func (tx *Tx) OpenBlockers(ctx context.Context) ([]Blocker, error) {
	rows, err := tx.query(ctx, openBlockersQuery, tx.g())
	if err != nil {
		return nil, fmt.Errorf("open blockers: %w", err)
	}
	defer rows.Close()
	var out []Blocker
	for rows.Next() {
		var b Blocker
		var at, since int64
		err := rows.Scan(&b.ID, &b.Unit, &b.Model, &b.Status, &b.Percent, &b.Note, &b.Reporter, &b.ChatID,
			&b.MessageID, &b.Line, &b.Source, &at, &b.Week, &b.Month, &b.Quarter, &b.HalfYear, &b.Year, &since)
		if err != nil {
			return nil, fmt.Errorf("open blockers: %w", err)
		}
		b.ReceivedAt, b.Since = fromUnix(at), fromUnix(since)
		out = append(out, b)
	}
	return out, rows.Err()
}

const lastReportTimesQuery = `SELECT l.unit, max(r.received_at) FROM latest_reports l
	JOIN reports r ON r.id = l.report_id WHERE l.group_id = ? GROUP BY l.unit`

// LastReportTimes returns when each unit last reported anything.
func (tx *Tx) LastReportTimes(ctx context.Context) (map[string]time.Time, error) {
	rows, err := tx.query(ctx, lastReportTimesQuery, tx.g())
	if err != nil {
		return nil, fmt.Errorf("last report times: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var u string
		var at int64
		if err := rows.Scan(&u, &at); err != nil {
			return nil, fmt.Errorf("last report times: %w", err)
		}
		out[u] = fromUnix(at)
	}
	return out, rows.Err()
}

// inList is "?, ?, ?" for n arguments.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

const reportingUnitsQuery = `SELECT DISTINCT %[1]s, unit FROM reports WHERE group_id = ? AND %[1]s IN (%[2]s)`

// ReportingUnits returns, for each cycle id given, the units that reported in it.
func (tx *Tx) ReportingUnits(ctx context.Context, kind string, cycleIDs []string) (map[string]map[string]bool, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	if len(cycleIDs) == 0 {
		return out, nil
	}
	args := []any{tx.g()}
	for _, id := range cycleIDs {
		args = append(args, id)
		out[id] = map[string]bool{}
	}
	rows, err := tx.query(ctx, fmt.Sprintf(reportingUnitsQuery, col, inList(len(cycleIDs))), args...)
	if err != nil {
		return nil, fmt.Errorf("reporting units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, u string
		if err := rows.Scan(&id, &u); err != nil {
			return nil, fmt.Errorf("reporting units: %w", err)
		}
		if out[id] != nil {
			out[id][u] = true
		}
	}
	return out, rows.Err()
}

const trendQuery = `SELECT ` + reportColumns + ` FROM reports r WHERE r.id IN
	(SELECT max(id) FROM reports WHERE group_id = ? AND %[1]s IN (%[2]s) AND %[3]s
		GROUP BY %[1]s, unit, model)
	ORDER BY r.%[1]s, r.model, r.unit`

// TrendReports returns the counting reports of several cycles, for one unit (model 0)
// or one model (unit "").
func (tx *Tx) TrendReports(ctx context.Context, kind string, cycleIDs []string, unit string, model int) ([]Report, error) {
	col, err := cycleColumn(kind)
	if err != nil {
		return nil, err
	}
	if len(cycleIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(cycleIDs)+2)
	args = append(args, tx.g())
	for _, id := range cycleIDs {
		args = append(args, id)
	}
	cond := "model = ?"
	if unit != "" {
		cond = "unit = ?"
		args = append(args, unit)
	} else {
		args = append(args, model)
	}
	return tx.queryReports(ctx, fmt.Sprintf(trendQuery, col, inList(len(cycleIDs)), cond), args...)
}

// UnreachableChats returns the chats that refused messages (403) and have not written since.
func (tx *Tx) UnreachableChats(ctx context.Context) (map[int64]bool, error) {
	rows, err := tx.query(ctx, `SELECT chat_id FROM unreachable_chats`)
	if err != nil {
		return nil, fmt.Errorf("unreachable chats: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("unreachable chats: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// CycleRate is how many units (or, in a unit's trend, models) were expected to report
// in a cycle and how many did.
type CycleRate struct {
	CycleID            string
	Start, End         time.Time
	Expected, Reported int
}

// Trend is a unit's or a model's counting reports over recent cycles.
type Trend struct {
	Unit     string // set for a unit's trend
	Model    int    // set for a model's trend
	Cycles   []CycleRate
	Assigned []Assignment        // the unit's models, or the model's units
	Reports  map[string][]Report // by cycle id
}
