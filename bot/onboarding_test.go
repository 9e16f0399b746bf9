package bot_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

const xlsxMime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func workbook(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j := range r {
			vals[j] = r[j]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// linksIn reads the delivered links workbook: unit code → link.
func linksIn(t *testing.T, file []byte) map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) > 6 && strings.HasPrefix(r[6], "https://t.me/") {
			out[r[0]] = r[6]
		}
	}
	return out
}

func boundUnits(t *testing.T, env *bottest.Env) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := env.DB.View(env.Context(), func(tx *store.Tx) error {
		ms, err := tx.AllMembers(env.Context())
		for _, m := range ms {
			if m.Role == store.MemberFocal {
				out[m.Unit] = m.UserID
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOnboard42UnitsFromARoster is the figure: one file from the admin (and one file to
// pass on) where 42 /moi commands and 42 forwarded links were needed.
func TestOnboard42UnitsFromARoster(t *testing.T) {
	env := bottest.Start(t)
	p := env.Bot.Plan()
	admin := env.TG.Private(bottest.Admin)

	// A roster with bad rows changes nothing and names every bad row.
	bad := [][]string{{"Mã đơn vị", "Họ tên", "Điện thoại", "Telegram", "Vai trò"},
		{"CAH", "Lê A", "0912345678", "@le_a_cah", "đầu mối"},
		{"X-KHONGCO", "Trần B", "0912345679", "", "đầu mối"},
		{"VP", "Phạm C", "0912345678", "", "đầu mối"},
		{"VHTT", "Đỗ D", "12345", "", "đầu mối"}}
	env.TG.SendDocument(bottest.Admin, admin, "danh-sach.xlsx", xlsxMime, workbook(t, bad), "")
	refusal := env.WaitText(admin.ID, "chưa được áp dụng")
	for _, want := range []string{"Dòng 3: mã đơn vị \"X-KHONGCO\"", "Dòng 4: \"0912345678\" trùng với người ở dòng 2", "Dòng 5: số điện thoại \"12345\""} {
		if !strings.Contains(refusal.PlainText, want) {
			t.Errorf("refusal lacks %q:\n%s", want, refusal.PlainText)
		}
	}
	if strings.Contains(refusal.PlainText, "Dòng 2:") {
		t.Errorf("a good row reported:\n%s", refusal.PlainText)
	}
	env.Settle()
	err := env.DB.View(env.Context(), func(tx *store.Tx) error {
		people, err := tx.People(env.Context())
		invites, err2 := tx.PendingInvites(env.Context())
		if len(people) != 0 || len(invites) != 0 {
			t.Errorf("bad roster stored %d people, %d invites", len(people), len(invites))
		}
		if err == nil {
			err = err2
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	rows := [][]string{{"Mã đơn vị", "Họ tên", "Điện thoại", "Telegram", "Vai trò"}}
	people := map[string]telegramtest.User{}
	for i, u := range p.Units {
		person := telegramtest.User{ID: int64(5000 + i), FirstName: "Cán bộ", LastName: fmt.Sprint(i)}
		people[u.Code] = person
		rows = append(rows, []string{u.Code, person.FirstName + " " + person.LastName, fmt.Sprintf("09%08d", 1000+i), "", "đầu mối"})
	}
	adminActions := 0
	n := len(env.TG.SentTo(admin.ID))
	env.TG.SendDocument(bottest.Admin, admin, "danh-sach.xlsx", xlsxMime, workbook(t, rows), "")
	adminActions++
	file := env.NextTo(admin.ID, n)
	if file.Method != "sendDocument" {
		t.Fatalf("first answer %s %q, want the links file", file.Method, file.PlainText)
	}
	env.WaitText(admin.ID, fmt.Sprintf("Đã nhập danh sách: %d người", len(p.Units)))
	links := linksIn(t, file.File)
	if len(links) != len(p.Units) {
		t.Fatalf("%d links for %d units", len(links), len(p.Units))
	}
	adminActions++ // the file goes on to the units by other channels, once

	// Every unit binds from its delivered link.
	for code, link := range links {
		token := link[strings.Index(link, "start=")+len("start="):]
		env.Say(people[code], "/start "+token)
	}
	env.Settle()
	bound := boundUnits(t, env)
	for _, u := range p.Units {
		if bound[u.Code] != people[u.Code].ID {
			t.Errorf("%s bound to %d, want %d", u.Code, bound[u.Code], people[u.Code].ID)
		}
	}
	const before = 84 // 42 × /moi, 42 × forwarding its link
	t.Logf("admin actions to onboard %d units: before %d, after %d", len(p.Units), before, adminActions)
	if adminActions != 2 {
		t.Errorf("admin actions %d, want 2", adminActions)
	}
}

func TestInviteAllOrATag(t *testing.T) {
	env := bottest.Start(t)
	p := env.Bot.Plan()
	admin := env.TG.Private(bottest.Admin)
	env.Bind(telegramtest.User{ID: 3001, FirstName: "Đã", LastName: "Có"}, "X-MYTAN", store.MemberFocal)
	communes := 0
	for _, u := range p.Units {
		for _, tag := range u.Tags {
			if tag == "xa" {
				communes++
			}
		}
	}
	n := len(env.TG.SentTo(admin.ID))
	env.TG.SendText(bottest.Admin, admin, "/moi xa")
	file := env.NextTo(admin.ID, n)
	msg := env.WaitText(admin.ID, "link mời đầu mối", "có nhãn xa")
	links := linksIn(t, file.File)
	if len(links) != communes-1 || links["X-MYTAN"] != "" {
		t.Errorf("/moi xa: %d links (want %d, none for X-MYTAN)\n%s", len(links), communes-1, msg.PlainText)
	}
	env.Settle()
	n = len(env.TG.SentTo(admin.ID))
	env.TG.SendText(bottest.Admin, admin, "/moi tatca")
	file = env.NextTo(admin.ID, n)
	if got := len(linksIn(t, file.File)); got != len(p.Units)-1 {
		t.Errorf("/moi tatca: %d links, want %d", got, len(p.Units)-1)
	}
}

func TestRemindOneUnitOrATag(t *testing.T) {
	env := bottest.Start(t)
	cah := telegramtest.User{ID: 3101, FirstName: "Đầu mối", LastName: "CAH"}
	vp := telegramtest.User{ID: 3102, FirstName: "Đầu mối", LastName: "VP"}
	mytan := telegramtest.User{ID: 3103, FirstName: "Đầu mối", LastName: "Mỹ Tân"}
	env.Bind(cah, "CAH", store.MemberFocal)
	env.Bind(vp, "VP", store.MemberFocal)
	env.Bind(mytan, "X-MYTAN", store.MemberFocal)
	reminded := func(u telegramtest.User) int {
		n := 0
		for _, s := range env.TG.SentTo(env.TG.Private(u).ID) {
			if strings.Contains(s.PlainText, "Nhắc") || strings.Contains(s.PlainText, "nhắc") {
				n++
			}
		}
		return n
	}
	answer := env.Say(bottest.Admin, "/nhacnho CAH")
	if !strings.Contains(answer.PlainText, "Đã xếp gửi: 1 tin nhắn") {
		t.Errorf("/nhacnho CAH:\n%s", answer.PlainText)
	}
	env.Settle()
	if reminded(cah) != 1 || reminded(vp) != 0 || reminded(mytan) != 0 {
		t.Errorf("after /nhacnho CAH: CAH %d, VP %d, Mỹ Tân %d", reminded(cah), reminded(vp), reminded(mytan))
	}
	env.Say(bottest.Admin, "/nhacnho xa thang")
	env.Settle()
	if reminded(cah) != 1 || reminded(vp) != 0 || reminded(mytan) != 1 {
		t.Errorf("after /nhacnho xa: CAH %d, VP %d, Mỹ Tân %d", reminded(cah), reminded(vp), reminded(mytan))
	}
	if a := env.Say(bottest.Admin, "/nhacnho KHONGCO"); !strings.Contains(a.PlainText, "Cách dùng: /nhacnho") {
		t.Errorf("unknown unit:\n%s", a.PlainText)
	}
}

func TestDirectoryFilters(t *testing.T) {
	env := bottest.Start(t)
	admin := env.TG.Private(bottest.Admin)
	cah := telegramtest.User{ID: 3201, FirstName: "Nguyễn", LastName: "Công An", Username: "cah_daumoi"}
	mytan := telegramtest.User{ID: 3202, FirstName: "Hà", LastName: "Mỹ Tân"}
	env.Bind(cah, "CAH", store.MemberFocal)
	env.Bind(mytan, "X-MYTAN", store.MemberFocal)
	// A roster gives CAH's phone and invites a deputy for VP.
	roster := "CAH;Nguyễn Công An;0912 000 001;@cah_daumoi;đầu mối\nVP;Trần Văn Phòng;0912000002;;thay thế\n"
	env.TG.SendDocument(bottest.Admin, admin, "ds.csv", "text/csv", []byte(roster), "")
	env.WaitText(admin.ID, "Đã nhập danh sách: 2 người")
	// Mỹ Tân's focal point is away this week; CAH's has blocked the bot.
	env.Say(mytan, "/vang 11/03/2024 15/03/2024 đi học")
	err := env.DB.Update(env.Context(), func(tx *store.Tx) error {
		return tx.SetUnreachable(env.Context(), cah.ID, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Settle()

	one := env.Say(bottest.Admin, "/donvi CAH").PlainText
	for _, want := range []string{"(CAH) – 1 đơn vị", "☎ 0912000001", "đã chặn bot"} {
		if !strings.Contains(one, want) {
			t.Errorf("/donvi CAH lacks %q:\n%s", want, one)
		}
	}
	if strings.Contains(one, "X-MYTAN") || strings.Contains(one, "VP") {
		t.Errorf("/donvi CAH shows other units:\n%s", one)
	}
	env.Settle()
	communes := env.Say(bottest.Admin, "/donvi xa").PlainText
	if !strings.Contains(communes, "X-MYTAN") || !strings.Contains(communes, "vắng đến 15/03/2024") || strings.Contains(communes, "CAH") {
		t.Errorf("/donvi xa:\n%s", communes)
	}
	lines := strings.Split(communes, "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "❗ xa (") {
		t.Errorf("units without anyone should end the list as one line per tag; last line %q", last)
	}
	env.Settle()
	all := env.Say(bottest.Admin, "/donvi").PlainText
	if !strings.Contains(all, "❗ huyen (") || !strings.Contains(all, "1 đang chờ nhận lời mời") || strings.Contains(all, "VP,") {
		t.Errorf("/donvi: no tag line for huyen, or VP (invited) among units without anyone:\n%s", all)
	}
	env.Settle()
	vp := env.Say(bottest.Admin, "/donvi VP").PlainText
	if !strings.Contains(vp, "đã mời cho Trần Văn Phòng, link hết hạn 09:00 18/03/2024") {
		t.Errorf("/donvi VP: pending invite and expiry:\n%s", vp)
	}
	env.Settle()
	file := env.Say(bottest.Admin, "/donvi xa excel")
	if file.Method != "sendDocument" || !strings.HasSuffix(file.FileName, ".xlsx") {
		t.Fatalf("/donvi excel: %s %q", file.Method, file.FileName)
	}
	f, err := excelize.OpenReader(bytes.NewReader(file.File))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if want := 1 + 2*communesOf(env); len(rows) != want {
		t.Errorf("directory workbook has %d rows, want %d", len(rows), want)
	}
	env.Settle()
	if bad := env.Say(bottest.Admin, "/donvi KHONGCO").PlainText; !strings.Contains(bad, "Cách dùng: /donvi") {
		t.Errorf("/donvi KHONGCO:\n%s", bad)
	}
}

func communesOf(env *bottest.Env) int {
	n := 0
	for _, u := range env.Bot.Plan().Units {
		for _, tag := range u.Tags {
			if tag == "xa" {
				n++
			}
		}
	}
	return n
}

func TestAdminRemovesWithConfirmation(t *testing.T) {
	env := bottest.Start(t)
	admin := env.TG.Private(bottest.Admin)
	focal := telegramtest.User{ID: 3301, FirstName: "Lò", LastName: "Văn Cũ"}
	env.Bind(focal, "X-MYTAN", store.MemberFocal)

	if a := env.Say(bottest.Admin, "/xoa X-MYTAN pho").PlainText; !strings.Contains(a, "chưa có đầu mối dự phòng") {
		t.Errorf("/xoa on an empty seat:\n%s", a)
	}
	env.Settle()
	q := env.Say(bottest.Admin, "/xoa X-MYTAN")
	if !strings.Contains(q.PlainText, "Xác nhận bỏ đầu mối Lò Văn Cũ") {
		t.Fatalf("confirmation:\n%s", q.PlainText)
	}
	if bound := boundUnits(t, env); bound["X-MYTAN"] != focal.ID {
		t.Fatal("removed before confirming")
	}
	// Cancel keeps everything; a stranger's press changes nothing.
	env.TG.Press(bottest.Admin, admin, q.MessageID, buttonData(t, q, "Không"))
	env.WaitText(admin.ID, "giữ nguyên")
	env.TG.Press(focal, env.TG.Private(focal), q.MessageID, buttonData(t, q, "Có, bỏ"))
	env.Settle()
	if bound := boundUnits(t, env); bound["X-MYTAN"] != focal.ID {
		t.Fatal("removed by a non-admin's press")
	}
	env.TG.Press(bottest.Admin, admin, q.MessageID, buttonData(t, q, "Có, bỏ"))
	env.WaitText(admin.ID, "Đã bỏ đầu mối")
	env.WaitText(env.TG.Private(focal).ID, "đã thôi giao anh/chị làm đầu mối")
	if bound := boundUnits(t, env); bound["X-MYTAN"] != 0 {
		t.Fatal("not removed after confirming")
	}
	// The same button again removes nobody.
	env.TG.Press(bottest.Admin, admin, q.MessageID, buttonData(t, q, "Có, bỏ"))
	env.WaitText(admin.ID, "không còn giữ vị trí đó")
	var removes int
	err := env.DB.View(env.Context(), func(tx *store.Tx) error {
		es, err := tx.AuditLog(env.Context(), 0)
		for _, e := range es {
			if e.Action == store.AuditRemove {
				removes++
			}
		}
		return err
	})
	if err != nil || removes != 1 {
		t.Errorf("audit: %d removals (%v)", removes, err)
	}
}
