package bot

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// One deployment serves several working groups (a province's and its communes'). Each
// update works in exactly one of them, chosen before anything else is read: what the
// update itself names decides first (the message a button is on, the bot message
// replied to, the invite link, the registered group chat), then the person's own groups.
// Nothing in the update's data can point into a group the chosen one is not: a button
// works in the group of the message it is on, whatever its data says.

// groupCommand is /to: which group someone serving several works in.
func (b *Bot) groupCommands() []*command {
	return []*command{{names: []string{"to", "workgroup"}, run: b.cmdWorkGroup}}
}

func (b *Bot) groupCallbacks() map[string]callbackFunc {
	return map[string]callbackFunc{"to": b.onGroupButton}
}

// chooseGroup picks the update's group, and the person's groups when it had to look
// them up (nil otherwise). ask is true when a person serving several
// groups sent a message without having said which group they work in: the message is
// kept and they are asked (askGroup).
func (b *Bot) chooseGroup(ctx context.Context, s *scope) (group int64, mine []int64, ask bool, err error) {
	ps := b.plans.Load()
	if len(ps.groups) == 1 {
		return ps.groups[0].group.ID, nil, false, nil
	}
	known := func(id int64) bool { return id != 0 && ps.of(id) != nil }
	tx, upd := s.tx, s.upd
	switch {
	case upd.CallbackQuery != nil && s.messageID != 0:
		m, err := tx.SentMessage(ctx, s.chatID, s.messageID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, nil, false, err
		}
		if known(m.Group) {
			return m.Group, nil, false, nil
		}
	case upd.EditedMessage != nil:
		g, err := tx.MessageGroup(ctx, s.chatID, upd.EditedMessage.ID)
		if err != nil || known(g) {
			return g, nil, false, err
		}
	case upd.Message != nil:
		msg := upd.Message
		if name, args, ok := parseCommand(msg.Text, b.username); ok && name == "start" && args != "" {
			g, err := workgroup.InviteGroup(ctx, tx, args)
			if err != nil || known(g) {
				return g, nil, false, err
			}
		}
		if r := msg.ReplyToMessage; r != nil && r.From != nil && r.From.Username == b.username {
			m, err := tx.SentMessage(ctx, s.chatID, r.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return 0, nil, false, err
			}
			if known(m.Group) {
				return m.Group, nil, false, nil
			}
		}
	}
	if s.chatID < 0 { // a group chat works in the group it was registered for
		gc, err := tx.FindGroupChat(ctx, s.chatID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, nil, false, err
		}
		if known(gc.Group) {
			return gc.Group, nil, false, nil
		}
	}
	if s.from == nil {
		return ps.groups[0].group.ID, nil, false, nil
	}
	mine, err = b.personGroups(ctx, tx, s.from.ID)
	if err != nil {
		return 0, mine, false, err
	}
	switch len(mine) {
	case 0: // a stranger: answered in the first top-level group, which tells them nothing
		return ps.groups[0].group.ID, mine, false, nil
	case 1:
		return mine[0], mine, false, nil
	}
	focus, err := tx.Focus(ctx, s.from.ID)
	if err != nil {
		return 0, mine, false, err
	}
	if !slices.Contains(mine, focus) {
		focus = 0
	}
	msg := upd.Message
	if msg == nil || msg.Chat.Type != models.ChatTypePrivate || msg.Text == "" {
		return cmp.Or(focus, mine[0]), mine, false, nil
	}
	if name, _, ok := parseCommand(msg.Text, b.username); ok {
		c, known := b.commands[name]
		if !known || name == "to" || name == "workgroup" || name == "start" || name == "huongdan" || name == "help" {
			return cmp.Or(focus, mine[0]), mine, false, nil
		}
		// To the one group where the person may run it, even away from the group they
		// chose: a commune's admin who also reports to the province runs /tonghop in the
		// commune. Several: the chosen one, or ask among them.
		fit, err := b.commandGroups(ctx, tx, s.from.ID, mine, c)
		switch {
		case err != nil:
			return 0, mine, false, err
		case len(fit) == 0: // refused wherever it goes: no need to ask
			return cmp.Or(focus, mine[0]), mine, false, nil
		case len(fit) == 1:
			return fit[0], mine, false, nil
		case slices.Contains(fit, focus):
			return focus, mine, false, nil
		}
		return fit[0], fit, true, nil
	}
	if focus != 0 {
		return focus, mine, false, nil
	}
	if g, err := b.inferGroup(ctx, tx, s.from.ID, mine, msg.Text); err != nil || g != 0 {
		return g, mine, false, err
	}
	return mine[0], mine, true, nil
}

