package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/store"
)

const (
	// strangerGap is how often someone the bot does not know gets an answer.
	strangerGap = 10 * time.Minute
	// refusalGap is how often a person is refused in a group (the rest is silence).
	refusalGap = 24 * time.Hour
)

// classify sets the priority class of the update's answers from who sent it: focal
// points and deputies first, then admins; strangers last. Only known people are saved in
// users: about a stranger the bot keeps nothing but a rationing key.
func (b *Bot) classify(ctx context.Context, s *scope) error {
	s.class = store.PriorityStranger
	if s.from == nil || s.from.IsBot {
		return nil
	}
	ms, err := s.tx.Memberships(ctx, s.from.ID)
	if err != nil {
		return err
	}
	switch {
	case len(ms) > 0:
		s.class, s.member = store.PriorityInteractive, true
	case s.isAdmin():
		s.class = store.PriorityAlert
	default:
		return nil
	}
	return s.tx.SaveUser(ctx, userOf(s.from))
}

// knownNow records that the sender just became known (an invite was accepted).
func (b *Bot) knownNow(ctx context.Context, s *scope, class store.Priority) error {
	s.class = class
	return s.tx.SaveUser(ctx, userOf(s.from))
}

// mayAnswer rations answers in the update's chat: a stranger gets one per strangerGap,
// a refusal in a group goes once per person per refusalGap; all the parts of that one
// answer go.
func (s *scope) mayAnswer(ctx context.Context, m store.Outgoing) (bool, error) {
	if m.ChatID != s.chatID {
		return true, nil
	}
	if s.turn == 0 {
		var user int64
		if s.from != nil {
			user = s.from.ID
		}
		var key string
		var gap time.Duration
		switch {
		case s.refusing && s.chatType != models.ChatTypePrivate:
			key, gap = fmt.Sprintf("refusal:%d:%d", s.chatID, user), refusalGap
		case s.class == store.PriorityStranger:
			key, gap = fmt.Sprintf("stranger:%d:%d", s.chatID, user), strangerGap
		default:
			return true, nil
		}
		ok, err := s.tx.TakeTurn(ctx, key, gap)
		if err != nil {
			return false, err
		}
		s.turn = -1
		if ok {
			s.turn = 1
		}
	}
	return s.turn > 0, nil
}

// refuse answers a command the sender may not use here, in the lowest class: in a group
// once per person per day, otherwise silence (anyone in the group could flood it).
func (s *scope) refuse(ctx context.Context, text string) error {
	s.refusing = true
	return s.send(ctx, store.Outgoing{ChatID: s.chatID, Priority: store.PriorityStranger, Text: text})
}

// quietStranger reports whether upd is a private message from a stranger whose one
// answer is spent. Handling it would change nothing but record its id, a write and a
// disk sync each: a flood of such messages held up everyone's updates. It is decided
// with reads only, and its id is recorded with the next transaction (see quietIDs).
// An invite link (/start with a token) is always handled.
func (b *Bot) quietStranger(ctx context.Context, upd *models.Update) bool {
	msg := upd.Message
	if msg == nil || msg.From == nil || msg.From.IsBot || msg.Chat.Type != models.ChatTypePrivate ||
		b.admins[msg.From.ID] || b.seenMembers[msg.From.ID] || strings.HasPrefix(msg.Text, "/start ") {
		return false
	}
	quiet := false
	err := b.db.View(ctx, func(tx *store.Tx) error {
		mine, err := b.personGroups(ctx, tx, msg.From.ID)
		if err != nil || len(mine) > 0 {
			return err
		}
		quiet, err = tx.Quiet(ctx, fmt.Sprintf("stranger:%d:%d", msg.Chat.ID, msg.From.ID))
		return err
	})
	return err == nil && quiet
}

// sawMember remembers that the sender of a committed update is a member, so their next
// messages skip quietStranger's read (a tenth of a status reply's time). Someone removed
// since is still handled as the stranger they became, only with a write: the check saves
// work, it decides nothing.
func (b *Bot) sawMember(s *scope) {
	if s.from == nil || !s.member {
		return
	}
	if b.seenMembers == nil || len(b.seenMembers) >= 10000 {
		b.seenMembers = map[int64]bool{}
	}
	b.seenMembers[s.from.ID] = true
}

// recordQuiet records the ids of the quiet strangers' updates skipped so far, in the
// transaction at hand. Only the poll goroutine uses quietIDs.
func (b *Bot) recordQuiet(ctx context.Context, tx *store.Tx) error {
	return tx.MarkUpdatesHandled(ctx, b.quietIDs)
}

// flushQuiet records the skipped ids in one transaction; like the handled updates, it
// is synced by pollLoop before the next getUpdates confirms them to Telegram.
func (b *Bot) flushQuiet(ctx context.Context) {
	if len(b.quietIDs) == 0 {
		return
	}
	err := b.db.UpdateLazy(context.WithoutCancel(ctx), func(tx *store.Tx) error { return b.recordQuiet(ctx, tx) })
	if err != nil {
		// They had no effects: handled again after a restart, they are skipped again.
		b.log.Error().Err(err).Int("updates", len(b.quietIDs)).Msg("record skipped updates")
		return
	}
	b.quietIDs = b.quietIDs[:0]
}
