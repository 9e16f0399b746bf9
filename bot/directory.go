package bot

import (
	"context"
	"errors"
	"strconv"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func (b *Bot) cmdDirectory(ctx context.Context, s *scope, _ string) error {
	p := s.ws.plan
	members, err := s.tx.AllMembers(ctx)
	if err != nil {
		return err
	}
	last, err := s.tx.LastReported(ctx)
	if err != nil {
		return err
	}
	loc := s.ws.loc()
	away, err := s.tx.AbsencesOn(ctx, store.DayOf(b.now(), loc))
	if err != nil {
		return err
	}
	awayUntil := map[string]string{} // unit/user → last day away
	for _, a := range away {
		k := a.Unit + "/" + strconv.FormatInt(a.UserID, 10)
		awayUntil[k] = max(awayUntil[k], a.ToDay)
	}
	users := map[int64]*store.User{}
	var userErr error
	user := func(id int64) *store.User {
		if u, ok := users[id]; ok {
			return u
		}
		u, err := s.tx.FindUser(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			userErr = err
		}
		users[id] = &u
		return &u
	}
	byUnit := map[string]*messages.DirectoryEntry{}
	entries := make([]messages.DirectoryEntry, len(p.Units))
	for i, u := range p.Units {
		entries[i] = messages.DirectoryEntry{Unit: u, LastReport: last[u.Code]}
		byUnit[u.Code] = &entries[i]
	}
	for _, m := range members {
		e := byUnit[m.Unit]
		if e == nil {
			continue // a unit no longer in the plan
		}
		if m.Role == store.MemberFocal {
			e.Focal = user(m.UserID)
			e.FocalAway = awayUntil[m.Unit+"/"+strconv.FormatInt(m.UserID, 10)]
		} else {
			e.Deputy = user(m.UserID)
		}
	}
	if userErr != nil {
		return userErr
	}
	return s.reply(ctx, messages.Directory(entries, loc))
}
