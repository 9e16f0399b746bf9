package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// A province and two communes whose units share codes (VP, CAX): a query or a button
// that forgot its group would land in another commune's unit of the same name.
const provinceTestPlan = `title: Kế hoạch thử của tỉnh
timezone: Asia/Ho_Chi_Minh
standing_office: CAT
working_group: {code: tinh, name: Tổ công tác Đề án 06 tỉnh}
units:
  - {code: CAT, name: Công an tỉnh}
  - {code: SYT, name: Sở Y tế}
  - {code: X-NL, name: UBND xã Ngọc Lặc, tags: [xa]}
  - {code: X-TL, name: UBND xã Thạch Lập, tags: [xa]}
models:
  - {number: 1, group: I, title: Dịch vụ công thiết yếu, lead: ["@xa"]}
  - {number: 2, group: I, title: Sổ sức khỏe điện tử, lead: [SYT]}
`

func communeTestPlan(code, name string, admin int64) string {
	return fmt.Sprintf(`title: Kế hoạch thử của xã %[2]s
timezone: Asia/Ho_Chi_Minh
standing_office: CAX
working_group: {code: %[1]s, name: Tổ công tác Đề án 06 xã %[2]s, parent: tinh, admins: [%[3]d]}
units:
  - {code: CAX, name: Công an xã %[2]s}
  - {code: VP, name: Văn phòng HĐND và UBND xã %[2]s}
  - {code: TYT, name: Trạm y tế xã %[2]s}
models:
  - {number: 1, group: I, title: Dịch vụ công thiết yếu, lead: [VP]}
  - {number: 9, group: II, title: Camera an ninh, lead: [CAX], support: [VP]}
`, code, name, admin)
}

var (
	adminNL = telegramtest.User{ID: 3101, FirstName: "Thường trực", LastName: "Ngọc Lặc"}
	adminTL = telegramtest.User{ID: 3201, FirstName: "Thường trực", LastName: "Thạch Lập"}
	focalNL = telegramtest.User{ID: 3102, FirstName: "Văn phòng", LastName: "Ngọc Lặc"}
	focalTL = telegramtest.User{ID: 3202, FirstName: "Văn phòng", LastName: "Thạch Lập"}
	// dual is Công an xã Ngọc Lặc's focal point and also reports for UBND xã Ngọc Lặc to the province.
	dual     = telegramtest.User{ID: 3103, FirstName: "Công an xã", LastName: "Ngọc Lặc"}
	outsider = telegramtest.User{ID: 3999, FirstName: "Người", LastName: "Lạ"}
)

func groupFiles(t testing.TB) []store.GroupPlanFile {
	t.Helper()
	var out []store.GroupPlanFile
	for _, y := range []string{provinceTestPlan, communeTestPlan("ngoclac", "Ngọc Lặc", adminNL.ID),
		communeTestPlan("thachlap", "Thạch Lập", adminTL.ID)} {
		p, err := store.ParsePlan([]byte(y))
		if err != nil {
			t.Fatal(err)
		}
		wg := p.WorkingGroup
		out = append(out, store.GroupPlanFile{Code: wg.Code, Name: wg.Name, Parent: wg.Parent, Plan: p, YAML: []byte(y)})
	}
	return out
}

func startGroups(t *testing.T) *bottest.Env {
	e := bottest.Start(t, bottest.WithGroups(groupFiles(t)...))
	e.BindIn("ngoclac", focalNL, "VP", store.MemberFocal)
	e.BindIn("thachlap", focalTL, "VP", store.MemberFocal)
	e.BindIn("ngoclac", dual, "CAX", store.MemberFocal)
	e.BindIn("tinh", dual, "X-NL", store.MemberFocal)
	return e
}

