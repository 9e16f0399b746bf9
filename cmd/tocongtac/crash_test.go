package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary compiles cmd/tocongtac once per test run; every process test shares it.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tocongtac-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "tocongtac")
		cmd := exec.Command("go", "build", "-o", builtBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

type child struct {
	cmd *exec.Cmd
	log *os.File
}

func startChild(t *testing.T, bin string, env []string, logPath string) *child {
	t.Helper()
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &child{cmd: cmd, log: f}
}

func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	_ = c.cmd.Wait()
	c.log.Close()
}

func (c *child) stop(t *testing.T) {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("bot exited with %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		c.kill()
		t.Errorf("bot did not stop on SIGTERM")
	}
	c.log.Close()
}

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
	for k := 0; k < kills; k++ {
		c := startChild(t, bin, env, logPath)
		time.Sleep(time.Duration(150+rng.IntN(350)) * time.Millisecond)
		c.kill()
		t.Logf("kill %d: %d messages delivered, %d updates pending", k+1, len(tg.Sent()), tg.PendingUpdates())
	}
	c := startChild(t, bin, env, logPath)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, u := range users {
		if _, err := tg.WaitFor(ctx, func(s telegramtest.Sent) bool { return s.ChatID == u.ID }); err != nil {
			c.kill()
			log, _ := os.ReadFile(logPath)
			t.Fatalf("user %d never got an answer: %v\nlog:\n%s", u.ID, err, tail(log, 3000))
		}
	}
	c.stop(t)

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
