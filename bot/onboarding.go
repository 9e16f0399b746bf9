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
func (b *Bot) inviteLinks(plan store.Plan, ivs []workgroup.IssuedInvite) []messages.InviteLink {
	out := make([]messages.InviteLink, 0, len(ivs))
	for _, iv := range ivs {
		u, _ := plan.Unit(iv.Unit)
		l := messages.InviteLink{Invite: iv, Unit: u}
		if iv.Token != "" {
			l.Link = "https://t.me/" + b.Username() + "?start=" + iv.Token
		}
		out = append(out, l)
	}
	return out
}

// sendLinksFile queues the links as one workbook, then the short chat message.
func (b *Bot) sendLinksFile(ctx context.Context, s *scope, ivs []workgroup.IssuedInvite, text string) error {
	loc := s.ws.loc()
	file, err := messages.InviteLinksXLSX(b.inviteLinks(s.ws.plan, ivs), loc)
	if err != nil {
		return err
	}
	// The links are credentials: the workbook waits in memory, never in the outbox (its
	// row holds a placeholder; bot/secrets.go), like the link of one /moi.
	if err := s.send(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "invite", Kind: store.KindDocument,
		FileName: messages.InviteLinksFileName(s.tx.Now().In(loc), "xlsx"), Text: b.secrets.holdFile(file)}); err != nil {
		return err
	}
	return s.reply(ctx, text)
}

// inviteBatch is /moi tatca or /moi <tag>: one focal-point link per unit of the selection
// still without one, in a file. It reports whether the word was such a selection.
func (b *Bot) inviteBatch(ctx context.Context, s *scope, word string) (bool, error) {
	units, sel := workgroup.SelectUnits(s.ws.plan, word)
	if sel != workgroup.SelectAll && sel != workgroup.SelectTag {
		return false, nil
	}
	ivs, err := workgroup.InviteVacant(ctx, s.tx, s.ws.plan, units, s.from.ID, b.now())
	if err != nil {
		return true, err
	}
	scope := messages.InviteScopeAll
	if sel == workgroup.SelectTag {
		scope = messages.InviteScopeTag(strings.TrimPrefix(strings.TrimSpace(word), "@"))
	}
	expires := b.now().Add(workgroup.InviteTTL).In(s.ws.loc())
	if len(ivs) > 0 {
		expires = ivs[0].ExpiresAt
	}
	text := messages.InvitesBatchCreated(len(ivs), len(units)-len(ivs), scope, expires)
	if len(ivs) == 0 {
		return true, s.reply(ctx, text)
	}
	return true, b.sendLinksFile(ctx, s, ivs, text)
}

// maxRosterBytes bounds a roster download: 42 rows are a few kilobytes; a province, tens.
const maxRosterBytes = 2 << 20

// onRosterDocument imports a roster an admin sends as a file: all of it, or nothing with
// every bad row named. It reports whether the message was such a document.
func (b *Bot) onRosterDocument(ctx context.Context, s *scope, msg *models.Message) (bool, error) {
	doc := msg.Document
	if doc == nil || msg.Chat.Type != models.ChatTypePrivate || !s.isAdmin() {
		return false, nil
	}
	if doc.FileSize > maxRosterBytes {
		return true, s.reply(ctx, messages.RosterTooBig())
	}
	// Downloaded inside the update: the file is small, and a failure is answered (not
	// retried), so the update never waits on Telegram for long.
	data, err := b.download(ctx, doc.FileID)
	if err != nil {
		b.log.Warn().Err(b.poll.redact(err)).Msg("roster download")
		return true, s.reply(ctx, messages.RosterDownloadFailed())
	}
	rows, probs := workgroup.ParseRoster(data, s.ws.plan)
	if len(probs) > 0 {
		return true, s.reply(ctx, messages.RosterProblems(probs))
	}
	ivs, err := workgroup.ImportRoster(ctx, s.tx, s.ws.plan, rows, s.from.ID, b.now())
	if err != nil {
		return true, err
	}
	links, expires := 0, time.Time{}
	for _, iv := range ivs {
		if iv.Token != "" {
			links, expires = links+1, iv.ExpiresAt
		}
	}
	text := messages.RosterImported(len(rows), links, expires)
	if links == 0 {
		return true, s.reply(ctx, text)
	}
	return true, b.sendLinksFile(ctx, s, ivs, text)
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
func (b *Bot) confirmLeave(ctx context.Context, s *scope, code string) error {
	u, ok := s.ws.plan.Unit(code)
	if !ok {
		u = store.Unit{Code: code}
	}
	markup := inlineKeyboard([][]models.InlineKeyboardButton{
		{{Text: messages.LeaveConfirmButton(), CallbackData: "roi:" + code}},
		{{Text: messages.LeaveCancelButton(), CallbackData: "roi:-"}},
	})
	return s.replyMarkup(ctx, messages.LeaveConfirm(u), markup)
}

func (b *Bot) onboardingCommands() []*command {
	return []*command{{names: []string{"xoa", "remove"}, admin: true, run: b.cmdRemove}}
}

func (b *Bot) onboardingCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"xoa": b.onRemoveButton}
}

