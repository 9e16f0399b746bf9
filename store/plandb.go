package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// findOnlyGroup sets the group transactions start in: the one group when there is
// exactly one, none otherwise.
func (db *DB) findOnlyGroup(ctx context.Context) error {
	var n, id int64
	err := db.w.QueryRowContext(ctx, `SELECT count(*), coalesce(min(id), 0) FROM groups`).Scan(&n, &id)
	if err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	if n != 1 {
		id = 0
	}
	db.only.Store(id)
	return nil
}

// InstalledAt is when the transaction's group first received a plan; scheduled slots
// before it are never caught up.
func (tx *Tx) InstalledAt(ctx context.Context) (time.Time, error) {
	var at int64
	err := tx.queryRow(ctx, `SELECT installed_at FROM groups WHERE id = ? AND plan <> ''`, tx.g()).Scan(&at)
	return fromUnix(at), notFound(err)
}

// Groups lists the working groups, parents before their children.
func (db *DB) Groups(ctx context.Context) ([]Group, error) {
	var gs []Group
	err := db.View(ctx, func(tx *Tx) error {
		var err error
		gs, err = tx.Groups(ctx)
		return err
	})
	return gs, err
}

// Groups lists the working groups, parents before their children, then by code.
func (tx *Tx) Groups(ctx context.Context) ([]Group, error) {
	rows, err := tx.query(ctx, `SELECT id, code, name, parent FROM groups ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Code, &g.Name, &g.Parent); err != nil {
			return nil, err
		}
		all = append(all, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return parentsFirst(all), nil
}

// parentsFirst orders groups so that every parent comes before its children, keeping
// the given order otherwise.
func parentsFirst(all []Group) []Group {
	placed := map[int64]bool{0: true}
	out := make([]Group, 0, len(all))
	for len(out) < len(all) {
		n := len(out)
		for _, g := range all {
			if !placed[g.ID] && placed[g.Parent] {
				placed[g.ID] = true
				out = append(out, g)
			}
		}
		if len(out) == n { // a parent that is gone: keep the rest as they are
			for _, g := range all {
				if !placed[g.ID] {
					placed[g.ID] = true
					out = append(out, g)
				}
			}
		}
	}
	return out
}

// GroupByCode finds a group by its code (case-insensitive).
func (tx *Tx) GroupByCode(ctx context.Context, code string) (Group, error) {
	var g Group
	err := tx.queryRow(ctx, `SELECT id, code, name, parent FROM groups WHERE code = ?`,
		strings.ToLower(strings.TrimSpace(code))).Scan(&g.ID, &g.Code, &g.Name, &g.Parent)
	return g, notFound(err)
}

// LoadPlan returns the plan of the database's only group, its YAML, and its version
// (which increases with each import). ErrNotFound means none was stored yet.
func (db *DB) LoadPlan(ctx context.Context) (p Plan, yaml []byte, version int, err error) {
	id := db.only.Load()
	if id == 0 {
		return Plan{}, nil, 0, ErrNotFound
	}
	return db.LoadGroupPlan(ctx, id)
}

// LoadGroupPlan returns the plan of group id, its YAML and its version.
func (db *DB) LoadGroupPlan(ctx context.Context, id int64) (p Plan, yaml []byte, version int, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		var text string
		err := tx.queryRow(ctx, `SELECT plan, plan_version FROM groups WHERE id = ? AND plan <> ''`, id).Scan(&text, &version)
		if err != nil {
			return notFound(err)
		}
		yaml = []byte(text)
		p, err = ParsePlan(yaml)
		return err
	})
	return p, yaml, version, err
}

// GroupPlan returns the plan of the group with this code and its YAML.
func (db *DB) GroupPlan(ctx context.Context, code string) (Plan, []byte, error) {
	var id int64
	err := db.View(ctx, func(tx *Tx) error {
		g, err := tx.GroupByCode(ctx, code)
		id = g.ID
		return err
	})
	if err != nil {
		return Plan{}, nil, err
	}
	p, yaml, _, err := db.LoadGroupPlan(ctx, id)
	return p, yaml, err
}

// PlanVersion grows with every plan import into any group (and with every new group),
// 0 when there is none: the bot reloads its plans when it changes.
func (db *DB) PlanVersion(ctx context.Context) (int, error) {
	var version int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT coalesce(sum(plan_version), 0) FROM groups`).Scan(&version)
	})
	return version, err
}

