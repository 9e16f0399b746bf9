package bot_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// scanForTokens reads every file in dir and reports which holds any of the tokens.
func scanForTokens(t *testing.T, dir string, tokens []string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			if bytes.Contains(data, []byte(tok)) {
				found = append(found, e.Name()+": "+tok)
			}
		}
	}
	return found
}

// Invite links, admin links included, cannot be recovered from the database, its WAL
// and SHM, or a backup: not while the link waits for delivery, not after it, not after a
// checkpoint (they used to stay in the WAL, and a scraped admin link made a local user
// an admin).
func TestInviteTokensNeverReachFiles(t *testing.T) {
	dir := t.TempDir()
	env := bottest.Start(t, bottest.WithDBPath(filepath.Join(dir, "tocongtac.db")))
	admin := bottest.Admin
	var tokens []string
	for _, cmd := range []string{"/moi X-MYTAN", "/moi X-MYTAN pho", "/moi quantri", "/moi X-THUYSON"} {
		tokens = append(tokens, roleTokenOf(t, roleAsk(t, env, admin, cmd, "https://t.me/")))
	}
	env.Settle()
	if found := scanForTokens(t, dir, tokens); len(found) > 0 {
		t.Fatalf("tokens on disk after delivery: %q", found)
	}
	if err := env.DB.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Backup(context.Background(), filepath.Join(dir, "backup.db")); err != nil {
		t.Fatal(err)
	}
	if found := scanForTokens(t, dir, tokens); len(found) > 0 {
		t.Fatalf("tokens on disk after checkpoint and backup: %q", found)
	}
	// The links still work: the newest X-MYTAN focal link was withdrawn by none, so it
	// binds; the admin link binds an admin.
	roleAsk(t, env, roleTeo, "/start "+tokens[0], "UBND xã Mỹ Tân")
	roleAsk(t, env, roleMinh, "/start "+tokens[2], "Cơ quan thường trực")
	env.Stop()
	if found := scanForTokens(t, dir, tokens); len(found) > 0 {
		t.Fatalf("tokens on disk after use and shutdown: %q", found)
	}
}

// A restart between /moi and the link's delivery loses the token (it was only in
// memory): the admin is told to make a new link instead of receiving a broken one.
func TestInviteLostInRestartIsExplained(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	chat := env.TG.Private(admin)
	env.TG.FailNext("sendMessage", 1, telegramtest.Fault5xx{Code: 502})
	env.TG.SendText(admin, chat, "/moi X-MYTAN")
	waitFailedInvite(t, env)
	env.Restart()
	s := env.WaitText(admin.ID, "/moi")
	if !strings.Contains(s.PlainText, "khởi động lại") || strings.Contains(s.PlainText, "start=") {
		t.Errorf("lost invite answered with %q", s.PlainText)
	}
}

// waitFailedInvite waits until an invite's first send failed and waits for its retry.
func waitFailedInvite(t *testing.T, env *bottest.Env) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n := storetest.Int(t, env.DB, `SELECT count(*) FROM outbox
				WHERE purpose = 'invite' AND state = 'pending' AND attempts > 0`)
		if n > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the invite's first send did not fail")
}

// The links workbook of /moi tatca (and of a roster) is a file of credentials: it used
// to wait in the outbox's file column, on disk, until delivered. It now waits in memory;
// the row holds a placeholder, and the delivered file's links work.
func TestInviteLinksFileNeverStored(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	chat := env.TG.Private(admin)
	env.TG.FailNext("sendDocument", 1, telegramtest.Fault5xx{Code: 502})
	n := len(env.TG.SentTo(admin.ID))
	env.TG.SendText(admin, chat, "/moi tatca")
	waitFailedInvite(t, env)
	if got := guardCount(t, env, `SELECT count(*) FROM outbox WHERE purpose = 'invite'
		AND (length(file) > 0 OR text NOT LIKE 'invitefile_%')`); got != 0 {
		t.Fatalf("%d invite rows keep their links on disk", got)
	}
	file := env.NextTo(admin.ID, n)
	if file.Method != "sendDocument" {
		t.Fatalf("first answer %s %q, want the links file", file.Method, file.PlainText)
	}
	if strings.Contains(file.PlainText, "invitefile_") {
		t.Errorf("the placeholder reached the caption: %q", file.PlainText)
	}
	link := linksIn(t, file.File)["X-MYTAN"]
	if link == "" {
		t.Fatal("no link for X-MYTAN in the delivered file")
	}
	roleAsk(t, env, roleTeo, "/start "+link[strings.Index(link, "start=")+len("start="):], "UBND xã Mỹ Tân")
}
