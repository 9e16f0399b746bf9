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
	served, err := b.unitsOf(ctx, s)
	if err != nil {
		return err
	}
	if len(served) == 0 {
		return b.replyNotMember(ctx, s)
	}
	me := s.from.ID
	p := s.ws.plan
	now := b.now().In(p.Location())
	units := map[string]store.Unit{}
	for _, u := range served {
		units[u.Code] = u
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		current, err := workgroup.Absences(ctx, s.tx, p, me, now)
		if err != nil {
			return err
		}
		return s.reply(ctx, messages.AbsenceUsage(current, units))
	}
	switch parse.Fold(fields[0]) {
	case "huy", "cancel", "xoa":
		cancelled, err := workgroup.CancelAbsences(ctx, s.tx, p, me, now)
		if err != nil {
			return err
		}
		if len(cancelled) == 0 {
			return s.reply(ctx, messages.NoAbsence())
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
	decl, err := workgroup.DeclareAbsence(ctx, s.tx, p, me, from, to, strings.Join(rest, " "), now)
	if errors.Is(err, workgroup.ErrAbsenceRange) {
		return s.reply(ctx, messages.AbsenceBadRange(from, to, workgroup.MaxAbsenceDays))
	}
	if errors.Is(err, workgroup.ErrNotServing) {
		return b.replyNotMember(ctx, s)
	}
	if err != nil {
		return err
	}
	var covers []messages.AbsenceCover
	for _, c := range decl.Covers {
		cover := messages.AbsenceCover{Unit: c.Unit}
		if c.Deputy != 0 {
			cover.Deputy = b.describeChat(ctx, s.tx, c.Deputy)
			if err := s.send(ctx, store.Outgoing{ChatID: c.Deputy, Purpose: "role",
				Text: messages.DeputyCovering(c.Unit, b.describeChat(ctx, s.tx, me), from, to)}); err != nil {
				return err
			}
		}
		covers = append(covers, cover)
	}
	return s.reply(ctx, messages.AbsenceSaved(decl.From, decl.To, decl.Reason, covers))
}