// inferGroup is the one group among mine where the person's units take part in every
// model the report names ("MH9 xong" from someone whose MH9 is in one group only), 0
// when the report names none or several groups fit.
func (b *Bot) inferGroup(ctx context.Context, tx *store.Tx, userID int64, mine []int64, text string) (int64, error) {
	var named []int
	for _, e := range parse.Parse(text).Entries {
		named = append(named, e.Model)
	}
	if len(named) == 0 {
		return 0, nil
	}
	ps := b.plans.Load()
	found := int64(0)
	for _, id := range mine {
		ms, err := tx.In(id).Memberships(ctx, userID)
		if err != nil {
			return 0, err
		}
		takes := map[int]bool{}
		for _, m := range ms {
			for _, a := range ps.of(id).plan.UnitModels(m.Unit) {
				takes[a.Model] = true
			}
		}
		fits := len(ms) > 0
		for _, n := range named {
			fits = fits && takes[n]
		}
		if fits {
			if found != 0 {
				return 0, nil // both fit: ask
			}
			found = id
		}
	}
	return found, nil
}

// personGroups lists the groups a person serves: as focal point, deputy or invited admin,
// and, for the configured admins, every top-level group.
func (b *Bot) personGroups(ctx context.Context, tx *store.Tx, userID int64) ([]int64, error) {
	ids, err := tx.UserGroups(ctx, userID)
	if err != nil {
		return nil, err
	}
	return b.inPlanOrder(append(ids, b.namedAdminGroups(userID)...)), nil
}

// namedAdminGroups are the groups whose admin the user is by configuration (top-level
// groups) or by the group's plan.
func (b *Bot) namedAdminGroups(userID int64) []int64 {
	configured := slices.Contains(b.cfg.Admins, userID)
	var out []int64
	for _, st := range b.plans.Load().groups {
		if (configured && st.group.Parent == 0) || slices.Contains(st.plan.WorkingGroup.Admins, userID) {
			out = append(out, st.group.ID)
		}
	}
	return out
}

// inPlanOrder is the groups of ids that have a plan, parents first, each once.
func (b *Bot) inPlanOrder(ids []int64) []int64 {
	var out []int64
	for _, st := range b.plans.Load().groups {
		if slices.Contains(ids, st.group.ID) {
			out = append(out, st.group.ID)
		}
	}
	return out
}

