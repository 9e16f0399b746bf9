package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// inviteRole reads the role words after a unit code ("", "pho", "deputy", "thay the", …).
func inviteRole(words string) (store.InviteRole, bool) {
	switch parse.Fold(words) {
	case "", "dau moi", "daumoi", "focal":
		return store.InviteFocal, true
	case "pho", "deputy", "thay the", "thaythe", "nguoi thay the", "pho dau moi", "tt":
		return store.InviteDeputy, true
	}
	return "", false
}

func isAdminInviteWord(w string) bool {
	switch parse.Fold(w) {
	case "quantri", "quan tri", "admin", "qt":
		return true
	}
	return false
}

func (b *Bot) cmdInvite(ctx context.Context, s *scope, args string) error {
	p := s.ws.plan
	fields := strings.Fields(args)
	if len(fields) == 0 {
		members, err := s.tx.AllMembers(ctx)
		if err != nil {
			return err
		}
		hasFocal := map[string]bool{}
		for _, m := range members {
			if m.Role == store.MemberFocal {
				hasFocal[m.Unit] = true
			}
		}
		var missing []store.Unit
		for _, u := range p.Units {
			if !hasFocal[u.Code] {
				missing = append(missing, u)
			}
		}
		return s.reply(ctx, messages.InviteMenu(missing, len(p.Units)))
	}
	if isAdminInviteWord(args) {
		if !s.ws.configured(s.from.ID) {
			// Only the configured admins mint admin links: an invited admin (or a stolen
			// phone of one) cannot multiply admins.
			return s.reply(ctx, messages.AdminInviteConfiguredOnly())
		}
		link, expires, err := b.createInvite(ctx, s, "", store.InviteAdmin)
		if err != nil {
			return err
		}
		return s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Text: messages.AdminInviteCreated(link, expires)})
	}
	u, ok := p.Unit(fields[0])
	if !ok && len(fields) == 1 {
		if batch, err := b.inviteBatch(ctx, s, args); batch || err != nil {
			return err
		}
	}
	if !ok {
		// Maybe a name, maybe with a role word at the end: "/moi my tan pho".
		q := args
		for _, suffix := range []string{"nguoi thay the", "thay the", "deputy", "pho"} {
			if f := parse.Fold(q); strings.HasSuffix(f, " "+suffix) {
				q = strings.Join(fields[:len(fields)-len(strings.Fields(suffix))], " ")
				break
			}
		}
		return s.reply(ctx, messages.InviteUnknownUnit(q, roleMatchUnits(p.Units, q, 10)))
	}
	rest := strings.Join(fields[1:], " ")
	role, ok := inviteRole(rest)
	if !ok {
		return s.reply(ctx, messages.InviteBadRole(rest))
	}
	current := ""
	members, err := s.tx.UnitMembers(ctx, u.Code)
	if err != nil {
		return err
	}
	for _, m := range members {
		if string(m.Role) == string(role) {
			current = b.describeChat(ctx, s.tx, m.UserID)
		}
	}
	link, expires, err := b.createInvite(ctx, s, u.Code, role)
	if err != nil {
		return err
	}
	// Purpose "invite": the outbox forgets the text (the link) once it is delivered.
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Text: messages.InviteCreated(u, role, link, expires, current)})
}

// createInvite stores a new invite and returns its link.
func (b *Bot) createInvite(ctx context.Context, s *scope, unit string, role store.InviteRole) (string, time.Time, error) {
	if role == store.InviteAdmin {
		// A newer admin link ends the older unused ones (seats' links end in NewInvite).
		if _, err := s.tx.WithdrawInvites(ctx, "", store.InviteAdmin); err != nil {
			return "", time.Time{}, err
		}
	}
	token, expires, err := workgroup.NewInvite(ctx, s.tx, s.ws.plan, s.from.ID, unit, role, b.now())
	if err != nil {
		return "", time.Time{}, err
	}
	// The stored text gets a placeholder; the token itself stays in memory (bot/secrets.go).
	return "https://t.me/" + b.Username() + "?start=" + b.secrets.hold(token, hashToken(token)), expires, nil
}

