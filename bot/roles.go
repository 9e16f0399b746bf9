package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// inviteTTL is how long an invite link works.
const inviteTTL = 7 * 24 * time.Hour

// maxAbsenceDays bounds one /vang, so a typo in the year does not silence a unit for ever.
const maxAbsenceDays = 366

func (b *Bot) roleCommands() []*command {
	return []*command{
		{names: []string{"moi", "invite"}, admin: true, run: b.cmdInvite},
		{names: []string{"donvi", "units"}, admin: true, run: b.cmdDirectory},
		{names: []string{"roi", "leave"}, run: b.cmdLeave},
		{names: []string{"vang", "away"}, run: b.cmdAway},
		{names: []string{"nhom", "group"}, admin: true, group: true, run: b.cmdGroup},
	}
}

func (b *Bot) roleCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"roi": b.onLeaveButton}
}

// unitsOf lists the units the sender serves (as focal point or deputy), by unit code;
// on a database error it fails the update and returns nil.
func (b *Bot) unitsOf(ctx context.Context, s *scope) []store.Membership {
	if s.from == nil {
		return nil
	}
	ms, err := s.tx.Memberships(ctx, s.from.ID)
	if err != nil {
		s.fail(err)
		return nil
	}
	return ms
}

func (b *Bot) isInvitedAdmin(ctx context.Context, tx *store.Tx, userID int64) (bool, error) {
	return tx.IsInvitedAdmin(ctx, userID)
}

func (b *Bot) invitedAdmins(ctx context.Context, tx *store.Tx) ([]int64, error) {
	return tx.InvitedAdmins(ctx)
}

// groupChatIDs lists the registered working-group chats (summaries, blocker alerts).
func (b *Bot) groupChatIDs(ctx context.Context, tx *store.Tx) []int64 {
	ids, err := tx.RegisteredGroups(ctx)
	if err != nil {
		b.log.Error().Err(err).Msg("list group chats")
	}
	return ids
}

// groupMayTalk reports whether the bot answers in this group: in a registered group
// always; in another one only an admin's /nhom, after one polite explanation.
func (b *Bot) groupMayTalk(ctx context.Context, s *scope, msg *models.Message, command string) bool {
	g, err := s.tx.FindGroupChat(ctx, msg.Chat.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(err)
		return false
	}
	if err == nil && g.RegisteredBy != 0 {
		return true
	}
	if (command == "nhom" || command == "group") && b.isAdmin(ctx, s) {
		return true
	}
	told, err := s.tx.MarkGroupTold(ctx, msg.Chat.ID, msg.Chat.Title)
	if err != nil {
		s.fail(err)
		return false
	}
	if told {
		s.reply(ctx, messages.GroupNotRegistered())
	}
	return false
}

func (b *Bot) cmdGroup(ctx context.Context, s *scope, _ string) {
	if s.chatType == models.ChatTypePrivate {
		s.reply(ctx, messages.GroupOnly())
		return
	}
	title := ""
	if s.upd.Message != nil {
		title = s.upd.Message.Chat.Title
	}
	if err := s.tx.RegisterGroup(ctx, s.chatID, title, s.from.ID); err != nil {
		s.fail(err)
		return
	}
	if err := s.tx.Audit(ctx, s.from.ID, store.AuditGroup, "", 0,
		fmt.Sprintf("chat=%d title=%s", s.chatID, title)); err != nil {
		s.fail(err)
		return
	}
	s.reply(ctx, messages.GroupRegistered(title))
}

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

func (b *Bot) cmdInvite(ctx context.Context, s *scope, args string) {
	p := b.Plan()
	fields := strings.Fields(args)
	if len(fields) == 0 {
		members, err := s.tx.AllMembers(ctx)
		if err != nil {
			s.fail(err)
			return
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
		s.reply(ctx, messages.InviteMenu(missing, len(p.Units)))
		return
	}
	if isAdminInviteWord(args) {
		link, expires := b.createInvite(ctx, s, "", store.InviteAdmin)
		if link != "" {
			s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Text: messages.AdminInviteCreated(link, expires)})
		}
		return
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
		s.reply(ctx, messages.InviteUnknownUnit(q, roleMatchUnits(p.Units, q, 10)))
		return
	}
	rest := strings.Join(fields[1:], " ")
	role, ok := inviteRole(rest)
	if !ok {
		s.reply(ctx, messages.InviteBadRole(rest))
		return
	}
	current := ""
	members, err := s.tx.UnitMembers(ctx, u.Code)
	if err != nil {
		s.fail(err)
		return
	}
	for _, m := range members {
		if string(m.Role) == string(role) {
			current = b.describeChat(ctx, s.tx, m.UserID)
		}
	}
	link, expires := b.createInvite(ctx, s, u.Code, role)
	if link != "" {
		// Purpose "invite": the outbox forgets the text (the link) once it is delivered.
		s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Text: messages.InviteCreated(u, role, link, expires, current)})
	}
}

