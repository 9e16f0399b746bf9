package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
)

// A focal point who forwarded another unit's report got it recorded for their own unit.
func TestForwardedReportIsNotRecorded(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.TG.PushRaw(fmt.Sprintf(`{"message":{"message_id":77,"date":1,"chat":{"id":%d,"type":"private","first_name":"T"},
		"from":{"id":%d,"is_bot":false,"first_name":"T"},"text":"MH30 xong\nMH27 xong",
		"forward_origin":{"type":"user","date":1,"sender_user":{"id":2999,"is_bot":false,"first_name":"Khác"}}}}`,
		roleTeo.ID, roleTeo.ID))
	env.WaitText(roleTeo.ID, "chuyển tiếp", "không được ghi nhận")
	if n := guardCount(t, env, `SELECT count(*) FROM reports`); n != 0 {
		t.Fatalf("a forwarded message was recorded as %d reports", n)
	}
	// Typed by the focal point, it is.
	env.Say(roleTeo, "MH30 xong")
	if n := guardCount(t, env, `SELECT count(*) FROM reports`); n != 1 {
		t.Fatalf("%d reports, want 1", n)
	}
}

// An invite link posted in the group was answered with the welcome text and stayed
// valid. Now it is refused there and withdrawn, and the admins are told.
func TestInviteLinkPostedInGroupIsWithdrawn(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	group := env.TG.Group(5301, "Tổ công tác 06")
	m := env.TG.SendText(admin, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "Tổ công tác 06")
	env.Bind(roleTeo, "X-THUYSON", store.MemberFocal)

	sent := roleAsk(t, env, admin, "/moi X-MYTAN", "https://t.me/")
	token := roleTokenOf(t, sent)
	adminLast := roleLastID(env, admin.ID)
	m = env.TG.SendText(roleTeo, group, "/start@tocongtac_bot "+token)
	roleWaitAfter(t, env, group.ID, m.ID, "đã bị hủy")
	roleWaitAfter(t, env, admin.ID, adminLast, "đã bị đăng trong nhóm", "X-MYTAN", "/moi")
	roleAsk(t, env, roleHoa, "/start "+token, "hết hạn")

	// The same for a link pasted as text.
	token = roleTokenOf(t, roleAsk(t, env, admin, "/moi X-MYTAN", "https://t.me/"))
	m = env.TG.SendText(roleTeo, group, "moi anh vao: https://t.me/tocongtac_bot?start="+token)
	roleWaitAfter(t, env, group.ID, m.ID, "đã bị hủy")
	env.Clock.Advance(11 * time.Minute) // roleHoa is a stranger: one answer per 10 minutes
	roleAsk(t, env, roleHoa, "/start "+token, "hết hạn")
}

// A plan import that dropped a unit with a bound focal point turned that person into a
// stranger without a word. Now they and the admins are told, once.
func TestPlanImportDroppingAUnitTellsPeople(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.Bind(roleHoa, "X-THUYSON", store.MemberFocal)
	var kept []string
	for _, l := range strings.Split(string(store.DefaultPlanYAML()), "\n") {
		if !strings.Contains(l, "code: X-MYTAN,") {
			kept = append(kept, l)
		}
	}
	if _, err := env.DB.ImportPlan(context.Background(), []byte(strings.Join(kept, "\n"))); err != nil {
		t.Fatal(err)
	}
	env.WaitText(roleTeo.ID, "không còn đơn vị", "X-MYTAN")
	env.WaitText(bottest.Admin.ID, "không còn đơn vị", "X-MYTAN", "Tèo")
	env.Settle()
	time.Sleep(1500 * time.Millisecond) // more upkeep passes: nobody is told twice
	env.Settle()
	if n := len(env.TG.SentTo(roleTeo.ID)); n != 1 {
		t.Errorf("%d messages to the dropped focal point, want 1", n)
	}
	if n := len(env.TG.SentTo(roleHoa.ID)); n != 0 {
		t.Errorf("a focal point of a kept unit was told %d things", n)
	}
}
