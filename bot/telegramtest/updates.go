package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

type queuedUpdate struct {
	id   int64
	kind string
	raw  json.RawMessage
}

// defaultAllowed is what Telegram delivers when allowed_updates was never set (or set to []).
func defaultAllowed(kind string) bool {
	switch kind {
	case "chat_member", "message_reaction", "message_reaction_count":
		return false
	}
	return true
}

func (s *Server) allowsLocked(kind string) bool {
	if s.allowed == nil {
		return defaultAllowed(kind)
	}
	return s.allowed[kind]
}

// enqueueLocked queues an update unless allowed_updates filters it out, which Telegram does
// at creation time. It returns the update_id, or 0 when filtered.
func (s *Server) enqueueLocked(kind string, payload any) int64 {
	if !s.allowsLocked(kind) {
		s.stats.FilteredUpdates++
		return 0
	}
	p, err := json.Marshal(payload)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	return s.enqueueRawLocked(kind, map[string]json.RawMessage{kind: p})
}

func (s *Server) enqueueRawLocked(kind string, obj map[string]json.RawMessage) int64 {
	id := s.nextUpdateID
	s.nextUpdateID++
	obj["update_id"] = json.RawMessage(strconv.FormatInt(id, 10))
	raw, _ := json.Marshal(obj)
	s.queue = append(s.queue, queuedUpdate{id: id, kind: kind, raw: raw})
	s.wakeUpdatesLocked()
	return id
}

func (s *Server) wakeUpdatesLocked() {
	close(s.updWake)
	s.updWake = make(chan struct{})
}

// applyOffsetLocked confirms (drops) updates as a getUpdates call with this offset does.
func (s *Server) applyOffsetLocked(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
		s.confirmedBelow = max(s.confirmedBelow, offset)
	case offset < 0:
		// Negative: keep only the last -offset updates and forget the rest.
		keep := int(-offset)
		if keep < len(s.queue) {
			s.queue = s.queue[len(s.queue)-keep:]
		}
		next := s.nextUpdateID
		if len(s.queue) > 0 {
			next = s.queue[0].id
		}
		s.confirmedBelow = max(s.confirmedBelow, next)
	}
}

func (s *Server) handleGetUpdates(rq *request) (any, *apiErr) {
	offset, _ := strconv.ParseInt(strings.TrimSpace(rq.form.Get("offset")), 10, 64)
	limit := 100
	if v, err := strconv.Atoi(strings.TrimSpace(rq.form.Get("limit"))); err == nil {
		limit = min(max(v, 1), 100)
	}
	timeout, _ := strconv.Atoi(strings.TrimSpace(rq.form.Get("timeout")))
	timeout = max(timeout, 0)

	s.mu.Lock()
	s.getUpdatesCalls++
	s.lastOffset = offset
	if au := rq.form.Get("allowed_updates"); au != "" {
		var kinds []string
		if json.Unmarshal([]byte(au), &kinds) == nil {
			if len(kinds) == 0 {
				s.allowed = nil
			} else {
				s.allowed = map[string]bool{}
				for _, k := range kinds {
					s.allowed[k] = true
				}
			}
		}
	}
	// A newer poll terminates an older one with 409, as Telegram does.
	s.pollGen++
	gen := s.pollGen
	s.wakeUpdatesLocked()
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if s.pollGen != gen {
			if rq.ctx.Err() != nil {
				// The client gave up first: not a conflict it will ever see.
				s.mu.Unlock()
				return nil, errGone
			}
			s.stats.Conflicts++
			s.mu.Unlock()
			return nil, errConflict
		}
		s.applyOffsetLocked(offset)
		if len(s.queue) > 0 {
			n := min(limit, len(s.queue))
			buf := []byte{'['}
			for i, u := range s.queue[:n] {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, u.raw...)
			}
			buf = append(buf, ']')
			s.mu.Unlock()
			return json.RawMessage(buf), nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			s.mu.Unlock()
			return json.RawMessage("[]"), nil
		}
		wake := s.updWake
		s.mu.Unlock()
		if timer == nil {
			timer = time.NewTimer(left)
		}
		select {
		case <-wake:
		case <-timer.C:
		case <-rq.ctx.Done():
			return nil, errGone
		case <-s.done:
			return json.RawMessage("[]"), nil
		}
		s.mu.Lock()
	}
}

