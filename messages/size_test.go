package messages_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// visible is what a phone shows: the plain text, counted in characters.
func visible(t *testing.T, html string) int {
	t.Helper()
	if err := telegramtest.CheckText(html, "HTML"); err != nil {
		t.Fatalf("refused: %v\n%s", err, html)
	}
	return utf8.RuneCountInString(strings.TrimSpace(messages.PlainText(html)))
}

// TestEmbeddedPlanMessageSizes: with the embedded plan, every unit's weekly reminder
// listing all its models stays within 600 characters, and so does the welcome.
func TestEmbeddedPlanMessageSizes(t *testing.T) {
	p := store.DefaultPlan()
	day := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)
	most, longest, longestText := 0, 0, ""
	for _, u := range p.Units {
		var missing []store.Model
		for _, a := range p.UnitModels(u.Code) {
			m, _ := p.Model(a.Model)
			missing = append(missing, m)
		}
		most = max(most, len(missing))
		text := messages.Reminder(messages.ReminderInfo{UnitName: u.Name, Kind: store.CycleWeek, CycleID: "2024-W11", LastDay: day, Missing: missing})
		n := visible(t, text)
		if n > longest {
			longest, longestText = n, messages.PlainText(text)
		}
		if n > 600 {
			t.Errorf("%s: reminder for %d models is %d characters:\n%s", u.Code, len(missing), n, messages.PlainText(text))
		}
	}
	t.Logf("longest reminder: %d characters\n%s", longest, longestText)
	if most < 15 {
		t.Errorf("no unit with 15 models (most %d): the test would prove little", most)
	}
	for _, admin := range []bool{false, true} {
		if n := visible(t, messages.Welcome(admin, p.Title)); n > 600 {
			t.Errorf("welcome (admin %v) is %d characters", admin, n)
		}
	}
	// The summary's first message, everyone late and a blocker on every model with an
	// ordinary note of about 940 characters.
	loc, _ := time.LoadLocation(p.Timezone)
	sum := store.Summary{Kind: store.CycleWeek, CycleID: "2024-W11", Start: day.AddDate(0, 0, -6), End: day.AddDate(0, 0, 1),
		Location: loc, Expected: len(p.Units), Missing: len(p.Units), ModelsByStatus: map[store.Status]int{"": len(p.Models)}}
	var rows []messages.MissingRow
	for i, u := range p.Units {
		rows = append(rows, messages.MissingRow{Unit: u, Focal: &store.User{ID: int64(200000 + i), FirstName: "Nguyễn Thị", LastName: "Phương Thảo"}})
	}
	var blockers []store.Blocker
	for _, m := range p.Models {
		note := strings.Repeat("Chưa có kinh phí mua sắm thiết bị đầu đọc. ", 22)
		blockers = append(blockers, store.Blocker{Report: store.Report{Unit: m.Lead[0], Model: m.Number, Note: note}, Since: day.AddDate(0, 0, -20)})
	}
	if n := visible(t, messages.SummaryBrief(p, sum, rows, blockers, day, true)); n > 1500 {
		t.Errorf("the summary's first message is %d characters", n)
	} else {
		t.Logf("summary's first message: %d characters", n)
	}
	for _, m := range p.Models {
		if m.Short == "" || utf8.RuneCountInString(m.Short) > 24 {
			t.Errorf("MH%d: short name %q (want 1–24 characters)", m.Number, m.Short)
		}
	}
}