// createInvite stores a new invite and returns its link ("" after a database error).
func (b *Bot) createInvite(ctx context.Context, s *scope, unit string, role store.InviteRole) (string, time.Time) {
	token, hash := newInviteToken()
	expires := b.now().Add(inviteTTL).Truncate(time.Second)
	inv := store.Invite{TokenHash: hash, Unit: unit, Role: role, CreatedBy: s.from.ID, ExpiresAt: expires}
	if err := s.tx.CreateInvite(ctx, inv); err != nil {
		s.fail(err)
		return "", time.Time{}
	}
	// The hash prefix lets an auditor match the invite to its use without the token.
	detail := fmt.Sprintf("role=%s expires=%s id=%s", role, expires.In(b.roleLoc()).Format(time.DateTime), hash[:12])
	if err := s.tx.Audit(ctx, s.from.ID, store.AuditInvite, unit, 0, detail); err != nil {
		s.fail(err)
		return "", time.Time{}
	}
	return "https://t.me/" + b.Username() + "?start=" + token, expires.In(b.roleLoc())
}

func (b *Bot) roleLoc() *time.Location {
	p := b.Plan()
	return p.Location()
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
func (b *Bot) acceptInvite(ctx context.Context, s *scope, token string) {
	if s.from == nil {
		return
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
	reject := func(reason, text string) {
		id := ""
		if inv.TokenHash != "" {
			id = " id=" + inv.TokenHash[:12]
		}
		if err := s.tx.Audit(ctx, me, store.AuditInviteRejected, inv.Unit, me, "reason="+reason+id); err != nil {
			s.fail(err)
			return
		}
		s.reply(ctx, text)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		reject("forged", messages.InviteInvalid())
		return
	case err != nil:
		s.fail(err)
		return
	case inv.UsedBy != 0:
		reject("used", messages.InviteUsed())
		return
	case !b.now().Before(inv.ExpiresAt):
		reject("expired", messages.InviteExpired(inv.ExpiresAt.In(b.roleLoc())))
		return
	}
	if inv.Role == store.InviteAdmin {
		b.acceptAdminInvite(ctx, s, inv)
		return
	}
	p := b.Plan()
	u, ok := p.Unit(inv.Unit)
	if !ok {
		reject("unit_gone", messages.InviteUnitGone())
		return
	}
	role := store.MemberRole(inv.Role)
	members, err := s.tx.UnitMembers(ctx, u.Code)
	if err != nil {
		s.fail(err)
		return
	}
	var focal, deputy int64
	for _, m := range members {
		if m.Role == store.MemberFocal {
			focal = m.UserID
		} else {
			deputy = m.UserID
		}
	}
	// Opening a link for a role one already holds leaves it for the right person.
	if (role == store.MemberFocal && focal == me) || (role == store.MemberDeputy && deputy == me) {
		s.reply(ctx, messages.AlreadyBound(u, inv.Role))
		return
	}
	if role == store.MemberDeputy && focal == me {
		s.reply(ctx, messages.InviteAlreadyFocal(u))
		return
	}
	if used, err := s.tx.UseInvite(ctx, inv.TokenHash, me); err != nil || !used {
		if err != nil {
			s.fail(err)
		} else {
			reject("used", messages.InviteUsed())
		}
		return
	}
	prev, err := s.tx.SetMember(ctx, u.Code, role, me)
	if err != nil {
		s.fail(err)
		return
	}
	today := store.DayOf(b.now(), b.roleLoc())
	detail := fmt.Sprintf("role=%s by=%d id=%s", role, inv.CreatedBy, inv.TokenHash[:12])
	if prev != 0 {
		detail += fmt.Sprintf(" replaced=%d", prev)
	}
	if err := s.tx.Audit(ctx, me, store.AuditBind, u.Code, me, detail); err != nil {
		s.fail(err)
		return
	}
	if role == store.MemberFocal && deputy == me {
		// The deputy became the focal point: one person does not hold both roles.
		if _, err := s.tx.RemoveMember(ctx, u.Code, store.MemberDeputy, me); err != nil {
			s.fail(err)
			return
		}
		if err := s.tx.Audit(ctx, me, store.AuditUnbind, u.Code, me, "role=deputy (now focal)"); err != nil {
			s.fail(err)
			return
		}
	}
	previous := ""
	if prev != 0 {
		if err := s.tx.Audit(ctx, me, store.AuditUnbind, u.Code, prev, fmt.Sprintf("role=%s replaced by %d", role, me)); err != nil {
			s.fail(err)
			return
		}
		if _, err := s.tx.CancelAbsences(ctx, prev, u.Code, today); err != nil {
			s.fail(err)
			return
		}
		previous = b.describeChat(ctx, s.tx, prev)
		s.send(ctx, store.Outgoing{ChatID: prev, Purpose: "role", Text: messages.ReplacedYou(u, inv.Role, b.describeChat(ctx, s.tx, me))})
	}
	if err := b.notifyAdmins(ctx, s.tx, store.Outgoing{Purpose: "role",
		Text: messages.AdminsBound(u, inv.Role, b.describeChat(ctx, s.tx, me), previous)}); err != nil {
		s.fail(err)
		return
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
	s.reply(ctx, messages.Bound(u, inv.Role, lead, support))
}

func (b *Bot) acceptAdminInvite(ctx context.Context, s *scope, inv store.Invite) {
	me := s.from.ID
	if b.isAdmin(ctx, s) {
		s.reply(ctx, messages.AlreadyAdmin())
		return
	}
	if used, err := s.tx.UseInvite(ctx, inv.TokenHash, me); err != nil || !used {
		if err != nil {
			s.fail(err)
		} else {
			s.reply(ctx, messages.InviteUsed())
		}
		return
	}
	if _, err := s.tx.AddAdmin(ctx, me, inv.CreatedBy); err != nil {
		s.fail(err)
		return
	}
	if err := s.tx.Audit(ctx, me, store.AuditAdminAdd, "", me,
		fmt.Sprintf("role=admin by=%d id=%s", inv.CreatedBy, inv.TokenHash[:12])); err != nil {
		s.fail(err)
		return
	}
	who := b.describeChat(ctx, s.tx, me)
	for _, id := range b.adminIDs(ctx, s.tx) {
		if id != me {
			s.send(ctx, store.Outgoing{ChatID: id, Purpose: "role", Text: messages.AdminsAdminAdded(who)})
		}
	}
	s.reply(ctx, messages.AdminBound())
}

func (b *Bot) cmdDirectory(ctx context.Context, s *scope, _ string) {
	p := b.Plan()
	members, err := s.tx.AllMembers(ctx)
	if err != nil {
		s.fail(err)
		return
	}
	last, err := s.tx.LastReported(ctx)
	if err != nil {
		s.fail(err)
		return
	}
	loc := b.roleLoc()
	away, err := s.tx.AbsencesOn(ctx, store.DayOf(b.now(), loc))
	if err != nil {
		s.fail(err)
		return
	}
	awayUntil := map[string]string{} // unit/user → last day away
	for _, a := range away {
		k := a.Unit + "/" + strconv.FormatInt(a.UserID, 10)
		awayUntil[k] = max(awayUntil[k], a.ToDay)
	}
	users := map[int64]*store.User{}
	user := func(id int64) *store.User {
		if u, ok := users[id]; ok {
			return u
		}
		u, err := s.tx.FindUser(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.fail(err)
		}
		users[id] = &u
		return &u
	}
	byUnit := map[string]*messages.DirectoryEntry{}
	entries := make([]messages.DirectoryEntry, len(p.Units))
	for i, u := range p.Units {
		entries[i] = messages.DirectoryEntry{Unit: u, LastReport: last[u.Code]}
		byUnit[u.Code] = &entries[i]
	}
	for _, m := range members {
		e := byUnit[m.Unit]
		if e == nil {
			continue // a unit no longer in the plan
		}
		if m.Role == store.MemberFocal {
			e.Focal = user(m.UserID)
			e.FocalAway = awayUntil[m.Unit+"/"+strconv.FormatInt(m.UserID, 10)]
		} else {
			e.Deputy = user(m.UserID)
		}
	}
	s.reply(ctx, messages.Directory(entries, loc))
}

// replyNotMember answers /roi or /vang from someone who serves no unit.
func (b *Bot) replyNotMember(ctx context.Context, s *scope) {
	if b.isAdmin(ctx, s) {
		s.reply(ctx, messages.NotMember())
		return
	}
	s.reply(ctx, messages.Stranger())
}

// memberUnitCodes lists the distinct units of memberships, in order.
func memberUnitCodes(ms []store.Membership) []string {
	var out []string
	for _, m := range ms {
		if !slices.Contains(out, m.Unit) {
			out = append(out, m.Unit)
		}
	}
	return out
}

func (b *Bot) cmdLeave(ctx context.Context, s *scope, args string) {
	ms := b.unitsOf(ctx, s)
	if s.handlerErr != nil {
		return
	}
	if len(ms) == 0 {
		b.replyNotMember(ctx, s)
		return
	}
	codes := memberUnitCodes(ms)
	if args != "" {
		i := slices.IndexFunc(codes, func(c string) bool { return strings.EqualFold(c, strings.TrimSpace(args)) })
		if i < 0 {
			s.reply(ctx, messages.LeaveNotYours(args))
			return
		}
		b.leaveUnit(ctx, s, ms, codes[i])
		return
	}
	if len(codes) == 1 {
		b.leaveUnit(ctx, s, ms, codes[0])
		return
	}
	p := b.Plan()
	var rows [][]models.InlineKeyboardButton
	for _, c := range codes {
		u, _ := p.Unit(c)
		label := c
		if u.Name != "" {
			label = c + " – " + u.Name
		}
		rows = append(rows, []models.InlineKeyboardButton{{Text: label, CallbackData: "roi:" + c}})
	}
	rows = append(rows, []models.InlineKeyboardButton{{Text: messages.LeaveCancelButton(), CallbackData: "roi:-"}})
	markup, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	s.replyMarkup(ctx, messages.LeaveWhich(), markup)
}

func (b *Bot) onLeaveButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) {
	b.answerCallback(s, cq.ID, "")
	if data == "-" {
		s.reply(ctx, messages.LeaveCancelled())
		return
	}
	ms := b.unitsOf(ctx, s)
	if s.handlerErr != nil {
		return
	}
	if !slices.Contains(memberUnitCodes(ms), data) {
		s.reply(ctx, messages.LeaveNotYours(data))
		return
	}
	b.leaveUnit(ctx, s, ms, data)
}

// leaveUnit unbinds the sender from every role they hold in the unit and tells the admins.
func (b *Bot) leaveUnit(ctx context.Context, s *scope, ms []store.Membership, code string) {
	me := s.from.ID
	role := store.InviteDeputy
	for _, m := range ms {
		if m.Unit != code {
			continue
		}
		if m.Role == store.MemberFocal {
			role = store.InviteFocal
		}
		if _, err := s.tx.RemoveMember(ctx, code, m.Role, me); err != nil {
			s.fail(err)
			return
		}
		if err := s.tx.Audit(ctx, me, store.AuditLeave, code, me, "role="+string(m.Role)); err != nil {
			s.fail(err)
			return
		}
	}
	if _, err := s.tx.CancelAbsences(ctx, me, code, store.DayOf(b.now(), b.roleLoc())); err != nil {
		s.fail(err)
		return
	}
	rest, err := s.tx.UnitMembers(ctx, code)
	if err != nil {
		s.fail(err)
		return
	}
	var remaining []string
	for _, m := range rest {
		remaining = append(remaining, messages.RoleName(store.InviteRole(m.Role))+" "+b.describeChat(ctx, s.tx, m.UserID))
	}
	p := b.Plan()
	u, ok := p.Unit(code)
	if !ok {
		u = store.Unit{Code: code}
	}
	if err := b.notifyAdmins(ctx, s.tx, store.Outgoing{Purpose: "role",
		Text: messages.AdminsLeft(u, b.describeChat(ctx, s.tx, me), role, strings.Join(remaining, "; "))}); err != nil {
		s.fail(err)
		return
	}
	s.reply(ctx, messages.LeaveDone(u))
}

// parseAbsenceDay reads dd/mm, dd/mm/yyyy (also with '.' or '-') or yyyy-mm-dd; dd/mm is in
// the current year. It returns the day as yyyy-mm-dd and whether a year was given.
func parseAbsenceDay(s string, now time.Time) (day string, yearGiven bool, ok bool) {
	var d, m, y int
	var err error
	atoi := func(x string) int {
		if err != nil {
			return 0
		}
		var n int
		n, err = strconv.Atoi(x)
		return n
	}
	if parts := strings.Split(s, "-"); len(parts) == 3 && len(parts[0]) == 4 {
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
		yearGiven = true
	} else {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		switch len(parts) {
		case 2:
			d, m, y = atoi(parts[0]), atoi(parts[1]), now.Year()
		case 3:
			d, m, y = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
			if len(parts[2]) == 2 {
				y += 2000
			}
			yearGiven = true
		default:
			return "", false, false
		}
	}
	if err != nil || y < 2000 || y > 2200 {
		return "", false, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", false, false // 31/02
	}
	return t.Format(time.DateOnly), yearGiven, true
}

func (b *Bot) cmdAway(ctx context.Context, s *scope, args string) {
	ms := b.unitsOf(ctx, s)
	if s.handlerErr != nil {
		return
	}
	if len(ms) == 0 {
		b.replyNotMember(ctx, s)
		return
	}
	me := s.from.ID
	p := b.Plan()
	loc := p.Location()
	now := b.now().In(loc)
	today := store.DayOf(now, loc)
	units := map[string]store.Unit{}
	for _, c := range memberUnitCodes(ms) {
		u, ok := p.Unit(c)
		if !ok {
			u = store.Unit{Code: c}
		}
		units[c] = u
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		current, err := s.tx.UserAbsences(ctx, me, today)
		if err != nil {
			s.fail(err)
			return
		}
		s.reply(ctx, messages.AbsenceUsage(current, units))
		return
	}
	switch parse.Fold(fields[0]) {
	case "huy", "cancel", "xoa":
		cancelled, err := s.tx.CancelAbsences(ctx, me, "", today)
		if err != nil {
			s.fail(err)
			return
		}
		if len(cancelled) == 0 {
			s.reply(ctx, messages.NoAbsence())
			return
		}
		for _, a := range cancelled {
			if err := s.tx.Audit(ctx, me, store.AuditAbsenceCancel, a.Unit, me,
				fmt.Sprintf("from=%s to=%s", a.FromDay, a.ToDay)); err != nil {
				s.fail(err)
				return
			}
		}
		s.reply(ctx, messages.AbsenceCancelled(cancelled, units))
		return
	}
	from, _, ok := parseAbsenceDay(fields[0], now)
	if !ok {
		s.reply(ctx, messages.AbsenceBadDate(fields[0]))
		return
	}
	to, rest := from, fields[1:]
	if len(rest) > 0 {
		if d, yearGiven, ok := parseAbsenceDay(rest[0], now); ok {
			to, rest = d, rest[1:]
			if to < from && !yearGiven {
				// "28/12 03/01": the end is in the next year.
				t, _ := time.Parse(time.DateOnly, to)
				to = t.AddDate(1, 0, 0).Format(time.DateOnly)
			}
		}
	}
	tf, _ := time.Parse(time.DateOnly, from)
	tt, _ := time.Parse(time.DateOnly, to)
	if to < from || to < today || tt.Sub(tf) >= maxAbsenceDays*24*time.Hour {
		s.reply(ctx, messages.AbsenceBadRange(from, to, maxAbsenceDays))
		return
	}
	reason := strings.Join(rest, " ")
	if r := []rune(reason); len(r) > 200 {
		reason = string(r[:200])
	}
	var covers []messages.AbsenceCover
	for _, c := range memberUnitCodes(ms) {
		if _, err := s.tx.AddAbsence(ctx, store.Absence{Unit: c, UserID: me, FromDay: from, ToDay: to, Reason: reason}); err != nil {
			s.fail(err)
			return
		}
		detail := fmt.Sprintf("from=%s to=%s", from, to)
		if reason != "" {
			detail += " note=" + reason
		}
		if err := s.tx.Audit(ctx, me, store.AuditAbsence, c, me, detail); err != nil {
			s.fail(err)
			return
		}
		if !slices.ContainsFunc(ms, func(m store.Membership) bool { return m.Unit == c && m.Role == store.MemberFocal }) {
			continue // a deputy's absence changes nobody's reminders while the focal point is in
		}
		members, err := s.tx.UnitMembers(ctx, c)
		if err != nil {
			s.fail(err)
			return
		}
		cover := messages.AbsenceCover{Unit: units[c]}
		for _, m := range members {
			if m.Role == store.MemberDeputy && m.UserID != me {
				cover.Deputy = b.describeChat(ctx, s.tx, m.UserID)
				s.send(ctx, store.Outgoing{ChatID: m.UserID, Purpose: "role",
					Text: messages.DeputyCovering(units[c], b.describeChat(ctx, s.tx, me), from, to)})
			}
		}
		covers = append(covers, cover)
	}
	s.reply(ctx, messages.AbsenceSaved(from, to, reason, covers))
}