// groupRows is what a group holds: its reports, members, invites, absences, tickets,
// admins and chats, one line per row, so "changes nothing" is checked row by row.
func groupRows(t *testing.T, e *bottest.Env, code string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT unit || ' MH' || model || ' ' || status || ' ' || note FROM reports WHERE group_id = g.id ORDER BY id`,
		`SELECT unit || ' ' || role || ' ' || user_id FROM members WHERE group_id = g.id ORDER BY unit, role`,
		`SELECT unit || ' ' || role || ' ' || used_by FROM invites WHERE group_id = g.id ORDER BY invites.created_at`,
		`SELECT unit || ' ' || user_id FROM absences WHERE group_id = g.id ORDER BY id`,
		`SELECT unit || ' MH' || model || ' ' || state FROM tickets WHERE group_id = g.id ORDER BY id`,
		`SELECT 'admin ' || user_id FROM admins WHERE group_id = g.id ORDER BY user_id`,
		`SELECT 'chat ' || chat_id || ' ' || registered_by FROM group_chats WHERE group_id = g.id ORDER BY chat_id`,
	} {
		q = strings.Replace(q, "FROM ", "FROM groups g, ", 1)
		q = strings.Replace(q, " WHERE ", " WHERE g.code = ? AND ", 1)
		q = strings.Replace(q, "ORDER BY id", "ORDER BY 1", 1)
		storetest.Rows(t, e.DB, q, []any{code}, func(scan func(...any) error) error {
			var s string
			if err := scan(&s); err != nil {
				return err
			}
			b.WriteString(s + "\n")
			return nil
		})
	}
	return b.String()
}

func TestGroupsKeepTheirOwnReports(t *testing.T) {
	e := startGroups(t)
	before := groupRows(t, e, "thachlap")
	e.Say(focalNL, "MH1 xong")
	e.WaitText(focalNL.ID, "Đã ghi nhận")
	if got := groupRows(t, e, "ngoclac"); !strings.Contains(got, "VP MH1 done") {
		t.Errorf("Ngọc Lặc's report is not in Ngọc Lặc:\n%s", got)
	}
	if after := groupRows(t, e, "thachlap"); after != before {
		t.Errorf("Thạch Lập changed by Ngọc Lặc's report:\n%s\nwas\n%s", after, before)
	}
	if got := groupRows(t, e, "tinh"); strings.Contains(got, "MH1 done") {
		t.Errorf("the province got a commune's report:\n%s", got)
	}
}

// Every admin command a commune admin aims at another commune is refused and changes
// nothing; the province's admin reads any commune (and only reads).
func TestCommuneAdminCannotReachAnotherCommune(t *testing.T) {
	e := startGroups(t)
	e.Say(focalNL, "MH1 xong")
	e.WaitText(focalNL.ID, "Đã ghi nhận")
	snap := map[string]string{}
	for _, g := range []string{"tinh", "ngoclac", "thachlap"} {
		snap[g] = groupRows(t, e, g)
	}
	for _, cmd := range []string{"/tonghop ngoclac", "/chuabaocao ngoclac", "/vuongmac ngoclac", "/xuat ngoclac",
		"/bieudo ngoclac", "/baocaotinh ngoclac", "/tonghop tinh"} {
		got := e.Say(adminTL, cmd)
		if !strings.Contains(got.PlainText, "chỉ dành cho") {
			t.Errorf("%s by Thạch Lập's admin: %q, want a refusal", cmd, got.PlainText)
		}
	}
	// Commands that change things work only in the admin's own group, whatever the args say.
	for _, cmd := range []string{"/moi VP", "/xoa VP", "/nhacnho VP", "/donvi VP"} {
		e.Say(adminTL, cmd)
	}
	e.Settle()
	for _, g := range []string{"tinh", "ngoclac"} {
		if got := groupRows(t, e, g); got != snap[g] {
			t.Errorf("group %s changed by Thạch Lập's admin:\n%s\nwas\n%s", g, got, snap[g])
		}
	}
	// Thạch Lập's own summary does not count Ngọc Lặc's report.
	got := e.Say(adminTL, "/tonghop")
	if strings.Contains(got.PlainText, "Ngọc Lặc") {
		t.Errorf("Thạch Lập's summary mentions Ngọc Lặc: %q", got.PlainText)
	}
	// The province's admin drills down into a commune: its own report, labelled.
	got = e.Say(bottest.Admin, "/tonghop ngoclac")
	if !strings.Contains(got.PlainText, "xã Ngọc Lặc") || strings.Contains(got.PlainText, "chỉ dành cho") {
		t.Errorf("province admin's drill-down: %q", got.PlainText)
	}
	if after := groupRows(t, e, "ngoclac"); after != snap["ngoclac"] {
		t.Errorf("a drill-down changed the commune:\n%s", after)
	}
}

// The province's summary rolls up its communes: each one's rate, worst first.
func TestProvinceSummaryRollsUpCommunes(t *testing.T) {
	e := startGroups(t)
	e.Say(focalNL, "MH1 xong\nMH9 đang làm")
	e.WaitText(focalNL.ID, "Đã ghi nhận")
	got := e.Say(bottest.Admin, "/tonghop")
	text := got.PlainText
	tl, nl := strings.Index(text, "Xã Thạch Lập thachlap: 0/2 (0%)"), strings.Index(text, "Xã Ngọc Lặc ngoclac: 1/2 (50%)")
	if tl < 0 || nl < 0 {
		t.Fatalf("roll-up without both communes' rates: %q", text)
	}
	if tl > nl {
		t.Errorf("worst commune not first: %q", text)
	}
	if !strings.Contains(text, "/tonghop") {
		t.Errorf("no drill-down hint: %q", text)
	}
}

// A button works in the group of the message it is on: forged data naming a unit (by
// its reference in another group's plan) cannot reach that group.
func TestForgedButtonStaysInTheMessagesGroup(t *testing.T) {
	e := startGroups(t)
	menu := e.Say(focalTL, "/baocao")
	if menu.MessageID == 0 {
		t.Fatal("no /baocao menu")
	}
	snap := map[string]string{"tinh": groupRows(t, e, "tinh"), "ngoclac": groupRows(t, e, "ngoclac")}
	chat := e.TG.Private(focalTL)
	var p store.Plan
	for _, f := range groupFiles(t) {
		if f.Code == "ngoclac" {
			p = f.Plan
		}
	}
	for _, data := range []string{
		"r:s:" + p.UnitRef("VP") + ":1:done",
		"r:s:" + p.UnitRef("CAX") + ":9:blocked",
		"r:b:" + p.UnitRef("CAX"),
		"r:m:" + p.UnitRef("TYT") + ":1",
		"roi:VP", "xoa:VP", "to:0:2", "to:0:3",
	} {
		e.TG.Press(focalTL, chat, menu.MessageID, data)
	}
	e.Settle()
	for g, before := range snap {
		if got := groupRows(t, e, g); got != before {
			t.Errorf("forged buttons changed %s:\n%s\nwas\n%s", g, got, before)
		}
	}
}

// Someone serving two groups is asked which one a message is for when it does not tell,
// once; the choice holds until /to changes it.
func TestPersonInTwoGroupsIsAskedOnce(t *testing.T) {
	e := startGroups(t)
	ask := e.Say(dual, "Tất cả đã hoàn thành")
	if !strings.Contains(ask.PlainText, "Tổ nào") || ask.ReplyMarkup == nil {
		t.Fatalf("no group question: %q", ask.PlainText)
	}
	if got := groupRows(t, e, "tinh") + groupRows(t, e, "ngoclac"); strings.Contains(got, "MH1 done") {
		t.Fatalf("recorded before the group was chosen:\n%s", got)
	}
	var tinhData string
	for _, row := range ask.ReplyMarkup.InlineKeyboard {
		for _, k := range row {
			if strings.Contains(k.Text, "tỉnh") {
				tinhData = k.CallbackData
			}
		}
	}
	if tinhData == "" {
		t.Fatalf("no button for the province: %+v", ask.ReplyMarkup)
	}
	chat := e.TG.Private(dual)
	n := len(e.TG.SentTo(chat.ID))
	e.TG.Press(dual, chat, ask.MessageID, tinhData)
	got := e.NextTo(chat.ID, n)
	if !strings.Contains(got.PlainText, "Đã ghi nhận") || !strings.Contains(got.PlainText, "tỉnh") {
		t.Errorf("after choosing the province: %q", got.PlainText)
	}
	if rows := groupRows(t, e, "tinh"); !strings.Contains(rows, "X-NL MH1 done") {
		t.Errorf("not recorded for the province's X-NL:\n%s", rows)
	}
	// The choice holds: the next message goes to the province without a question.
	got = e.Say(dual, "MH1 đang làm 50%")
	if strings.Contains(got.PlainText, "Tổ nào") {
		t.Errorf("asked again: %q", got.PlainText)
	}
	// /to switches to the commune by code.
	if got := e.Say(dual, "/to ngoclac"); !strings.Contains(got.PlainText, "xã Ngọc Lặc") {
		t.Errorf("/to ngoclac: %q", got.PlainText)
	}
	got = e.Say(dual, "MH9 xong")
	if !strings.Contains(got.PlainText, "Đã ghi nhận") {
		t.Errorf("report after /to: %q", got.PlainText)
	}
	if rows := groupRows(t, e, "ngoclac"); !strings.Contains(rows, "CAX MH9 done") {
		t.Errorf("not recorded for Ngọc Lặc's CAX:\n%s", rows)
	}
}

// A command goes without a question to the one group where its sender may run it: a
// commune's admin who also reports to the province runs /tonghop in the commune, /cuatoi
// in the province, even after choosing the province; an unknown command is not asked about.
func TestCommandGoesToTheOneGroupItFits(t *testing.T) {
	e := startGroups(t)
	e.BindIn("tinh", adminNL, "X-NL", store.MemberDeputy) // dual stays its focal point
	if got := e.Say(adminNL, "/tonghop"); !strings.Contains(got.PlainText, "TỔNG HỢP BÁO CÁO TUẦN") || strings.Contains(got.PlainText, "CÁC XÃ") {
		t.Errorf("/tonghop of a commune admin: %q", got.PlainText)
	}
	if got := e.Say(adminNL, "/cuatoi"); !strings.Contains(got.PlainText, "UBND xã Ngọc Lặc") {
		t.Errorf("/cuatoi of the province's focal point: %q", got.PlainText)
	}
	if got := e.Say(adminNL, "/to tinh"); !strings.Contains(got.PlainText, "tỉnh") {
		t.Fatalf("/to tinh: %q", got.PlainText)
	}
	if got := e.Say(adminNL, "/tonghop"); !strings.Contains(got.PlainText, "TỔNG HỢP BÁO CÁO TUẦN") {
		t.Errorf("/tonghop after choosing the province: %q", got.PlainText)
	}
	if got := e.Say(adminNL, "/khongcolenh"); strings.Contains(got.PlainText, "Tổ nào") {
		t.Errorf("asked about an unknown command: %q", got.PlainText)
	}
	// Someone serving units in both groups is still asked which one a /cuatoi is for.
	if got := e.Say(dual, "/cuatoi"); !strings.Contains(got.PlainText, "Tổ nào") {
		t.Errorf("/cuatoi of a focal point in two groups: %q", got.PlainText)
	}
}

// An invite link binds into the group it was made in, whoever uses it.
func TestInviteBindsInItsOwnGroup(t *testing.T) {
	e := startGroups(t)
	got := e.Say(adminTL, "/moi TYT")
	link := ""
	for _, w := range strings.Fields(got.PlainText + " " + got.Text) {
		if i := strings.Index(w, "?start="); i >= 0 {
			link = strings.Trim(w[i+len("?start="):], `"'<>.,;)`)
			break
		}
	}
	if link == "" {
		t.Fatalf("no invite link in %q", got.Text)
	}
	before := groupRows(t, e, "ngoclac")
	e.Say(outsider, "/start "+link)
	e.Settle()
	if rows := groupRows(t, e, "thachlap"); !strings.Contains(rows, fmt.Sprintf("TYT focal %d", outsider.ID)) {
		t.Errorf("outsider not bound to Thạch Lập's TYT:\n%s", rows)
	}
	if after := groupRows(t, e, "ngoclac"); after != before {
		t.Errorf("Ngọc Lặc changed by Thạch Lập's invite:\n%s", after)
	}
}