// Confirmed reports whether the bot confirmed the update (polled with a higher offset).
func (s *Server) Confirmed(updateID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return updateID < s.confirmedBelow
}

// PendingUpdates is the number of queued, unconfirmed updates.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// NextUpdateID is the id the next queued update will get.
func (s *Server) NextUpdateID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextUpdateID
}

// LastOffset is the offset of the latest getUpdates call (0 if it sent none).
func (s *Server) LastOffset() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastOffset
}

// GetUpdatesCalls counts getUpdates requests that reached the handler.
func (s *Server) GetUpdatesCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.getUpdatesCalls
}

// Private registers u and returns the private chat with it (chat id = user id).
func (s *Server) Private(u User) Chat {
	c := Chat{ID: u.ID, Type: models.ChatTypePrivate, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(c.ID).chat = c
	return c
}

// Group registers a group chat. A positive id is negated; ids at or below -10^12 are
// supergroups, as on Telegram.
func (s *Server) Group(id int64, title string) Chat {
	if id > 0 {
		id = -id
	}
	c := Chat{ID: id, Type: chatTypeFor(id), Title: title}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(id).chat = c
	return c
}

// Upgrade turns a group into a supergroup, as Telegram does when a group grows or gets
// admin features: the group's chat gets a service message with migrate_to_chat_id, and
// sends to the old id answer 400 with that id. It returns the supergroup.
func (s *Server) Upgrade(group Chat, by User) Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	super := Chat{ID: -1000000000000 + group.ID, Type: models.ChatTypeSupergroup, Title: group.Title}
	s.chatLocked(super.ID).chat = super
	m := s.newUserMessageLocked(by, group, "")
	m.MigrateToChatID = super.ID
	s.chatLocked(group.ID).migratedTo = super.ID
	s.enqueueLocked("message", m)
	return super
}

func chatTypeFor(id int64) models.ChatType {
	switch {
	case id > 0:
		return models.ChatTypePrivate
	case id <= -1000000000000:
		return models.ChatTypeSupergroup
	}
	return models.ChatTypeGroup
}

func now() int { return int(time.Now().Unix()) }

// newUserMessageLocked stores a user's message in the chat with the next per-chat id.
func (s *Server) newUserMessageLocked(from User, chat Chat, text string) *models.Message {
	cs := s.chatLocked(chat.ID)
	if chat.Type == "" {
		chat = cs.chat
	}
	fu := from.model()
	m := &models.Message{ID: cs.nextID(), From: &fu, Date: now(), Chat: chat, Text: text, Entities: commandEntities(text)}
	cs.msgs[m.ID] = &storedMsg{msg: *m}
	return m
}

// SendText queues a message update from a user; "/cmd" words get bot_command entities.
func (s *Server) SendText(from User, chat Chat, text string) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newUserMessageLocked(from, chat, text)
	s.enqueueLocked("message", m)
	return cloneMsg(m)
}

// ReplyTo queues a user's reply. reply_to_message is the stored message (the bot's or a
// user's) with its full content; it is left out when the message is unknown.
func (s *Server) ReplyTo(from User, chat Chat, replyToMessageID int, text string) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newUserMessageLocked(from, chat, text)
	if sm, ok := s.chatLocked(chat.ID).msgs[replyToMessageID]; ok {
		m.ReplyToMessage = replyCopy(&sm.msg)
		s.chatLocked(chat.ID).msgs[m.ID].msg.ReplyToMessage = m.ReplyToMessage
	}
	s.enqueueLocked("message", m)
	return cloneMsg(m)
}

// EditText queues an edited_message update for a user's message.
func (s *Server) EditText(from User, chat Chat, messageID int, newText string) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chat.ID)
	if chat.Type == "" {
		chat = cs.chat
	}
	fu := from.model()
	sm, ok := cs.msgs[messageID]
	if !ok {
		sm = &storedMsg{msg: models.Message{ID: messageID, From: &fu, Date: now(), Chat: chat}}
		cs.msgs[messageID] = sm
	}
	sm.msg.Text = newText
	sm.msg.Entities = commandEntities(newText)
	sm.msg.EditDate = now()
	m := cloneMsg(&sm.msg)
	s.enqueueLocked("edited_message", m)
	return m
}

type callbackQuery struct {
	ID           string      `json:"id"`
	From         models.User `json:"from"`
	Message      any         `json:"message"`
	ChatInstance string      `json:"chat_instance"`
	Data         string      `json:"data"`
}

