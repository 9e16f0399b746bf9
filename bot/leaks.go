package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// startParam finds an invite token in a message: a t.me link's start parameter, or the
// argument of /start.
var startParam = regexp.MustCompile(`(?:\?start=|^/start(?:@\w+)?\s+)([A-Za-z0-9_-]{1,64})`)

// withdrawPostedInvites ends every live invite whose link was posted in a group (anyone
// there could use it), says so in the group and asks the admins for a new link. It
// reports whether the message carried such a link; it is then not handled further.
func (b *Bot) withdrawPostedInvites(ctx context.Context, s *scope, msg *models.Message, text string) (bool, error) {
	found := false
	for _, m := range startParam.FindAllStringSubmatch(text, 4) {
		inv, err := s.tx.FindInvite(ctx, hashToken(m[1]))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		if inv.UsedBy != 0 || !b.now().Before(inv.ExpiresAt) {
			continue
		}
		if err := s.tx.ExpireInvite(ctx, inv.TokenHash); err != nil {
			return false, err
		}
		if err := s.tx.Audit(ctx, s.from.ID, store.AuditInviteRejected, inv.Unit, s.from.ID,
			fmt.Sprintf("reason=posted_in_group chat=%d id=%s", msg.Chat.ID, inv.TokenHash[:12])); err != nil {
			return false, err
		}
		u, _ := s.ws.plan.Unit(inv.Unit)
		if err := notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "role",
			Text: messages.InviteWithdrawnPosted(u, inv.Role, msg.Chat.Title, b.describeChat(ctx, s.tx, s.from.ID))}); err != nil {
			return false, err
		}
		s.queued++
		found = true
	}
	if !found {
		return false, nil
	}
	return true, s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: messages.InviteRefusedInGroup(), ReplyTo: msg.ID})
}
