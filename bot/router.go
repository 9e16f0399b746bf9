package bot

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// command is a slash command with its Vietnamese name first, then aliases.
type command struct {
	names  []string
	admin  bool // only the standing office may run it; others learn nothing from trying
	group  bool // also answered in the registered group
	view   bool // reads a group's state: "/cmd <group code> …" reads a child group's (bot/groups.go)
	rollup bool // reads every child group's state: built off the poll loop (bot/views.go)
	run    func(ctx context.Context, s *scope, args string) error
}

// callbackFunc handles a button press whose data starts with its prefix and ":".
type callbackFunc func(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error

// buildRoutes collects every feature's commands and button handlers.
func (b *Bot) buildRoutes() (map[string]*command, map[string]callbackFunc) {
	cmds := map[string]*command{}
	for _, list := range [][]*command{b.coreCommands(), b.roleCommands(), b.reportCommands(), b.reminderCommands(), b.summaryCommands(), b.docxCommands(), b.onboardingCommands(), b.groupCommands()} {
		for _, c := range list {
			for _, n := range c.names {
				cmds[n] = c
			}
		}
	}
	cbs := map[string]callbackFunc{}
	for _, m := range []map[string]callbackFunc{b.roleCallbacks(), b.reportCallbacks(), b.reminderCallbacks(), b.ticketCallbacks(), b.onboardingCallbacks(), b.groupCallbacks()} {
		for k, f := range m {
			cbs[k] = f
		}
	}
	return cmds, cbs
}

// route dispatches an update by our own parser (the library's command matching misses
// /cmd@bot and can panic on malformed entities).
func (b *Bot) route(ctx context.Context, s *scope) error {
	upd := s.upd
	if err := b.classify(ctx, s); err != nil { // bot/strangers.go
		return err
	}
	switch {
	case upd.MyChatMember != nil:
		return b.onMyChatMember(ctx, s, upd.MyChatMember)
	case upd.CallbackQuery != nil:
		return b.onCallback(ctx, s, upd.CallbackQuery)
	case upd.Message != nil:
		return b.onMessage(ctx, s, upd.Message)
	case upd.EditedMessage != nil:
		if upd.EditedMessage.Chat.Type == models.ChatTypePrivate {
			return b.onEdited(ctx, s, upd.EditedMessage)
		}
	}
	return nil
}

func userOf(u *models.User) store.User {
	return store.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

func (b *Bot) onMessage(ctx context.Context, s *scope, msg *models.Message) error {
	if msg.MigrateToChatID != 0 {
		// The group became a supergroup: follow it to its new id.
		return s.tx.MigrateChat(ctx, msg.Chat.ID, msg.MigrateToChatID)
	}
	if msg.From == nil {
		return nil // channel posts and anonymous admins: nobody to answer
	}
	private := msg.Chat.Type == models.ChatTypePrivate
	if private {
		if err := s.tx.SetReachable(ctx, msg.Chat.ID); err != nil {
			return err
		}
	}
	if ok, err := b.onRosterDocument(ctx, s, msg); ok || err != nil {
		return err
	}
	text := msg.Text
	if text == "" {
		text = msg.Caption
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if !private {
		if posted, err := b.withdrawPostedInvites(ctx, s, msg, text); posted || err != nil { // bot/leaks.go
			return err
		}
	}
	if private && msg.ForwardOrigin != nil && !strings.HasPrefix(text, "/") {
		return s.reply(ctx, messages.ForwardedNotReport()) // someone else's words, not a report
	}
	if name, args, ok := parseCommand(text, b.username); ok {
		if !private {
			if ok, err := b.groupMayTalk(ctx, s, msg, name); !ok {
				return err
			}
		}
		return b.runCommand(ctx, s, name, args, private)
	}
	if !private {
		// In groups the bot answers only replies to its own messages.
		if msg.ReplyToMessage == nil || msg.ReplyToMessage.From == nil || msg.ReplyToMessage.From.Username != b.username {
			return nil
		}
		if ok, err := b.groupMayTalk(ctx, s, msg, ""); !ok {
			return err
		}
	}
	if ok, err := b.onTicketReply(ctx, s, msg, text); ok || err != nil {
		return err
	}
	return b.onText(ctx, s, msg, text)
}

func (b *Bot) runCommand(ctx context.Context, s *scope, name, args string, private bool) error {
	c, ok := b.commands[name]
	if !ok {
		return s.refuse(ctx, messages.UnknownCommand(name))
	}
	if !private && !c.group {
		return s.refuse(ctx, messages.PrivateOnly())
	}
	if c.admin && !s.isAdmin() {
		return s.refuse(ctx, messages.NotAllowed())
	}
	if c.view {
		rest, ok, err := b.drillDown(ctx, s, args)
		if !ok || err != nil {
			return err
		}
		args = rest
		if s.offLoop(c) {
			return b.requestView(ctx, s, c, args)
		}
	}
	return c.run(ctx, s, args)
}

// parseCommand splits "/cmd@bot args" into a lowercase name and the rest. A command
// addressed to another bot is not ours.
func parseCommand(text, botName string) (name, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		rest = head[i+1:] + " " + rest
		head = head[:i]
	}
	head, target, addressed := strings.Cut(head, "@")
	if addressed && !strings.EqualFold(target, botName) {
		return "", "", false
	}
	if head == "" || len(head) > 64 {
		return "", "", false
	}
	return strings.ToLower(head), strings.TrimSpace(rest), true
}

func (b *Bot) onCallback(ctx context.Context, s *scope, cq *models.CallbackQuery) error {
	prefix, rest, _ := strings.Cut(cq.Data, ":")
	f, ok := b.callbacks[prefix]
	if !ok || cq.Message.Message == nil {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	return f(ctx, s, cq, rest)
}

func (b *Bot) onMyChatMember(ctx context.Context, s *scope, m *models.ChatMemberUpdated) error {
	if m.Chat.Type != models.ChatTypePrivate {
		return nil
	}
	var err error
	switch m.NewChatMember.Type {
	case models.ChatMemberTypeBanned:
		err = s.tx.SetUnreachable(ctx, m.Chat.ID, "blocked the bot")
	case models.ChatMemberTypeMember:
		err = s.tx.SetReachable(ctx, m.Chat.ID)
	}
	return err
}

// send queues m; its purpose defaults to a reply.
func (s *scope) send(ctx context.Context, m store.Outgoing) error {
	if m.Purpose == "" {
		m.Purpose = "reply"
	}
	if m.ChatID == s.chatID {
		m.Priority = max(m.Priority, s.class) // bot/strangers.go
	}
	if s.built != nil {
		*s.built = append(*s.built, m)
		return nil
	}
	if ok, err := s.mayAnswer(ctx, m); !ok {
		return err
	}
	_, queued, err := s.tx.Enqueue(ctx, m)
	if err != nil {
		return err
	}
	if queued {
		s.queued++
	}
	return nil
}

// reply answers in the update's chat, splitting long text at line boundaries.
func (s *scope) reply(ctx context.Context, text string) error {
	for _, part := range messages.Split(s.label + text) {
		if err := s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: part}); err != nil {
			return err
		}
	}
	return nil
}

// replyMarkup answers with a keyboard (or ForceReply) attached.
func (s *scope) replyMarkup(ctx context.Context, text string, markup []byte) error {
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Text: s.label + text, ReplyMarkup: markup})
}

// isAdmin reports whether the sender is standing-office staff.
func (s *scope) isAdmin() bool { return s.from != nil && s.ws.isAdmin(s.from.ID) }

func (b *Bot) replyInternalError(ctx context.Context, s *scope) error {
	if s.chatID == 0 {
		return nil
	}
	if s.upd.CallbackQuery != nil {
		b.answerCallback(s, s.upd.CallbackQuery.ID, messages.InternalError())
	}
	_, _, err := s.tx.Enqueue(ctx, store.Outgoing{ChatID: s.chatID, Purpose: "reply", Text: messages.InternalError()})
	if err == nil {
		s.queued++
	}
	return err
}
