package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
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
		link, expires, err := b.createInvite(ctx, s, "", store.InviteAdmin)
		if err != nil {
			return err
		}
		return s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Text: messages.AdminInviteCreated(link, expires)})
	}
	u, ok := p.Unit(fields[0])
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

// createInvite stores a new invite and returns its link ("" after a database error).
func (b *Bot) createInvite(ctx context.Context, s *scope, unit string, role store.InviteRole) (string, time.Time, error) {
	token, hash := newInviteToken()
	expires := b.now().Add(inviteTTL).Truncate(time.Second)
	inv := store.Invite{TokenHash: hash, Unit: unit, Role: role, CreatedBy: s.from.ID, ExpiresAt: expires}
	if role != store.InviteAdmin {
		// A lost or forwarded older link for the same seat stops working.
		if _, err := s.tx.WithdrawInvites(ctx, unit, role); err != nil {
			return "", time.Time{}, err
		}
	}
	if err := s.tx.CreateInvite(ctx, inv); err != nil {
		return "", time.Time{}, err
	}
	// The hash prefix lets an auditor match the invite to its use without the token.
	detail := fmt.Sprintf("role=%s expires=%s id=%s", role, expires.In(s.ws.loc()).Format(time.DateTime), hash[:12])
	if err := s.tx.Audit(ctx, s.from.ID, store.AuditInvite, unit, 0, detail); err != nil {
		return "", time.Time{}, err
	}
	return "https://t.me/" + b.Username() + "?start=" + token, expires.In(s.ws.loc()), nil
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
	token = strings.TrimSpace(token)
	var inv store.Invite
	var err error
	if inviteTokenShape(token) {
		inv, err = s.tx.FindInvite(ctx, hashInviteToken(token))
	} else {
		err = store.ErrNotFound
	}
	reject := func(reason, text string) error {
		id := ""
		if inv.TokenHash != "" {
			id = " id=" + inv.TokenHash[:12]
		}
		if err := s.tx.Audit(ctx, me, store.AuditInviteRejected, inv.Unit, me, "reason="+reason+id); err != nil {
			return err
		}
		return s.reply(ctx, text)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return reject("forged", messages.InviteInvalid())
	case err != nil:
		return err
	case inv.UsedBy != 0:
		return reject("used", messages.InviteUsed())
	case !b.now().Before(inv.ExpiresAt):
		return reject("expired", messages.InviteExpired(inv.ExpiresAt.In(s.ws.loc())))
	}
	if inv.Role == store.InviteAdmin {
		return b.acceptAdminInvite(ctx, s, inv)
	}
	p := s.ws.plan
	u, ok := p.Unit(inv.Unit)
	if !ok {
		return reject("unit_gone", messages.InviteUnitGone())
	}
	role := store.MemberRole(inv.Role)
	members, err := s.tx.UnitMembers(ctx, u.Code)
	if err != nil {
		return err
	}
	var focal, deputy int64
	f, d := store.SplitRoles(members)
	if f != nil {
		focal = f.UserID
	}
	if d != nil {
		deputy = d.UserID
	}
	// Opening a link for a role one already holds leaves it for the right person.
	if (role == store.MemberFocal && focal == me) || (role == store.MemberDeputy && deputy == me) {
		return s.reply(ctx, messages.AlreadyBound(u, inv.Role))
	}
	if role == store.MemberDeputy && focal == me {
		return s.reply(ctx, messages.InviteAlreadyFocal(u))
	}
	if used, err := s.tx.UseInvite(ctx, inv.TokenHash, me); err != nil || !used {
		if err != nil {
			return err
		}
		return reject("used", messages.InviteUsed())
	}
	prev, err := s.tx.SetMember(ctx, u.Code, role, me)
	if err != nil {
		return err
	}
	today := store.DayOf(b.now(), s.ws.loc())
	detail := fmt.Sprintf("role=%s by=%d id=%s", role, inv.CreatedBy, inv.TokenHash[:12])
	if prev != 0 {
		detail += fmt.Sprintf(" replaced=%d", prev)
	}
	if err := s.tx.Audit(ctx, me, store.AuditBind, u.Code, me, detail); err != nil {
		return err
	}
	if role == store.MemberFocal && deputy == me {
		// The deputy became the focal point: one person does not hold both roles.
		if _, err := s.tx.RemoveMember(ctx, u.Code, store.MemberDeputy, me); err != nil {
			return err
		}
		if err := s.tx.Audit(ctx, me, store.AuditUnbind, u.Code, me, "role=deputy (now focal)"); err != nil {
			return err
		}
	}
	previous := ""
	if prev != 0 {
		if err := s.tx.Audit(ctx, me, store.AuditUnbind, u.Code, prev, fmt.Sprintf("role=%s replaced by %d", role, me)); err != nil {
			return err
		}
		if _, err := s.tx.CancelAbsences(ctx, prev, u.Code, today); err != nil {
			return err
		}
		previous = b.describeChat(ctx, s.tx, prev)
		if err := s.send(ctx, store.Outgoing{ChatID: prev, Purpose: "role", Text: messages.ReplacedYou(u, inv.Role, b.describeChat(ctx, s.tx, me))}); err != nil {
			return err
		}
	}
	if err := notifyAdmins(ctx, s.tx, s.ws.admins, store.Outgoing{Purpose: "role",
		Text: messages.AdminsBound(u, inv.Role, b.describeChat(ctx, s.tx, me), previous)}); err != nil {
		return err
	}
	var lead, support []messages.ModelLine
	for _, a := range p.UnitModels(u.Code) {
		m, _ := p.Model(a.Model)
		line := messages.ModelLine{Number: a.Model, Title: m.Title}
		if a.Role == store.RoleLead {
			lead = append(lead, line)
		} else {
			support = append(support, line)
		}
	}
	return s.reply(ctx, messages.Bound(u, inv.Role, lead, support))
}

func (b *Bot) acceptAdminInvite(ctx context.Context, s *scope, inv store.Invite) error {
	me := s.from.ID
	if s.isAdmin() {
		return s.reply(ctx, messages.AlreadyAdmin())
	}
	if used, err := s.tx.UseInvite(ctx, inv.TokenHash, me); err != nil || !used {
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.InviteUsed())
	}
	if _, err := s.tx.AddAdmin(ctx, me, inv.CreatedBy); err != nil {
		return err
	}
	if err := s.tx.Audit(ctx, me, store.AuditAdminAdd, "", me,
		fmt.Sprintf("role=admin by=%d id=%s", inv.CreatedBy, inv.TokenHash[:12])); err != nil {
		return err
	}
	who := b.describeChat(ctx, s.tx, me)
	for _, id := range s.ws.admins {
		if id != me {
			if err := s.send(ctx, store.Outgoing{ChatID: id, Purpose: "role", Text: messages.AdminsAdminAdded(who)}); err != nil {
				return err
			}
		}
	}
	return s.reply(ctx, messages.AdminBound())
}
