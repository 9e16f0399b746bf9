package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/parse"
)

// step is one echoed input line of a demo transcript and what the console printed after it.
type step struct {
	input, output string
}

var echoRe = regexp.MustCompile(`^((?:cán bộ|đầu mối) [A-Z0-9-]+(?: · [a-z0-9-]+)?|nhóm · [^>]+)> (.*)$`)

// steps splits a plain transcript at its echoed input lines.
func steps(transcript string) []step {
	var out []step
	for _, line := range strings.Split(transcript, "\n") {
		if m := echoRe.FindStringSubmatch(line); m != nil {
			out = append(out, step{input: m[2]})
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].output += line + "\n"
		}
	}
	return out
}

// nth is the output after the n-th (from 1) time input was typed.
func nth(t *testing.T, all []step, input string, n int) string {
	t.Helper()
	for _, s := range all {
		if s.input == input {
			if n--; n == 0 {
				return s.output
			}
		}
	}
	t.Fatalf("transcript has no step %q", input)
	return ""
}

// botSaid is the bot's part of an output: its messages, not the console's notes.
func botSaid(out string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "🤖 ") || strings.HasPrefix(line, "✏️ "):
			in = true
		case line != "" && !strings.HasPrefix(line, "   "):
			in = false
		}
		if in {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func containsFold(s, sub string) bool {
	return strings.Contains(parse.Fold(strings.ToLower(s)), parse.Fold(strings.ToLower(sub)))
}

func playDemo(t *testing.T, args []string, stdin string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	args = append([]string{"demo", "--files", filepath.Join(t.TempDir(), "files")}, args...)
	code := run(ctx, args, envOf(nil), strings.NewReader(stdin), &out, &errOut)
	if code != 0 {
		t.Fatalf("demo exit code %d; stderr: %s\nstdout:\n%s", code, errOut.String(), out.String())
	}
	return out.String()
}

// TestDemoScript plays examples/demo.txt (what the README shows) and checks each result
// a newcomer should see in the transcript.
func TestDemoScript(t *testing.T) {
	out := playDemo(t, []string{"--script", filepath.Join("..", "..", "examples", "demo.txt")}, "")
	t.Logf("transcript:\n%s", out)
	if strings.Contains(out, "\x1b[") {
		t.Error("colours in a transcript that is not a terminal")
	}
	for _, bad := range []string{"bị Telegram từ chối", "chưa xử lý xong", "Xin lỗi, đã có lỗi"} {
		if strings.Contains(out, bad) {
			t.Errorf("transcript reports a failure: %q", bad)
		}
	}
	all := steps(out)

	t.Run("invite link and greeting", func(t *testing.T) {
		if link := regexp.MustCompile(`https://t\.me/\w+\?start=[\w-]+`); !link.MatchString(nth(t, all, "/moi X-MYTAN", 1)) {
			t.Errorf("/moi X-MYTAN gave no invite link:\n%s", nth(t, all, "/moi X-MYTAN", 1))
		}
		got := nth(t, all, "/la X-MYTAN", 1)
		if strings.Contains(got, "gán đầu mối trực tiếp") {
			t.Errorf("the focal point was bound by the demo's fallback, not the invite flow:\n%s", got)
		}
		if !strings.Contains(got, "/start ") || !containsFold(botSaid(got), "Mỹ Tân") {
			t.Errorf("no greeting naming the unit after opening the invite link:\n%s", got)
		}
	})

	t.Run("report confirmation", func(t *testing.T) {
		got := botSaid(nth(t, all, `MH27: dang trien khai 60%\nMH28 xong\nMH30 vuong mac: thieu kinh phi`, 1))
		for _, want := range []string{"MH27", "MH28", "MH30", "Vướng mắc"} {
			if !strings.Contains(got, want) {
				t.Errorf("confirmation lacks %q:\n%s", want, got)
			}
		}
	})

	t.Run("blocker alert to the admin", func(t *testing.T) {
		got := botSaid(nth(t, all, "/la quantri", 1))
		if !strings.Contains(got, "MH30") || !containsFold(got, "kinh phi") || !(containsFold(got, "Mỹ Tân") || strings.Contains(got, "X-MYTAN")) {
			t.Errorf("no alert about MH30 (thiếu kinh phí, Mỹ Tân) for the admin:\n%s", got)
		}
	})

	t.Run("monday reminder to the other unit", func(t *testing.T) {
		got := nth(t, all, "/gio 2024-03-11 07:30", 1)
		// Sunday 10/03 is not a working day: the month's reminder went out on Friday 08/03.
		monday := strings.Index(got, "⏰ 07:30 thứ Hai 11/03")
		if strings.Contains(got, "Chủ nhật 10/03") || monday < 0 {
			t.Errorf("want nothing on Sunday, then Monday 07:30's weekly reminder:\n%s", got)
		}
		if strings.Contains(got, "Reconcile") {
			t.Errorf("the bot has no Reconcile: scheduled jobs did not run:\n%s", got)
		} else if line := got[max(monday, 0):]; !strings.Contains(strings.SplitN(line, "\n", 2)[0], "đầu mối X-THUYSON") {
			t.Errorf("Monday 07:30 did not reach X-THUYSON:\n%s", got)
		}
		if r := botSaid(nth(t, all, "/la X-THUYSON", 2)); !containsFold(r, "báo cáo") {
			t.Errorf("X-THUYSON has no reminder waiting:\n%s", nth(t, all, "/la X-THUYSON", 2))
		}
	})

	t.Run("summary", func(t *testing.T) {
		got := botSaid(nth(t, all, "/tonghop", 1))
		if got == "" || strings.Contains(got, "chưa hiểu lệnh") || !containsFold(got, "tổng hợp") || !strings.Contains(got, "MH30") {
			t.Errorf("/tonghop gave no summary with MH30:\n%s", got)
		}
	})
}

// TestDemoPipe is the README's one-liner: lines on stdin, a plain transcript, a clean exit at EOF.
func TestDemoPipe(t *testing.T) {
	out := playDemo(t, nil, "/huongdan\n[1]\n/la X-MYTAN\n/gio 2024-03-09 08:00\n/gio 11/03/2024 07:30\n/la NOPE\n")
	for _, want := range []string{
		"cán bộ CAH> /huongdan", "Hướng dẫn báo cáo", // the bot's real help
		"đầu mối X-MYTAN> /gio", "— Bây giờ anh/chị là đầu mối X-MYTAN (UBND xã Mỹ Tân) —",
		"Đồng hồ demo chỉ đi tới", "🕒 Bây giờ là 07:30 thứ Hai 11/03/2024",
		"Không có tin nhắn nào có nút", `Kế hoạch không có đơn vị "NOPE"`,
		"Tạm biệt.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colours when stdout is not a terminal")
	}
}

