package store

import (
	"context"
	"fmt"
	"time"
)

// Person is someone a roster names for a unit's seat: the directory's phone book.
type Person struct {
	Unit      string
	Role      MemberRole
	Name      string
	Phone     string
	Username  string // Telegram @username without the @
	Invite    string // token hash of the link made for them
	UpdatedBy int64
	UpdatedAt time.Time
}

// SetPerson records (or replaces) the person named for a unit's seat.
func (tx *Tx) SetPerson(ctx context.Context, p Person) error {
	_, err := tx.exec(ctx, `INSERT INTO people (group_id, unit, role, name, phone, username, invite, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, unit, role) DO UPDATE SET name = excluded.name,
		phone = excluded.phone, username = excluded.username, invite = excluded.invite,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		tx.g(), p.Unit, p.Role, p.Name, p.Phone, p.Username, p.Invite, p.UpdatedBy, unix(tx.now))
	if err != nil {
		return fmt.Errorf("set person: %w", err)
	}
	return nil
}

// People lists everyone a roster named, by unit then role (focal first).
func (tx *Tx) People(ctx context.Context) ([]Person, error) {
	rows, err := tx.query(ctx, `SELECT unit, role, name, phone, username, invite, updated_by, updated_at
		FROM people WHERE group_id = ? ORDER BY unit, role DESC`, tx.g())
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var at int64
		if err := rows.Scan(&p.Unit, &p.Role, &p.Name, &p.Phone, &p.Username, &p.Invite, &p.UpdatedBy, &at); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		p.UpdatedAt = fromUnix(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PendingInvites lists unit invites neither used nor expired, newest first.
func (tx *Tx) PendingInvites(ctx context.Context) ([]Invite, error) {
	rows, err := tx.query(ctx, `SELECT token_hash, unit, role, created_by, created_at, expires_at
		FROM invites WHERE group_id = ? AND unit <> '' AND used_by = 0 AND expires_at > ?
		ORDER BY created_at DESC`, tx.g(), unix(tx.now))
	if err != nil {
		return nil, fmt.Errorf("pending invites: %w", err)
	}
	defer rows.Close()
	var out []Invite
	for rows.Next() {
		var inv Invite
		var created, expires int64
		if err := rows.Scan(&inv.TokenHash, &inv.Unit, &inv.Role, &inv.CreatedBy, &created, &expires); err != nil {
			return nil, fmt.Errorf("pending invites: %w", err)
		}
		inv.CreatedAt, inv.ExpiresAt = fromUnix(created), fromUnix(expires)
		out = append(out, inv)
	}
	return out, rows.Err()
}
