package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// cmdDirectory is /donvi [code|tag|tatca] [excel]: bound people, pending invites, absences,
// phones and unreachable persons of the units picked, as text or a workbook.
func (b *Bot) cmdDirectory(ctx context.Context, s *scope, args string) error {
	p := s.ws.plan
	units, filter, asFile := p.Units, "", false
	for _, w := range strings.Fields(args) {
		switch parse.Fold(w) {
		case "excel", "xlsx", "tep", "file":
			asFile = true
			continue
		}
		picked, sel := workgroup.SelectUnits(p, w)
		if sel == workgroup.SelectNone || filter != "" {
			return s.reply(ctx, messages.DirectoryUsage())
		}
		if sel != workgroup.SelectAll {
			units, filter = picked, w
		}
	}
	loc := s.ws.loc()
	entries, err := b.directory(ctx, s.tx, units, loc)
	if err != nil {
		return err
	}
	if asFile {
		file, err := messages.DirectoryXLSX(entries, loc)
		if err != nil {
			return err
		}
		return s.send(ctx, store.Outgoing{ChatID: s.chatID, Kind: store.KindDocument, Text: messages.DirectoryFileCaption(len(entries)),
			FileName: messages.DirectoryFileName(s.tx.Now().In(loc)), File: file})
	}
	return s.reply(ctx, messages.Directory(entries, filter, loc))
}

// directory gathers what /donvi shows of units.
func (b *Bot) directory(ctx context.Context, tx *store.Tx, units []store.Unit, loc *time.Location) ([]messages.DirectoryEntry, error) {
	members, err := tx.AllMembers(ctx)
	if err != nil {
		return nil, err
	}
	last, err := tx.LastReportTimes(ctx)
	if err != nil {
		return nil, err
	}
	away, err := tx.AbsencesOn(ctx, store.DayOf(b.now(), loc))
	if err != nil {
		return nil, err
	}
	people, err := tx.People(ctx)
	if err != nil {
		return nil, err
	}
	pending, err := tx.PendingInvites(ctx)
	if err != nil {
		return nil, err
	}
	seatKey := func(unit string, role store.MemberRole) string { return unit + "/" + string(role) }
	awayUntil := map[string]string{} // unit/user → last day away
	for _, a := range away {
		k := a.Unit + "/" + strconv.FormatInt(a.UserID, 10)
		awayUntil[k] = max(awayUntil[k], a.ToDay)
	}
	byPerson := map[string]*store.Person{}
	for i := range people {
		byPerson[seatKey(people[i].Unit, people[i].Role)] = &people[i]
	}
	byInvite := map[string]*store.Invite{}
	for i := range pending { // newest first: keep the first seen
		k := seatKey(pending[i].Unit, store.MemberRole(pending[i].Role))
		if byInvite[k] == nil {
			byInvite[k] = &pending[i]
		}
	}
	byUnit := map[string]*messages.DirectoryEntry{}
	entries := make([]messages.DirectoryEntry, len(units))
	for i, u := range units {
		entries[i] = messages.DirectoryEntry{Unit: u, LastReport: last[u.Code]}
		entries[i].Focal = messages.Seat{Person: byPerson[seatKey(u.Code, store.MemberFocal)], Pending: byInvite[seatKey(u.Code, store.MemberFocal)]}
		entries[i].Deputy = messages.Seat{Person: byPerson[seatKey(u.Code, store.MemberDeputy)], Pending: byInvite[seatKey(u.Code, store.MemberDeputy)]}
		byUnit[u.Code] = &entries[i]
	}
	for _, m := range members {
		e := byUnit[m.Unit]
		if e == nil {
			continue // not picked, or no longer in the plan
		}
		u, err := tx.FindUser(ctx, m.UserID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if errors.Is(err, store.ErrNotFound) {
			u = store.User{ID: m.UserID}
		}
		off, err := tx.Unreachable(ctx, m.UserID)
		if err != nil {
			return nil, err
		}
		seat := &e.Deputy
		if m.Role == store.MemberFocal {
			seat = &e.Focal
		}
		seat.User, seat.Unreachable = &u, off
		seat.Away = awayUntil[m.Unit+"/"+strconv.FormatInt(m.UserID, 10)]
	}
	return entries, nil
}
