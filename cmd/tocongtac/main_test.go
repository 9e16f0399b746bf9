package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

func envOf(kv map[string]string) env {
	return func(k string) string { return kv[k] }
}

func TestConfigErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"missing token", map[string]string{"TOCONGTAC_DB": filepath.Join(dir, "a.db")}, "@BotFather"},
		{"bad log level", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TOCONGTAC_LOG_LEVEL": "loud"}, "TOCONGTAC_LOG_LEVEL"},
		{"non-numeric admin", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TOCONGTAC_ADMINS": "12,abc"}, "\"abc\""},
		{"unreadable db", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TOCONGTAC_DB": "/proc/nope/x.db"}, "cơ sở dữ liệu"},
		{"bad plan file", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TOCONGTAC_DB": filepath.Join(dir, "b.db"), "TOCONGTAC_PLAN": filepath.Join(dir, "missing.yaml")}, "kế hoạch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"serve"}, envOf(c.env), nil, &out, &errOut)
			if code != 2 {
				t.Fatalf("exit code = %d, want 2; stderr: %s", code, errOut.String())
			}
			if !strings.Contains(errOut.String(), c.want) {
				t.Errorf("stderr = %q, want it to mention %q", errOut.String(), c.want)
			}
			if strings.Count(strings.TrimSpace(errOut.String()), "\n") > 0 && c.name != "missing token" {
				t.Errorf("want one line, got %q", errOut.String())
			}
		})
	}
}

func TestTokenIsNeverLogged(t *testing.T) {
	// An unreachable API: getMe fails and the error quotes the request URL.
	var out, errOut bytes.Buffer
	token := "987654:SECRET-token-value"
	code := run(context.Background(), []string{"serve"}, envOf(map[string]string{
		"TELEGRAM_BOT_TOKEN": token,
		"TELEGRAM_API_URL":   "http://127.0.0.1:1",
		"TOCONGTAC_DB":       filepath.Join(t.TempDir(), "t.db"),
	}), nil, &out, &errOut)
	if code == 0 {
		t.Fatal("serve against an unreachable API succeeded")
	}
	if strings.Contains(errOut.String()+out.String(), "SECRET") {
		t.Fatalf("token leaked: %s", errOut.String())
	}
}

// TestServeAnswersStart runs the same function main calls against the fake Telegram.
func TestServeAnswersStart(t *testing.T) {
	tg := telegramtest.New()
	defer tg.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errOut bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "-log-level", "warn"}, envOf(map[string]string{
			"TELEGRAM_BOT_TOKEN": tg.Token(),
			"TELEGRAM_API_URL":   tg.URL(),
			"TOCONGTAC_DB":       filepath.Join(t.TempDir(), "serve.db"),
			"TOCONGTAC_ADMINS":   "42",
		}), nil, &bytes.Buffer{}, &errOut)
	}()
	u := telegramtest.User{ID: 777, FirstName: "Hoa"}
	tg.SendText(u, tg.Private(u), "/start")
	wctx, wcancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer wcancel()
	got, err := tg.WaitFor(wctx, func(s telegramtest.Sent) bool { return s.ChatID == u.ID })
	if err != nil {
		t.Fatalf("no answer to /start: %v", err)
	}
	if !strings.Contains(got.PlainText, "Xin chào") {
		t.Errorf("welcome = %q", got.PlainText)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}

func TestPlanCheck(t *testing.T) {
	for _, f := range []string{"../../store/plans/ngoclac-2024.yaml", "../../examples/thanhhoa-2025", "../../examples/thanhhoa-2025/ngoclac.yaml"} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"plan", "check", f}, envOf(nil), nil, &out, &errOut); code != 0 {
			t.Errorf("plan check %s = %d: %s", f, code, errOut.String())
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, "title: x\nunits:\n  - {code: A, name: A}\n  - {code: A, name: B}\nmodels:\n  - {number: 1, group: IX, title: t, lead: [ZZ]}\nreporting:\n  weekly: {escalate: \"0 8 1 * MON\"}\n")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"plan", "check", bad}, envOf(nil), nil, &out, &errOut)
	if code != 2 {
		t.Fatalf("bad plan: exit %d", code)
	}
	for _, want := range []string{"dòng 4", "dòng 6", "dòng 8"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("plan check output lacks %q:\n%s", want, errOut.String())
		}
	}
}

// TestHelpFlagPrintsUsage: -h is a request, not a mistake: usage in Vietnamese on
// standard output, exit code 0; a failed backup says so in Vietnamese.
func TestHelpFlagPrintsUsage(t *testing.T) {
	for _, args := range [][]string{{"report", "-h"}, {"backup", "-h"}, {"demo", "-h"}, {"audit", "--help"}} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, envOf(nil), nil, &out, &errOut)
		if code != 0 || errOut.Len() != 0 || !strings.Contains(out.String(), "cách dùng: tocongtac "+args[0]) || !strings.Contains(out.String(), "-db") {
			t.Errorf("%v: code %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	db := filepath.Join(t.TempDir(), "t.db")
	code := run(context.Background(), []string{"backup", "-db", db, filepath.Join(t.TempDir(), "no", "such", "dir.db")}, envOf(nil), nil, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "không sao lưu được") {
		t.Errorf("failed backup: code %d, stderr %q", code, errOut.String())
	}
}
