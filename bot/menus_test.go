package bot_test

import (
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

func hasCommand(cmds []models.BotCommand, name string) bool {
	for _, c := range cmds {
		if c.Command == name {
			return true
		}
	}
	return false
}

// TestMenusPerRole: focal points see no admin commands; the standing office sees them in
// its private chats; groups get the views.
func TestMenusPerRole(t *testing.T) {
	env := bottest.Start(t)
	env.Say(stranger, "/start") // the bot is up: menus are registered before polling
	focal := env.TG.CommandsFor(telegramtest.ScopeKey("default", 0))
	admin := env.TG.CommandsFor(telegramtest.ScopeKey("chat", bottest.Admin.ID))
	group := env.TG.CommandsFor(telegramtest.ScopeKey("all_group_chats", 0))
	if !hasCommand(focal, "baocao") || !hasCommand(focal, "vang") {
		t.Errorf("focal menu %v", focal)
	}
	for _, c := range []string{"moi", "tonghop", "nhacnho", "donvi", "xuat"} {
		if hasCommand(focal, c) {
			t.Errorf("focal menu offers /%s", c)
		}
		if !hasCommand(admin, c) {
			t.Errorf("admin menu lacks /%s", c)
		}
	}
	if !hasCommand(group, "tonghop") || hasCommand(group, "moi") || hasCommand(group, "baocao") {
		t.Errorf("group menu %v", group)
	}
}
