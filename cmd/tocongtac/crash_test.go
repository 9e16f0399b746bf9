package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

// TestCrashMidBurst kills the real binary with SIGKILL while it works through a burst of
// 200 updates, restarts it on the same database, and checks that every update was
// handled exactly once and answered at least once.
func TestCrashMidBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	tg := telegramtest.New()
	defer tg.Close()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "crash.db")
	env := append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+tg.Token(),
		"TELEGRAM_API_URL="+tg.URL(),
		"TOCONGTAC_DB="+dbPath,
		"TOCONGTAC_LOG_LEVEL=info",
	)

	const updates = 200
	users := make([]telegramtest.User, updates)
	for i := range users {
		users[i] = telegramtest.User{ID: int64(20000 + i), FirstName: fmt.Sprintf("Người %d", i)}
		tg.SendText(users[i], tg.Private(users[i]), "/huongdan")
		if i == updates/2 {
			tg.PushRaw(`{"message":{"message_id":"not-a-number","date":1,"chat":{"id":1,"type":"private"}}}`)
		}
	}

	const kills = 3
	rng := rand.New(rand.NewPCG(1, 2))
	logPath := filepath.Join(dir, "bot.log")
	midBurst := 0
	for k := 0; k < kills; k++ {
		polls := tg.GetUpdatesCalls()
		c := startBotProcess(t, bin, env, logPath, func(err error) { t.Errorf("bot: %v", err) })
		for tg.GetUpdatesCalls() == polls { // wait until it polls: handling starts now
			time.Sleep(time.Millisecond)
		}
		// The first kills fall while updates are being handled, the last one while the
		// sender (which starts after a one-second pause) is delivering the answers.
		delay := time.Duration(10+rng.IntN(90)) * time.Millisecond
		if k == kills-1 {
			delay = time.Duration(1100+rng.IntN(400)) * time.Millisecond
		}
		time.Sleep(delay)
		handled := countHandled(t, dbPath)
		c.kill9()
		if handled < updates {
			midBurst++
		}
		t.Logf("kill %d after %v: %d updates handled, %d unconfirmed, %d messages delivered", k+1, delay, handled, tg.PendingUpdates(), len(tg.Sent()))
	}
	if midBurst == 0 {
		t.Errorf("no kill fell in the middle of the burst")
	}
	c := startBotProcess(t, bin, env, logPath, func(err error) { t.Errorf("bot: %v", err) })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, u := range users {
		if _, err := tg.WaitFor(ctx, func(s telegramtest.Sent) bool { return s.ChatID == u.ID }); err != nil {
			c.kill9()
			log, _ := os.ReadFile(logPath)
			t.Fatalf("user %d never got an answer: %v\nlog:\n%s", u.ID, err, tail(log, 3000))
		}
	}
	if err := c.term(); err != nil {
		t.Errorf("stop: %v", err)
	}

	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var handled, replies, chats int
	if err := db.QueryRow(`SELECT count(*) FROM handled_updates`).Scan(&handled); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT chat_id) FROM outbox WHERE purpose = 'reply'`).Scan(&replies, &chats); err != nil {
		t.Fatal(err)
	}
	perChat := map[int64]int{}
	for _, s := range tg.Sent() {
		perChat[s.ChatID]++
	}
	dups := 0
	for _, u := range users {
		if n := perChat[u.ID]; n > 1 {
			dups += n - 1
		}
	}
	t.Logf("updates=%d handled=%d replies queued=%d chats=%d delivered=%d duplicate deliveries=%d kills=%d",
		updates, handled, replies, chats, len(tg.Sent()), dups, kills)
	if handled != updates {
		t.Errorf("handled updates = %d, want %d (each exactly once)", handled, updates)
	}
	if replies != updates || chats != updates {
		t.Errorf("queued replies = %d in %d chats, want %d in %d: an update's effects were lost or doubled", replies, chats, updates, updates)
	}
	// Only a message in flight at a kill can go out twice: at most bot.MaxInFlight per kill.
	if dups > kills*bot.MaxInFlight {
		t.Errorf("duplicate deliveries = %d, want at most %d per kill (%d kills)", dups, bot.MaxInFlight, kills)
	}
	if tg.PendingUpdates() != 0 {
		t.Errorf("%d updates left unconfirmed", tg.PendingUpdates())
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// countHandled reads how many updates the running bot has committed (WAL lets a second
// connection read beside it).
func countHandled(t *testing.T, dbPath string) int {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM handled_updates`).Scan(&n); err != nil {
		return -1
	}
	return n
}
