package store

import (
	"context"
	"fmt"
)

// AuditAdminRemove: an invited admin was removed by a configured one.
const AuditAdminRemove = "admin_remove"

// RemoveAdmin ends an invited admin's rights and withdraws the unused links they made;
// it reports false when the user was not an invited admin.
func (tx *Tx) RemoveAdmin(ctx context.Context, userID int64) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM admins WHERE group_id = ? AND user_id = ?`, tx.g(), userID)
	if err != nil {
		return false, fmt.Errorf("remove admin: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	if _, err := tx.exec(ctx, `UPDATE invites SET expires_at = ? WHERE group_id = ? AND created_by = ?
		AND used_by = 0 AND expires_at > ?`, unix(tx.now), tx.g(), userID, unix(tx.now)); err != nil {
		return false, fmt.Errorf("remove admin: %w", err)
	}
	return true, nil
}

// ExpireInvite ends one unused invite now.
func (tx *Tx) ExpireInvite(ctx context.Context, tokenHash string) error {
	_, err := tx.exec(ctx, `UPDATE invites SET expires_at = ? WHERE group_id = ? AND token_hash = ? AND used_by = 0`,
		unix(tx.now), tx.g(), tokenHash)
	if err != nil {
		return fmt.Errorf("expire invite: %w", err)
	}
	return nil
}
