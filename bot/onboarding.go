package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// inviteLinks puts the bot's links on issued invites, for the file an admin sends on.
func (b *Bot) inviteLinks(ivs []workgroup.IssuedInvite) []messages.InviteLink {
	p := b.Plan()
	out := make([]messages.InviteLink, 0, len(ivs))
	for _, iv := range ivs {
		u, _ := p.Unit(iv.Unit)
		l := messages.InviteLink{Invite: iv, Unit: u}
		if iv.Token != "" {
			l.Link = "https://t.me/" + b.Username() + "?start=" + iv.Token
		}
		out = append(out, l)
	}
	return out
}

// sendLinksFile queues the links as one workbook, then the short chat message.
func (b *Bot) sendLinksFile(ctx context.Context, s *scope, ivs []workgroup.IssuedInvite, text string) {
	loc := b.roleLoc()
	file, err := messages.InviteLinksXLSX(b.inviteLinks(ivs), loc)
	if err != nil {
		s.fail(err)
		return
	}
	// Purpose "invite": the outbox forgets the file (links are credentials) once delivered.
	s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Kind: store.KindDocument,
		FileName: messages.InviteLinksFileName(s.tx.Now().In(loc), "xlsx"), File: file})
	s.reply(ctx, text)
}

// inviteBatch is /moi tatca or /moi <tag>: one focal-point link per unit of the selection
// still without one, in a file.
func (b *Bot) inviteBatch(ctx context.Context, s *scope, word string) bool {
	p := b.Plan()
	units, sel := workgroup.SelectUnits(p, word)
	if sel != workgroup.SelectAll && sel != workgroup.SelectTag {
		return false
	}
	expires := b.now().Add(inviteTTL).Truncate(time.Second)
	ivs, err := workgroup.InviteVacant(ctx, s.tx, units, s.from.ID, expires)
	if err != nil {
		s.fail(err)
		return true
	}
	scope := messages.InviteScopeAll
	if sel == workgroup.SelectTag {
		scope = messages.InviteScopeTag(strings.TrimPrefix(strings.TrimSpace(word), "@"))
	}
	text := messages.InvitesBatchCreated(len(ivs), len(units)-len(ivs), scope, expires.In(b.roleLoc()))
	if len(ivs) == 0 {
		s.reply(ctx, text)
		return true
	}
	b.sendLinksFile(ctx, s, ivs, text)
	return true
}

// maxRosterBytes bounds a roster download: 42 rows are a few kilobytes; a province, tens.
const maxRosterBytes = 2 << 20

// onRosterDocument imports a roster an admin sends as a file: all of it, or nothing with
// every bad row named. It reports whether the message was such a document.
func (b *Bot) onRosterDocument(ctx context.Context, s *scope, msg *models.Message) bool {
	doc := msg.Document
	if doc == nil || msg.Chat.Type != models.ChatTypePrivate || !b.isAdmin(ctx, s) {
		return false
	}
	if doc.FileSize > maxRosterBytes {
		s.reply(ctx, messages.RosterTooBig())
		return true
	}
	// Downloaded inside the update: the file is small, and a failure is answered (not
	// retried), so the update never waits on Telegram for long.
	data, err := b.download(ctx, doc.FileID)
	if err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Msg("roster download")
		s.reply(ctx, messages.RosterDownloadFailed())
		return true
	}
	p := b.Plan()
	rows, probs := workgroup.ParseRoster(data, p)
	if len(probs) > 0 {
		s.reply(ctx, messages.RosterProblems(probs))
		return true
	}
	expires := b.now().Add(inviteTTL).Truncate(time.Second)
	ivs, err := workgroup.ImportRoster(ctx, s.tx, rows, s.from.ID, expires)
	if err != nil {
		s.fail(err)
		return true
	}
	links := 0
	for _, iv := range ivs {
		if iv.Token != "" {
			links++
		}
	}
	text := messages.RosterImported(len(rows), links, expires.In(b.roleLoc()))
	if links == 0 {
		s.reply(ctx, text)
		return true
	}
	b.sendLinksFile(ctx, s, ivs, text)
	return true
}

func (b *Bot) download(ctx context.Context, fileID string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	f, err := b.tg.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.tg.FileDownloadLink(f), nil)
	if err != nil {
		return nil, errors.New("roster download: bad file link") // the link holds the token: never wrapped
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, errors.New("roster download: request failed")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("roster download: status %d", resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxRosterBytes))
}

