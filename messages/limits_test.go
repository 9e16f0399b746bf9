package messages_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// gen makes hostile but plausible user and plan text.
type gen struct{ r *rand.Rand }

var pieces = []string{"&", "<", ">", `"`, "'", "&amp;", "<b>", "</i>", "🔄", "👨‍👩‍👧", "ệ", "Nguyễn Văn A", " ", "\n",
	"thiếu kinh phi", "MH9", "%", "{}", "\u00a0"}

func (g gen) text(max int) string {
	var b strings.Builder
	n := g.r.IntN(max + 1)
	for b.Len() < n {
		switch g.r.IntN(12) {
		case 0:
			b.WriteString(strings.Repeat(pieces[g.r.IntN(len(pieces))], 1+g.r.IntN(1500)))
		case 1:
			b.WriteString(strings.Repeat("x", 1+g.r.IntN(5000))) // a very long word
		default:
			b.WriteString(pieces[g.r.IntN(len(pieces))])
		}
	}
	return b.String()
}

// long is text that is usually far beyond one message.
func (g gen) long() string { return g.text(9000) }

func (g gen) user(id int64) store.User {
	return store.User{ID: id, FirstName: g.long(), LastName: g.text(40), Username: g.text(20)}
}

func (g gen) status() store.Status {
	return []store.Status{store.StatusDone, store.StatusInProgress, store.StatusNotStarted, store.StatusBlocked}[g.r.IntN(4)]
}

func (g gen) line(model int) messages.ReportLine {
	return messages.ReportLine{Model: model, Status: g.status(), Percent: g.r.IntN(101), Note: g.long()}
}

func (g gen) plan() store.Plan {
	p := store.Plan{Title: g.long(), Timezone: "Asia/Ho_Chi_Minh", StandingOffice: "CAH"}
	for i := range 6 {
		p.Units = append(p.Units, store.Unit{Code: "U" + string(rune('A'+i)) + strings.Repeat("X", g.r.IntN(40)), Name: g.long(), Tags: []string{"xa"}})
	}
	for i := range 15 {
		p.Models = append(p.Models, store.Model{Number: i + 1, Group: "II", Title: g.long(),
			Lead: []string{p.Units[i%6].Code}, Deadline: g.text(30), Platforms: g.text(30)})
	}
	return p
}

func (g gen) summary(p store.Plan, now time.Time) store.Summary {
	loc, _ := time.LoadLocation(p.Timezone)
	s := store.Summary{Kind: store.CycleWeek, CycleID: "2024-W11", Start: now.AddDate(0, 0, -7), End: now, Due: now,
		Location: loc, Expected: len(p.Units), ModelsByStatus: map[store.Status]int{}}
	for _, u := range p.Units {
		s.Units = append(s.Units, store.UnitSummary{Unit: u, Models: 15, Reported: g.r.IntN(16), FirstAt: now, Late: g.r.IntN(2) == 0})
	}
	for _, m := range p.Models {
		ms := store.ModelSummary{Model: m, Leads: m.Lead, Status: g.status(), Percent: -1}
		for _, u := range p.Units {
			rep := &store.Report{Unit: u.Code, Model: m.Number, Status: g.status(), Percent: -1, Note: g.long(), Source: "text", ReceivedAt: now}
			ms.Entries = append(ms.Entries, store.Entry{Unit: u, Role: store.RoleLead, Report: rep, Late: g.r.IntN(2) == 0})
		}
		s.Models = append(s.Models, ms)
	}
	return s
}

// kind is one message the bot builds; whole means it is sent as it is (an edit, a text
// with a keyboard, a caption) rather than through Split.
type kind struct {
	name    string
	whole   bool
	caption bool
	build   func(g gen, p store.Plan, now time.Time) string
}

