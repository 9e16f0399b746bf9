package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

func alertsTo(env *bottest.Env, chat int64) []string {
	var out []string
	for _, s := range env.TG.SentTo(chat) {
		if strings.Contains(s.PlainText, "Vướng mắc –") {
			out = append(out, s.PlainText)
		}
	}
	return out
}

// 300 blocker reports from one focal point used to queue 300 alerts to every admin and
// the group. Now the first goes at once, the same blocker is not repeated, and the rest
// go as one alert per unit when the 5-minute window closes, with the latest note.
func TestBlockerAlertsCoalescedAndDeduplicated(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	group := env.TG.Group(5201, "Tổ công tác 06")
	m := env.TG.SendText(admin, group, "/nhom")
	roleWaitAfter(t, env, group.ID, m.ID, "Tổ công tác 06")
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)

	env.Say(roleTeo, "MH30 vuong mac: thieu kinh phi")
	env.WaitText(admin.ID, "thieu kinh phi")
	env.WaitText(group.ID, "thieu kinh phi")
	for i := range 30 {
		note := "thieu kinh phi" // the same blocker again: not repeated
		if i%2 == 1 {
			note = fmt.Sprintf("thieu may tinh %d", i)
		}
		env.Say(roleTeo, "MH30 vuong mac: "+note)
	}
	env.Say(roleTeo, "MH27 vuong mac: chua co duong truyen")
	env.Settle()
	if got := alertsTo(env, admin.ID); len(got) != 1 {
		t.Fatalf("%d alerts to the admin within the window, want 1: %q", len(got), got)
	}
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE purpose = 'alert'`); n != 2 {
		t.Fatalf("%d alert rows queued, want 2 (admin and group)", n)
	}

	env.Clock.Advance(5*time.Minute + time.Second)
	last := env.WaitText(admin.ID, "thieu may tinh 29", "chua co duong truyen")
	env.WaitText(group.ID, "thieu may tinh 29", "chua co duong truyen")
	if strings.Contains(last.PlainText, "thieu may tinh 27") {
		t.Errorf("coalesced alert repeats superseded notes: %q", last.PlainText)
	}
	env.Settle()
	if got := alertsTo(env, admin.ID); len(got) != 2 {
		t.Fatalf("%d alerts to the admin, want 2", len(got))
	}
	// Two days later (Wednesday, past the late-week question) the same blocker is news again.
	env.Clock.Advance(49 * time.Hour)
	env.Say(roleTeo, "MH30 vuong mac: thieu kinh phi")
	env.Settle()
	if got := alertsTo(env, admin.ID); len(got) != 3 {
		t.Fatalf("%d alerts to the admin after a day, want 3", len(got))
	}
}

// Pruning removes handled update ids, delivered texts, old strangers and ended keys,
// and keeps what is still needed.
func TestPruneKeepsWhatIsNeeded(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(roleTeo, "X-MYTAN", store.MemberFocal)
	env.Say(roleTeo, "MH30 xong")
	env.Say(roleStray, "xin chao")
	env.Settle()
	ctx := context.Background()
	// Someone who left long ago, still in users.
	storetest.Exec(t, env.DB, `INSERT INTO users (id, first_name, seen_at) VALUES (9999, 'Cũ', 1)`)
	// An admin named in the configuration who has been silent as long: kept.
	storetest.Exec(t, env.DB, `INSERT INTO users (id, first_name, seen_at) VALUES (9998, 'Quản trị', 1)`)
	env.Clock.Advance(72 * time.Hour)
	p, err := env.DB.Prune(ctx, 9998)
	if err != nil {
		t.Fatal(err)
	}
	if p.Updates == 0 || p.Texts == 0 || p.Users != 1 || p.Quiet == 0 {
		t.Errorf("pruned %+v", p)
	}
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE text <> ''`); n != 0 {
		t.Errorf("%d delivered texts kept", n)
	}
	if n := guardCount(t, env, `SELECT count(*) FROM outbox WHERE tg_message_id <> 0`); n == 0 {
		t.Errorf("delivered metadata was pruned")
	}
	if n := guardCount(t, env, `SELECT count(*) FROM users WHERE id = ?`, roleTeo.ID); n != 1 {
		t.Errorf("a focal point was pruned from users")
	}
	if n := guardCount(t, env, `SELECT count(*) FROM users WHERE id = 9998`); n != 1 {
		t.Errorf("a configured admin was pruned from users")
	}
	if n := guardCount(t, env, `SELECT count(*) FROM reports`); n != 1 {
		t.Errorf("reports pruned: %d", n)
	}
}