// commandGroups narrows mine to the groups where the person may run c: an admin's
// command where they are an admin, a focal point's where they serve a unit. A command
// that fits one group goes there without asking.
func (b *Bot) commandGroups(ctx context.Context, tx *store.Tx, userID int64, mine []int64, c *command) ([]int64, error) {
	var ids []int64
	var err error
	if c.admin {
		ids, err = tx.AdminGroups(ctx, userID)
		ids = append(ids, b.namedAdminGroups(userID)...)
	} else {
		ids, err = tx.MemberGroups(ctx, userID)
	}
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, g := range b.inPlanOrder(ids) {
		if slices.Contains(mine, g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// askGroup keeps the message and asks which group it is for, one button per group.
func (b *Bot) askGroup(ctx context.Context, s *scope, mine []int64) error {
	msg := s.upd.Message
	id, err := s.tx.AskGroup(ctx, store.GroupQuestion{ChatID: s.chatID, UserID: s.from.ID, MessageID: msg.ID, Text: msg.Text})
	if err != nil {
		return err
	}
	ps := b.plans.Load()
	var rows [][]models.InlineKeyboardButton
	for _, g := range mine {
		rows = append(rows, []models.InlineKeyboardButton{{Text: ps.of(g).group.Name,
			CallbackData: "to:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(g, 10)}})
	}
	return s.replyMarkup(ctx, messages.WhichGroup(msg.Text), inlineKeyboard(rows))
}

// cmdWorkGroup is /to [code]: list the person's groups, or work in the one named.
func (b *Bot) cmdWorkGroup(ctx context.Context, s *scope, args string) error {
	mine, err := b.personGroups(ctx, s.tx, s.from.ID)
	if err != nil {
		return err
	}
	ps := b.plans.Load()
	if code := strings.TrimSpace(args); code != "" {
		for _, id := range mine {
			if g := ps.of(id).group; parse.Fold(g.Code) == parse.Fold(code) {
				return b.switchGroup(ctx, s, g)
			}
		}
		return s.reply(ctx, messages.GroupUnknown(code))
	}
	focus, err := s.tx.Focus(ctx, s.from.ID)
	if err != nil {
		return err
	}
	var list []messages.GroupChoice
	var rows [][]models.InlineKeyboardButton
	for _, id := range mine {
		g := ps.of(id).group
		list = append(list, messages.GroupChoice{Code: g.Code, Name: g.Name, Current: id == focus || len(mine) == 1})
		rows = append(rows, []models.InlineKeyboardButton{{Text: g.Name, CallbackData: "to:0:" + strconv.FormatInt(id, 10)}})
	}
	if len(list) == 0 {
		return s.refuse(ctx, messages.NotAllowed())
	}
	return s.replyMarkup(ctx, messages.GroupList(list), inlineKeyboard(rows))
}

// switchGroup makes g the group the person works in and says so.
func (b *Bot) switchGroup(ctx context.Context, s *scope, g store.Group) error {
	if err := s.tx.SetFocus(ctx, s.from.ID, g.ID); err != nil {
		return err
	}
	return s.reply(ctx, messages.GroupSwitched(g.Name))
}

// onGroupButton is "to:<question>:<group>": work in that group from now on, and handle
// the kept message (question 0: none) there.
func (b *Bot) onGroupButton(ctx context.Context, s *scope, cq *models.CallbackQuery, data string) error {
	qs, gs, _ := strings.Cut(data, ":")
	qid, err1 := strconv.ParseInt(qs, 10, 64)
	gid, err2 := strconv.ParseInt(gs, 10, 64)
	mine, err := b.personGroups(ctx, s.tx, s.from.ID)
	if err != nil {
		return err
	}
	if err1 != nil || err2 != nil || !slices.Contains(mine, gid) {
		b.answerCallback(s, cq.ID, messages.StaleButton())
		return nil
	}
	var q store.GroupQuestion
	if qid != 0 {
		if q, err = s.tx.TakeGroupQuestion(ctx, qid, s.from.ID); errors.Is(err, store.ErrNotFound) {
			b.answerCallback(s, cq.ID, messages.GroupQuestionGone())
			return nil
		} else if err != nil {
			return err
		}
	}
	b.answerCallback(s, cq.ID, "")
	if err := s.tx.SetFocus(ctx, s.from.ID, gid); err != nil {
		return err
	}
	// From here on the update works in the chosen group.
	s.tx = s.tx.In(gid)
	if s.ws, err = b.loadWorkspace(ctx, s.tx); err != nil {
		return err
	}
	if qid == 0 {
		return s.reply(ctx, messages.GroupSwitched(s.ws.group.Name))
	}
	msg := &models.Message{ID: q.MessageID, From: s.from, Text: q.Text,
		Chat: models.Chat{ID: q.ChatID, Type: models.ChatTypePrivate}}
	s.messageID, s.chatType = q.MessageID, models.ChatTypePrivate
	return b.onMessage(ctx, s, msg)
}

// drillDown lets a group's admin read a group below theirs: "/tonghop ngoclac tuần trước"
// works in group "ngoclac" when it is a descendant of the admin's. A group code that is
// not below is refused and changes nothing. ok is false when the answer was given.
func (b *Bot) drillDown(ctx context.Context, s *scope, args string) (rest string, ok bool, err error) {
	first, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if first == "" || len(s.ws.plans.groups) == 1 {
		return args, true, nil
	}
	ps := s.ws.plans
	for _, st := range ps.groups {
		if parse.Fold(st.group.Code) != parse.Fold(first) {
			continue
		}
		if st.group.ID == s.ws.group.ID {
			return rest, true, nil
		}
		if !ps.within(st.group.ID, s.ws.group.ID) {
			return "", false, s.refuse(ctx, messages.NotAllowed())
		}
		viewer := s.from.ID
		s.tx = s.tx.In(st.group.ID)
		if s.ws, err = b.loadWorkspace(ctx, s.tx); err != nil {
			return "", false, err
		}
		s.ws.addAdmin(viewer) // reads only: the command at hand is a view
		s.label = messages.GroupLabel(st.group.Name)
		return strings.TrimSpace(rest), true, nil
	}
	return args, true, nil
}
