package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// openBefore makes a database as the release before working groups left it: every
// migration before name applied, nothing after.
func openBefore(t *testing.T, path, name string) *sql.DB {
	t.Helper()
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	if _, err := w.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		t.Fatal(err)
	}
	files, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name() < files[j].Name() })
	for _, f := range files {
		if f.Name() >= name {
			break
		}
		body, _ := migrationFiles.ReadFile("migrations/" + f.Name())
		if _, err := w.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
		if _, err := w.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, f.Name()); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// The rows one group's life leaves in every table of the release before groups.
var beforeGroups = []string{
	`INSERT INTO meta VALUES ('plan', :plan), ('plan_version', '3'), ('installed_at', '1709000000')`,
	`INSERT INTO units VALUES ('CAH', 'Công an huyện', '', 1), ('X-MYTAN', 'UBND xã Mỹ Tân', 'xa', 1), ('OLD', 'Đơn vị cũ', '', 0)`,
	`INSERT INTO models VALUES (9, 'II', 'Camera', '', '', '', 1), (18, 'III', 'Y tế', '', '', '', 1)`,
	`INSERT INTO assignments VALUES (9, 'CAH', 'lead'), (18, 'X-MYTAN', 'lead')`,
	`INSERT INTO users VALUES (501, 'Lan', '', 'lan', 1709000000), (502, 'Minh', '', '', 1709000000)`,
	`INSERT INTO members VALUES ('X-MYTAN', 'focal', 501, 1709000000), ('OLD', 'focal', 502, 1709000000)`,
	`INSERT INTO admins VALUES (900, 1, 1709000000)`,
	`INSERT INTO invites VALUES ('hash1', 'X-MYTAN', 'deputy', 1, 1709000000, 1799000000, 0, 0)`,
	`INSERT INTO absences (unit, user_id, from_day, to_day, created_at) VALUES ('X-MYTAN', 501, '2024-03-10', '2024-03-12', 1709000000)`,
	`INSERT INTO group_chats VALUES (-100, 'Tổ công tác', 1, 1709000000, 0)`,
	`INSERT INTO audit (at, actor, action, unit) VALUES (1709000000, 1, 'invite', 'X-MYTAN')`,
	`INSERT INTO reports (id, unit, model, status, reporter, received_at, week, month, quarter, half_year, year)
		VALUES (1, 'X-MYTAN', 18, 'blocked', 501, 1709000000, '2024-W10', '2024-03', '2024-Q1', '2024-H1', '2024'),
		(2, 'CAH', 9, 'done', 1, 1709000100, '2024-W10', '2024-03', '2024-Q1', '2024-H1', '2024')`,
	`INSERT INTO latest_reports VALUES ('X-MYTAN', 18, 1), ('CAH', 9, 2)`,
	`INSERT INTO pending_reports (kind, chat_id, user_id, text, created_at) VALUES ('text', 501, 501, 'MH18 xong', 1709000000)`,
	`INSERT INTO slots VALUES ('weekly-remind@x/2024-W10', 'weekly-remind', '2024-W10', 1709000000, 1709000000)`,
	`INSERT INTO done_models VALUES ('CAH', 9, 2, 1709000100)`,
	`INSERT INTO quiet VALUES ('stranger:7:7', 1799000000)`,
	`INSERT INTO alert_windows VALUES ('X-MYTAN', 1709000300)`,
	`INSERT INTO alert_queue VALUES ('X-MYTAN', 18, -1, 'thiếu camera', 501, 1709000000)`,
	`INSERT INTO alerted VALUES ('X-MYTAN', 18, 'thiếu máy', 1709000000)`,
	`INSERT INTO orphan_notices VALUES ('OLD', 'focal', 502, 1709000000)`,
	`INSERT INTO indicator_values VALUES (2, '', 12)`,
	`INSERT INTO open_blockers VALUES ('X-MYTAN', 18, 1, 1709000000)`,
	`INSERT INTO tickets (id, unit, model, state, opened_at) VALUES (1, 'X-MYTAN', 18, 'open', 1709000000)`,
	`INSERT INTO ticket_events (ticket, at, action) VALUES (1, 1709000000, 'opened')`,
	`INSERT INTO outbox (id, dedupe_key, chat_id, kind, text, created_at, state) VALUES
		(1, 'reminder:2024-W10:501', 501, 'text', 'Nhắc', 1709000000, 'sent'), (2, NULL, 501, 'text', 'Trả lời', 1709000000, 'pending')`,
	`INSERT INTO ticket_messages VALUES (1, 1)`,
	`INSERT INTO people VALUES ('X-MYTAN', 'focal', 'Nguyễn Thị Lan', '0900', 'lan', '', 1, 1709000000)`,
	`INSERT INTO handled_updates VALUES (77, 1709000000)`,
	`INSERT INTO unreachable_chats VALUES (503, 1709000000, 'blocked', 1)`,
}

