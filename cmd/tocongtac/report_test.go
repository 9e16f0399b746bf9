package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

// nonEmptyLines compares texts split into messages and joined back: blank lines at a
// split point are not kept by Telegram.
func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestReportTextEqualsChatSummary(t *testing.T) {
	env := bottest.Start(t)
	cal, err := reminders.NewCalendar(env.Bot.Plan())
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, h int) time.Time { return time.Date(2024, 3, day, h, 0, 0, 0, bottest.Hanoi) }
	err = env.DB.Update(context.Background(), func(tx *store.Tx) error {
		for _, r := range []store.Report{
			{Unit: "CAH", Model: 9, Status: store.StatusDone, Percent: -1, Note: "đã cài <ASM>", ReceivedAt: at(6, 9)},
			{Unit: "X-MYTAN", Model: 20, Status: store.StatusBlocked, Percent: -1, Note: "thiếu camera", ReceivedAt: at(7, 9)},
			{Unit: "VHTT", Model: 9, Status: store.StatusInProgress, Percent: 50, ReceivedAt: at(8, 9)},
		} {
			r.Reporter = 1
			r.Week, r.Month, r.Quarter = cal.Week(r.ReceivedAt).ID, cal.Month(r.ReceivedAt).ID, cal.Quarter(r.ReceivedAt).ID
			if _, err := tx.AddReport(context.Background(), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The week 2024-W11 has closed: both the bot and the command judge it at its end.
	env.Clock.Set(at(12, 10))
	// The scheduled escalation and summary of the week fire now, not in the middle of
	// the exchange below (the minute tick would).
	if err := env.Bot.Reconcile(context.Background(), at(12, 10)); err != nil {
		t.Fatal(err)
	}
	env.Settle()
	chat := env.TG.Private(bottest.Admin)
	n := len(env.TG.SentTo(chat.ID))
	env.Say(bottest.Admin, "/tonghop chitiet ky truoc")
	env.Settle()
	var chatText []string
	for _, s := range env.TG.SentTo(chat.ID)[n:] {
		chatText = append(chatText, s.PlainText)
	}
	if !strings.Contains(chatText[0], "TUẦN 11/2024") {
		t.Fatalf("chat summary: %q", chatText[0])
	}

	// The command reads the same database while the bot runs.
	var out, errOut bytes.Buffer
	kv := envOf(map[string]string{"TOCONGTAC_DB": env.DBPath})
	code := run(context.Background(), []string{"report", "--cycle", "week", "--at", "2024-03-11", "--format", "text"}, kv, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, errOut.String())
	}
	got, want := nonEmptyLines(out.String()), nonEmptyLines(strings.Join(chatText, "\n"))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report text differs from /tonghop:\n--- report\n%s\n--- chat\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(out.String(), "đã cài <ASM>") {
		t.Errorf("note not unescaped for the terminal")
	}

	dir := t.TempDir()
	xlsx := filepath.Join(dir, "w11.xlsx")
	if code := run(context.Background(), []string{"report", "--cycle", "tuan", "--at", "2024-03-11", "--format", "xlsx", "--out", xlsx}, kv, nil, &out, &errOut); code != 0 {
		t.Fatalf("xlsx exit %d: %s", code, errOut.String())
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(messages.SheetSummary, "B3"); v != "Mô hình" {
		t.Errorf("B3 = %q", v)
	}
	csvPath := filepath.Join(dir, "w11.csv")
	if code := run(context.Background(), []string{"report", "--cycle", "week", "--at", "2024-03-11", "--format", "csv", "--out", csvPath}, kv, nil, &out, &errOut); code != 0 {
		t.Fatalf("csv exit %d: %s", code, errOut.String())
	}
	data, _ := os.ReadFile(csvPath)
	if !strings.Contains(string(data), "X-MYTAN,UBND xã Mỹ Tân,Phối hợp,Vướng mắc,,thiếu camera") {
		t.Errorf("csv lacks X-MYTAN's row:\n%s", data)
	}

	// Decree 09's half-year and year, by flag word or in Vietnamese.
	for cycle, want := range map[string]string{"half-year": "6 THÁNG ĐẦU NĂM 2024", "6thang": "6 THÁNG ĐẦU NĂM 2024", "năm": "NĂM 2024", "quy": "QUÝ I/2024"} {
		out.Reset()
		if code := run(context.Background(), []string{"report", "--cycle", cycle, "--at", "2024-03-11"}, kv, nil, &out, &errOut); code != 0 {
			t.Fatalf("report --cycle %s: exit %d: %s", cycle, code, errOut.String())
		}
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "X-MYTAN") && !strings.Contains(out.String(), "Mỹ Tân") {
			t.Errorf("report --cycle %s lacks %q or Mỹ Tân's report:\n%.400s", cycle, want, out.String())
		}
	}

	for _, bad := range [][]string{{"report", "--cycle", "decade"}, {"report", "--format", "pdf"}, {"report", "--at", "11/03/2024"}, {"report", "--format", "xlsx"}} {
		errOut.Reset()
		if code := run(context.Background(), bad, kv, nil, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", bad, code, errOut.String())
		}
	}
}
