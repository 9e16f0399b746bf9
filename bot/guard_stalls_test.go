package bot_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// answerCallbackQuery ran inside the poll loop: presses of an old button whose answers
// hang delayed every other user's updates by the HTTP timeout each (10 s here). Now the
// answers run beside the loop, with a short timeout.
func TestHungCallbackAnswersDoNotStallOthers(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	const presses = 20
	env.TG.FailNext("answerCallbackQuery", presses, telegramtest.FaultTimeout{})
	chat := env.TG.Private(roleStray)
	for range presses {
		env.TG.Press(roleStray, chat, 999, "bc:old")
	}
	start := time.Now()
	env.Say(roleTeo, "MH30 xong")
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a focal point's confirmation took %v behind %d hung callback answers", d, presses)
	}
}

// syncBuffer is a log sink the bot's goroutines can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A proxy answering with an HTML page that quotes the request path put the bot token in
// the log and in outbox.last_error.
func TestTokenRedactedFromLogsAndLastError(t *testing.T) {
	var logs syncBuffer
	env := bottest.Start(t, bottest.WithLogWriter(&logs))
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.TG.FailNext("sendMessage", 1, telegramtest.Fault5xx{Code: 502})
	env.TG.SendText(roleTeo, env.TG.Private(roleTeo), "/huongdan")
	var lastError string
	deadline := time.Now().Add(10 * time.Second)
	for lastError == "" && time.Now().Before(deadline) {
		storetest.Rows(t, env.DB, `SELECT coalesce(max(last_error), '') FROM outbox WHERE chat_id = ?`,
			[]any{roleTeo.ID}, func(scan func(...any) error) error { return scan(&lastError) })
		time.Sleep(5 * time.Millisecond)
	}
	if lastError == "" {
		t.Fatal("the failed send recorded no error")
	}
	env.WaitText(roleTeo.ID, "Hướng dẫn") // the retry goes through
	secret := strings.SplitN(env.TG.Token(), ":", 2)[1]
	if strings.Contains(lastError, secret) {
		t.Errorf("last_error holds the token: %q", lastError)
	}
	if !strings.Contains(lastError, "<token>") {
		t.Errorf("last_error lost the useful part: %q", lastError)
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("the log holds the token")
	}
}

// A send that succeeded but could not be marked sent (a full disk) left its row in
// "sending", and nothing more went to that chat until a restart.
func TestFailedBookkeepingDoesNotWedgeTheChat(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	exec := func(q string) {
		t.Helper()
		storetest.Exec(t, env.DB, q)
	}
	exec(`CREATE TRIGGER disk_full BEFORE UPDATE OF state ON outbox WHEN NEW.state = 'sent'
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
	env.Say(roleTeo, "/huongdan")
	deadline := time.Now().Add(10 * time.Second)
	for guardCount(t, env, `SELECT count(*) FROM outbox WHERE state = 'sending'`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no row stuck in sending")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // a few of the sender's passes with the disk full
	exec(`DROP TRIGGER disk_full`)
	env.Say(roleTeo, "/cuatoi")
	env.Settle()
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE chat_id = ? AND state = 'sent'`, roleTeo.ID); n != 2 {
		t.Errorf("%d messages marked sent, want 2", n)
	}
	if n := len(env.TG.SentTo(roleTeo.ID)); n != 2 {
		t.Errorf("%d messages delivered, want 2 (none twice)", n)
	}
}
