package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryQueriesUseIndexes checks the query plans: the summary queries must reach
// reports through an index, never by scanning the table, so their cost follows one
// cycle and not the whole history.
func TestSummaryQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queries := map[string]struct {
		q    string
		args []any
	}{
		"summary":       {fmt.Sprintf(summaryReportsQuery, "week"), []any{1, "2024-W11"}},
		"raw":           {fmt.Sprintf(allCycleReportsQuery, "month"), []any{1, "2024-03"}},
		"half-year":     {fmt.Sprintf(summaryReportsQuery, "half_year"), []any{1, "2024-H1"}},
		"year":          {fmt.Sprintf(summaryReportsQuery, "year"), []any{1, "2024"}},
		"blockers":      {openBlockersQuery, []any{1}},
		"last":          {lastReportTimesQuery, []any{1}},
		"rates":         {fmt.Sprintf(reportingUnitsQuery, "week", inList(3)), []any{1, "a", "b", "c"}},
		"trend unit":    {fmt.Sprintf(trendQuery, "week", inList(2), "unit = ?"), []any{1, "a", "b", "CAH"}},
		"trend model":   {fmt.Sprintf(trendQuery, "week", inList(2), "model = ?"), []any{1, "a", "b", 9}},
		"excused":       {excusedQuery, []any{"2024-03-11", 1}},
		"message":       {messageReportsQuery, []any{-100, 7, 1}},
		"message group": {messageGroupQuery, []any{-100, 7}},
		"report states": {reportStatesQuery, []any{1, "CAH", "[9, 18]"}},
	}
	for name, c := range queries {
		var plan []string
		err := db.View(ctx, func(tx *Tx) error {
			rows, err := tx.query(ctx, "EXPLAIN QUERY PLAN "+c.q, c.args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					return err
				}
				plan = append(plan, detail)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, d := range plan {
			// "SCAN reports" or "SCAN r" without an index is a full table scan. latest_reports
			// (l), members (m) and open_blockers (o) are small by nature, and so is a list of
			// arguments (json_each, a virtual table).
			if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "USING") && !strings.HasPrefix(d, "SCAN l") &&
				!strings.HasPrefix(d, "SCAN m") && !strings.HasPrefix(d, "SCAN o") && !strings.Contains(d, "VIRTUAL TABLE") {
				t.Errorf("%s: full scan %q in plan %q", name, d, plan)
			}
		}
		if name == "summary" && (strings.Contains(strings.Join(plan, "|"), "TEMP B-TREE") || !strings.Contains(strings.Join(plan, "|"), "reports_week (group_id=? AND week=?)")) {
			t.Errorf("summary: want an index walk without sorting, got %q", plan)
		}
		if name == "report states" && strings.Count(strings.Join(plan, "|"), "(group_id=? AND unit=? AND model=?)") != 3 {
			t.Errorf("report states: want each table searched by its key, got %q", plan)
		}
		if strings.HasPrefix(name, "message") && !strings.Contains(strings.Join(plan, "|"), "reports_message (chat_id=? AND message_id=?)") {
			t.Errorf("%s: want the partial index reports_message, got %q", name, plan)
		}
		t.Logf("%s: %q", name, plan)
	}
}