// Press queues a callback_query for a button with data on message messageID. The message is
// the stored bot message, or the inaccessible shape (date 0) if unknown. It returns the
// callback query id the bot must answer.
func (s *Server) Press(from User, chat Chat, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chat.ID)
	if chat.Type == "" {
		chat = cs.chat
	}
	s.nextCallback++
	id := strconv.FormatInt(4200000000000000000+s.nextCallback, 10)
	s.callbacks[id] = false
	var msg any = models.InaccessibleMessage{Chat: chat, MessageID: messageID, Date: 0}
	if sm, ok := cs.msgs[messageID]; ok {
		msg = cloneMsg(&sm.msg)
	}
	s.enqueueLocked("callback_query", callbackQuery{
		ID: id, From: from.model(), Message: msg,
		ChatInstance: strconv.FormatInt(chat.ID*7919+13, 10), Data: data,
	})
	return id
}

// PushRaw queues arbitrary update JSON (an object without update_id); the server assigns
// and inserts update_id and returns it. It panics on JSON that is not an object, because
// Telegram never sends such updates. Returns 0 if allowed_updates filtered it out.
func (s *Server) PushRaw(update string) int64 {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(update), &obj); err != nil {
		panic(fmt.Sprintf("telegramtest: PushRaw needs a JSON object: %v", err))
	}
	kind := ""
	for k := range obj {
		if k != "update_id" {
			kind = k
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if kind != "" && !s.allowsLocked(kind) {
		s.stats.FilteredUpdates++
		return 0
	}
	return s.enqueueRawLocked(kind, obj)
}

type chatMemberUpdated struct {
	Chat models.Chat `json:"chat"`
	From models.User `json:"from"`
	Date int         `json:"date"`
	Old  chatMember  `json:"old_chat_member"`
	New  chatMember  `json:"new_chat_member"`
}

type chatMember struct {
	Status    string      `json:"status"`
	User      models.User `json:"user"`
	UntilDate *int        `json:"until_date,omitempty"`
}

func (s *Server) memberUpdateLocked(from User, oldStatus, newStatus string) int64 {
	c := Chat{ID: from.ID, Type: models.ChatTypePrivate, FirstName: from.FirstName, LastName: from.LastName, Username: from.Username}
	s.chatLocked(c.ID).chat = c
	zero := 0
	old := chatMember{Status: oldStatus, User: s.botUser}
	nw := chatMember{Status: newStatus, User: s.botUser}
	if oldStatus == "kicked" {
		old.UntilDate = &zero
	}
	if newStatus == "kicked" {
		nw.UntilDate = &zero
	}
	return s.enqueueLocked("my_chat_member", chatMemberUpdated{Chat: c, From: from.model(), Date: now(), Old: old, New: nw})
}

// BlockedBy simulates the user blocking the bot: a my_chat_member update (member -> kicked)
// is queued and later sends to the private chat get 403. Returns the update_id.
func (s *Server) BlockedBy(from User) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(from.ID).blocked = true
	return s.memberUpdateLocked(from, "member", "kicked")
}

// Unblock simulates the user restarting the bot (kicked -> member update).
func (s *Server) Unblock(from User) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(from.ID).blocked = false
	return s.memberUpdateLocked(from, "kicked", "member")
}

// Block makes sends to chatID answer 403 without queuing any update.
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).blocked = true
}

// UnblockChat undoes Block silently.
func (s *Server) UnblockChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).blocked = false
}

// commandEntities marks each "/command[@bot]" word like Telegram does; offsets and lengths
// are UTF-16 units.
func commandEntities(text string) []models.MessageEntity {
	var out []models.MessageEntity
	u16 := 0
	prevSpace := true
	for i, r := range text {
		if r == '/' && prevSpace {
			j := i + 1
			for j < len(text) && isCmdByte(text[j]) {
				j++
			}
			if j > i+1 {
				if j < len(text) && text[j] == '@' {
					k := j + 1
					for k < len(text) && isCmdByte(text[k]) {
						k++
					}
					if k > j+1 {
						j = k
					}
				}
				out = append(out, models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: u16, Length: j - i})
			}
		}
		prevSpace = r == ' ' || r == '\n' || r == '\t'
		u16 += utf16.RuneLen(r)
	}
	return out
}

func isCmdByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
