package store

import (
	"context"
	"fmt"
)

// Orphan is a focal point or deputy of a unit the plan no longer has.
type Orphan struct {
	Unit   Unit
	Role   MemberRole
	UserID int64
}

const orphansQuery = `FROM members m JOIN units u ON u.group_id = m.group_id AND u.code = m.unit
	WHERE u.active = 0 AND NOT EXISTS (SELECT 1 FROM orphan_notices o WHERE o.group_id = m.group_id
		AND o.unit = m.unit AND o.role = m.role AND o.user_id = m.user_id)`

// OrphansWaiting reports whether some member of a dropped unit, in any group, has not
// been told yet.
func (db *DB) OrphansWaiting(ctx context.Context) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) `+orphansQuery).Scan(&n)
	return n > 0, err
}

// TakeOrphans returns the members of dropped units not told yet and records them as
// told; rows of units that are active again are forgotten.
func (tx *Tx) TakeOrphans(ctx context.Context) ([]Orphan, error) {
	if _, err := tx.exec(ctx, `DELETE FROM orphan_notices WHERE group_id = ?1
		AND unit IN (SELECT code FROM units WHERE group_id = ?1 AND active = 1)`, tx.g()); err != nil {
		return nil, fmt.Errorf("orphans: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT m.unit, u.name, m.role, m.user_id `+orphansQuery+`
		AND m.group_id = ? ORDER BY m.unit, m.role`, tx.g())
	if err != nil {
		return nil, fmt.Errorf("orphans: %w", err)
	}
	var out []Orphan
	for rows.Next() {
		var o Orphan
		if err := rows.Scan(&o.Unit.Code, &o.Unit.Name, &o.Role, &o.UserID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("orphans: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, o := range out {
		if _, err := tx.exec(ctx, `INSERT INTO orphan_notices (group_id, unit, role, user_id, at) VALUES (?, ?, ?, ?, ?)`,
			tx.g(), o.Unit.Code, o.Role, o.UserID, unix(tx.now)); err != nil {
			return nil, fmt.Errorf("orphans: %w", err)
		}
	}
	return out, nil
}