// roleMatchUnits finds units close to what an admin typed: by code or name, without
// diacritics, as a substring, by all words, or a code with a typo or two.
func roleMatchUnits(units []store.Unit, q string, limit int) []store.Unit {
	fq := parse.Fold(q)
	cq := roleAlnum(fq)
	if cq == "" {
		return nil
	}
	words := strings.Fields(fq)
	var out []store.Unit
	for _, u := range units {
		code, name := roleAlnum(parse.Fold(u.Code)), parse.Fold(u.Name)
		match := strings.Contains(code, cq) || strings.Contains(roleAlnum(name), cq) ||
			(len(cq) >= 3 && strings.Contains(cq, code) && len(code) >= 3)
		if !match && len(words) > 0 {
			nameWords := strings.Fields(name + " " + parse.Fold(u.Code))
			match = true
			for _, w := range words {
				if !slices.ContainsFunc(nameWords, func(nw string) bool { return strings.HasPrefix(nw, w) }) {
					match = false
					break
				}
			}
		}
		if !match && len(cq) >= 3 {
			match = roleEditDistance(code, cq) <= min(2, len(cq)/3)
		}
		if match {
			out = append(out, u)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// roleAlnum keeps letters and digits of a folded string: "x-my tan" → "xmytan".
func roleAlnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func roleEditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// acceptInvite binds the sender to the unit and role of an invite link.
func (b *Bot) acceptInvite(ctx context.Context, s *scope, token string) error {
	if s.from == nil {
		return nil
	}
	me := s.from.ID
	bnd, err := workgroup.Bind(ctx, s.tx, s.ws.plan, me, s.isAdmin(), token, b.now())
	switch {
	case errors.Is(err, workgroup.ErrInviteInvalid):
		return s.reply(ctx, messages.InviteInvalid())
	case errors.Is(err, workgroup.ErrInviteUsed):
		return s.reply(ctx, messages.InviteUsed())
	case errors.Is(err, workgroup.ErrInviteExpired):
		return s.reply(ctx, messages.InviteExpired(bnd.Invite.ExpiresAt.In(s.ws.loc())))
	case errors.Is(err, workgroup.ErrInviteUnitGone):
		return s.reply(ctx, messages.InviteUnitGone())
	case errors.Is(err, workgroup.ErrAlreadyBound):
		return s.reply(ctx, messages.AlreadyBound(bnd.Unit, bnd.Invite.Role))
	case errors.Is(err, workgroup.ErrAlreadyFocal):
		return s.reply(ctx, messages.InviteAlreadyFocal(bnd.Unit))
	case errors.Is(err, workgroup.ErrAlreadyAdmin):
		return s.reply(ctx, messages.AlreadyAdmin())
	case err != nil:
		return err
	}
	// Known from now on: saved, answered first (bot/strangers.go), menu to match.
	class := store.PriorityInteractive
	if bnd.Invite.Role == store.InviteAdmin {
		class = store.PriorityAlert
		b.menuAfterCommit(s, me, true)
	}
	if err := b.knownNow(ctx, s, class); err != nil {
		return err
	}
	who := b.describeChat(ctx, s.tx, me)
	if bnd.Invite.Role == store.InviteAdmin {
		for _, id := range s.ws.admins {
			if err := s.send(ctx, store.Outgoing{ChatID: id, Purpose: "role", Text: messages.AdminsAdminAdded(who)}); err != nil {
				return err
			}
		}
		s.ws.addAdmin(me)
		return s.reply(ctx, messages.AdminBound())
	}
	u, role := bnd.Unit, bnd.Invite.Role
	previous := ""
	if bnd.Replaced != 0 {
		previous = b.describeChat(ctx, s.tx, bnd.Replaced)
		if err := s.send(ctx, store.Outgoing{ChatID: bnd.Replaced, Purpose: "role", Text: messages.ReplacedYou(u, role, who)}); err != nil {
			return err
		}
	}
	if err := notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "role",
		Text: messages.AdminsBound(u, role, who, previous)}); err != nil {
		return err
	}
	var lead, support []messages.ModelLine
	for _, a := range s.ws.plan.UnitModels(u.Code) {
		m, _ := s.ws.plan.Model(a.Model)
		line := messages.ModelLine{Number: a.Model, Title: m.Title}
		if a.Role == store.RoleLead {
			lead = append(lead, line)
		} else {
			support = append(support, line)
		}
	}
	return s.reply(ctx, messages.Bound(u, role, lead, support))
}