// EnsurePlan stores the plan in yaml if the database has no group yet, and returns the
// plan of its only (or first) group either way.
func (db *DB) EnsurePlan(ctx context.Context, yaml []byte) (Plan, error) {
	p, _, _, err := db.LoadPlan(ctx)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Plan{}, err
	}
	if db.only.Load() == 0 {
		gs, err := db.Groups(ctx)
		if err != nil {
			return Plan{}, err
		}
		if len(gs) > 1 { // several groups: the database's plans stand
			p, _, _, err := db.LoadGroupPlan(ctx, gs[0].ID)
			return p, err
		}
	}
	if _, err := db.ImportPlan(ctx, yaml); err != nil {
		return Plan{}, err
	}
	p, _, _, err = db.LoadPlan(ctx)
	return p, err
}

// ImportPlan validates yaml and replaces the plan of the group it names (the group
// "default" when it names none). Units and models that the new plan drops are kept
// inactive, so their focal points and reports survive.
func (db *DB) ImportPlan(ctx context.Context, yaml []byte) (Plan, error) {
	p, err := ParsePlan(yaml)
	if err != nil {
		return Plan{}, err
	}
	_, err = db.ImportPlans(ctx, PlanSet{{Plan: p, YAML: yaml}})
	return p, err
}

// GroupPlanFile is one group's plan to import: the plan, its file, and the group it is
// for (code, name, parent code).
type GroupPlanFile struct {
	Code, Name, Parent string
	Plan               Plan
	YAML               []byte
}