func tableCounts(t *testing.T, q func(string, ...any) *sql.Row, tables []string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, name := range tables {
		var n int
		if err := q(`SELECT count(*) FROM ` + name).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = n
	}
	return out
}

// A database made before working groups becomes one group, "default", losing nothing:
// every row of every table is still there, in group 1, and the bot's reads find them.
func TestMigration0013MakesOneGroupLosingNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openBefore(t, path, "0013")
	for _, q := range beforeGroups {
		if _, err := old.Exec(q, sql.Named("plan", string(DefaultPlanYAML()))); err != nil {
			t.Fatalf("%s: %v", q[:40], err)
		}
	}
	var tables []string
	rows, err := old.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'schema_migrations')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	before := tableCounts(t, old.QueryRow, tables)
	for name, n := range before {
		if n == 0 {
			t.Errorf("fixture leaves table %s empty: the test would not see it lose rows", name)
		}
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if after := tableCounts(t, db.r.QueryRow, tables); !equalCounts(before, after) {
		t.Errorf("rows per table changed:\nbefore %v\nafter  %v", before, after)
	}
	groups, err := db.Groups(ctx)
	if err != nil || len(groups) != 1 || groups[0].ID != 1 || groups[0].Code != DefaultGroupCode {
		t.Fatalf("groups = %+v, %v; want the one group default", groups, err)
	}
	for _, name := range tables {
		var cols string
		db.r.QueryRow(`SELECT group_concat(name) FROM pragma_table_info(?)`, name).Scan(&cols)
		if !strings.Contains(","+cols+",", ",group_id,") {
			continue // a table of the deployment, not of a group (users, outbox…)
		}
		var stray int
		db.r.QueryRow(`SELECT count(*) FROM ` + name + ` WHERE group_id <> 1`).Scan(&stray)
		if stray > 0 && name != "outbox" {
			t.Errorf("%s: %d rows outside group 1", name, stray)
		}
	}
	p, _, version, err := db.LoadPlan(ctx)
	if err != nil || version != 3 || len(p.Units) == 0 {
		t.Fatalf("plan after migration: version %d, %d units, %v", version, len(p.Units), err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		if at, err := tx.InstalledAt(ctx); err != nil || !at.Equal(time.Unix(1709000000, 0)) {
			t.Errorf("installed at %v, %v", at, err)
		}
		if ms, err := tx.Memberships(ctx, 501); err != nil || len(ms) != 1 || ms[0].Unit != "X-MYTAN" {
			t.Errorf("memberships %+v, %v", ms, err)
		}
		if bs, err := tx.OpenBlockers(ctx); err != nil || len(bs) != 1 || bs[0].Model != 18 {
			t.Errorf("open blockers %+v, %v", bs, err)
		}
		if tk, err := tx.OpenTicket(ctx, "X-MYTAN", 18); err != nil || tk.ID != 1 {
			t.Errorf("open ticket %+v, %v", tk, err)
		}
		if done, err := tx.SlotDone(ctx, "weekly-remind@x/2024-W10"); err != nil || !done {
			t.Errorf("slot done %v, %v", done, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A reminder queued before the upgrade is not queued again by the same key after it.
	err = db.Update(ctx, func(tx *Tx) error {
		_, queued, err := tx.Enqueue(ctx, Outgoing{ChatID: 501, Text: "Nhắc", DedupeKey: "reminder:2024-W10:501"})
		if queued {
			t.Error("a reminder queued before the upgrade was queued again")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