// A group chat belongs to the group whose admin registered it: another group's admin
// cannot read or change anything from there.
func TestGroupChatBelongsToOneGroup(t *testing.T) {
	e := startGroups(t)
	chat := e.TG.Group(-5001, "Tổ công tác xã Ngọc Lặc")
	e.TG.SendText(adminNL, chat, "/nhom")
	e.WaitText(chat.ID, "Tổ công tác xã Ngọc Lặc")
	snap := groupRows(t, e, "thachlap") + groupRows(t, e, "ngoclac")
	n := len(e.TG.SentTo(chat.ID))
	for _, cmd := range []string{"/tonghop", "/nhom huy", "/chuabaocao"} {
		e.TG.SendText(adminTL, chat, cmd)
	}
	e.Settle()
	for _, s := range e.TG.SentTo(chat.ID)[n:] {
		if strings.Contains(s.PlainText, "Văn phòng") || strings.Contains(s.PlainText, "Thạch Lập") {
			t.Errorf("the chat showed group data to another group's admin: %q", s.PlainText)
		}
	}
	if got := groupRows(t, e, "thachlap") + groupRows(t, e, "ngoclac"); got != snap {
		t.Errorf("another group's admin changed things from the chat:\n%s\nwas\n%s", got, snap)
	}
	_ = context.Background()
}

