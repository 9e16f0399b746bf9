package bot_test

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

var (
	sumCAH    = telegramtest.User{ID: 5101, FirstName: "Nguyễn", LastName: "Văn An", Username: "an_cah"}
	sumMyTan  = telegramtest.User{ID: 5102, FirstName: "Lê", LastName: "Thị Bình"}
	sumVHTT   = telegramtest.User{ID: 5103, FirstName: "Trần", LastName: "Cường"}
	sumVP     = telegramtest.User{ID: 5104, FirstName: "Phạm", LastName: "Dung", Username: "dung_vp"}
	sumThuy   = telegramtest.User{ID: 5105, FirstName: "Hoàng", LastName: "Em"}
	sumNobody = telegramtest.User{ID: 5199, FirstName: "Người", LastName: "Lạ"}
)

// summaryEnv is a bot on Monday 11 March 2024 09:00 (cycle 2024-W11) with scripted reports.
func summaryEnv(t *testing.T) *bottest.Env {
	env := bottest.Start(t)
	for _, b := range []struct {
		u    telegramtest.User
		unit string
	}{{sumCAH, "CAH"}, {sumMyTan, "X-MYTAN"}, {sumVHTT, "VHTT"}, {sumVP, "VP"}, {sumThuy, "X-THUYSON"}} {
		env.Bind(b.u, b.unit, store.MemberFocal)
	}
	cal, err := reminders.NewCalendar(env.Bot.Plan())
	if err != nil {
		t.Fatal(err)
	}
	d := func(day, h int) time.Time { return time.Date(2024, 3, day, h, 0, 0, 0, bottest.Hanoi) }
	type rep struct {
		at     time.Time
		unit   string
		model  int
		st     store.Status
		pct    int
		note   string
		author int64
	}
	reps := []rep{
		{d(1, 9), "CAH", 18, store.StatusBlocked, -1, "thiếu kinh phí", sumCAH.ID},           // W10: the blocker opens
		{d(1, 10), "VHTT", 25, store.StatusBlocked, -1, "chưa có máy chủ", sumVHTT.ID},       // W10, resolved below
		{d(6, 8), "CAH", 18, store.StatusBlocked, -1, "thiếu kinh phí <dự toán>", sumCAH.ID}, // still blocked
		{d(6, 9), "CAH", 9, store.StatusInProgress, 80, "", sumCAH.ID},
		{d(8, 9), "CAH", 9, store.StatusDone, -1, "đã cài ASM cho 12 cơ sở", sumCAH.ID}, // supersedes
		{d(7, 9), "X-MYTAN", 20, store.StatusBlocked, -1, "thiếu camera", sumMyTan.ID},
		{d(7, 9), "X-MYTAN", 35, store.StatusInProgress, 40, "đo đạc thôn 3", sumMyTan.ID},
		{d(8, 15), "VHTT", 9, store.StatusInProgress, 50, "đang tập huấn", sumVHTT.ID},
		{d(8, 16), "VHTT", 25, store.StatusInProgress, -1, "", sumVHTT.ID},
	}
	err = env.DB.Update(context.Background(), func(tx *store.Tx) error {
		for _, r := range reps {
			_, err := tx.AddReport(context.Background(), store.Report{Unit: r.unit, Model: r.model, Status: r.st, Percent: r.pct,
				Note: r.note, Reporter: r.author, ReceivedAt: r.at, Week: cal.Week(r.at).ID, Month: cal.Month(r.at).ID,
				Quarter: cal.Quarter(r.at).ID})
			if err != nil {
				return err
			}
		}
		// X-THUYSON's focal point blocked the bot.
		return tx.SetUnreachable(context.Background(), sumThuy.ID, "blocked the bot")
	})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// ask sends a command and returns every message the bot sent back for it.
func sumAsk(env *bottest.Env, u telegramtest.User, text string) []telegramtest.Sent {
	env.T.Helper()
	chat := env.TG.Private(u)
	n := len(env.TG.SentTo(chat.ID))
	env.Say(u, text)
	env.Settle()
	return env.TG.SentTo(chat.ID)[n:]
}

func sumPlain(sent []telegramtest.Sent) string {
	var parts []string
	for _, s := range sent {
		parts = append(parts, s.PlainText)
	}
	return strings.Join(parts, "\n")
}

// section is the text of model n's block in a summary.
func sumSection(t *testing.T, text string, n int) string {
	t.Helper()
	head := "\nMH" + sumItoa(n) + ". "
	i := strings.Index(text, head)
	if i < 0 {
		t.Fatalf("no section %q in:\n%s", head, text)
	}
	rest := text[i+len(head):]
	if j := regexp.MustCompile(`\nMH\d+\. `).FindStringIndex(rest); j != nil {
		rest = rest[:j[0]]
	}
	return rest
}

func sumItoa(n int) string { return strconv.Itoa(n) }

func TestSummaryCommandShowsEachUnitUnderItsModel(t *testing.T) {
	env := summaryEnv(t)
	sent := sumAsk(env, bottest.Admin, "/tonghop chitiet")
	text := sumPlain(sent)
	if !strings.Contains(text, "TỔNG HỢP BÁO CÁO TUẦN 11/2024") || !strings.Contains(text, "05/03/2024 – 11/03/2024") {
		t.Fatalf("header: %s", text[:200])
	}
	if !strings.Contains(text, "Đơn vị đã báo cáo: 3/") {
		t.Errorf("reported count missing: %s", text[:400])
	}
	mh9 := sumSection(t, text, 9)
	for _, want := range []string{"Chủ trì: ✅ Công an huyện: Hoàn thành – đã cài ASM cho 12 cơ sở",
		"🔄 Phòng Văn hóa và Thông tin: Đang triển khai 50% – đang tập huấn"} {
		if !strings.Contains(mh9, want) {
			t.Errorf("MH9 lacks %q:\n%s", want, mh9)
		}
	}
	if strings.Index(mh9, "Công an huyện") > strings.Index(mh9, "Phòng Văn hóa") {
		t.Errorf("lead not first in MH9:\n%s", mh9)
	}
	mh18 := sumSection(t, text, 18)
	if !strings.Contains(mh18, "⚠️ Công an huyện: Vướng mắc – thiếu kinh phí <dự toán>") {
		t.Errorf("MH18:\n%s", mh18)
	}
	mh20 := sumSection(t, text, 20)
	if !strings.Contains(mh20, "⚠️ UBND xã Mỹ Tân: Vướng mắc – thiếu camera") || !strings.Contains(mh20, "Chưa báo cáo (") {
		t.Errorf("MH20:\n%s", mh20)
	}
	if !strings.Contains(sumSection(t, text, 35), "UBND xã Mỹ Tân: Đang triển khai 40% – đo đạc thôn 3") {
		t.Errorf("MH35:\n%s", sumSection(t, text, 35))
	}
	// The note with < > was escaped in HTML, not dropped.
	var html strings.Builder
	for _, s := range sent {
		html.WriteString(s.Text)
		if len([]rune(s.PlainText)) > 4096 {
			t.Errorf("message of %d characters", len([]rune(s.PlainText)))
		}
	}
	if !strings.Contains(html.String(), "thiếu kinh phí &lt;dự toán&gt;") {
		t.Errorf("note not escaped")
	}

	// Previous week and a month by date.
	prev := sumPlain(sumAsk(env, bottest.Admin, "/tonghop chi tiết tuần kỳ trước"))
	if !strings.Contains(prev, "TUẦN 10/2024") || !strings.Contains(sumSection(t, prev, 25), "Vướng mắc – chưa có máy chủ") {
		t.Errorf("previous week:\n%s", prev)
	}
	month := sumPlain(sumAsk(env, bottest.Admin, "/summary month 20/02/2024"))
	if !strings.Contains(month, "KỲ THÁNG 3/2024") {
		t.Errorf("month by date: %s", month[:200])
	}
	// Trends.
	if tr := sumPlain(sumAsk(env, bottest.Admin, "/tonghop mh9")); !strings.Contains(tr, "DIỄN BIẾN MH9") || !strings.Contains(tr, "tuần 11/2024") {
		t.Errorf("model trend:\n%s", tr)
	}
	if tr := sumPlain(sumAsk(env, bottest.Admin, "/tonghop cah")); !strings.Contains(tr, "Công an huyện (CAH)") || !strings.Contains(tr, "MH9 ✅") {
		t.Errorf("unit trend:\n%s", tr)
	}
	if u := sumPlain(sumAsk(env, bottest.Admin, "/tonghop abc xyz")); !strings.Contains(u, "Cách dùng") {
		t.Errorf("bad arguments: %s", u)
	}
}

var sumCodeRE = regexp.MustCompile(`^\d+\. .*\(([A-Z0-9-]+)\)`)

// listed returns the unit codes of a section's numbered lines.
func sumListed(section string) []string {
	var out []string
	for _, l := range strings.Split(section, "\n") {
		if m := sumCodeRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

func TestMissingListsExactlyTheUnitsWithoutReport(t *testing.T) {
	env := summaryEnv(t)
	text := sumPlain(sumAsk(env, bottest.Admin, "/chuabaocao"))
	reported := map[string]bool{"CAH": true, "X-MYTAN": true, "VHTT": true}
	p := env.Bot.Plan()
	assigned := map[string]bool{}
	for _, a := range p.Assignments() {
		assigned[a.Unit] = true
	}
	var want, wantNoFocal []string
	for u := range assigned {
		switch {
		case reported[u]:
		case u == "VP" || u == "X-THUYSON":
			want = append(want, u)
		default:
			wantNoFocal = append(wantNoFocal, u)
		}
	}
	sort.Strings(want)
	sort.Strings(wantNoFocal)

	unreach := strings.Index(text, "Không liên lạc được")
	nofocal := strings.Index(text, "Chưa có đầu mối")
	if unreach < 0 || nofocal < 0 || unreach > nofocal {
		t.Fatalf("sections missing or out of order:\n%s", text)
	}
	if got := sumListed(text[:unreach]); strings.Join(got, ",") != "VP" {
		t.Errorf("with focal point: %v, want [VP]", got)
	}
	if !strings.Contains(text[:unreach], "Phạm Dung @dung_vp") {
		t.Errorf("VP's focal point not named:\n%s", text[:unreach])
	}
	if got := sumListed(text[unreach:nofocal]); strings.Join(got, ",") != "X-THUYSON" {
		t.Errorf("unreachable: %v", got)
	}
	partial := strings.Index(text, "Báo cáo chưa đủ (")
	if partial < 0 {
		partial = len(text)
	}
	if got := sumListed(text[nofocal:partial]); strings.Join(got, ",") != strings.Join(wantNoFocal, ",") {
		t.Errorf("no focal point: %v\nwant %v", got, wantNoFocal)
	}
	// Units that reported some of their models are listed apart, with what they sent.
	for _, code := range sumListed(text[partial:]) {
		if !reported[code] {
			t.Errorf("%s listed as partly reported but sent nothing", code)
		}
	}
	if partial < len(text) && !strings.Contains(text[partial:], "mới báo cáo") {
		t.Errorf("partial section without counts:\n%s", text[partial:])
	}
	if !strings.Contains(text, "Chưa báo cáo: "+sumItoa(len(want)+len(wantNoFocal))+"/") {
		t.Errorf("count line:\n%s", text[:300])
	}
}

func TestBlockersListsExactlyTheOpenOnes(t *testing.T) {
	env := summaryEnv(t)
	text := sumPlain(sumAsk(env, bottest.Admin, "/vuongmac"))
	got := sumListed(text)
	if strings.Join(got, ",") != "CAH,X-MYTAN" {
		t.Fatalf("blockers %v, want CAH and X-MYTAN:\n%s", got, text)
	}
	// Oldest first: CAH's MH18 has been blocked since 1 March (two reports in a row).
	if i, j := strings.Index(text, "MH18"), strings.Index(text, "MH20"); i < 0 || j < 0 || i > j {
		t.Errorf("order:\n%s", text)
	}
	if !strings.Contains(text, "Đã mở 10 ngày (từ 09:00 01/03/2024)") || !strings.Contains(text, "Đã mở 4 ngày (từ 09:00 07/03/2024)") {
		t.Errorf("durations:\n%s", text)
	}
	if strings.Contains(text, "máy chủ") {
		t.Errorf("resolved blocker listed:\n%s", text)
	}
}

func TestExportSendsTheWorkbook(t *testing.T) {
	env := summaryEnv(t)
	sent := sumAsk(env, bottest.Admin, "/xuat")
	if len(sent) != 1 || sent[0].Method != "sendDocument" {
		t.Fatalf("sent %+v", sent)
	}
	if sent[0].FileName != "tong-hop-2024-W11.xlsx" {
		t.Errorf("file name %q", sent[0].FileName)
	}
	f, err := excelize.OpenReader(bytes.NewReader(sent[0].File))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, h := range messages.SummaryHeaders {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		if v, _ := f.GetCellValue(messages.SheetSummary, c); v != h {
			t.Errorf("%s!%s = %q, want %q", messages.SheetSummary, c, v, h)
		}
	}
	// Sheet 1: find MH9's row and check its status and note.
	rows, _ := f.GetRows(messages.SheetSummary)
	found := false
	for _, r := range rows {
		if len(r) >= 9 && r[0] == "9" {
			found = true
			if r[2] != "Công an huyện" || r[6] != "Hoàn thành" || !strings.Contains(r[8], "đã cài ASM") {
				t.Errorf("MH9 row %q", r)
			}
		}
	}
	if !found {
		t.Errorf("no MH9 row")
	}
	// Sheet 2: the unit × model matrix.
	hdr, _ := f.GetRows(messages.SheetMatrix)
	if len(hdr) < 2 || hdr[0][0] != "Mã đơn vị" || hdr[0][1] != "Đơn vị" {
		t.Fatalf("matrix header %q", hdr[0])
	}
	col := map[string]int{}
	for i, h := range hdr[0] {
		col[h] = i
	}
	cell := func(unit, model string) string {
		for _, r := range hdr[1:] {
			if r[0] == unit && col[model] < len(r) {
				return r[col[model]]
			}
		}
		return "?"
	}
	if v := cell("CAH", "MH9"); v != "Hoàn thành" {
		t.Errorf("CAH × MH9 = %q", v)
	}
	if v := cell("X-MYTAN", "MH20"); v != "Vướng mắc" {
		t.Errorf("X-MYTAN × MH20 = %q", v)
	}
	if v := cell("VP", "MH9"); v != "" {
		t.Errorf("VP × MH9 (not assigned) = %q", v)
	}
	if v := cell("VP", "MH3"); v != "Chưa báo cáo" {
		t.Errorf("VP × MH3 = %q", v)
	}
	// Sheet 3: every report of the cycle, the superseded one included.
	raw, _ := f.GetRows(messages.SheetReports)
	if len(raw) != 1+7 {
		t.Errorf("raw rows %d, want 7 reports", len(raw)-1)
	}
	panes, err := f.GetPanes(messages.SheetMatrix)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("matrix panes %+v %v", panes, err)
	}
}

func TestChartSendsAPNG(t *testing.T) {
	env := summaryEnv(t)
	sent := sumAsk(env, bottest.Admin, "/bieudo")
	if len(sent) != 1 || sent[0].Method != "sendPhoto" {
		t.Fatalf("sent %+v", sent)
	}
	img, format, err := image.Decode(bytes.NewReader(sent[0].File))
	if err != nil || format != "png" {
		t.Fatalf("decode: %v %s", err, format)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
		t.Errorf("chart %v too small", b)
	}
}

func TestSummaryCommandsRefuseNonAdmins(t *testing.T) {
	env := summaryEnv(t)
	for _, cmd := range []string{"/tonghop", "/summary", "/chuabaocao", "/missing", "/vuongmac", "/blockers", "/xuat", "/export", "/bieudo", "/chart"} {
		for _, u := range []telegramtest.User{sumNobody, sumCAH} {
			env.Clock.Advance(10 * time.Minute) // a stranger is answered once per 10 minutes
			sent := sumAsk(env, u, cmd)
			if len(sent) != 1 || sent[0].PlainText != messages.NotAllowed() {
				t.Errorf("%s by %d: %+v", cmd, u.ID, sent)
			}
		}
	}
}

func TestSummaryIsOneMessage(t *testing.T) {
	env := summaryEnv(t)
	sent := sumAsk(env, bottest.Admin, "/tonghop")
	if len(sent) != 1 {
		t.Fatalf("/tonghop sent %d messages, want one", len(sent))
	}
	text := sent[0].PlainText
	for _, want := range []string{"Đơn vị đã báo cáo: 3/42", "Chưa báo cáo đủ", "Vướng mắc đang mở (2)", "/tonghop chitiet"} {
		if !strings.Contains(text, want) {
			t.Errorf("brief summary lacks %q:\n%s", want, text)
		}
	}
	// The focal point of a missing unit is a mention the office can tap.
	if !strings.Contains(sent[0].Text, "tg://user?id=") {
		t.Errorf("no mention in:\n%s", sent[0].Text)
	}
}

func TestScheduledSummaryGoesToAdminsOnce(t *testing.T) {
	env := summaryEnv(t)
	admin := env.TG.Private(bottest.Admin).ID
	// Tuesday 08:00 is the weekly summary slot for 2024-W11.
	env.Clock.Set(time.Date(2024, 3, 12, 8, 1, 0, 0, bottest.Hanoi))
	for i := 0; i < 2; i++ { // a second run queues nothing twice
		if err := env.Bot.Reconcile(context.Background(), env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		env.Bot.NotifySender()
	}
	env.WaitText(admin, "TỔNG HỢP BÁO CÁO TUẦN 11/2024")
	env.WaitText(admin, "Vướng mắc đang mở (2)") // the weekly summary follows up blockers
	doc, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool {
		return s.ChatID == admin && s.Method == "sendDocument"
	})
	if err != nil {
		t.Fatal(err)
	}
	if doc.FileName != "tong-hop-2024-W11.xlsx" {
		t.Errorf("file %q", doc.FileName)
	}
	env.Settle()
	docs := 0
	for _, s := range env.TG.SentTo(admin) {
		if s.Method == "sendDocument" {
			docs++
		}
	}
	if docs != 1 {
		t.Errorf("%d documents, want 1", docs)
	}
}
