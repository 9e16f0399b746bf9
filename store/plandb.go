package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Meta keys.
const (
	metaPlan        = "plan"
	metaPlanVersion = "plan_version"
	metaInstalledAt = "installed_at"
)

func (tx *Tx) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	return v, notFound(err)
}

func (tx *Tx) setMeta(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// InstalledAt is when the database first received a plan; scheduled slots before it
// are never caught up.
func (tx *Tx) InstalledAt(ctx context.Context) (time.Time, error) {
	v, err := tx.meta(ctx, metaInstalledAt)
	if err != nil {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return fromUnix(n), err
}

// LoadPlan returns the plan stored in the database, its YAML, and its version (which
// increases with each import). ErrNotFound means none was stored yet.
func (db *DB) LoadPlan(ctx context.Context) (p Plan, yaml []byte, version int, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		text, err := tx.meta(ctx, metaPlan)
		if err != nil {
			return err
		}
		v, _ := tx.meta(ctx, metaPlanVersion)
		version, _ = strconv.Atoi(v)
		yaml = []byte(text)
		p, err = ParsePlan(yaml)
		return err
	})
	return p, yaml, version, err
}

// PlanVersion is the stored plan's version, 0 when none.
func (db *DB) PlanVersion(ctx context.Context) (int, error) {
	var version int
	err := db.View(ctx, func(tx *Tx) error {
		v, err := tx.meta(ctx, metaPlanVersion)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		version, _ = strconv.Atoi(v)
		return err
	})
	return version, err
}

// EnsurePlan stores the plan in yaml if the database has none yet, and returns the
// stored plan either way.
func (db *DB) EnsurePlan(ctx context.Context, yaml []byte) (Plan, error) {
	p, _, _, err := db.LoadPlan(ctx)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Plan{}, err
	}
	if _, err := db.ImportPlan(ctx, yaml); err != nil {
		return Plan{}, err
	}
	p, _, _, err = db.LoadPlan(ctx)
	return p, err
}

// ImportPlan validates yaml and replaces the stored plan with it. Units and models that
// the new plan drops are kept inactive, so their focal points and reports survive.
func (db *DB) ImportPlan(ctx context.Context, yaml []byte) (Plan, error) {
	p, err := ParsePlan(yaml)
	if err != nil {
		return Plan{}, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		return tx.savePlan(ctx, p, yaml)
	})
	return p, err
}

func (tx *Tx) savePlan(ctx context.Context, p Plan, yaml []byte) error {
	stmts := []string{
		`UPDATE units SET active = 0`,
		`UPDATE models SET active = 0`,
		`DELETE FROM assignments`,
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s); err != nil {
			return fmt.Errorf("save plan: %w", err)
		}
	}
	for _, u := range p.Units {
		if _, err := tx.exec(ctx, `INSERT INTO units (code, name, tags, active) VALUES (?, ?, ?, 1)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, tags = excluded.tags, active = 1`,
			u.Code, u.Name, strings.Join(u.Tags, ",")); err != nil {
			return fmt.Errorf("save unit %s: %w", u.Code, err)
		}
	}
	for _, m := range p.Models {
		if _, err := tx.exec(ctx, `INSERT INTO models (number, grp, title, deadline, due, platforms, active)
			VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (number) DO UPDATE SET grp = excluded.grp,
			title = excluded.title, deadline = excluded.deadline, due = excluded.due,
			platforms = excluded.platforms, active = 1`,
			m.Number, m.Group, m.Title, m.Deadline, m.Due.String(), m.Platforms); err != nil {
			return fmt.Errorf("save model %d: %w", m.Number, err)
		}
	}
	for _, a := range p.Assignments() {
		if _, err := tx.exec(ctx, `INSERT INTO assignments (model, unit, role) VALUES (?, ?, ?)`,
			a.Model, a.Unit, string(a.Role)); err != nil {
			return fmt.Errorf("save assignment: %w", err)
		}
	}
	v, err := tx.meta(ctx, metaPlanVersion)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	n, _ := strconv.Atoi(v)
	if err := tx.setMeta(ctx, metaPlanVersion, strconv.Itoa(n+1)); err != nil {
		return err
	}
	if _, err := tx.meta(ctx, metaInstalledAt); errors.Is(err, ErrNotFound) {
		if err := tx.setMeta(ctx, metaInstalledAt, strconv.FormatInt(unix(tx.now), 10)); err != nil {
			return err
		}
	}
	return tx.setMeta(ctx, metaPlan, string(yaml))
}
