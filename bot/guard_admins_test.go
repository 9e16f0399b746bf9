package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/store"
)

// An invited admin could never be removed. Now a configured admin lists the admins and
// removes an invited one, with a confirmation; the unused links that admin made stop
// working; configured admins cannot be removed in chat.
func TestInvitedAdminCanBeRemoved(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	achat := env.TG.Private(admin)
	token := roleTokenOf(t, roleAsk(t, env, admin, "/moi quantri", "https://t.me/"))
	roleAsk(t, env, roleMinh, "/start "+token, "Cơ quan thường trực")
	pending := roleTokenOf(t, roleAsk(t, env, roleMinh, "/moi X-MYTAN", "https://t.me/"))

	// The invited admin sees the list but cannot remove anyone.
	list := roleAsk(t, env, roleMinh, "/quantri", "Cán bộ quản trị", "khai báo trong cấu hình")
	if list.ReplyMarkup != nil && len(list.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("an invited admin got removal buttons")
	}
	env.TG.Press(roleMinh, env.TG.Private(roleMinh), list.MessageID, fmt.Sprintf("qt:yes:%d", admin.ID))
	roleWaitAfter(t, env, roleMinh.ID, list.MessageID, "chỉ cán bộ quản trị khai báo trong cấu hình")

	list = roleAsk(t, env, admin, "/quantri", "Lê Minh @minh_le", "được mời qua link")
	if list.ReplyMarkup == nil || len(list.ReplyMarkup.InlineKeyboard) != 1 {
		t.Fatalf("want one removal button, got %+v", list.ReplyMarkup)
	}
	btn := list.ReplyMarkup.InlineKeyboard[0][0]
	env.TG.Press(admin, achat, list.MessageID, btn.CallbackData)
	confirm := roleWaitAfter(t, env, admin.ID, list.MessageID, "có chắc chắn", "Lê Minh")
	// Nothing happens before the confirmation.
	roleAsk(t, env, roleMinh, "/donvi", "Danh bạ đầu mối")
	// A configured admin is not removable, even with a crafted button.
	env.TG.Press(admin, achat, confirm.MessageID, fmt.Sprintf("qt:yes:%d", admin.ID))
	roleWaitAfter(t, env, admin.ID, confirm.MessageID, "không phải cán bộ quản trị được mời")
	env.TG.Press(admin, achat, confirm.MessageID, fmt.Sprintf("qt:yes:%d", roleMinh.ID))
	roleWaitAfter(t, env, admin.ID, confirm.MessageID, "không còn là cán bộ quản trị")
	env.WaitText(roleMinh.ID, "đã được gỡ")

	roleAsk(t, env, roleMinh, "/donvi", "chỉ dành cho Cơ quan thường trực")
	roleAsk(t, env, roleTeo, "/start "+pending, "hết hạn")
	if n := guardCount(t, env, `SELECT count(*) FROM audit WHERE action = ?`, store.AuditAdminRemove); n != 1 {
		t.Errorf("%d removals audited, want 1", n)
	}
	if !strings.Contains(roleAsk(t, env, admin, "/quantri", "Cán bộ quản trị").PlainText, "Không có cán bộ quản trị nào được mời") {
		t.Errorf("the removed admin is still listed")
	}
}

func menuHas(cmds []models.BotCommand, name string) bool {
	return slices.ContainsFunc(cmds, func(c models.BotCommand) bool { return c.Command == name })
}

// waitMenu waits until a private chat's menu has (or lacks) /name: role changes reach
// the menus after the commit, off the poll loop.
func waitMenu(t *testing.T, env *bottest.Env, chat int64, name string, want bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for menuHas(env.TG.MenuOf(chat), name) != want {
		if time.Now().After(deadline) {
			t.Fatalf("chat %d: /%s in menu = %v, want %v", chat, name, !want, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The one menu for everyone listed the admin commands. Now admins' chats get the full
// menu and everyone else the focal points' one, following role changes.
func TestMenusFollowAdminChanges(t *testing.T) {
	env := bottest.Start(t)
	admin := bottest.Admin
	waitMenu(t, env, admin.ID, "moi", true)
	waitMenu(t, env, admin.ID, "tonghop", true)
	waitMenu(t, env, roleStray.ID, "baocao", true)
	for _, c := range []string{"moi", "tonghop", "xuat", "nhacnho", "donvi"} {
		waitMenu(t, env, roleStray.ID, c, false)
	}
	token := roleTokenOf(t, roleAsk(t, env, admin, "/moi quantri", "https://t.me/"))
	roleAsk(t, env, roleMinh, "/start "+token, "Cơ quan thường trực")
	waitMenu(t, env, roleMinh.ID, "moi", true)
	list := roleAsk(t, env, admin, "/quantri", "Lê Minh")
	env.TG.Press(admin, env.TG.Private(admin), list.MessageID, fmt.Sprintf("qt:yes:%d", roleMinh.ID))
	env.WaitText(roleMinh.ID, "đã được gỡ")
	waitMenu(t, env, roleMinh.ID, "moi", false)
	waitMenu(t, env, roleMinh.ID, "baocao", true)
}