var kinds = []kind{
	{"welcome", true, false, func(g gen, p store.Plan, _ time.Time) string { return messages.Welcome(g.r.IntN(2) == 0, p.Title) }},
	{"reminder", true, false, func(g gen, p store.Plan, now time.Time) string {
		var blocked []store.Report
		for _, m := range p.Models {
			blocked = append(blocked, store.Report{Model: m.Number, Note: g.long()})
		}
		return messages.Reminder(messages.ReminderInfo{UnitName: p.Units[0].Name, Kind: store.CycleWeek, CycleID: "2024-W11",
			LastDay: now, Missing: p.Models, Blocked: blocked})
	}},
	{"guided status", true, false, func(g gen, p store.Plan, _ time.Time) string {
		return messages.GuidedStatus(p.Units[0].Code, 9, p.Models[0].Title, g.line(9), true)
	}},
	{"guided models", true, false, func(g gen, p store.Plan, _ time.Time) string {
		return messages.GuidedModels(p.Units[0].Name, p.Units[0].Code, "2024-W11")
	}},
	{"report confirmation", false, false, func(g gen, p store.Plan, _ time.Time) string {
		s := messages.ReportSummary{UnitName: p.Units[0].Name, UnitCode: p.Units[0].Code, Week: "2024-W11"}
		for i := range 15 {
			s.Recorded = append(s.Recorded, g.line(i+1))
			s.Problems = append(s.Problems, messages.LineProblem{Line: i + 1, Raw: g.long(), Kind: messages.LineProblemKind(1 + i%11), Model: i})
		}
		return messages.ReportConfirmation(s)
	}},
	{"model deadline", true, false, func(g gen, p store.Plan, now time.Time) string {
		return messages.ModelDeadline(p.Units[0].Name, p.Models[0], now, 3, g.status())
	}},
	{"unreachable", true, false, func(g gen, p store.Plan, _ time.Time) string {
		return messages.RecipientUnreachable(messages.Person(g.user(200023)),
			[]messages.UnitRole{{Unit: p.Units[0], Role: store.MemberFocal}, {Unit: p.Units[1], Role: store.MemberDeputy}})
	}},
	{"summary caption", true, true, func(g gen, p store.Plan, now time.Time) string { return messages.SummaryCaption(g.summary(p, now)) }},
	{"chart caption", true, true, func(g gen, p store.Plan, now time.Time) string { return messages.ChartCaption(g.summary(p, now)) }},
	{"summary brief", true, false, func(g gen, p store.Plan, now time.Time) string {
		var rows []messages.MissingRow
		var bs []store.Blocker
		for i, u := range append(append(p.Units, p.Units...), p.Units...) {
			f := g.user(int64(i))
			rows = append(rows, messages.MissingRow{Unit: u, Focal: &f})
			bs = append(bs, store.Blocker{Report: store.Report{Unit: u.Code, Model: 1 + i%15, Note: g.long()}, Since: now.Add(-time.Hour)})
		}
		return messages.SummaryBrief(p, g.summary(p, now), rows, bs, now, true)
	}},
	{"group rollup", true, false, func(g gen, p store.Plan, now time.Time) string {
		var rows []store.GroupHeadline
		for i := range 166 {
			rows = append(rows, store.GroupHeadline{Group: store.Group{ID: int64(i + 2), Code: g.text(60), Name: g.long(), Parent: 1},
				Expected: 20, Complete: g.r.IntN(21), Late: g.r.IntN(20), OpenBlockers: g.r.IntN(9), OldestDays: g.r.IntN(400),
				Trend: []float64{g.r.Float64()}, Missing: []string{g.long()}})
		}
		own := store.GroupHeadline{Group: store.Group{ID: 1, Name: g.long()}, Expected: 30, Complete: 3, OpenBlockers: 2}
		return messages.GroupRollupBrief(g.long(), messages.RollupPeriod(g.summary(p, now)), own, rows)
	}},
	{"blocker alert", false, false, func(g gen, p store.Plan, _ time.Time) string {
		titles := map[int]string{}
		var lines []messages.ReportLine
		for _, m := range p.Models {
			titles[m.Number] = m.Title
			lines = append(lines, g.line(m.Number))
		}
		return messages.BlockerAlert(p.Units[0].Name, p.Units[0].Code, messages.Person(g.user(7)), lines, titles)
	}},
	{"summary", false, false, func(g gen, p store.Plan, now time.Time) string {
		s := g.summary(p, now)
		return messages.ScheduledSummaryIntro(s) + "\n\n" + messages.SummaryText(s)
	}},
	{"open blockers", false, false, func(g gen, p store.Plan, now time.Time) string {
		var bs []store.Blocker
		for _, m := range p.Models {
			bs = append(bs, store.Blocker{Report: store.Report{Unit: m.Lead[0], Model: m.Number, Note: g.long()}, Since: now.Add(-time.Hour)})
		}
		return messages.OpenBlockers(p, bs, now)
	}},
	{"escalation", false, false, func(g gen, p store.Plan, now time.Time) string {
		e := messages.EscalationInfo{Kind: store.CycleWeek, CycleID: "2024-W11", LastDay: now, Expected: 6}
		for i, u := range p.Units {
			e.Missed = append(e.Missed, messages.EscalationUnit{Code: u.Code, Name: u.Name, People: []store.User{g.user(int64(i))}, Missing: []int{1, 2, 3}})
		}
		return messages.Escalation(e)
	}},
	{"mine", false, false, func(g gen, p store.Plan, _ time.Time) string {
		u := messages.MineUnit{Code: p.Units[0].Code, Name: p.Units[0].Name, Role: store.MemberFocal, Week: "2024-W11", Month: "2024-03"}
		for _, m := range p.Models {
			u.Models = append(u.Models, messages.MineModel{Model: m.Number, Title: m.Title, Week: g.line(m.Number), Month: g.line(m.Number), WeekReported: true})
		}
		return messages.Mine([]messages.MineUnit{u})
	}},
	{"home", false, false, func(g gen, p store.Plan, _ time.Time) string {
		u := messages.MineUnit{Code: p.Units[0].Code, Name: p.Units[0].Name, Role: store.MemberDeputy, Week: "2024-W11"}
		for _, m := range p.Models {
			u.Models = append(u.Models, messages.MineModel{Model: m.Number, Short: messages.ShortTitle(m), Week: g.line(m.Number), WeekReported: true})
		}
		return messages.HomeHelp(messages.Home([]messages.MineUnit{u, u}), true)
	}},
	{"bound", false, false, func(g gen, p store.Plan, _ time.Time) string {
		var lead []messages.ModelLine
		for _, m := range p.Models {
			lead = append(lead, messages.ModelLine{Number: m.Number, Title: m.Title})
		}
		return messages.Bound(p.Units[0], store.InviteFocal, lead, lead)
	}},
	{"directory", false, false, func(g gen, p store.Plan, now time.Time) string {
		var es []messages.DirectoryEntry
		for i, u := range p.Units {
			f := g.user(int64(i))
			es = append(es, messages.DirectoryEntry{Unit: u, Focal: messages.Seat{User: &f, Away: "2024-03-20"}, LastReport: now})
		}
		loc, _ := time.LoadLocation(p.Timezone)
		return messages.Directory(es, g.text(30), loc)
	}},
	{"missing list", false, false, func(g gen, p store.Plan, now time.Time) string {
		var rows []messages.MissingRow
		for i, u := range p.Units {
			f := g.user(int64(i))
			rows = append(rows, messages.MissingRow{Unit: u, Focal: &f, LastAt: now, Models: 15})
		}
		loc, _ := time.LoadLocation(p.Timezone)
		return messages.MissingList(g.summary(p, now), rows, loc)
	}},
	{"absence saved", false, false, func(g gen, p store.Plan, _ time.Time) string {
		return messages.AbsenceSaved("2024-03-11", "2024-03-15", g.long(), []messages.AbsenceCover{{Unit: p.Units[0], Deputy: messages.Person(g.user(3))}})
	}},
	{"admins bound", false, false, func(g gen, p store.Plan, _ time.Time) string {
		return messages.AdminsBound(p.Units[0], store.InviteDeputy, messages.Person(g.user(1)), messages.Person(g.user(2)))
	}},
}

// TestEveryMessageWithinTelegramLimits builds every kind of message from hostile notes,
// names and titles and checks each part the bot would send against the fake server's rules.
func TestEveryMessageWithinTelegramLimits(t *testing.T) {
	now := time.Date(2024, 3, 11, 8, 0, 0, 0, time.UTC)
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			for seed := range uint64(6) {
				g := gen{rand.New(rand.NewPCG(seed, 14))}
				text := k.build(g, g.plan(), now)
				switch {
				case k.caption:
					if err := telegramtest.CheckCaption(text, "HTML"); err != nil {
						t.Fatalf("seed %d: caption refused: %v", seed, err)
					}
				case k.whole:
					if err := telegramtest.CheckText(text, "HTML"); err != nil {
						t.Fatalf("seed %d: refused: %v (%d bytes)", seed, err, len(text))
					}
				default:
					for i, part := range messages.Split(text) {
						if err := telegramtest.CheckText(part, "HTML"); err != nil {
							t.Fatalf("seed %d: part %d refused: %v", seed, i+1, err)
						}
					}
				}
			}
		})
	}
}
