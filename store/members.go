package store

import (
	"context"
	"fmt"
	"time"
)

// MemberRole is a person's part in a unit.
type MemberRole string

// Member roles.
const (
	MemberFocal  MemberRole = "focal"  // đầu mối
	MemberDeputy MemberRole = "deputy" // người thay thế
)

// Membership binds a Telegram user to a unit in a role.
type Membership struct {
	Unit   string
	Role   MemberRole
	UserID int64
	Since  time.Time
}

// Memberships lists the units a user serves, ordered by unit code. Asked again in the
// same transaction, with no write to members or units between, it reads nothing.
func (tx *Tx) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	if ms, ok := tx.memo.membershipsOf(tx.g(), userID); ok {
		return ms, nil
	}
	ms, err := tx.queryMembers(ctx, `SELECT m.unit, m.role, m.user_id, m.since FROM members m
		JOIN units u ON u.group_id = m.group_id AND u.code = m.unit
		WHERE m.group_id = ? AND m.user_id = ? AND u.active = 1
		ORDER BY m.unit, m.role`, tx.g(), userID)
	if err == nil {
		tx.memo.keepMemberships(tx.g(), userID, ms)
	}
	return ms, err
}

// UnitMembers lists a unit's focal point and deputy (focal first).
func (tx *Tx) UnitMembers(ctx context.Context, unit string) ([]Membership, error) {
	return tx.queryMembers(ctx, `SELECT unit, role, user_id, since FROM members
		WHERE group_id = ? AND unit = ? ORDER BY role DESC`, tx.g(), unit)
}

// AllMembers lists every binding, ordered by unit then role (focal first).
func (tx *Tx) AllMembers(ctx context.Context) ([]Membership, error) {
	return tx.queryMembers(ctx, `SELECT unit, role, user_id, since FROM members WHERE group_id = ?
		ORDER BY unit, role DESC`, tx.g())
}

func (tx *Tx) queryMembers(ctx context.Context, q string, args ...any) ([]Membership, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		var since int64
		if err := rows.Scan(&m.Unit, &m.Role, &m.UserID, &since); err != nil {
			return nil, fmt.Errorf("members: %w", err)
		}
		m.Since = fromUnix(since)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetMember binds user to the unit's role and returns who held it before (0 for nobody).
func (tx *Tx) SetMember(ctx context.Context, unit string, role MemberRole, userID int64) (previous int64, err error) {
	err = tx.queryRow(ctx, `SELECT user_id FROM members WHERE group_id = ? AND unit = ? AND role = ?`, tx.g(), unit, role).Scan(&previous)
	if err = notFound(err); err != nil && err != ErrNotFound {
		return 0, err
	}
	_, err = tx.exec(ctx, `INSERT INTO members (group_id, unit, role, user_id, since) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (group_id, unit, role) DO UPDATE SET user_id = excluded.user_id, since = excluded.since`,
		tx.g(), unit, role, userID, unix(tx.now))
	return previous, err
}

// RemoveMember unbinds a user from a unit's role; it reports whether a binding existed.
func (tx *Tx) RemoveMember(ctx context.Context, unit string, role MemberRole, userID int64) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM members WHERE group_id = ? AND unit = ? AND role = ? AND user_id = ?`,
		tx.g(), unit, role, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Audit records an action in the audit log.
func (tx *Tx) Audit(ctx context.Context, actor int64, action, unit string, subject int64, detail string) error {
	_, err := tx.exec(ctx, `INSERT INTO audit (group_id, at, actor, action, unit, subject, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tx.g(), unix(tx.now), actor, action, unit, subject, detail)
	return err
}

// SplitRoles picks a unit's focal point and deputy out of its memberships (nil when none).
func SplitRoles(ms []Membership) (focal, deputy *Membership) {
	for i := range ms {
		switch ms[i].Role {
		case MemberFocal:
			focal = &ms[i]
		case MemberDeputy:
			deputy = &ms[i]
		}
	}
	return focal, deputy
}

// MemberUsers returns the last-seen names of everybody bound to a unit, by user id.
func (tx *Tx) MemberUsers(ctx context.Context) (map[int64]User, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT u.id, u.first_name, u.last_name, u.username
		FROM members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?`, tx.g())
	if err != nil {
		return nil, fmt.Errorf("member users: %w", err)
	}
	defer rows.Close()
	out := map[int64]User{}
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.FirstName, &u.LastName, &u.Username); err != nil {
			return nil, fmt.Errorf("member users: %w", err)
		}
		out[u.ID] = u
	}
	return out, rows.Err()
}