// Someone serving two groups gets each group's reminder, each saying which group asks;
// a reply to one is recorded in that group without a question.
func TestRemindersNameTheirGroup(t *testing.T) {
	e := bottest.Start(t, bottest.WithGroups(groupFiles(t)...),
		bottest.At(time.Date(2024, 3, 10, 20, 0, 0, 0, bottest.Hanoi)))
	e.BindIn("ngoclac", dual, "CAX", store.MemberFocal)
	e.BindIn("tinh", dual, "X-NL", store.MemberFocal)
	chat := e.TG.Private(dual)
	monday := time.Date(2024, 3, 11, 7, 30, 0, 0, bottest.Hanoi)
	e.Clock.Set(monday)
	if err := e.Bot.Reconcile(e.Context(), monday); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	var commune telegramtest.Sent
	labels := map[string]bool{}
	for _, s := range e.TG.SentTo(chat.ID) {
		if !strings.Contains(s.PlainText, "Nhắc báo cáo") {
			continue
		}
		for _, name := range []string{"Tổ công tác Đề án 06 xã Ngọc Lặc", "Tổ công tác Đề án 06 tỉnh"} {
			if strings.Contains(s.PlainText, name) {
				labels[name] = true
				if strings.Contains(name, "Ngọc Lặc") {
					commune = s
				}
			}
		}
	}
	if len(labels) != 2 {
		t.Fatalf("reminders to someone in two groups name %v, want both groups", labels)
	}
	n := len(e.TG.SentTo(chat.ID))
	e.TG.ReplyTo(dual, chat, commune.MessageID, "MH9 xong")
	got := e.NextTo(chat.ID, n)
	if !strings.Contains(got.PlainText, "Đã ghi nhận") {
		t.Errorf("reply to the commune's reminder: %q", got.PlainText)
	}
	if rows := groupRows(t, e, "ngoclac"); !strings.Contains(rows, "CAX MH9 done") {
		t.Errorf("not recorded in the commune:\n%s", rows)
	}
}

