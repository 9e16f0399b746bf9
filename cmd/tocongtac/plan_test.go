package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/tocongtac/tocongtac/bot"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

// edgeBase is a small valid plan; each row of TestPlanCheckAndServeAgree edits one line.
const edgeBase = `title: Thử
timezone: Asia/Ho_Chi_Minh
standing_office: CA
units:
  - {code: CA, name: Công an}
models:
  - {number: 1, group: I, title: Lưu trú, lead: [CA]}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON"], escalate: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *"], escalate: "0 8 15 * *"}
  holidays: [2024-09-02]
`

type edgePlan struct {
	name     string
	old, new string // replace old with new in edgeBase
	badLine  int    // 0: the plan is good; else the line every refusal must name
	binary   bool   // also run the built binary
}

var edgePlans = []edgePlan{
	{"cutoff 0", "cutoff_day: 14", "cutoff_day: 0", 10, false},
	{"cutoff 1", "cutoff_day: 14", "cutoff_day: 1", 0, false},
	{"cutoff 14", "cutoff_day: 14", "cutoff_day: 14", 0, true},
	{"cutoff 28", "cutoff_day: 14", "cutoff_day: 28", 0, true},
	{"cutoff 31", "cutoff_day: 14", "cutoff_day: 31", 10, false},
	{"timezone Local", "Asia/Ho_Chi_Minh", "Local", 2, true},
	{"timezone UTC", "Asia/Ho_Chi_Minh", "UTC", 0, false},
	{"timezone Asia/Ho_Chi_Minh", "", "", 0, false},
	{"timezone Mars/Base", "Asia/Ho_Chi_Minh", "Mars/Base", 2, false},
	{"cron both day fields", `"0 8 10 * *"`, `"0 8 1-14 * MON"`, 10, true},
	{"cron never fires", `"0 8 10 * *"`, `"0 8 30 2 *"`, 10, false},
	{"cron descriptor", `"0 8 * * TUE"`, `"@daily"`, 9, false},
	{"cron seconds field", `"0 8 * * TUE"`, `"0 0 8 * * TUE"`, 9, false},
	{"cron TZ prefix", `"30 7 * * MON"`, `"CRON_TZ=UTC 30 7 * * MON"`, 9, false},
	{"cron out of range", `"30 7 * * MON"`, `"30 24 * * MON"`, 9, false},
	{"cron question mark", `"30 7 * * MON"`, `"30 7 ? * MON"`, 0, false},
	{"cron 29 February", `"0 8 10 * *"`, `"0 8 29 2 *"`, 0, false},
	{"cron ranges and steps", `"30 7 * * MON"`, `"*/15 8-17 * * 1-5"`, 0, false},
	{"empty remind list", `remind: ["30 7 * * MON"]`, `remind: []`, 0, false},
	{"empty holidays", "holidays: [2024-09-02]", "holidays: []", 0, false},
	{"empty units", "  - {code: CA, name: Công an}\n", "", 4, false},
	{"empty models", "  - {number: 1, group: I, title: Lưu trú, lead: [CA]}\n", "", 6, false},
	{"weekday in Vietnamese", "due: monday", "due: chủ nhật", 0, false},
	{"unknown weekday", "due: monday", "due: someday", 9, false},
}

