package store

import (
	"context"
	"fmt"
	"time"
)

// InviteRole is what an invite link makes its user.
type InviteRole string

// Invite roles: a unit's focal point or deputy, or a standing-office admin.
const (
	InviteFocal  InviteRole = "focal"
	InviteDeputy InviteRole = "deputy"
	InviteAdmin  InviteRole = "admin"
)

// Invite is a one-time invite link as stored: only the token's hash is kept.
type Invite struct {
	TokenHash string
	Unit      string // "" for an admin invite
	Role      InviteRole
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedBy    int64
	UsedAt    time.Time
	Group     int64 // the working group the link binds into
}

// CreateInvite stores an invite under the hash of its token.
func (tx *Tx) CreateInvite(ctx context.Context, inv Invite) error {
	_, err := tx.exec(ctx, `INSERT INTO invites (group_id, token_hash, unit, role, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tx.g(), inv.TokenHash, inv.Unit, inv.Role, inv.CreatedBy, unix(tx.now), unix(inv.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create invite: %w", err)
	}
	return nil
}

// WithdrawInvites ends the unused, unexpired links for a unit's role, so only the newest
// link an admin handed out works; it returns how many it ended.
func (tx *Tx) WithdrawInvites(ctx context.Context, unit string, role InviteRole) (int, error) {
	res, err := tx.exec(ctx, `UPDATE invites SET expires_at = ? WHERE group_id = ? AND unit = ? AND role = ?
		AND used_by = 0 AND expires_at > ?`, unix(tx.now), tx.g(), unit, role, unix(tx.now))
	if err != nil {
		return 0, fmt.Errorf("withdraw invites: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// FindInvite returns the invite with this token hash, in whichever group it was made,
// or ErrNotFound: a link is the one thing that names its group itself.
func (tx *Tx) FindInvite(ctx context.Context, tokenHash string) (Invite, error) {
	inv := Invite{TokenHash: tokenHash}
	var created, expires, usedAt int64
	err := tx.queryRow(ctx, `SELECT group_id, unit, role, created_by, created_at, expires_at, used_by, used_at
		FROM invites WHERE token_hash = ?`, tokenHash).
		Scan(&inv.Group, &inv.Unit, &inv.Role, &inv.CreatedBy, &created, &expires, &inv.UsedBy, &usedAt)
	if err != nil {
		return inv, notFound(err)
	}
	inv.CreatedAt, inv.ExpiresAt, inv.UsedAt = fromUnix(created), fromUnix(expires), fromUnix(usedAt)
	return inv, nil
}

// UseInvite marks an unused invite as used by userID; it reports false if it was
// already used (so a link binds exactly one person).
func (tx *Tx) UseInvite(ctx context.Context, tokenHash string, userID int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE invites SET used_by = ?, used_at = ?
		WHERE token_hash = ? AND used_by = 0`, userID, unix(tx.now), tokenHash)
	if err != nil {
		return false, fmt.Errorf("use invite: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AddAdmin records an invited admin; it reports false if the user already was one.
func (tx *Tx) AddAdmin(ctx context.Context, userID, invitedBy int64) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO admins (group_id, user_id, invited_by, since) VALUES (?, ?, ?, ?)
		ON CONFLICT (group_id, user_id) DO NOTHING`, tx.g(), userID, invitedBy, unix(tx.now))
	if err != nil {
		return false, fmt.Errorf("add admin: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// IsInvitedAdmin reports whether the user was invited as an admin.
func (tx *Tx) IsInvitedAdmin(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM admins WHERE group_id = ? AND user_id = ?`, tx.g(), userID).Scan(&n)
	return n > 0, err
}

// InvitedAdmins lists the invited admins' ids in the order they joined.
func (tx *Tx) InvitedAdmins(ctx context.Context) ([]int64, error) {
	return tx.queryIDs(ctx, `SELECT user_id FROM admins WHERE group_id = ? ORDER BY since, user_id`, tx.g())
}

func (tx *Tx) queryIDs(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// DayOf is the calendar day t falls on in loc (the plan's timezone), as yyyy-mm-dd: the
// form absences are stored and looked up in.
func DayOf(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// The Absence type, AbsencesOn (every unit, one day) and MarkAbsenceNotified are in
// reminders.go; days are yyyy-mm-dd strings in the plan's timezone.

const absenceCols = `id, unit, user_id, from_day, to_day, reason, notified`

// AddAbsence records an absence and returns its id.
func (tx *Tx) AddAbsence(ctx context.Context, a Absence) (int64, error) {
	res, err := tx.exec(ctx, `INSERT INTO absences (group_id, unit, user_id, from_day, to_day, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tx.g(), a.Unit, a.UserID, a.FromDay, a.ToDay, a.Reason, unix(tx.now))
	if err != nil {
		return 0, fmt.Errorf("add absence: %w", err)
	}
	return res.LastInsertId()
}

// AbsentOn reports whether the user declared an absence from the unit covering day.
func (tx *Tx) AbsentOn(ctx context.Context, unit string, userID int64, day string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM absences WHERE group_id = ?4 AND unit = ?1 AND user_id = ?2
		AND cancelled_at = 0 AND from_day <= ?3 AND to_day >= ?3`, unit, userID, day, tx.g()).Scan(&n)
	return n > 0, err
}

// UserAbsences lists a user's absences, not cancelled, that have not ended before day:
// the current and future ones.
func (tx *Tx) UserAbsences(ctx context.Context, userID int64, day string) ([]Absence, error) {
	return tx.queryAbsences(ctx, `SELECT `+absenceCols+` FROM absences
		WHERE group_id = ? AND user_id = ? AND cancelled_at = 0 AND to_day >= ? ORDER BY from_day, unit, id`, tx.g(), userID, day)
}

// CancelAbsences cancels the user's current and future absences (of one unit, or all
// when unit is "") and returns what it cancelled.
func (tx *Tx) CancelAbsences(ctx context.Context, userID int64, unit, day string) ([]Absence, error) {
	list, err := tx.UserAbsences(ctx, userID, day)
	if err != nil {
		return nil, err
	}
	var out []Absence
	for _, a := range list {
		if unit != "" && a.Unit != unit {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE absences SET cancelled_at = ? WHERE group_id = ? AND id = ?`, unix(tx.now), tx.g(), a.ID); err != nil {
			return nil, fmt.Errorf("cancel absence: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

func (tx *Tx) queryAbsences(ctx context.Context, q string, args ...any) ([]Absence, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("absences: %w", err)
	}
	defer rows.Close()
	var out []Absence
	for rows.Next() {
		var a Absence
		var notified int64
		if err := rows.Scan(&a.ID, &a.Unit, &a.UserID, &a.FromDay, &a.ToDay, &a.Reason, &notified); err != nil {
			return nil, fmt.Errorf("absences: %w", err)
		}
		a.Notified = notified != 0
		out = append(out, a)
	}
	return out, rows.Err()
}

// GroupChat is a group the bot was added to.
type GroupChat struct {
	ChatID       int64
	Title        string
	RegisteredBy int64 // 0: not registered
	RegisteredAt time.Time
	ToldAt       time.Time
	Group        int64 // the working group whose chat it is (0: none yet)
}

// FindGroupChat returns what is known of a group chat, in whichever working group, or
// ErrNotFound.
func (tx *Tx) FindGroupChat(ctx context.Context, chatID int64) (GroupChat, error) {
	g := GroupChat{ChatID: chatID}
	var reg, told int64
	err := tx.queryRow(ctx, `SELECT group_id, title, registered_by, registered_at, told_at FROM group_chats
		WHERE chat_id = ?`, chatID).Scan(&g.Group, &g.Title, &g.RegisteredBy, &reg, &told)
	if err != nil {
		return g, notFound(err)
	}
	g.RegisteredAt, g.ToldAt = fromUnix(reg), fromUnix(told)
	return g, nil
}

// RegisterGroup makes the group the working group's chat.
func (tx *Tx) RegisterGroup(ctx context.Context, chatID int64, title string, by int64) error {
	_, err := tx.exec(ctx, `INSERT INTO group_chats (group_id, chat_id, title, registered_by, registered_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title,
		registered_by = excluded.registered_by, registered_at = excluded.registered_at,
		group_id = excluded.group_id`,
		tx.g(), chatID, title, by, unix(tx.now))
	return err
}

// UnregisterGroup stops posting to a group; it stays silent there (as if already told).
// It reports false if the group was not registered.
func (tx *Tx) UnregisterGroup(ctx context.Context, chatID int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE group_chats SET registered_by = 0, registered_at = 0,
		told_at = ? WHERE group_id = ? AND chat_id = ? AND registered_by <> 0`, unix(tx.now), tx.g(), chatID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// MarkGroupTold records that an unregistered group got its one explanation; it reports
// false if it already had.
func (tx *Tx) MarkGroupTold(ctx context.Context, chatID int64, title string) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO group_chats (group_id, chat_id, title, told_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title, told_at = excluded.told_at
		WHERE group_chats.told_at = 0`, tx.group, chatID, title, unix(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RegisteredGroups lists the registered group chats' ids.
func (tx *Tx) RegisteredGroups(ctx context.Context) ([]int64, error) {
	return tx.queryIDs(ctx, `SELECT chat_id FROM group_chats WHERE group_id = ? AND registered_by <> 0
		ORDER BY registered_at, chat_id`, tx.g())
}

// Audit actions.
const (
	AuditInvite         = "invite"          // an admin created an invite link
	AuditInviteRejected = "invite_rejected" // a used, expired or unknown link was tried
	AuditBind           = "bind"            // someone became a unit's focal point or deputy
	AuditUnbind         = "unbind"          // a binding ended because someone replaced it
	AuditLeave          = "leave"           // a member left their unit
	AuditAdminAdd       = "admin_add"       // someone became an admin by invite
	AuditGroup          = "group_register"  // a group became the working group's chat
	AuditGroupRemove    = "group_remove"    // a group stopped being the working group's chat
	AuditAbsence        = "absence"         // a member declared an absence
	AuditAbsenceCancel  = "absence_cancel"  // a member cancelled an absence
)

// AuditEntry is one audit log row, with the actor and subject as last seen.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   User
	Action  string
	Unit    string
	Subject User // ID 0: none
	Detail  string
}

// AuditLog returns the audit log, oldest first; limit > 0 keeps only the last entries.
func (tx *Tx) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	q := `SELECT a.id, a.at, a.actor, coalesce(ua.first_name, ''), coalesce(ua.last_name, ''), coalesce(ua.username, ''),
		a.action, a.unit, a.subject, coalesce(us.first_name, ''), coalesce(us.last_name, ''), coalesce(us.username, ''), a.detail
		FROM audit a LEFT JOIN users ua ON ua.id = a.actor LEFT JOIN users us ON us.id = a.subject
		WHERE a.group_id = ?`
	args := []any{tx.g()}
	if limit > 0 {
		q += ` AND a.id > coalesce((SELECT id FROM audit WHERE group_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?), 0)`
		args = append(args, tx.g())
		args = append(args, limit)
	}
	rows, err := tx.query(ctx, q+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor.ID, &e.Actor.FirstName, &e.Actor.LastName, &e.Actor.Username,
			&e.Action, &e.Unit, &e.Subject.ID, &e.Subject.FirstName, &e.Subject.LastName, &e.Subject.Username, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		e.At = fromUnix(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
