package reminders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// FanoutResult counts what one reminder fan-out did.
type FanoutResult struct {
	Queued       int // reminders queued (one per unit and recipient)
	Units        int // units reminded
	Reported     int // units that reported everything: nothing sent
	Absent       int // people not reminded because they are away
	Unreachable  int // recipients skipped because they blocked the bot
	NoMember     int // units with somebody to remind missing and nobody bound
	AdminNotices int // "nobody available" notices queued to admins
}

// unitState is one unit's position in a cycle, and who can act for it on a given day.
type unitState struct {
	unit    store.Unit
	sum     store.UnitSummary // the unit in the cycle's state
	missing []store.Model
	focal   *store.Membership
	deputy  *store.Membership
	away    map[int64]store.Absence // absences of its members covering the day
}

func (u unitState) isAway(m *store.Membership) bool {
	if m == nil {
		return false
	}
	_, ok := u.away[m.UserID]
	return ok
}

// available is who can report for the unit on the day: focal point and deputy, minus
// those away. nobody is true when the focal point is away and no deputy covers.
func (u unitState) available() (who []int64, nobody bool) {
	if u.focal != nil && !u.isAway(u.focal) {
		who = append(who, u.focal.UserID)
	}
	if u.deputy != nil && !u.isAway(u.deputy) {
		who = append(who, u.deputy.UserID)
	}
	return who, len(who) == 0 && u.focal != nil && u.isAway(u.focal)
}

// unitStates reads the cycle's state (what each unit has still to report) and adds who
// serves each unit on day (yyyy-mm-dd), which for a reminder is not the due day.
func unitStates(ctx context.Context, tx *store.Tx, cur Current, cy Cycle, day string, now time.Time) ([]unitState, store.Summary, error) {
	sum, err := Compile(ctx, tx, cur.Plan, cur.Cal, cy, now)
	if err != nil {
		return nil, sum, err
	}
	absences, err := tx.AbsencesOn(ctx, day)
	if err != nil {
		return nil, sum, err
	}
	away := map[string]map[int64]store.Absence{}
	for _, a := range absences {
		if away[a.Unit] == nil {
			away[a.Unit] = map[int64]store.Absence{}
		}
		away[a.Unit][a.UserID] = a
	}
	members, err := tx.AllMembers(ctx)
	if err != nil {
		return nil, sum, err
	}
	byUnit := map[string][]store.Membership{}
	for _, m := range members {
		byUnit[m.Unit] = append(byUnit[m.Unit], m)
	}
	open := workgroup.OpenByUnit(sum)
	out := make([]unitState, 0, len(sum.Units))
	for _, us := range sum.Units {
		st := unitState{unit: us.Unit, sum: us, missing: open[us.Unit.Code], away: away[us.Unit.Code]}
		st.focal, st.deputy = store.SplitRoles(byUnit[us.Unit.Code])
		out = append(out, st)
	}
	return out, sum, nil
}

// lastDay is the last day reports count for cy (Due is midnight after it).
func lastDay(cal *Calendar, cy Cycle) time.Time { return workgroup.LastDay(cy, cal.Location()) }

// fanOut queues the personal reminders of cy for slot key, in tx.
func (s *Service) fanOut(ctx context.Context, tx *store.Tx, cur Current, cy Cycle, key string, at time.Time, late bool) (FanoutResult, error) {
	return s.fanOutTo(ctx, tx, cur, cy, key, at, late, nil)
}

