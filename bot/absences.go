package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/bot/parse"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// parseAbsenceDay reads dd/mm, dd/mm/yyyy (also with '.' or '-') or yyyy-mm-dd; dd/mm is in
// the current year. It returns the day as yyyy-mm-dd and whether a year was given.
func parseAbsenceDay(s string, now time.Time) (day string, yearGiven bool, ok bool) {
	var d, m, y int
	var err error
	atoi := func(x string) int {
		if err != nil {
			return 0
		}
		var n int
		n, err = strconv.Atoi(x)
		return n
	}
	if parts := strings.Split(s, "-"); len(parts) == 3 && len(parts[0]) == 4 {
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
		yearGiven = true
	} else {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		switch len(parts) {
		case 2:
			d, m, y = atoi(parts[0]), atoi(parts[1]), now.Year()
		case 3:
			d, m, y = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
			if len(parts[2]) == 2 {
				y += 2000
			}
			yearGiven = true
		default:
			return "", false, false
		}
	}
	if err != nil || y < 2000 || y > 2200 {
		return "", false, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", false, false // 31/02
	}
	return t.Format(time.DateOnly), yearGiven, true
}

func (b *Bot) cmdAway(ctx context.Context, s *scope, args string) error {
	ms, err := b.unitsOf(ctx, s)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return b.replyNotMember(ctx, s)
	}
	me := s.from.ID
	p := s.ws.plan
	loc := p.Location()
	now := b.now().In(loc)
	today := store.DayOf(now, loc)
	units := map[string]store.Unit{}
	for _, c := range memberUnitCodes(ms) {
		u, ok := p.Unit(c)
		if !ok {
			u = store.Unit{Code: c}
		}
		units[c] = u
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		current, err := s.tx.UserAbsences(ctx, me, today)
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.AbsenceUsage(current, units))
	}
	switch parse.Fold(fields[0]) {
	case "huy", "cancel", "xoa":
		cancelled, err := s.tx.CancelAbsences(ctx, me, "", today)
		if err != nil {
			return err
		}
		if len(cancelled) == 0 {
			return s.reply(ctx, messages.NoAbsence())
		}
		for _, a := range cancelled {
			if err := s.tx.Audit(ctx, me, store.AuditAbsenceCancel, a.Unit, me,
				fmt.Sprintf("from=%s to=%s", a.FromDay, a.ToDay)); err != nil {
				return err
			}
		}
		return s.reply(ctx, messages.AbsenceCancelled(cancelled, units))
	}
	from, _, ok := parseAbsenceDay(fields[0], now)
	if !ok {
		return s.reply(ctx, messages.AbsenceBadDate(fields[0]))
	}
	to, rest := from, fields[1:]
	if len(rest) > 0 {
		if d, yearGiven, ok := parseAbsenceDay(rest[0], now); ok {
			to, rest = d, rest[1:]
			if to < from && !yearGiven {
				// "28/12 03/01": the end is in the next year.
				t, _ := time.Parse(time.DateOnly, to)
				to = t.AddDate(1, 0, 0).Format(time.DateOnly)
			}
		}
	}
	tf, _ := time.Parse(time.DateOnly, from)
	tt, _ := time.Parse(time.DateOnly, to)
	if to < from || to < today || tt.Sub(tf) >= maxAbsenceDays*24*time.Hour {
		return s.reply(ctx, messages.AbsenceBadRange(from, to, maxAbsenceDays))
	}
	reason := strings.Join(rest, " ")
	if r := []rune(reason); len(r) > 200 {
		reason = string(r[:200])
	}
	var covers []messages.AbsenceCover
	for _, c := range memberUnitCodes(ms) {
		if _, err := s.tx.AddAbsence(ctx, store.Absence{Unit: c, UserID: me, FromDay: from, ToDay: to, Reason: reason}); err != nil {
			return err
		}
		detail := fmt.Sprintf("from=%s to=%s", from, to)
		if reason != "" {
			detail += " note=" + reason
		}
		if err := s.tx.Audit(ctx, me, store.AuditAbsence, c, me, detail); err != nil {
			return err
		}
		if !slices.ContainsFunc(ms, func(m store.Membership) bool { return m.Unit == c && m.Role == store.MemberFocal }) {
			continue // a deputy's absence changes nobody's reminders while the focal point is in
		}
		members, err := s.tx.UnitMembers(ctx, c)
		if err != nil {
			return err
		}
		cover := messages.AbsenceCover{Unit: units[c]}
		for _, m := range members {
			if m.Role == store.MemberDeputy && m.UserID != me {
				cover.Deputy = b.describeChat(ctx, s.tx, m.UserID)
				if err := s.send(ctx, store.Outgoing{ChatID: m.UserID, Purpose: "role",
					Text: messages.DeputyCovering(units[c], b.describeChat(ctx, s.tx, me), from, to)}); err != nil {
					return err
				}
			}
		}
		covers = append(covers, cover)
	}
	return s.reply(ctx, messages.AbsenceSaved(from, to, reason, covers))
}
