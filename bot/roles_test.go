package bot_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

var (
	// roleTeo's name is HTML and Markdown: it must reach users literally.
	roleTeo   = telegramtest.User{ID: 2001, FirstName: "<b>Tèo</b>", LastName: "A_B*", Username: "teo_ab"}
	roleHoa   = telegramtest.User{ID: 2002, FirstName: "Nguyễn Thị", LastName: "Hoa", Username: "hoa_nt"}
	roleLan   = telegramtest.User{ID: 2003, FirstName: "Trần", LastName: "Lan"}
	roleMinh  = telegramtest.User{ID: 2004, FirstName: "Lê", LastName: "Minh", Username: "minh_le"}
	roleStray = telegramtest.User{ID: 2999, FirstName: "Người", LastName: "Lạ"}
)

var roleTokenRE = regexp.MustCompile(`https://t\.me/tocongtac_bot\?start=([A-Za-z0-9_-]+)`)

// roleLastID is the newest message id in a chat (the user's or the bot's).
func roleLastID(env *bottest.Env, chatID int64) int {
	n := 0
	for _, m := range env.TG.Messages(chatID) {
		n = max(n, m.ID)
	}
	return n
}

// roleWaitAfter waits for a bot message to chatID, newer than message after, whose visible
// text contains every part.
func roleWaitAfter(t *testing.T, env *bottest.Env, chatID int64, after int, parts ...string) telegramtest.Sent {
	t.Helper()
	s, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool {
		if s.ChatID != chatID || s.MessageID <= after {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(s.PlainText, p) {
				return false
			}
		}
		return true
	})
	if err != nil {
		var texts []string
		for _, s := range env.TG.SentTo(chatID) {
			texts = append(texts, s.PlainText)
		}
		t.Fatalf("no message to %d containing %q: %v; sent: %q", chatID, parts, err, texts)
	}
	return s
}

// roleAsk sends text from u privately and waits for the answer containing parts.
func roleAsk(t *testing.T, env *bottest.Env, u telegramtest.User, text string, parts ...string) telegramtest.Sent {
	t.Helper()
	m := env.TG.SendText(u, env.TG.Private(u), text)
	return roleWaitAfter(t, env, u.ID, m.ID, parts...)
}

func roleTokenOf(t *testing.T, s telegramtest.Sent) string {
	t.Helper()
	m := roleTokenRE.FindStringSubmatch(s.PlainText)
	if m == nil {
		t.Fatalf("no invite link in %q", s.PlainText)
	}
	return m[1]
}