// ImportGroupPlans imports several groups' plans in one transaction, parents first:
// each group is created or updated by its code, and a group missing from files is left
// as it is.
func (db *DB) ImportGroupPlans(ctx context.Context, files []GroupPlanFile) ([]Group, error) {
	var out []Group
	err := db.Update(ctx, func(tx *Tx) error {
		out = out[:0]
		for _, f := range files {
			g, err := tx.upsertGroup(ctx, f.Code, f.Name, f.Parent)
			if err != nil {
				return err
			}
			if err := tx.In(g.ID).savePlan(ctx, f.Plan, f.YAML); err != nil {
				return fmt.Errorf("group %s: %w", f.Code, err)
			}
			out = append(out, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, db.findOnlyGroup(ctx)
}

// upsertGroup creates the group code or updates its name and parent.
func (tx *Tx) upsertGroup(ctx context.Context, code, name, parent string) (Group, error) {
	g := Group{Code: strings.ToLower(code), Name: name}
	if parent != "" {
		pg, err := tx.GroupByCode(ctx, parent)
		if err != nil {
			return Group{}, fmt.Errorf("group %s: parent %s: %w", code, parent, err)
		}
		g.Parent = pg.ID
	}
	err := tx.queryRow(ctx, `INSERT INTO groups (code, name, parent, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent
		RETURNING id`, g.Code, g.Name, g.Parent, unix(tx.now)).Scan(&g.ID)
	return g, err
}

func (tx *Tx) savePlan(ctx context.Context, p Plan, yaml []byte) error {
	g := tx.g()
	stmts := []string{
		`UPDATE units SET active = 0 WHERE group_id = ?`,
		`UPDATE models SET active = 0 WHERE group_id = ?`,
		`DELETE FROM assignments WHERE group_id = ?`,
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s, g); err != nil {
			return fmt.Errorf("save plan: %w", err)
		}
	}
	for _, u := range p.Units {
		if _, err := tx.exec(ctx, `INSERT INTO units (group_id, code, name, tags, active) VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (group_id, code) DO UPDATE SET name = excluded.name, tags = excluded.tags, active = 1`,
			g, u.Code, u.Name, strings.Join(u.Tags, ",")); err != nil {
			return fmt.Errorf("save unit %s: %w", u.Code, err)
		}
	}
	for _, m := range p.Models {
		if _, err := tx.exec(ctx, `INSERT INTO models (group_id, number, grp, title, deadline, due, platforms, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (group_id, number) DO UPDATE SET grp = excluded.grp,
			title = excluded.title, deadline = excluded.deadline, due = excluded.due,
			platforms = excluded.platforms, active = 1`,
			g, m.Number, m.Group, m.Title, m.Deadline, m.Due.String(), m.Platforms); err != nil {
			return fmt.Errorf("save model %d: %w", m.Number, err)
		}
	}
	for _, a := range p.Assignments() {
		if _, err := tx.exec(ctx, `INSERT INTO assignments (group_id, model, unit, role) VALUES (?, ?, ?, ?)`,
			g, a.Model, a.Unit, string(a.Role)); err != nil {
			return fmt.Errorf("save assignment: %w", err)
		}
	}
	_, err := tx.exec(ctx, `UPDATE groups SET plan = ?, plan_version = plan_version + 1,
		installed_at = CASE WHEN installed_at = 0 THEN ? ELSE installed_at END WHERE id = ?`,
		string(yaml), unix(tx.now), g)
	return err
}

// GroupByID finds a group by id.
func (tx *Tx) GroupByID(ctx context.Context, id int64) (Group, error) {
	var g Group
	err := tx.queryRow(ctx, `SELECT id, code, name, parent FROM groups WHERE id = ?`, id).
		Scan(&g.ID, &g.Code, &g.Name, &g.Parent)
	return g, notFound(err)
}

// The groups where user ?1 is the focal point or deputy of an active unit, and those
// whose admins invited them.
const (
	memberGroupsQuery = `SELECT m.group_id FROM members m
		JOIN units u ON u.group_id = m.group_id AND u.code = m.unit AND u.active = 1
		WHERE m.user_id = ?1`
	adminGroupsQuery = `SELECT group_id FROM admins WHERE user_id = ?1`
)

// UserGroups lists the groups a user belongs to, by id: those where they are the focal
// point or deputy of an active unit, or an invited admin.
func (tx *Tx) UserGroups(ctx context.Context, userID int64) ([]int64, error) {
	return tx.queryIDs(ctx, memberGroupsQuery+` UNION `+adminGroupsQuery+` ORDER BY 1`, userID)
}

// MemberGroups are the groups in which the user serves an active unit.
func (tx *Tx) MemberGroups(ctx context.Context, userID int64) ([]int64, error) {
	return tx.queryIDs(ctx, `SELECT DISTINCT group_id FROM (`+memberGroupsQuery+`) ORDER BY 1`, userID)
}

// AdminGroups are the groups whose admins invited the user to join them.
func (tx *Tx) AdminGroups(ctx context.Context, userID int64) ([]int64, error) {
	return tx.queryIDs(ctx, adminGroupsQuery+` ORDER BY 1`, userID)
}

// Focus is the group a user last chose to work in, 0 when none.
func (tx *Tx) Focus(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT group_id FROM group_focus WHERE user_id = ?`, userID).Scan(&id)
	if errors.Is(notFound(err), ErrNotFound) {
		return 0, nil
	}
	return id, err
}

// SetFocus records the group a user works in from now on.
func (tx *Tx) SetFocus(ctx context.Context, userID, group int64) error {
	_, err := tx.exec(ctx, `INSERT INTO group_focus (user_id, group_id, at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET group_id = excluded.group_id, at = excluded.at`,
		userID, group, unix(tx.now))
	return err
}

// GroupQuestion is a message kept until its sender says which group it is for.
type GroupQuestion struct {
	ID        int64
	ChatID    int64
	UserID    int64
	MessageID int
	Text      string
}

// AskGroup keeps a message until its sender picks a group, and returns its id.
func (tx *Tx) AskGroup(ctx context.Context, q GroupQuestion) (int64, error) {
	if _, err := tx.exec(ctx, `DELETE FROM group_questions WHERE created_at < ?`,
		unix(tx.now.Add(-pendingRetention))); err != nil {
		return 0, err
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO group_questions (chat_id, user_id, message_id, text, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, q.ChatID, q.UserID, q.MessageID, q.Text, unix(tx.now)).Scan(&id)
	return id, err
}

// TakeGroupQuestion returns and forgets the user's kept message id; ErrNotFound when it
// was answered already, is someone else's, or is stale.
func (tx *Tx) TakeGroupQuestion(ctx context.Context, id, userID int64) (GroupQuestion, error) {
	q := GroupQuestion{ID: id}
	err := tx.queryRow(ctx, `DELETE FROM group_questions WHERE id = ? AND user_id = ? AND created_at >= ?
		RETURNING chat_id, user_id, message_id, text`, id, userID, unix(tx.now.Add(-pendingRetention))).
		Scan(&q.ChatID, &q.UserID, &q.MessageID, &q.Text)
	return q, notFound(err)
}

// ImportPlans imports a plan set (LoadPlanSet), parents first, in one transaction: each
// group is created or updated by its code; groups missing from the set are left alone.
func (db *DB) ImportPlans(ctx context.Context, set PlanSet) ([]Group, error) {
	files := make([]GroupPlanFile, 0, len(set))
	for _, f := range set {
		wg := f.Plan.GroupOrDefault()
		files = append(files, GroupPlanFile{Code: wg.Code, Name: wg.Name, Parent: wg.Parent, Plan: f.Plan, YAML: f.YAML})
	}
	return db.ImportGroupPlans(ctx, files)
}