// cmdRemove is /xoa MÃ [pho]: an admin removes a unit's focal point or deputy, after a
// confirmation button.
func (b *Bot) cmdRemove(ctx context.Context, s *scope, args string) error {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return s.reply(ctx, messages.RemoveUsage())
	}
	u, ok := s.ws.plan.Unit(fields[0])
	if !ok {
		return s.reply(ctx, messages.RemoveUsage())
	}
	role, ok := inviteRole(strings.Join(fields[1:], " "))
	if !ok {
		return s.reply(ctx, messages.RemoveUsage())
	}
	seats, err := workgroup.UnitSeats(ctx, s.tx, u.Code)
	if err != nil {
		return err
	}
	holder := seats.Holder(store.MemberRole(role))
	if holder == 0 {
		return s.reply(ctx, messages.RemoveNobody(u, role))
	}
	data := "xoa:" + string(role[0]) + ":" + strconv.FormatInt(holder, 10) + ":" + s.ws.unitRef(u.Code)
	markup := inlineKeyboard([][]models.InlineKeyboardButton{
		{{Text: messages.RemoveConfirmButton(), CallbackData: data}},
		{{Text: messages.LeaveCancelButton(), CallbackData: "xoa:-"}},
	})
	return s.replyMarkup(ctx, messages.RemoveConfirm(u, role, b.describeChat(ctx, s.tx, holder)), markup)
}

// onRemoveButton carries out /xoa: data is "<f|d>:<user id>:<unit ref>", so a button
// pressed after the seat changed hands removes nobody.
func (b *Bot) onRemoveButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	if !s.isAdmin() {
		b.answerCallback(s, cq.ID, messages.NotAllowed())
		return nil
	}
	b.answerCallback(s, cq.ID, "")
	if data == "-" {
		return s.reply(ctx, messages.LeaveCancelled())
	}
	parts := strings.SplitN(data, ":", 3)
	if len(parts) != 3 {
		return s.reply(ctx, messages.StaleButton())
	}
	role := store.MemberFocal
	if parts[0] == "d" {
		role = store.MemberDeputy
	}
	user, err := strconv.ParseInt(parts[1], 10, 64)
	code, ok := s.ws.unitFromRef(parts[2])
	if err != nil || !ok {
		return s.reply(ctx, messages.StaleButton())
	}
	removed, err := workgroup.Remove(ctx, s.tx, s.ws.plan, s.from.ID, code, role, user, b.now())
	if err != nil {
		return err
	}
	u, _ := s.ws.plan.Unit(code)
	if !removed {
		return s.reply(ctx, messages.RemoveAlready())
	}
	who := b.describeChat(ctx, s.tx, user)
	if err := s.send(ctx, store.Outgoing{ChatID: user, Purpose: "role", Text: messages.RemovedYou(u, store.InviteRole(role))}); err != nil {
		return err
	}
	return s.reply(ctx, messages.RemoveDone(u, store.InviteRole(role), who))
}