func roleAudit(t *testing.T, env *bottest.Env) []store.AuditEntry {
	t.Helper()
	var out []store.AuditEntry
	err := env.DB.View(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.AuditLog(context.Background(), 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func roleMembers(t *testing.T, env *bottest.Env, unit string) map[store.MemberRole]int64 {
	t.Helper()
	out := map[store.MemberRole]int64{}
	err := env.DB.View(context.Background(), func(tx *store.Tx) error {
		ms, err := tx.UnitMembers(context.Background(), unit)
		for _, m := range ms {
			out[m.Role] = m.UserID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInviteBindReplaceAndRefusals(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin

	sent := roleAsk(t, env, admin, "/moi X-MYTAN", "Mỹ Tân", "một lần")
	token := roleTokenOf(t, sent)
	if len(token) > 64 || len(token) < 22 {
		t.Fatalf("token %q: want 22..64 characters", token)
	}
	// Only the hash is stored.
	sum := sha256.Sum256([]byte(token))
	n := storetest.Int(t, env.DB, `SELECT count(*) FROM invites WHERE token_hash = ?`, hex.EncodeToString(sum[:]))
	plain := storetest.Int(t, env.DB, `SELECT count(*) FROM invites WHERE token_hash = ? OR unit = ?`, token, token)
	if n != 1 || plain != 0 {
		t.Errorf("invites: %d rows by hash, %d by plain token; want 1, 0", n, plain)
	}

	// The invitee binds; the admins hear of it with the name shown literally.
	adminLast := roleLastID(env, admin.ID)
	greet := roleAsk(t, env, roleTeo, "/start "+token, "đầu mối", "UBND xã Mỹ Tân", "Mô hình đơn vị chủ trì", "MH1")
	if !strings.Contains(greet.PlainText, "Cách báo cáo") {
		t.Errorf("greeting lacks how to report: %q", greet.PlainText)
	}
	roleWaitAfter(t, env, admin.ID, adminLast, "<b>Tèo</b> A_B* @teo_ab", "X-MYTAN")
	if got := roleMembers(t, env, "X-MYTAN")[store.MemberFocal]; got != roleTeo.ID {
		t.Fatalf("focal of X-MYTAN = %d, want %d", got, roleTeo.ID)
	}

	// The same link again, by someone else and by the invitee: used.
	roleAsk(t, env, roleHoa, "/start "+token, "đã được sử dụng")
	roleAsk(t, env, roleTeo, "/start "+token, "đã được sử dụng")
	// A forged one (a stranger is answered once per 10 minutes).
	env.Clock.Advance(10 * time.Minute)
	roleAsk(t, env, roleHoa, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "không hợp lệ")
	env.Clock.Advance(10 * time.Minute)
	roleAsk(t, env, roleHoa, "/start <script>", "không hợp lệ")

	// An expired one.
	expiring := roleTokenOf(t, roleAsk(t, env, admin, "/moi X-MYTAN pho", "đầu mối dự phòng"))
	env.Clock.Advance(8 * 24 * time.Hour)
	roleAsk(t, env, roleHoa, "/start "+expiring, "đã hết hạn")
	if got := roleMembers(t, env, "X-MYTAN")[store.MemberDeputy]; got != 0 {
		t.Fatalf("expired link bound a deputy: %d", got)
	}

	// A new focal point replaces Tèo: both sides and the admins are told.
	sent = roleAsk(t, env, admin, "/moi x-mytan", "sẽ thay thế", "<b>Tèo</b> A_B*")
	replacing := roleTokenOf(t, sent)
	adminLast, teoLast := roleLastID(env, admin.ID), roleLastID(env, roleTeo.ID)
	roleAsk(t, env, roleHoa, "/start "+replacing, "đầu mối", "UBND xã Mỹ Tân")
	roleWaitAfter(t, env, roleTeo.ID, teoLast, "Nguyễn Thị Hoa @hoa_nt", "thay anh/chị", "X-MYTAN")
	roleWaitAfter(t, env, admin.ID, adminLast, "Nguyễn Thị Hoa", "Người trước đó: <b>Tèo</b> A_B*")
	if got := roleMembers(t, env, "X-MYTAN")[store.MemberFocal]; got != roleHoa.ID {
		t.Fatalf("focal of X-MYTAN = %d, want %d", got, roleHoa.ID)
	}

	// The deputy link (new, not expired).
	dep := roleTokenOf(t, roleAsk(t, env, admin, "/moi X-MYTAN phó", "đầu mối dự phòng"))
	roleAsk(t, env, roleHoa, "/start "+dep, "đang là đầu mối") // the focal point cannot be her own deputy
	roleAsk(t, env, roleTeo, "/start "+dep, "đầu mối dự phòng", "Mỹ Tân")
	if got := roleMembers(t, env, "X-MYTAN"); got[store.MemberDeputy] != roleTeo.ID || got[store.MemberFocal] != roleHoa.ID {
		t.Fatalf("X-MYTAN roleMembers = %v", got)
	}

	// The audit log holds every step.
	var got []string
	for _, e := range roleAudit(t, env) {
		got = append(got, e.Action+":"+e.Unit+":"+e.Detail[:min(len(e.Detail), 15)])
	}
	want := []string{
		"invite:X-MYTAN:role=focal expi",
		"bind:X-MYTAN:role=focal by=1",
		"invite_rejected:X-MYTAN:reason=used id=",
		"invite_rejected:X-MYTAN:reason=used id=",
		"invite_rejected::reason=forged i",
		"invite_rejected::reason=forged",
		"invite:X-MYTAN:role=deputy exp",
		"invite_rejected:X-MYTAN:reason=expired ",
		"invite:X-MYTAN:role=focal expi",
		"bind:X-MYTAN:role=focal by=1",
		"unbind:X-MYTAN:role=focal repl",
		"invite:X-MYTAN:role=deputy exp",
		"bind:X-MYTAN:role=deputy by=",
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit log:\n got %q\nwant %q", got, want)
	}
	for _, e := range roleAudit(t, env) {
		if e.Actor.ID == 0 || e.At.IsZero() {
			t.Errorf("audit entry without who or when: %+v", e)
		}
	}
}

func TestInviteMenuMatchesAndAdminInvite(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)

	menu := roleAsk(t, env, admin, "/moi", "chưa có đầu mối", "/moi X-THUYSON")
	if strings.Contains(menu.PlainText, "/moi X-MYTAN") {
		t.Errorf("menu lists a unit that has a focal point: %q", menu.PlainText)
	}
	roleAsk(t, env, admin, "/moi my tan", "Có phải", "/moi X-MYTAN", "UBND xã Mỹ Tân")
	roleAsk(t, env, admin, "/moi Mỹ Tân phó", "/moi X-MYTAN")
	roleAsk(t, env, admin, "/moi X-MYTAM", "/moi X-MYTAN")
	roleAsk(t, env, admin, "/moi X-MYTAN bogus", "Chưa rõ vai trò")
	roleAsk(t, env, admin, "/moi zzzzqqq", "Không tìm thấy")

	link := roleAsk(t, env, admin, "/moi quantri", "Cơ quan thường trực")
	roleAsk(t, env, roleMinh, "/donvi", "chỉ dành cho Cơ quan thường trực")
	adminLast := roleLastID(env, admin.ID)
	token := roleTokenOf(t, link)
	roleAsk(t, env, roleMinh, "/start "+token, "Cơ quan thường trực")
	roleWaitAfter(t, env, admin.ID, adminLast, "Lê Minh @minh_le", "quản trị")
	roleAsk(t, env, roleMinh, "/donvi", "Danh bạ đầu mối")
	waitMenu(t, env, roleMinh.ID, "moi", true) // the new admin gets the standing office's menu
	// The admin link works once; the new admin may invite in turn.
	roleAsk(t, env, roleTeo, "/start "+token, "đã được sử dụng")
	roleAsk(t, env, roleTeo, "/donvi", "chỉ dành cho Cơ quan thường trực")
	roleAsk(t, env, roleMinh, "/moi X-THUYSON", "https://t.me/")
	acts := roleAudit(t, env)
	var last []string
	for _, a := range acts[len(acts)-3:] {
		last = append(last, a.Action)
	}
	if want := []string{store.AuditAdminAdd, store.AuditInviteRejected, store.AuditInvite}; !slices.Equal(last, want) {
		t.Errorf("last audit actions = %q, want %q", last, want)
	}
}

func TestNonAdminLearnsNothing(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	plan := store.DefaultPlan()
	check := func(u telegramtest.User, text, want string) {
		t.Helper()
		env.Clock.Advance(10 * time.Minute) // a stranger is answered once per 10 minutes
		m := env.TG.SendText(u, env.TG.Private(u), text)
		s := roleWaitAfter(t, env, u.ID, m.ID, want)
		for _, unit := range plan.Units {
			if unit.Code == plan.StandingOffice {
				continue // the stranger text says whom to contact
			}
			if strings.Contains(s.PlainText, unit.Name) || strings.Contains(s.PlainText, unit.Code) {
				t.Errorf("%s answered to %d with unit %s: %q", text, u.ID, unit.Code, s.PlainText)
			}
		}
	}
	for _, u := range []telegramtest.User{roleStray, roleTeo} {
		for _, cmd := range []string{"/moi", "/moi X-MYTAN", "/invite quantri", "/donvi", "/units", "/nhom"} {
			check(u, cmd, "chỉ dành cho Cơ quan thường trực")
		}
	}
	check(roleStray, "/vang 18/03 20/03", "chỉ dành cho đầu mối các đơn vị đã được mời")
	check(roleStray, "/roi", "liên hệ Cơ quan thường trực")
	env.Settle()
	invites := storetest.Int(t, env.DB, `SELECT count(*) FROM invites`)
	if invites != 0 {
		t.Errorf("%d invites created by non-admins", invites)
	}
}

// roleBigPlan is a valid plan with n units, one of them named like HTML and Markdown.
func roleBigPlan(n int) []byte {
	var b strings.Builder
	b.WriteString("title: Kế hoạch thử với nhiều đơn vị\nstanding_office: U0001\nunits:\n")
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("Xã Thử %d", i)
		if i == 7 {
			name = "<b> & A_B*"
		}
		fmt.Fprintf(&b, "  - {code: U%04d, name: %q, tags: [xa]}\n", i, name)
	}
	b.WriteString(`models:
  - {number: 1, group: I, title: "Mô hình thử", lead: ["@xa"]}
reporting:
  weekly: {due: monday, remind: ["30 7 * * MON"], escalate: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind: ["0 8 10 * *"], escalate: "0 8 15 * *"}
`)
	return []byte(b.String())
}

func TestDirectorySplitsSixHundredUnits(t *testing.T) {
	const n = 600
	env := bottest.Start(t, bottest.WithPlan(roleBigPlan(n)))
	admin := bottest.Admin
	env.Bind(roleTeo, "U0007", store.MemberFocal)
	env.Bind(roleHoa, "U0007", store.MemberDeputy)
	env.Bind(roleLan, "U0300", store.MemberFocal)
	env.Bind(roleMinh, "U0600", store.MemberDeputy)

	m := env.TG.SendText(admin, env.TG.Private(admin), "/donvi")
	// The last part ends with the last unit without anyone. The sender paces one chat at
	// about a message a second, so this takes several seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	if _, err := env.TG.WaitFor(ctx, func(s telegramtest.Sent) bool {
		return s.ChatID == admin.ID && s.MessageID > m.ID && strings.Contains(s.PlainText, "U0599")
	}); err != nil {
		t.Fatalf("directory not delivered: %v", err)
	}
	var parts []telegramtest.Sent
	for _, s := range env.TG.SentTo(admin.ID) {
		if s.MessageID > m.ID {
			parts = append(parts, s)
		}
	}
	if len(parts) < 2 {
		t.Fatalf("directory of %d units in %d message(s)", n, len(parts))
	}
	seen := map[string]int{}
	lineRE := regexp.MustCompile(`(?m)^• (U\d{4}) (.*)$`)
	tagRE := regexp.MustCompile(`(?m)^❗ xa \(\d+\): (.*)$`)
	for i, p := range parts {
		if l := utf8.RuneCountInString(p.PlainText); l > 4096 {
			t.Errorf("part %d: %d characters", i, l)
		}
		// Units without anyone: one line per tag, codes only.
		for _, mm := range tagRE.FindAllStringSubmatch(p.PlainText, -1) {
			for _, code := range strings.Split(mm[1], ", ") {
				seen[code]++
			}
		}
		for _, mm := range lineRE.FindAllStringSubmatch(p.PlainText, -1) {
			seen[mm[1]]++
			// A whole line: the unit's name and its report status are on it.
			if !strings.Contains(mm[2], "báo cáo") {
				t.Errorf("cut line: %q", mm[0])
			}
		}
	}
	for i := 1; i <= n; i++ {
		if code := fmt.Sprintf("U%04d", i); seen[code] != 1 {
			t.Errorf("unit %s listed %d times", code, seen[code])
		}
	}
	all := ""
	for _, p := range parts {
		all += p.PlainText + "\n"
	}
	// Units with nobody assigned come last.
	if strings.Index(all, "U0001") < strings.Index(all, "U0600") {
		t.Errorf("unassigned units should come after assigned ones")
	}
	for _, want := range []string{
		"U0007 <b> & A_B* – đầu mối: <b>Tèo</b> A_B* @teo_ab; dự phòng: Nguyễn Thị Hoa @hoa_nt",
		"U0300 Xã Thử 300 – đầu mối: Trần Lan; dự phòng: chưa có",
		"U0600 Xã Thử 600 – đầu mối: chưa có; dự phòng: Lê Minh @minh_le",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("directory lacks %q", want)
		}
	}
}

func TestAbsences(t *testing.T) {
	env := bottest.Start(t) // Monday 11 March 2024
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.Bind(roleTeo, "VP", store.MemberFocal)
	env.Bind(roleHoa, "X-MYTAN", store.MemberDeputy)

	hoaLast := roleLastID(env, roleHoa.ID)
	s := roleAsk(t, env, roleTeo, "/vang 18/03 22/03 tập huấn <i>", "18/03/2024", "22/03/2024", "tập huấn <i>")
	if !strings.Contains(s.PlainText, "Nguyễn Thị Hoa") || !strings.Contains(s.PlainText, "chưa có đầu mối dự phòng") {
		t.Errorf("absence answer should name the deputy of X-MYTAN and say VP has none: %q", s.PlainText)
	}
	roleWaitAfter(t, env, roleHoa.ID, hoaLast, "báo vắng", "18/03/2024", "UBND xã Mỹ Tân")
	roleAsk(t, env, roleTeo, "/vang 25/03/2024 26/03/2024 nghỉ phép", "25/03/2024", "26/03/2024")
	roleAsk(t, env, roleTeo, "/away 2024-04-01 2024-04-02", "01/04/2024", "02/04/2024")
	roleAsk(t, env, roleTeo, "/vang 28/12 03/01 nghỉ tết", "28/12/2024", "03/01/2025")
	roleAsk(t, env, roleTeo, "/vang 31/02 01/03", "Chưa đọc được ngày")
	roleAsk(t, env, roleTeo, "/vang 01/03 05/03", "không hợp lệ") // already over
	roleAsk(t, env, roleTeo, "/vang", "Báo vắng hiện có", "18/03/2024")

	ctx := context.Background()
	err := env.DB.View(ctx, func(tx *store.Tx) error {
		list, err := tx.UserAbsences(ctx, roleTeo.ID, "2024-03-11")
		if err != nil {
			return err
		}
		if len(list) != 8 { // four absences, two units each
			t.Errorf("absences = %d, want 8: %+v", len(list), list)
		}
		for day, want := range map[string]bool{"2024-03-17": false, "2024-03-18": true, "2024-03-22": true, "2024-03-23": false, "2024-04-02": true, "2025-01-02": true} {
			got, err := tx.AbsentOn(ctx, "X-MYTAN", roleTeo.ID, day)
			if err != nil {
				return err
			}
			if got != want {
				t.Errorf("AbsentOn(%s) = %v, want %v", day, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	roleAsk(t, env, roleTeo, "/vang huy", "Đã hủy báo vắng", "18/03/2024", "28/12/2024")
	roleAsk(t, env, roleTeo, "/vang hủy", "không có báo vắng")
	err = env.DB.View(ctx, func(tx *store.Tx) error {
		list, err := tx.UserAbsences(ctx, roleTeo.ID, "2024-03-11")
		if len(list) != 0 {
			t.Errorf("absences after /vang huy: %+v", list)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var absence, cancel int
	for _, e := range roleAudit(t, env) {
		switch e.Action {
		case store.AuditAbsence:
			absence++
		case store.AuditAbsenceCancel:
			cancel++
		}
	}
	if absence != 8 || cancel != 8 {
		t.Errorf("audit: %d absences, %d cancellations; want 8, 8", absence, cancel)
	}
}

func TestLeave(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.Bind(roleTeo, "VP", store.MemberDeputy)
	env.Bind(roleHoa, "VP", store.MemberFocal)
	env.Bind(roleLan, "TCKH", store.MemberFocal)

	roleAsk(t, env, roleTeo, "/roi TCKH", "không phụ trách")
	q := roleAsk(t, env, roleTeo, "/roi", "nhiều đơn vị")
	if q.ReplyMarkup == nil || len(q.ReplyMarkup.InlineKeyboard) != 3 {
		t.Fatalf("want 2 unit buttons and a cancel button, got %+v", q.ReplyMarkup)
	}
	adminLast := roleLastID(env, admin.ID)
	env.TG.Press(roleTeo, env.TG.Private(roleTeo), q.MessageID, "roi:VP")
	roleWaitAfter(t, env, roleTeo.ID, q.MessageID, "thôi phụ trách", "Văn phòng HĐND - UBND huyện")
	roleWaitAfter(t, env, admin.ID, adminLast, "<b>Tèo</b> A_B*", "đầu mối dự phòng của VP", "Nguyễn Thị Hoa")
	if got := roleMembers(t, env, "VP"); got[store.MemberDeputy] != 0 || got[store.MemberFocal] != roleHoa.ID {
		t.Errorf("VP roleMembers after leaving = %v", got)
	}

	// With one unit left, /roi asks first: nothing changes until the button.
	adminLast = roleLastID(env, admin.ID)
	q = roleAsk(t, env, roleTeo, "/leave", "có chắc", "Mỹ Tân")
	if got := roleMembers(t, env, "X-MYTAN"); got[store.MemberFocal] != roleTeo.ID {
		t.Fatalf("left before confirming: %v", got)
	}
	env.TG.Press(roleTeo, env.TG.Private(roleTeo), q.MessageID, "roi:X-MYTAN")
	roleWaitAfter(t, env, roleTeo.ID, q.MessageID, "thôi phụ trách", "Mỹ Tân")
	roleWaitAfter(t, env, admin.ID, adminLast, "không còn ai", "/moi X-MYTAN")
	if got := roleMembers(t, env, "X-MYTAN"); len(got) != 0 {
		t.Errorf("X-MYTAN roleMembers after leaving = %v", got)
	}
	roleAsk(t, env, roleTeo, "/roi", "liên hệ Cơ quan thường trực") // now a stranger
	var leaves int
	for _, e := range roleAudit(t, env) {
		if e.Action == store.AuditLeave && e.Actor.ID == roleTeo.ID {
			leaves++
		}
	}
	if leaves != 2 {
		t.Errorf("audit has %d leaves, want 2", leaves)
	}
}

func TestGroupRegistration(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	group := env.TG.Group(5001, "Tổ công tác <b>06</b>")

	// Unregistered: one polite message, then silence, even for a non-admin's /nhom.
	m := env.TG.SendText(roleTeo, group, "/huongdan")
	roleWaitAfter(t, env, group.ID, m.ID, "chưa được Cơ quan thường trực đăng ký")
	env.TG.SendText(roleTeo, group, "/huongdan")
	env.TG.SendText(roleTeo, group, "/nhom")
	m = env.TG.SendText(admin, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "Đã đăng ký nhóm «Tổ công tác <b>06</b>»")
	env.Settle()
	if got := len(env.TG.SentTo(group.ID)); got != 2 {
		t.Errorf("unregistered group got %d messages, want the explanation and the confirmation", got)
	}

	// Registered: commands are answered, admin-only ones refused to others.
	m = env.TG.SendText(roleTeo, group, "/huongdan")
	roleWaitAfter(t, env, group.ID, m.ID, "Hướng dẫn báo cáo")
	m = env.TG.SendText(roleTeo, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "chỉ dành cho Cơ quan thường trực")

	// A second group registered directly by an admin; /nhom in private is explained.
	other := env.TG.Group(1000000000123, "Nhóm hai")
	m = env.TG.SendText(admin, other, "/group")
	roleWaitAfter(t, env, other.ID, m.ID, "Đã đăng ký nhóm")
	roleAsk(t, env, admin, "/nhom", "ngay trong nhóm")

	ctx := context.Background()
	err := env.DB.View(ctx, func(tx *store.Tx) error {
		ids, err := tx.RegisteredGroups(ctx)
		slices.Sort(ids)
		if !slices.Equal(ids, []int64{other.ID, group.ID}) {
			t.Errorf("registered groups = %v", ids)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var regs int
	for _, e := range roleAudit(t, env) {
		if e.Action == store.AuditGroup && e.Actor.ID == admin.ID {
			regs++
		}
	}
	if regs != 2 {
		t.Errorf("audit has %d group registrations, want 2", regs)
	}

	// /nhom huy stops posting there; the group goes quiet, and /nhom registers it again.
	m = env.TG.SendText(admin, other, "/nhom huy")
	roleWaitAfter(t, env, other.ID, m.ID, "Đã hủy đăng ký nhóm")
	err = env.DB.View(ctx, func(tx *store.Tx) error {
		ids, err := tx.RegisteredGroups(ctx)
		if !slices.Equal(ids, []int64{group.ID}) {
			t.Errorf("registered groups after /nhom huy = %v, want [%d]", ids, group.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	quiet := len(env.TG.SentTo(other.ID))
	env.TG.SendText(admin, other, "/huongdan")
	m = env.TG.SendText(admin, other, "/nhom")
	roleWaitAfter(t, env, other.ID, m.ID, "Đã đăng ký nhóm")
	if got := len(env.TG.SentTo(other.ID)); got != quiet+1 {
		t.Errorf("unregistered group got %d messages, want only the new registration", got-quiet)
	}
}

// A new link for a seat ends the older unused one, so a lost link cannot be used later.
func TestNewInviteWithdrawsTheOlderOne(t *testing.T) {
	env := bottest.Start(t)
	old := roleTokenOf(t, roleAsk(t, env, bottest.Admin, "/moi X-MYTAN", "https://t.me/"))
	fresh := roleTokenOf(t, roleAsk(t, env, bottest.Admin, "/moi X-MYTAN", "không còn hiệu lực"))
	roleAsk(t, env, roleTeo, "/start "+old, "hết hạn")
	roleAsk(t, env, roleTeo, "/start "+fresh, "đầu mối")
	if m := roleMembers(t, env, "X-MYTAN"); m[store.MemberFocal] != roleTeo.ID {
		t.Errorf("X-MYTAN members = %v, want %d as focal point", m, roleTeo.ID)
	}
}

// A registered group that Telegram upgrades to a supergroup is followed to its new id,
// both by the service message and by the 400 answer that carries the new id.
func TestUpgradedGroupIsFollowed(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	group := env.TG.Group(4242, "Tổ công tác Đề án 06")
	m := env.TG.SendText(admin, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "Đã đăng ký nhóm")

	super := env.TG.Upgrade(group, admin)
	// A message queued for the old id before the bot saw the upgrade.
	ctx := context.Background()
	err := env.DB.Update(ctx, func(tx *store.Tx) error {
		_, _, err := tx.Enqueue(ctx, store.Outgoing{ChatID: group.ID, Purpose: "test", Text: "tin cho nhóm"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Bot.NotifySender()
	env.WaitText(super.ID, "tin cho nhóm")
	err = env.DB.View(ctx, func(tx *store.Tx) error {
		ids, err := tx.RegisteredGroups(ctx)
		if !slices.Equal(ids, []int64{super.ID}) {
			t.Errorf("registered groups = %v, want the supergroup %d", ids, super.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
