package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Migration 0007 backfills rows stored before it with what AddReport now fills in.
func TestMigration0007Backfill(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsurePlan(ctx, DefaultPlanYAML()); err != nil {
		t.Fatal(err)
	}
	body, err := migrationFiles.ReadFile("migrations/0007_halfyear_year.sql")
	if err != nil {
		t.Fatal(err)
	}
	update := string(body[strings.Index(string(body), "UPDATE reports"):])
	update = update[:strings.Index(update, ";")]
	months := []string{"2023-12", "2024-01", "2024-06", "2024-07", "2024-12"}
	err = db.Update(ctx, func(tx *Tx) error {
		for _, m := range months {
			if _, err := tx.AddReport(ctx, Report{Unit: "CAH", Model: 9, Status: StatusDone, Percent: -1, Month: m}); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE reports SET half_year = '', year = ''`); err != nil {
			return err
		}
		_, err := tx.exec(ctx, update)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT month, half_year, year FROM reports ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m, h, y string
			if err := rows.Scan(&m, &h, &y); err != nil {
				return err
			}
			if wh, wy := HalfYearOfMonth(m); h != wh || y != wy {
				t.Errorf("month %s backfilled as %s, %s; want %s, %s", m, h, y, wh, wy)
			}
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}