// fanOutTo is fanOut for the units in only (every unit when nil).
func (s *Service) fanOutTo(ctx context.Context, tx *store.Tx, cur Current, cy Cycle, key string, at time.Time, late bool, only map[string]bool) (FanoutResult, error) {
	var res FanoutResult
	loc := cur.Cal.Location()
	states, sum, err := unitStates(ctx, tx, cur, cy, at.In(loc).Format(time.DateOnly), at)
	if err != nil {
		return res, err
	}
	// The scheduled slots of one day make one reminder per person (the key names the day,
	// not the slot); /nhacnho ("manual@…") always sends.
	sameDay := key
	scheduled := !strings.HasPrefix(key, "manual@")
	if scheduled {
		sameDay = at.In(loc).Format(time.DateOnly)
	}
	// One reminder a week in an ordinary week: a monthly reminder goes only to those not
	// reminded yet this week (Monday to Sunday); a weekly report counts for the month too.
	var weekStart time.Time
	if scheduled && cy.Kind == Month {
		y, m, d := at.In(loc).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, loc)
		weekStart = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	}
	group := s.groupName(cur) // once: it lists every group's plan
	for _, st := range states {
		if only != nil && !only[st.unit.Code] {
			continue
		}
		if len(st.missing) == 0 {
			res.Reported++
			continue
		}
		who, nobody := st.available()
		if st.isAway(st.focal) {
			res.Absent++
		}
		if st.isAway(st.deputy) {
			res.Absent++
		}
		if nobody {
			n, err := s.tellNobodyAvailable(ctx, tx, st)
			if err != nil {
				return res, err
			}
			res.AdminNotices += n
			continue
		}
		if st.focal == nil && st.deputy == nil {
			res.NoMember++
			continue
		}
		var blocked []store.Report
		if cy.Kind == Week {
			blocked = openBlockers(sum, st.unit.Code)
		}
		blockedNums := make([]int, len(blocked))
		for i, b := range blocked {
			blockedNums[i] = b.Model
		}
		text := messages.Reminder(messages.ReminderInfo{
			UnitName: st.unit.Name, Kind: string(cy.Kind), CycleID: cy.ID, LastDay: lastDay(cur.Cal, cy), Start: cy.Start,
			Missing: st.missing, Blocked: blocked, Late: late, Group: group,
		})
		markup := messages.ReminderMarkup(cur.Plan.UnitRef(st.unit.Code), blockedNums)
		reminded := false
		for _, chat := range who {
			off, err := tx.Unreachable(ctx, chat)
			if err != nil {
				return res, err
			}
			if off {
				res.Unreachable++
				continue
			}
			if !weekStart.IsZero() {
				done, err := tx.RemindedSince(ctx, chat, weekStart)
				if err != nil {
					return res, err
				}
				if done {
					continue
				}
			}
			_, queued, err := tx.Enqueue(ctx, store.Outgoing{
				ChatID: chat, Priority: store.PriorityBulk, Purpose: "reminder",
				Text: text, ReplyMarkup: markup,
				DedupeKey: fmt.Sprintf("rem:%s:%s:%s:%d", cy.ID, sameDay, st.unit.Code, chat),
				Unit:      st.unit.Code, Cycle: cy.ID,
			})
			if err != nil {
				return res, err
			}
			if queued {
				res.Queued++
				reminded = true
			}
		}
		if reminded {
			res.Units++
		}
	}
	return res, nil
}

// openBlockers are the unit's open blockers in the state.
func openBlockers(sum store.Summary, unit string) []store.Report {
	var out []store.Report
	for _, b := range sum.Blockers {
		if b.Unit == unit {
			out = append(out, b.Report)
		}
	}
	return out
}

// tellNobodyAvailable tells the admins, once per absence, that the unit has nobody to report.
func (s *Service) tellNobodyAvailable(ctx context.Context, tx *store.Tx, st unitState) (int, error) {
	a := st.away[st.focal.UserID]
	fresh, err := tx.MarkAbsenceNotified(ctx, a.ID)
	if err != nil || !fresh {
		return 0, err
	}
	who, err := tx.FindUser(ctx, st.focal.UserID)
	if err != nil && err != store.ErrNotFound {
		return 0, err
	}
	text := messages.NobodyAvailable(st.unit.Name, who, a.FromDay, a.ToDay)
	n := 0
	for _, chat := range s.admins(ctx, tx) {
		_, queued, err := tx.Enqueue(ctx, store.Outgoing{
			ChatID: chat, Priority: store.PriorityBulk, Purpose: "absence", Text: text,
			DedupeKey: fmt.Sprintf("absent:%d:%d", a.ID, chat), Unit: st.unit.Code,
		})
		if err != nil {
			return n, err
		}
		if queued {
			n++
		}
	}
	return n, nil
}

func (s *Service) admins(ctx context.Context, tx *store.Tx) []int64 {
	if s.Admins == nil {
		return nil
	}
	return s.Admins(ctx, tx)
}

// escalate tells the standing office which units missed the slot's (closed) cycle.
func (s *Service) escalate(ctx context.Context, tx *store.Tx, cur Current, sl Slot, late bool) (int, error) {
	cy := sl.Cycle
	last := lastDay(cur.Cal, cy)
	states, sum, err := unitStates(ctx, tx, cur, cy, last.Format(time.DateOnly), sl.At)
	if err != nil {
		return 0, err
	}
	info := messages.EscalationInfo{Kind: string(cy.Kind), CycleID: cy.ID, LastDay: last, Expected: sum.Expected, Late: late}
	for _, st := range states {
		if len(st.missing) == 0 {
			continue
		}
		eu := messages.EscalationUnit{Code: st.unit.Code, Name: st.unit.Name}
		for _, m := range st.missing {
			eu.Missing = append(eu.Missing, m.Number)
		}
		for _, u := range []*store.User{st.sum.Focal, st.sum.Deputy} {
			if u != nil {
				eu.People = append(eu.People, *u)
			}
		}
		switch {
		case st.sum.Excused:
			info.Absent = append(info.Absent, eu)
		case st.sum.Focal == nil:
			info.NoFocal = append(info.NoFocal, eu)
		case st.sum.Unreachable:
			info.Unreachable = append(info.Unreachable, eu)
		default:
			info.Missed = append(info.Missed, eu)
		}
	}
	recipients := s.admins(ctx, tx)
	if s.Groups != nil {
		recipients = append(recipients, s.Groups(ctx, tx)...)
	}
	queued := 0
	seen := map[int64]bool{}
	for _, chat := range recipients {
		if seen[chat] {
			continue
		}
		seen[chat] = true
		off, err := tx.Unreachable(ctx, chat)
		if err != nil {
			return queued, err
		}
		if off {
			continue
		}
		for i, part := range messages.Split(messages.Escalation(info)) {
			_, ok, err := tx.Enqueue(ctx, store.Outgoing{
				ChatID: chat, Priority: store.PriorityBulk, Purpose: "escalation", Text: part,
				DedupeKey: fmt.Sprintf("esc:%s:%s:%d:%d", cy.ID, sl.Key(), i, chat), Cycle: cy.ID,
			})
			if err != nil {
				return queued, err
			}
			if ok {
				queued++
			}
		}
	}
	return queued, nil
}