// TestPlanCheckAndServeAgree: every edge plan passes both `plan check` and serve's
// start-up (the database takes the plan, the bot builds its calendar and schedule), or
// fails both, naming the line.
func TestPlanCheckAndServeAgree(t *testing.T) {
	tg := telegramtest.New()
	defer tg.Close()
	var bin string
	for _, ep := range edgePlans {
		t.Run(ep.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "plan.yaml")
			writeFile(t, file, strings.Replace(edgeBase, ep.old, ep.new, 1))
			line := fmt.Sprintf("dòng %d", ep.badLine)

			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"plan", "check", file}, envOf(nil), nil, &out, &errOut)
			checkAgrees(t, "plan check", code == 0, errOut.String(), ep.badLine, line)

			code = run(context.Background(), []string{"plan", "import", file},
				envOf(map[string]string{"TOCONGTAC_DB": filepath.Join(dir, "import.db")}), nil, &out, &errOut)
			checkAgrees(t, "plan import", code == 0, errOut.String(), ep.badLine, line)

			err := serveStartUp(t, tg, filepath.Join(dir, "serve.db"), file)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			checkAgrees(t, "serve start-up", err == nil, msg, ep.badLine, line)

			if !ep.binary {
				return
			}
			if bin == "" {
				bin = buildBinary(t)
			}
			outB, err := exec.Command(bin, "plan", "check", file).CombinedOutput()
			checkAgrees(t, "binary plan check", err == nil, string(outB), ep.badLine, line)
			ok, text := binaryServes(t, bin, tg, filepath.Join(dir, "bin.db"), file)
			checkAgrees(t, "binary serve", ok, text, ep.badLine, line)
		})
	}
}

func checkAgrees(t *testing.T, what string, ok bool, text string, badLine int, line string) {
	t.Helper()
	switch {
	case badLine == 0 && !ok:
		t.Errorf("%s refused a good plan: %s", what, text)
	case badLine != 0 && ok:
		t.Errorf("%s accepted a plan with a problem at line %d", what, badLine)
	case badLine != 0 && !strings.Contains(text, line):
		t.Errorf("%s: refusal does not name %q: %s", what, line, text)
	}
}

// serveStartUp is `serve` up to its first poll: the database takes the plan file, then
// bot.New builds the calendar and schedule from what the database holds.
func serveStartUp(t *testing.T, tg *telegramtest.Server, dbPath, planPath string) error {
	ctx := context.Background()
	db, err := openDB(ctx, config{DB: dbPath, Plan: planPath})
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = bot.New(ctx, bot.Config{Token: tg.Token(), APIURL: tg.URL(), Log: zerolog.Nop()}, db)
	return err
}

// binaryServes starts the built binary's serve; ok when it logs "serving", else its output.
func binaryServes(t *testing.T, bin string, tg *telegramtest.Server, dbPath, planPath string) (bool, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = []string{"TELEGRAM_BOT_TOKEN=" + tg.Token(), "TELEGRAM_API_URL=" + tg.URL(),
		"TOCONGTAC_DB=" + dbPath, "TOCONGTAC_PLAN=" + planPath}
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		select {
		case err := <-exited:
			return false, fmt.Sprintf("%v: %s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if strings.Contains(out.String(), "serving") {
			_ = cmd.Process.Signal(stopSignal)
			if err := <-exited; err != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Logf("serve after SIGTERM: %v", err)
			}
			return true, out.String()
		}
		if ctx.Err() != nil {
			return false, "timed out: " + out.String()
		}
	}
}

const stopSignal = syscall.SIGTERM

// lockedBuffer is a bytes.Buffer a child process writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// plan check shows the next 10 slots with weekday and date: here the week of 29/04/2024,
// whose due day moved to Thursday 02/05.
func TestPlanCheckListsNextSlots(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"plan", "check", "--at", "2024-04-25 00:00", "../../store/plans/ngoclac-2024.yaml"},
		envOf(nil), nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("plan check = %d: %s", code, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"10 lịch gửi tiếp theo (từ 00:00 thứ Năm 25/04/2024):",
		"  07:30 thứ Năm 02/05/2024: nhắc báo cáo tuần – tuần 18/2024 (23/04–02/05)\n",
		"  08:00 thứ Sáu 03/05/2024: đôn đốc báo cáo tuần – tuần 18/2024 (23/04–02/05)\n",
		"  08:00 thứ Tư 08/05/2024: nhắc báo cáo tháng – kỳ tháng 5/2024 (15/04–14/05)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan check lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n  "); n != 10 {
		t.Errorf("%d slots listed, want 10:\n%s", n, got)
	}
	for _, off := range []string{"29/04/2024", "30/04/2024", "01/05/2024"} {
		if strings.Contains(got, off) {
			t.Errorf("a slot on the holiday %s:\n%s", off, got)
		}
	}
}
