package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// A view that rolls up child groups (a province's /tonghop, /xuat, /bieudo, /baocaotinh) reads
// every commune's state: a second or more at province scale. Built in the update's
// transaction it would hold up every update behind it, so the update only records a
// request and viewLoop builds the answer on a read snapshot. The request and its answer
// are each committed whole, so a crash between them builds it again, answering once.

// viewAttempts is how many times a request is tried before the asker is told it failed.
const viewAttempts = 3

// offLoop reports whether command c, asked of the workspace's group, is built by viewLoop.
func (s *scope) offLoop(c *command) bool {
	return c.rollup && len(s.ws.plans.children(s.ws.group.ID)) > 0
}

// requestView records the command for viewLoop; its answer follows the commit.
func (b *Bot) requestView(ctx context.Context, s *scope, c *command, args string) error {
	err := s.tx.RequestView(ctx, store.ViewRequest{ChatID: s.chatID, UserID: s.from.ID, Command: c.names[0],
		Args: args, Label: s.label, Priority: s.class})
	if err != nil {
		return err
	}
	s.after(func(context.Context) { b.wakeViews() })
	return nil
}

func (b *Bot) wakeViews() {
	select {
	case b.viewWake <- struct{}{}:
	default:
	}
}

// viewLoop builds the requested views, oldest first, until ctx ends; what it has not
// finished stays requested for the next start.
func (b *Bot) viewLoop(ctx context.Context) {
	for {
		r, ok, err := b.db.NextViewRequest(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			b.log.Error().Err(err).Msg("view requests")
			sleep(ctx, time.Second)
			continue
		case ok:
			b.buildView(ctx, r)
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-b.viewWake:
		}
	}
}

// buildView answers request r: the view, or after viewAttempts failures an apology.
func (b *Bot) buildView(ctx context.Context, r store.ViewRequest) {
	var out []store.Outgoing
	err := b.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = b.runView(ctx, tx.In(r.Group), r)
		return err
	})
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		b.log.Error().Err(err).Int64("view_request", r.ID).Str("command", r.Command).Time("requested_at", r.RequestedAt).
			Int("attempt", r.Attempts+1).Msg("view not built")
		if r.Attempts+1 < viewAttempts {
			if err := b.db.Update(ctx, func(tx *store.Tx) error { return tx.ViewRequestFailed(ctx, r.ID) }); err != nil {
				b.log.Error().Err(err).Msg("view request")
			}
			sleep(ctx, time.Duration(r.Attempts+1)*time.Second)
			return
		}
		out = []store.Outgoing{{ChatID: r.ChatID, Purpose: "reply", Priority: r.Priority, Text: messages.InternalError()}}
	}
	err = b.db.Update(ctx, func(tx *store.Tx) error {
		tx = tx.In(r.Group)
		if taken, err := tx.TakeViewRequest(ctx, r.ID); !taken || err != nil {
			return err
		}
		for _, m := range out {
			if _, _, err := tx.Enqueue(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.log.Error().Err(err).Int64("view_request", r.ID).Msg("view answer not queued")
		sleep(ctx, time.Second)
		return
	}
	b.send.notify()
}

// runView runs the requested command on a read snapshot and returns what it would send.
// Whether the asker may see the group was checked when the request was recorded.
func (b *Bot) runView(ctx context.Context, tx *store.Tx, r store.ViewRequest) (out []store.Outgoing, err error) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error().Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).Msg("view panicked")
			err = fmt.Errorf("view /%s panicked", r.Command)
		}
	}()
	c, ok := b.commands[r.Command]
	if !ok {
		return nil, fmt.Errorf("no command /%s", r.Command)
	}
	ws, err := b.loadWorkspace(ctx, tx)
	if err != nil {
		return nil, err
	}
	ws.addAdmin(r.UserID)
	s := &scope{tx: tx, ws: ws, chatID: r.ChatID, from: &models.User{ID: r.UserID}, label: r.Label,
		class: r.Priority, built: &out}
	err = c.run(ctx, s, r.Args)
	return out, err
}
