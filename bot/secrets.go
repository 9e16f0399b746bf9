package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// Invite tokens never reach the database files, not even the WAL for a moment: the
// outbox row of an invite holds a placeholder, and the token waits here, in memory, until
// the sender puts it into the request. SQLite's secure_delete and checkpoints would
// shorten the token's stay on disk but not end it (a reader can pin the WAL, a backup can
// run first); never writing it does. A restart before delivery loses the token: the admin
// is then asked to make a new link, which costs one command.

// invitePlaceholder is what stands for a token in stored text: the token's hash, which
// the invites table holds anyway. A workbook of links (/moi tatca, a roster) is held the
// same way: its row stores "invitefile_" and the file's hash as caption, and no file.
var invitePlaceholder = regexp.MustCompile(`invite(?:file)?_[0-9a-f]{64}`)

// secretTTL bounds how long an undelivered token is kept (its transaction may have
// rolled back, so nothing else would remove it).
const secretTTL = time.Hour

type inviteSecrets struct {
	mu sync.Mutex
	m  map[string]secret
}

type secret struct {
	token string
	file  []byte // a workbook of links, for an "invitefile_" placeholder
	until time.Time
}

func newInviteSecrets() *inviteSecrets { return &inviteSecrets{m: map[string]secret{}} }

// hold keeps token for the sender and returns the placeholder to store in its place.
func (s *inviteSecrets) hold(token, hash string) string {
	return s.keep("invite_"+hash, secret{token: token})
}

// holdFile keeps a workbook of links for the sender and returns the placeholder its
// outbox row stores as caption, with no file.
func (s *inviteSecrets) holdFile(file []byte) string {
	sum := sha256.Sum256(file)
	return s.keep("invitefile_"+hex.EncodeToString(sum[:]), secret{file: file})
}

func (s *inviteSecrets) keep(ph string, v secret) string {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, old := range s.m {
		if now.After(old.until) {
			delete(s.m, k)
		}
	}
	v.until = now.Add(secretTTL)
	s.m[ph] = v
	return ph
}

// fill puts the tokens back into an invite's text. When one is gone (a restart came
// between the command and the delivery) the admin gets an explanation instead.
func (s *inviteSecrets) fill(m store.OutboxMessage) store.OutboxMessage {
	if m.Purpose != "invite" || !invitePlaceholder.MatchString(m.Text) {
		return m
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Kind == store.KindDocument {
		ph := invitePlaceholder.FindString(m.Text)
		v, ok := s.m[ph]
		if !ok || v.file == nil {
			m.Kind, m.FileName, m.File = store.KindText, "", nil
			m.Text, m.ReplyMarkup = messages.InviteLinkLost(), nil
			return m
		}
		m.File, m.Text = v.file, strings.TrimSpace(strings.Replace(m.Text, ph, "", 1))
		return m
	}
	lost := false
	text := invitePlaceholder.ReplaceAllStringFunc(m.Text, func(ph string) string {
		v, ok := s.m[ph]
		if !ok {
			lost = true
			return ph
		}
		return v.token
	})
	if lost {
		m.Text = messages.InviteLinkLost()
		m.ReplyMarkup = nil
		return m
	}
	m.Text = text
	return m
}

// forget drops the tokens of a delivered invite.
func (s *inviteSecrets) forget(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ph := range invitePlaceholder.FindAllString(text, -1) {
		delete(s.m, ph)
	}
}

// hashToken is the invite token's hash as the invites table keeps it (sha256, hex).
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