// TestDemoButtons presses inline buttons and answers a ForceReply prompt, as a focal point
// reporting with /baocao does.
func TestDemoButtons(t *testing.T) {
	out := playDemo(t, nil, "/la X-MYTAN\n/baocao\n[6]\n[2]\nda hop trien khai\n/bam 99\n")
	all := steps(out)
	if got := nth(t, all, "/baocao", 1); !strings.Contains(got, "[6] ") {
		t.Fatalf("/baocao shows no numbered buttons:\n%s", got)
	}
	for _, want := range []string{"(bấm) ", "✏️ (đã sửa) ", "↩ bot chờ"} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if got := botSaid(nth(t, all, "da hop trien khai", 1)); !strings.Contains(got, "MH27") || !strings.Contains(got, "da hop trien khai") {
		t.Errorf("the note answering the prompt was not recorded for MH27:\n%s", got)
	}
	if !strings.Contains(nth(t, all, "/bam 99", 1), "Không có nút số 99") {
		t.Errorf("pressing a missing button:\n%s", nth(t, all, "/bam 99", 1))
	}
	if strings.Contains(out, "Nút này đã cũ") || strings.Contains(out, "chưa hiểu") {
		t.Errorf("a press or reply was not understood:\n%s", out)
	}
}

func TestDemoKeepsDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kept.db")
	playDemo(t, []string{"--db", path}, "/thoat\n")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("--db file not kept: %v", err)
	}
	// Reopening the kept database works, and the console exits cleanly at EOF.
	if out := playDemo(t, []string{"--db", path}, ""); !strings.Contains(out, "kept.db") {
		t.Errorf("second run does not name the kept database:\n%s", out)
	}
}

func TestDemoBadFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{{"demo", "--nope"}, {"demo", "--at", "yesterday"}, {"demo", "--script", "/nonexistent/x.txt"}} {
		out.Reset()
		errOut.Reset()
		if code := run(context.Background(), args, envOf(nil), strings.NewReader(""), &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}

func TestRenderHTML(t *testing.T) {
	in := `<b>Tổng hợp</b> tuần &lt;W11&gt; &amp; <i>ghi chú</i> <code>MH9</code> <a href="https://t.me/x?start=a&amp;b">mời</a> <a href="https://e.vn">https://e.vn</a>`
	if got, want := renderHTML(in, false), "Tổng hợp tuần <W11> & ghi chú MH9 mời (https://t.me/x?start=a&b) https://e.vn"; got != want {
		t.Errorf("plain:\n got %q\nwant %q", got, want)
	}
	got := renderHTML(`<b>a <i>b</i></b> c`, true)
	if want := "\x1b[0m\x1b[1ma \x1b[0m\x1b[1;3mb\x1b[0m\x1b[1m\x1b[0m c"; got != want {
		t.Errorf("color:\n got %q\nwant %q", got, want)
	}
	if stripANSI(got) != "a b c" {
		t.Errorf("stripANSI = %q", stripANSI(got))
	}
}

func TestRenderKeyboard(t *testing.T) {
	k := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "MH9 ✅", CallbackData: "r:9"}, {Text: "MH18 ⚠️", CallbackData: "r:18"}},
		{{Text: "Mở", URL: "https://e.vn"}},
	}}
	got := strings.Join(renderKeyboard(k, false), "\n")
	if want := "[1] MH9 ✅  [2] MH18 ⚠️\n[3] Mở ↗"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if bs := buttons(k); len(bs) != 3 || bs[1].CallbackData != "r:18" {
		t.Errorf("buttons = %+v", bs)
	}
}

func TestParseWhen(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2024, 3, 9, 9, 0, 0, 0, loc)
	for in, want := range map[string]time.Time{
		"2024-03-11 07:30": time.Date(2024, 3, 11, 7, 30, 0, 0, loc),
		"11/03/2024 07:30": time.Date(2024, 3, 11, 7, 30, 0, 0, loc),
		"11/3/2024  7:30":  time.Date(2024, 3, 11, 7, 30, 0, 0, loc),
		"2024-03-15":       time.Date(2024, 3, 15, 0, 0, 0, 0, loc),
		"10:00":            time.Date(2024, 3, 9, 10, 0, 0, 0, loc),
		"08:00":            time.Date(2024, 3, 10, 8, 0, 0, 0, loc),
		"+2h":              time.Date(2024, 3, 9, 11, 0, 0, 0, loc),
		"+2d":              time.Date(2024, 3, 11, 9, 0, 0, 0, loc),
	} {
		got, ok := parseWhen(in, now, loc)
		if !ok || !got.Equal(want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "mai", "+0h", "-2h", "32/13/2024 07:00"} {
		if _, ok := parseWhen(in, now, loc); ok {
			t.Errorf("parseWhen(%q) accepted", in)
		}
	}
}
