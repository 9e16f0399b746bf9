package workgroup

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// InviteTTL is how long an invite link works.
const InviteTTL = 7 * 24 * time.Hour

// Why an invite link did not bind. Bind returns them (wrapped in nothing) so that a
// caller tells them from a database error with errors.Is.
var (
	ErrInviteInvalid  = errors.New("workgroup: no such invite")
	ErrInviteUsed     = errors.New("workgroup: invite already used")
	ErrInviteExpired  = errors.New("workgroup: invite expired")
	ErrInviteUnitGone = errors.New("workgroup: the invite's unit is no longer in the plan")
	ErrAlreadyBound   = errors.New("workgroup: already holds that role in the unit")
	ErrAlreadyFocal   = errors.New("workgroup: the unit's focal point cannot also be its deputy")
	ErrAlreadyAdmin   = errors.New("workgroup: already an admin")
)

// newInviteToken returns a random URL-safe token (192 bits, 32 characters, within
// Telegram's 64-character start parameter) and the hash stored in its place.
func newInviteToken() (token, hash string) {
	buf := make([]byte, 24)
	_, _ = rand.Read(buf) // never fails (crypto/rand crashes the program instead)
	token = base64.RawURLEncoding.EncodeToString(buf)
	return token, hashInviteToken(token)
}

func hashInviteToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// inviteTokenShape is what a token we issued can look like; anything else is not looked up.
func inviteTokenShape(t string) bool {
	if len(t) == 0 || len(t) > 64 {
		return false
	}
	for _, c := range []byte(t) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// NewInvite stores a one-time invite to unit's seat (or to the standing office, for
// InviteAdmin with unit "") made by createdBy, and returns its token and expiry. A
// newer link for a seat ends the older unused ones, so a lost or forwarded link dies.
func NewInvite(ctx context.Context, tx *store.Tx, plan store.Plan, createdBy int64, unit string,
	role store.InviteRole, now time.Time) (token string, expires time.Time, err error) {
	token, hash := newInviteToken()
	expires = now.Add(InviteTTL).Truncate(time.Second).In(plan.Location())
	if role != store.InviteAdmin {
		if _, err := tx.WithdrawInvites(ctx, unit, role); err != nil {
			return "", time.Time{}, err
		}
	}
	inv := store.Invite{TokenHash: hash, Unit: unit, Role: role, CreatedBy: createdBy, ExpiresAt: expires}
	if err := tx.CreateInvite(ctx, inv); err != nil {
		return "", time.Time{}, err
	}
	// The hash prefix lets an auditor match the invite to its use without the token.
	detail := fmt.Sprintf("role=%s expires=%s id=%s", role, expires.Format(time.DateTime), hash[:12])
	if err := tx.Audit(ctx, createdBy, store.AuditInvite, unit, 0, detail); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// Binding is what a successful Bind did.
type Binding struct {
	Invite   store.Invite // the link used (also set with ErrInviteExpired, for its expiry)
	Unit     store.Unit   // the unit bound to; zero for an admin invite
	Replaced int64        // who held the seat before, 0 if nobody
}

// InviteGroup is the group an invite token was made in, 0 when the token is unknown: a
// link is the one thing that names its group by itself.
func InviteGroup(ctx context.Context, tx *store.Tx, token string) (int64, error) {
	token = strings.TrimSpace(token)
	if !inviteTokenShape(token) {
		return 0, nil
	}
	inv, err := tx.FindInvite(ctx, hashInviteToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return inv.Group, err
}

// Bind lets userID take the seat an invite token offers. isAdmin tells whether the user
// is already standing-office staff. A refused link returns one of the Err* reasons
// above; refusals of a bad, used, expired or orphaned link are written to the audit log.
func Bind(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64, isAdmin bool, token string,
	now time.Time) (Binding, error) {
	token = strings.TrimSpace(token)
	var inv store.Invite
	err := store.ErrNotFound
	if inviteTokenShape(token) {
		inv, err = tx.FindInvite(ctx, hashInviteToken(token))
	}
	if err == nil && inv.Group != tx.Group() {
		// A link binds only into the group it was made in (InviteGroup picks it).
		inv, err = store.Invite{}, store.ErrNotFound
	}
	reject := func(reason string, why error) (Binding, error) {
		id := ""
		if inv.TokenHash != "" {
			id = " id=" + inv.TokenHash[:12]
		}
		if err := tx.Audit(ctx, userID, store.AuditInviteRejected, inv.Unit, userID, "reason="+reason+id); err != nil {
			return Binding{}, err
		}
		return Binding{Invite: inv}, why
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return reject("forged", ErrInviteInvalid)
	case err != nil:
		return Binding{}, err
	case inv.UsedBy != 0:
		return reject("used", ErrInviteUsed)
	case !now.Before(inv.ExpiresAt):
		return reject("expired", ErrInviteExpired)
	}
	if inv.Role == store.InviteAdmin {
		return bindAdmin(ctx, tx, inv, userID, isAdmin)
	}
	u, ok := plan.Unit(inv.Unit)
	if !ok {
		return reject("unit_gone", ErrInviteUnitGone)
	}
	role := store.MemberRole(inv.Role)
	seats, err := UnitSeats(ctx, tx, u.Code)
	if err != nil {
		return Binding{}, err
	}
	focal, deputy := seats.Focal, seats.Deputy
	// Opening a link for a role one already holds leaves it for the right person.
	if (role == store.MemberFocal && focal == userID) || (role == store.MemberDeputy && deputy == userID) {
		return Binding{Invite: inv, Unit: u}, ErrAlreadyBound
	}
	if role == store.MemberDeputy && focal == userID {
		return Binding{Invite: inv, Unit: u}, ErrAlreadyFocal
	}
	if used, err := tx.UseInvite(ctx, inv.TokenHash, userID); err != nil || !used {
		if err != nil {
			return Binding{}, err
		}
		return reject("used", ErrInviteUsed)
	}
	prev, err := tx.SetMember(ctx, u.Code, role, userID)
	if err != nil {
		return Binding{}, err
	}
	detail := fmt.Sprintf("role=%s by=%d id=%s", role, inv.CreatedBy, inv.TokenHash[:12])
	if prev != 0 {
		detail += fmt.Sprintf(" replaced=%d", prev)
	}
	if err := tx.Audit(ctx, userID, store.AuditBind, u.Code, userID, detail); err != nil {
		return Binding{}, err
	}
	if role == store.MemberFocal && deputy == userID {
		// The deputy became the focal point: one person does not hold both roles.
		if _, err := tx.RemoveMember(ctx, u.Code, store.MemberDeputy, userID); err != nil {
			return Binding{}, err
		}
		if err := tx.Audit(ctx, userID, store.AuditUnbind, u.Code, userID, "role=deputy (now focal)"); err != nil {
			return Binding{}, err
		}
	}
	if prev != 0 {
		if err := tx.Audit(ctx, userID, store.AuditUnbind, u.Code, prev, fmt.Sprintf("role=%s replaced by %d", role, userID)); err != nil {
			return Binding{}, err
		}
		// The replaced person's absences no longer excuse the unit.
		if _, err := tx.CancelAbsences(ctx, prev, u.Code, store.DayOf(now, plan.Location())); err != nil {
			return Binding{}, err
		}
	}
	return Binding{Invite: inv, Unit: u, Replaced: prev}, nil
}

func bindAdmin(ctx context.Context, tx *store.Tx, inv store.Invite, userID int64, isAdmin bool) (Binding, error) {
	if isAdmin {
		return Binding{Invite: inv}, ErrAlreadyAdmin
	}
	if used, err := tx.UseInvite(ctx, inv.TokenHash, userID); err != nil || !used {
		if err != nil {
			return Binding{}, err
		}
		return Binding{Invite: inv}, ErrInviteUsed
	}
	if _, err := tx.AddAdmin(ctx, userID, inv.CreatedBy); err != nil {
		return Binding{}, err
	}
	err := tx.Audit(ctx, userID, store.AuditAdminAdd, "", userID,
		fmt.Sprintf("role=admin by=%d id=%s", inv.CreatedBy, inv.TokenHash[:12]))
	return Binding{Invite: inv}, err
}