// Model deadlines: a lead unit is reminded this many days before a model's due date.
var deadlineDays = []int{14, 3}

// deadlineHour is when, on its day, a model-deadline reminder is due.
const deadlineHour = 8

// daysLeft counts the calendar days from the reminder's day to the due day.
func (d deadlineSlot) daysLeft() int { return daysBetween(d.at, d.due) }

type deadlineSlot struct {
	model store.Model
	days  int
	at    time.Time
	due   time.Time // midnight starting the due day
}

func (d deadlineSlot) key() string {
	return fmt.Sprintf("model-due@%s/MH%d-%dd", d.at.Format(time.DateOnly), d.model.Number, d.days)
}

// modelDeadlines are the deadline reminders due at now: of the offsets passed since the
// installation, only the latest counts (after downtime the 3-day one replaces the
// 14-day one), and none once the due day is over.
func modelDeadlines(cur Current, now, since time.Time) []deadlineSlot {
	loc := cur.Cal.Location()
	var out []deadlineSlot
	for _, m := range cur.Plan.Models {
		if m.Due.IsZero() {
			continue
		}
		due := m.Due.In(loc)
		if !now.Before(due.AddDate(0, 0, 1)) {
			continue
		}
		var pick *deadlineSlot
		for _, d := range deadlineDays {
			// On a working day: a day off moves the reminder back, so it still comes early.
			at := cur.Cal.PrevWorkday(due.AddDate(0, 0, -d).Add(deadlineHour * time.Hour))
			if !at.After(now) && at.After(since) && (pick == nil || at.After(pick.at)) {
				pick = &deadlineSlot{model: m, days: d, at: at, due: due}
			}
		}
		if pick != nil {
			out = append(out, *pick)
		}
	}
	return out
}

// runDeadline reminds each lead unit of a model that has not reported it done.
func (s *Service) runDeadline(ctx context.Context, cur Current, d deadlineSlot) (int, error) {
	queued := 0
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		tx = cur.in(tx)
		queued = 0
		fresh, err := tx.RecordSlot(ctx, d.key(), "model-deadline", fmt.Sprintf("MH%d", d.model.Number), d.at)
		if err != nil || !fresh {
			return err
		}
		day := d.at.Format(time.DateOnly)
		for _, a := range cur.Plan.Assignments() {
			if a.Model != d.model.Number || a.Role != store.RoleLead {
				continue
			}
			latest, err := tx.LatestReports(ctx, a.Unit)
			if err != nil {
				return err
			}
			status := store.Status("")
			for _, r := range latest {
				if r.Model == a.Model {
					status = r.Status
				}
			}
			if status == store.StatusDone {
				continue
			}
			unit, _ := cur.Plan.Unit(a.Unit)
			states, err := memberState(ctx, tx, unit, day)
			if err != nil {
				return err
			}
			who, _ := states.available()
			if len(who) > 1 && states.focal != nil && !states.isAway(states.focal) {
				who = who[:1] // the focal point; the deputy only stands in
			}
			text := messages.ModelDeadline(unit.Name, d.model, d.due, d.daysLeft(), status)
			for _, chat := range who {
				off, err := tx.Unreachable(ctx, chat)
				if err != nil {
					return err
				}
				if off {
					continue
				}
				_, ok, err := tx.Enqueue(ctx, store.Outgoing{
					ChatID: chat, Priority: store.PriorityBulk, Purpose: "deadline", Text: text,
					ReplyMarkup: messages.ReminderMarkup(cur.Plan.UnitRef(unit.Code), nil),
					DedupeKey:   fmt.Sprintf("due:%d:%d:%s:%d", d.model.Number, d.days, unit.Code, chat),
					Unit:        unit.Code,
				})
				if err != nil {
					return err
				}
				if ok {
					queued++
				}
			}
		}
		return nil
	})
	return queued, err
}

// memberState is who serves one unit on day.
func memberState(ctx context.Context, tx *store.Tx, u store.Unit, day string) (unitState, error) {
	st := unitState{unit: u, away: map[int64]store.Absence{}}
	ms, err := tx.UnitMembers(ctx, u.Code)
	if err != nil {
		return st, err
	}
	st.focal, st.deputy = store.SplitRoles(ms)
	abs, err := tx.AbsencesOn(ctx, day)
	if err != nil {
		return st, err
	}
	for _, a := range abs {
		if strings.EqualFold(a.Unit, u.Code) {
			st.away[a.UserID] = a
		}
	}
	return st, nil
}