// confirmLeave asks before /roi takes effect: a slip of the thumb must not unbind anyone.
func (b *Bot) confirmLeave(ctx context.Context, s *scope, code string) {
	p := b.Plan()
	u, ok := p.Unit(code)
	if !ok {
		u = store.Unit{Code: code}
	}
	markup := inlineKeyboard([][]models.InlineKeyboardButton{
		{{Text: messages.LeaveConfirmButton(), CallbackData: "roi:" + code}},
		{{Text: messages.LeaveCancelButton(), CallbackData: "roi:-"}},
	})
	s.replyMarkup(ctx, messages.LeaveConfirm(u), markup)
}

func (b *Bot) onboardingCommands() []*command {
	return []*command{{names: []string{"xoa", "remove"}, admin: true, run: b.cmdRemove}}
}

func (b *Bot) onboardingCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"xoa": b.onRemoveButton}
}

// cmdRemove is /xoa MÃ [pho]: an admin removes a unit's focal point or deputy, after a
// confirmation button.
func (b *Bot) cmdRemove(ctx context.Context, s *scope, args string) {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		s.reply(ctx, messages.RemoveUsage())
		return
	}
	p := b.Plan()
	u, ok := p.Unit(fields[0])
	if !ok {
		s.reply(ctx, messages.RemoveUsage())
		return
	}
	role, ok := inviteRole(strings.Join(fields[1:], " "))
	if !ok {
		s.reply(ctx, messages.RemoveUsage())
		return
	}
	holder, err := b.seatHolder(ctx, s.tx, u.Code, store.MemberRole(role))
	if err != nil {
		s.fail(err)
		return
	}
	if holder == 0 {
		s.reply(ctx, messages.RemoveNobody(u, role))
		return
	}
	data := "xoa:" + string(role[0]) + ":" + strconv.FormatInt(holder, 10) + ":" + b.unitRef(u.Code)
	markup := inlineKeyboard([][]models.InlineKeyboardButton{
		{{Text: messages.RemoveConfirmButton(), CallbackData: data}},
		{{Text: messages.LeaveCancelButton(), CallbackData: "xoa:-"}},
	})
	s.replyMarkup(ctx, messages.RemoveConfirm(u, role, b.describeChat(ctx, s.tx, holder)), markup)
}

func (b *Bot) seatHolder(ctx context.Context, tx *store.Tx, unit string, role store.MemberRole) (int64, error) {
	ms, err := tx.UnitMembers(ctx, unit)
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if m.Role == role {
			return m.UserID, nil
		}
	}
	return 0, nil
}

// onRemoveButton carries out /xoa: data is "<f|d>:<user id>:<unit ref>", so a button
// pressed after the seat changed hands removes nobody.
func (b *Bot) onRemoveButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) {
	if !b.isAdmin(ctx, s) {
		b.answerCallback(s, cq.ID, messages.NotAllowed())
		return
	}
	if data == "-" {
		b.answerCallback(s, cq.ID, "")
		s.reply(ctx, messages.LeaveCancelled())
		return
	}
	parts := strings.SplitN(data, ":", 3)
	if len(parts) != 3 {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	role := store.MemberFocal
	if parts[0] == "d" {
		role = store.MemberDeputy
	}
	user, err := strconv.ParseInt(parts[1], 10, 64)
	code, ok := b.unitFromRef(parts[2])
	if err != nil || !ok {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return
	}
	removed, err := s.tx.RemoveMember(ctx, code, role, user)
	if err != nil {
		s.fail(err)
		return
	}
	b.answerCallback(s, cq.ID, "")
	p := b.Plan()
	u, _ := p.Unit(code)
	if !removed {
		s.reply(ctx, messages.RemoveAlready())
		return
	}
	if err := s.tx.Audit(ctx, s.from.ID, store.AuditRemove, code, user, "role="+string(role)); err != nil {
		s.fail(err)
		return
	}
	if _, err := s.tx.CancelAbsences(ctx, user, code, store.DayOf(b.now(), b.roleLoc())); err != nil {
		s.fail(err)
		return
	}
	who := b.describeChat(ctx, s.tx, user)
	s.send(ctx, store.Outgoing{ChatID: user, Purpose: "role", Text: messages.RemovedYou(u, store.InviteRole(role))})
	s.reply(ctx, messages.RemoveDone(u, store.InviteRole(role), who))
}