// A report naming models that only one of the person's groups asks of them goes there
// without a question.
func TestReportInfersItsGroup(t *testing.T) {
	e := startGroups(t)
	got := e.Say(dual, "MH9 xong") // MH9 is Công an xã Ngọc Lặc's; the province's X-NL has MH1 only
	if !strings.Contains(got.PlainText, "Đã ghi nhận") || !strings.Contains(got.PlainText, "xã Ngọc Lặc") {
		t.Fatalf("MH9 from someone whose MH9 is in one group: %q", got.PlainText)
	}
	if rows := groupRows(t, e, "ngoclac"); !strings.Contains(rows, "CAX MH9 done") {
		t.Errorf("not recorded in Ngọc Lặc:\n%s", rows)
	}
	if rows := groupRows(t, e, "tinh"); strings.Contains(rows, "MH9") {
		t.Errorf("recorded in the province:\n%s", rows)
	}
}

// An admin pressing forged buttons (tickets, admins, reminders) on a message of their own
// group cannot touch another group's ticket, admins or reports.
func TestForgedAdminButtonsStayInTheirGroup(t *testing.T) {
	e := startGroups(t)
	e.Say(focalNL, "MH9 vướng mắc: thiếu camera")
	e.Settle()
	tid := storetest.Int(t, e.DB, `SELECT t.id FROM tickets t JOIN groups g ON g.id = t.group_id WHERE g.code = 'ngoclac'`)
	if tid == 0 {
		t.Fatal("no ticket for Ngọc Lặc's blocker")
	}
	snap := groupRows(t, e, "ngoclac")
	if !strings.Contains(snap, "VP MH9 open") {
		t.Fatalf("fixture: %s", snap)
	}
	menu := e.Say(adminTL, "/vuongmac")
	chat := e.TG.Private(adminTL)
	ref := "0"
	for _, data := range []string{
		fmt.Sprintf("t:ack:%d", tid), fmt.Sprintf("t:res:%d", tid), fmt.Sprintf("t:asg:%d", tid),
		fmt.Sprintf("t:rep:%d", tid), fmt.Sprintf("qt:rm:%d", adminNL.ID), "k:" + ref, "b:ok:" + ref + ":9", "v:",
	} {
		e.TG.Press(adminTL, chat, menu.MessageID, data)
	}
	e.Settle()
	if got := groupRows(t, e, "ngoclac"); got != snap {
		t.Errorf("forged admin buttons changed Ngọc Lặc:\n%s\nwas\n%s", got, snap)
	}
}
