package bot

import (
	"context"

	"github.com/tocongtac/tocongtac/store"
)

// AddCommandForTest registers a command whose handler writes through the update's
// transaction and then runs f (which may panic).
func (b *Bot) AddCommandForTest(name string, f func(write func(store.Outgoing))) {
	b.commands[name] = &command{names: []string{name}, run: func(ctx context.Context, s *scope, _ string) error {
		var err error
		f(func(m store.Outgoing) {
			m.ChatID = s.chatID
			err = s.send(ctx, m)
		})
		return err
	}}
}
