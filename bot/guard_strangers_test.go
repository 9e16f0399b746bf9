package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// guardCount runs a count query on the bot's database.
func guardCount(t *testing.T, env *bottest.Env, q string, args ...any) int {
	t.Helper()
	return storetest.Int(t, env.DB, q, args...)
}

// waitHandled waits until the bot has handled every update sent so far: updates are
// handled in order, so once the admin's /huongdan is answered, the earlier ones are done.
// (A quiet stranger's message leaves no row in handled_updates to count.)
func waitHandled(t *testing.T, env *bottest.Env) {
	t.Helper()
	env.Say(bottest.Admin, "/huongdan")
}

// One stranger sending many messages gets at most one answer per 10 minutes (it used to
// be one per message: 1,000 replies, 16 minutes of queue), in the lowest class, and the
// bot keeps no name of theirs.
func TestStrangerQueueHoldsOneReplyPer10Minutes(t *testing.T) {
	env := bottest.Start(t)
	pest := telegramtest.User{ID: 7001, FirstName: "Kẻ", LastName: "Phá", Username: "pest"}
	chat := env.TG.Private(pest)
	handled := guardCount(t, env, `SELECT count(*) FROM handled_updates`)
	texts := []string{"/start", "xin chao", "/huongdan", "/tonghop", "MH9: xong", "/moi quantri", "/start AAAA"}
	for i := range 60 {
		env.TG.SendText(pest, chat, texts[i%len(texts)])
	}
	waitHandled(t, env)
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE chat_id = ?`, pest.ID); n != 1 {
		t.Fatalf("outbox holds %d replies to one stranger after 60 messages, want 1", n)
	}
	// The quiet ones were skipped cheaply but are recorded all the same: exactly once.
	if n := guardCount(t, env, `SELECT count(*) FROM handled_updates`) - handled; n != 61 {
		t.Errorf("%d updates recorded as handled, want 61 (60 and the admin's)", n)
	}
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE chat_id = ? AND priority = ?`, pest.ID, store.PriorityStranger); n != 1 {
		t.Errorf("the stranger's reply is not in the stranger class")
	}
	if n := guardCount(t, env, `SELECT count(*) FROM users WHERE id = ?`, pest.ID); n != 0 {
		t.Errorf("the stranger's name was stored")
	}
	env.Settle()
	if s := env.TG.SentTo(chat.ID); strings.Contains(s[0].PlainText, store.DefaultPlan().Title) {
		t.Errorf("a stranger was shown the plan title: %q", s[0].PlainText)
	}

	// Nine minutes later: still quiet. Ten: one more answer.
	env.Clock.Advance(9 * time.Minute)
	env.TG.SendText(pest, chat, "/start")
	waitHandled(t, env)
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE chat_id = ?`, pest.ID); n != 1 {
		t.Fatalf("a second reply after 9 minutes (%d)", n)
	}
	env.Clock.Advance(time.Minute + time.Second)
	env.TG.SendText(pest, chat, "/start")
	env.NextTo(chat.ID, 1)
	env.Settle()
	if n := len(env.TG.SentTo(chat.ID)); n != 2 {
		t.Fatalf("%d messages to the stranger after 10 minutes, want 2", n)
	}
}

// A stranger who got the one answer can still open an invite link, and is answered.
func TestStrangerStillBindsThroughInvite(t *testing.T) {
	env := bottest.Start(t)
	env.Say(roleHoa, "xin chao")
	token := roleTokenOf(t, roleAsk(t, env, bottest.Admin, "/moi X-MYTAN", "https://t.me/"))
	roleAsk(t, env, roleHoa, "/start "+token, "UBND xã Mỹ Tân")
	if n := guardCount(t, env, `SELECT count(*) FROM users WHERE id = ?`, roleHoa.ID); n != 1 {
		t.Errorf("the new focal point's name was not kept")
	}
}

// In the registered group, refused commands were each answered: 100 of them delayed a
// blocker alert by minutes. Now each person is refused once a day there.
func TestGroupRefusalsOncePerPersonPerDay(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	group := env.TG.Group(5101, "Tổ công tác 06")
	m := env.TG.SendText(admin, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "Tổ công tác 06")
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	sentBefore := len(env.TG.SentTo(group.ID))
	for i := range 40 {
		u := roleStray
		if i%2 == 1 {
			u = roleTeo
		}
		env.TG.SendText(u, group, []string{"/moi", "/donvi", "/xyz", "/vang 1/4"}[i%4])
	}
	waitHandled(t, env)
	env.Settle()
	if got := len(env.TG.SentTo(group.ID)) - sentBefore; got != 2 {
		t.Fatalf("%d refusals in the group for 40 refused commands by 2 people, want 2", got)
	}
	// The next day each is told once again.
	env.Clock.Advance(24*time.Hour + time.Second)
	env.TG.SendText(roleTeo, group, "/moi")
	env.NextTo(group.ID, sentBefore+2)
}

// An invited admin cannot mint admin links (only configured admins can), and a newer
// admin link withdraws the older ones.
func TestAdminLinksConfiguredOnlyAndNewestWins(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	first := roleTokenOf(t, roleAsk(t, env, admin, "/moi quantri", "https://t.me/"))
	second := roleTokenOf(t, roleAsk(t, env, admin, "/moi quantri", "https://t.me/"))
	roleAsk(t, env, roleMinh, "/start "+first, "hết hạn")
	roleAsk(t, env, roleMinh, "/start "+second, "Cơ quan thường trực")
	roleAsk(t, env, roleMinh, "/moi quantri", "chỉ cán bộ quản trị được khai báo")
	if n := guardCount(t, env, `SELECT count(*) FROM invites WHERE role = 'admin'`); n != 2 {
		t.Errorf("%d admin invites, want 2 (the invited admin made none)", n)
	}
}
