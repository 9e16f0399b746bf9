package reminders_test

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
)

var cmpLoc, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

type cmpFix struct {
	db   *store.DB
	plan store.Plan
	cal  *reminders.Calendar
}

func newCmpFix(t testing.TB) *cmpFix {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := db.EnsurePlan(ctx, store.DefaultPlanYAML())
	if err != nil {
		t.Fatal(err)
	}
	cal, err := reminders.NewCalendar(p)
	if err != nil {
		t.Fatal(err)
	}
	return &cmpFix{db: db, plan: p, cal: cal}
}

func (f *cmpFix) report(t testing.TB, at time.Time, unit string, model int, st store.Status, pct int, note string) {
	t.Helper()
	err := f.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddReport(context.Background(), store.Report{Unit: unit, Model: model, Status: st, Percent: pct,
			Note: note, Reporter: 42, ReceivedAt: at, Week: f.cal.Week(at).ID, Month: f.cal.Month(at).ID, Quarter: f.cal.Quarter(at).ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *cmpFix) compile(t testing.TB, cy reminders.Cycle, now time.Time) store.Summary {
	t.Helper()
	var s store.Summary
	err := f.db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		s, err = reminders.Compile(context.Background(), tx, f.plan, f.cal, cy, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func cmpModel(t testing.TB, s store.Summary, n int) store.ModelSummary {
	t.Helper()
	for _, m := range s.Models {
		if m.Model.Number == n {
			return m
		}
	}
	t.Fatalf("model %d not in summary", n)
	return store.ModelSummary{}
}

func cmpEntry(m store.ModelSummary, unit string) (store.Entry, bool) {
	for _, e := range m.Entries {
		if e.Unit.Code == unit {
			return e, true
		}
	}
	return store.Entry{}, false
}

func TestCompileWeek(t *testing.T) {
	f := newCmpFix(t)
	d := func(day, h int) time.Time { return time.Date(2024, 3, day, h, 0, 0, 0, cmpLoc) }
	// W11 runs Tue 5 March to Mon 11 March.
	f.report(t, d(6, 9), "CAH", 9, store.StatusInProgress, 60, "đã cài ASM")
	f.report(t, d(8, 9), "CAH", 9, store.StatusDone, -1, "xong <ASM>") // supersedes
	f.report(t, d(11, 10), "X-MYTAN", 20, store.StatusBlocked, -1, "thiếu camera")
	f.report(t, d(12, 9), "VHTT", 9, store.StatusInProgress, -1, "") // next week
	f.report(t, d(4, 9), "VHTT", 9, store.StatusNotStarted, -1, "")  // previous week

	cy := f.cal.Week(d(11, 9))
	if cy.ID != "2024-W11" {
		t.Fatalf("cycle %s", cy.ID)
	}
	s := f.compile(t, cy, d(11, 12))

	m9 := cmpModel(t, s, 9)
	if m9.Status != store.StatusDone || m9.Overdue {
		t.Errorf("MH9 status %q overdue %v, want done, not overdue", m9.Status, m9.Overdue)
	}
	if e, _ := cmpEntry(m9, "CAH"); e.Report == nil || e.Report.Note != "xong <ASM>" || e.Role != store.RoleLead {
		t.Errorf("MH9 CAH entry %+v", e)
	}
	if m9.Entries[0].Role != store.RoleLead {
		t.Errorf("lead not first: %+v", m9.Entries[0])
	}
	if e, ok := cmpEntry(m9, "VHTT"); !ok || e.Report != nil {
		t.Errorf("VHTT should be missing in W11: %+v", e)
	}
	m20 := cmpModel(t, s, 20)
	if e, _ := cmpEntry(m20, "X-MYTAN"); e.Status() != store.StatusBlocked || e.Role != store.RoleSupport {
		t.Errorf("X-MYTAN MH20: %+v", e)
	}
	if s.Reported != 2 || s.OnTime != 2 || s.Late != 0 || s.Missing != s.Expected-2 {
		t.Errorf("counts: reported %d on time %d late %d missing %d expected %d", s.Reported, s.OnTime, s.Late, s.Missing, s.Expected)
	}
	total := 0
	for _, n := range s.ModelsByStatus {
		total += n
	}
	if total != len(f.plan.Models) || s.ModelsByStatus[store.StatusDone] != 1 {
		t.Errorf("models by status %v", s.ModelsByStatus)
	}

	text := messages.SummaryText(s)
	for _, want := range []string{"TUẦN 11/2024", "xong &lt;ASM&gt;", "⚠️ <b>UBND xã Mỹ Tân: Vướng mắc – thiếu camera</b>", "Chưa báo cáo ("} {
		if !strings.Contains(text, want) {
			t.Errorf("summary text lacks %q", want)
		}
	}
	if i, j := strings.Index(text, "MH9."), strings.Index(text, "MH18."); i < 0 || j < 0 {
		t.Errorf("models missing from text")
	}
	for _, part := range messages.Split(text) {
		if err := telegramtest.CheckText(part, "HTML"); err != nil {
			t.Errorf("part refused: %v", err)
		}
	}

	// A report that arrives after the deadline but counts for the cycle (a reply to its
	// reminder) is late.
	err := f.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddReport(context.Background(), store.Report{Unit: "VP", Model: 3, Status: store.StatusInProgress,
			Percent: -1, Reporter: 7, ReceivedAt: d(12, 8), Week: cy.ID, Month: "2024-03", Quarter: "2024-Q1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s = f.compile(t, cy, d(13, 8))
	if s.Late != 1 || s.Reported != 3 {
		t.Errorf("after late report: late %d reported %d", s.Late, s.Reported)
	}

	// Overdue: a model due in the past and not done.
	s = f.compile(t, f.cal.Week(time.Date(2025, 1, 7, 9, 0, 0, 0, cmpLoc)), time.Date(2025, 1, 7, 9, 0, 0, 0, cmpLoc))
	if !cmpModel(t, s, 18).Overdue {
		t.Errorf("MH18 (due %s) not overdue in 2025", cmpModel(t, s, 18).Model.Due)
	}

	var raw []store.Report
	f.db.View(context.Background(), func(tx *store.Tx) error {
		raw, err = tx.AllCycleReports(context.Background(), store.CycleWeek, cy.ID)
		return err
	})
	if len(raw) != 4 { // CAH twice, X-MYTAN, VP late
		t.Fatalf("raw reports %d, want 4", len(raw))
	}
	s = f.compile(t, cy, d(11, 12))
	data, err := messages.SummaryXLSX(s, raw)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); strings.Join(got, "|") != messages.SheetSummary+"|"+messages.SheetMatrix+"|"+messages.SheetReports {
		t.Errorf("sheets %v", got)
	}
	for i, h := range messages.SummaryHeaders {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		if v, _ := x.GetCellValue(messages.SheetSummary, c); v != h {
			t.Errorf("%s = %q, want %q", c, v, h)
		}
	}
	if v, _ := x.GetCellValue(messages.SheetSummary, "A4"); v != "I" {
		t.Errorf("A4 = %q, want group I", v)
	}
	rows, _ := x.GetRows(messages.SheetReports)
	if len(rows) != 5 || rows[1][1] != "CAH" || rows[1][9] != "Không" || rows[2][9] != "Có" {
		t.Errorf("raw sheet rows %q", rows)
	}
	csv, err := messages.SummaryCSV(s)
	if err != nil || !bytes.Contains(csv, []byte("X-MYTAN")) {
		t.Errorf("csv: %v", err)
	}

	png, err := messages.SummaryChart(s, []store.CycleRate{{CycleID: "2024-W10", Expected: 30, Reported: 20}, {CycleID: "2024-W11", Expected: 30, Reported: 2}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := image.Decode(bytes.NewReader(png)); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("TOCONGTAC_ARTIFACTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "chart.png"), png, 0o644)
		os.WriteFile(filepath.Join(dir, "summary.xlsx"), data, 0o644)
		os.WriteFile(filepath.Join(dir, "summary.txt"), []byte(messages.PlainText(text)), 0o644)
	}
}

func TestCompileExcusesAbsentFocalWithoutDeputy(t *testing.T) {
	f := newCmpFix(t)
	ctx := context.Background()
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for _, m := range []struct {
			unit string
			role store.MemberRole
			user int64
		}{{"CAH", store.MemberFocal, 1}, {"VP", store.MemberFocal, 2}, {"VP", store.MemberDeputy, 3}, {"VHTT", store.MemberFocal, 4}} {
			if _, err := tx.SetMember(ctx, m.unit, m.role, m.user); err != nil {
				return err
			}
		}
		// CAH's focal away over the due day, no deputy: excused. VP's focal away but its
		// deputy is there: expected. VHTT's absence was cancelled: expected.
		for _, a := range []store.Absence{
			{Unit: "CAH", UserID: 1, FromDay: "2024-03-08", ToDay: "2024-03-15"},
			{Unit: "VP", UserID: 2, FromDay: "2024-03-01", ToDay: "2024-03-20"},
			{Unit: "VHTT", UserID: 4, FromDay: "2024-03-01", ToDay: "2024-03-20"},
		} {
			if _, err := tx.AddAbsence(ctx, a); err != nil {
				return err
			}
		}
		_, err := tx.CancelAbsences(ctx, 4, "VHTT", "2024-03-01")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cy := f.cal.Week(time.Date(2024, 3, 11, 9, 0, 0, 0, cmpLoc))
	s := f.compile(t, cy, time.Date(2024, 3, 11, 9, 0, 0, 0, cmpLoc))
	excused := map[string]bool{}
	for _, u := range s.Units {
		if u.Excused {
			excused[u.Unit.Code] = true
		}
	}
	if len(excused) != 1 || !excused["CAH"] {
		t.Errorf("excused %v, want only CAH", excused)
	}
	if s.Expected != len(s.Units)-1 {
		t.Errorf("expected %d of %d units", s.Expected, len(s.Units))
	}
}

func TestLeadStatusAndOrder(t *testing.T) {
	f := newCmpFix(t)
	s := f.compile(t, f.cal.Week(time.Date(2024, 3, 11, 9, 0, 0, 0, cmpLoc)), time.Date(2024, 3, 11, 9, 0, 0, 0, cmpLoc))
	rank := map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
	for i := 1; i < len(s.Models); i++ {
		a, b := s.Models[i-1].Model, s.Models[i].Model
		if rank[a.Group] > rank[b.Group] || (a.Group == b.Group && a.Number > b.Number) {
			t.Errorf("order: MH%d (%s) before MH%d (%s)", a.Number, a.Group, b.Number, b.Group)
		}
	}
	if s.Reported != 0 || s.Missing != s.Expected || s.ModelsByStatus[""] != len(s.Models) {
		t.Errorf("empty cycle: %+v", s.ModelsByStatus)
	}
}
