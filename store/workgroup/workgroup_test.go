package workgroup_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

const plan = `title: Kế hoạch thử
timezone: Asia/Ho_Chi_Minh
standing_office: CAH
units:
  - {code: CAH, name: Công an huyện}
  - {code: X-A, name: UBND xã A, tags: [xa]}
models:
  - {number: 1, group: I, title: Một, lead: [CAH, "@xa"]}
  - {number: 2, group: I, title: Hai, lead: ["@xa"]}
  - {number: 3, group: II, title: Ba, lead: ["@xa"], recurring: true}
`

var hanoi, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func open(t *testing.T) (*store.DB, store.Plan) { return openWith(t, []byte(plan)) }

// openWith is a real database file in a temp dir holding the plan in yaml; every test of
// the core starts from it.
func openWith(t *testing.T, yaml []byte) (*store.DB, store.Plan) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "wg.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := db.EnsurePlan(ctx, yaml)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

func TestResolveAndRecord(t *testing.T) {
	db, p := open(t)
	ctx := context.Background()
	week := workgroup.CycleIDs{Week: "2024-W11", Month: "2024-03", Quarter: "2024-Q1"}
	at := time.Date(2024, 3, 8, 9, 0, 0, 0, hanoi)
	err := db.Update(ctx, func(tx *store.Tx) error {
		res, err := workgroup.Resolve(ctx, tx, p, "X-A", workgroup.Reply{
			All: &workgroup.Line{Status: store.StatusInProgress, Percent: -1},
			Lines: []workgroup.Line{
				{Model: 2, Status: store.StatusBlocked, Percent: -1, Note: "thiếu camera"},
				{Model: 9, Status: store.StatusDone, Percent: -1}, // not in the plan
			},
		})
		if err != nil {
			return err
		}
		if len(res.Lines) != 3 || res.Lines[1].Status != store.StatusBlocked || res.Lines[0].Source != workgroup.SourceAll {
			t.Errorf("resolved %+v", res.Lines)
		}
		if len(res.Unknown) != 1 || res.Unknown[0].Model != 9 {
			t.Errorf("unknown %+v", res.Unknown)
		}
		blockers, err := workgroup.Record(ctx, tx, "X-A", res.Lines, workgroup.Origin{Reporter: 1, At: at, Cycles: week})
		if err != nil {
			return err
		}
		if len(blockers) != 1 || blockers[0].Model != 2 {
			t.Errorf("new blockers %+v", blockers)
		}
		// "giữ nguyên" repeats the statuses; a repeated blocker is not raised again.
		res, err = workgroup.Resolve(ctx, tx, p, "X-A", workgroup.Reply{KeepPrevious: true})
		if err != nil {
			return err
		}
		blockers, err = workgroup.Record(ctx, tx, "X-A", res.Lines, workgroup.Origin{Reporter: 1, At: at.Add(time.Hour), Cycles: week})
		if err != nil {
			return err
		}
		if len(res.Lines) != 3 || len(blockers) != 0 {
			t.Errorf("keep: %+v, blockers %+v", res.Lines, blockers)
		}
		// The blocker follow-up: a stranger is refused, the unit's focal point resolves it once.
		if _, err := tx.SetMember(ctx, "X-A", store.MemberFocal, 1); err != nil {
			return err
		}
		out, err := workgroup.BlockerFollowUp(ctx, tx, "X-A", 2, true, "đã xử lý", workgroup.Origin{Reporter: 2, At: at, Cycles: week})
		if err != nil || out != workgroup.FollowUpNotServing {
			t.Errorf("stranger follow-up: %v %v", out, err)
		}
		out, err = workgroup.BlockerFollowUp(ctx, tx, "X-A", 2, true, "đã xử lý", workgroup.Origin{Reporter: 1, At: at, Cycles: week})
		if err != nil || out != workgroup.FollowUpResolved {
			t.Errorf("follow-up: %v %v", out, err)
		}
		out, err = workgroup.BlockerFollowUp(ctx, tx, "X-A", 2, false, "", workgroup.Origin{Reporter: 1, At: at, Cycles: week})
		if err != nil || out != workgroup.FollowUpNotOpen {
			t.Errorf("second follow-up: %v %v", out, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCycleStateCarriesDoneButNotRecurring(t *testing.T) {
	db, p := open(t)
	ctx := context.Background()
	prev := time.Date(2024, 3, 1, 9, 0, 0, 0, hanoi)
	cy := store.Cycle{Kind: store.KindWeek, ID: "2024-W11", Start: time.Date(2024, 3, 5, 0, 0, 0, 0, hanoi),
		End: time.Date(2024, 3, 12, 0, 0, 0, 0, hanoi)}
	cy.Due = cy.End
	var s store.Summary
	err := db.Update(ctx, func(tx *store.Tx) error {
		old := workgroup.Origin{Reporter: 1, At: prev, Cycles: workgroup.CycleIDs{Week: "2024-W10"}}
		done := []workgroup.Line{{Model: 1, Status: store.StatusDone, Percent: -1}, {Model: 2, Status: store.StatusDone, Percent: -1},
			{Model: 3, Status: store.StatusDone, Percent: -1}}
		if _, err := workgroup.Record(ctx, tx, "X-A", done, old); err != nil {
			return err
		}
		var err error
		s, err = workgroup.CycleState(ctx, tx, p, hanoi, cy, cy.End)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var xa store.UnitSummary
	for _, u := range s.Units {
		if u.Unit.Code == "X-A" {
			xa = u
		}
	}
	// MH1 and MH2 carry forward; MH3 is recurring and asked for again. Nothing was sent
	// this cycle, so the unit has not reported.
	if xa.Carried != 2 || xa.Reported != 0 || xa.Progress != store.ProgressNone || xa.Open() != 1 {
		t.Fatalf("X-A: %+v", xa)
	}
	if open := workgroup.OpenByUnit(s)["X-A"]; len(open) != 1 || open[0].Number != 3 {
		t.Fatalf("open models of X-A: %+v", open)
	}
	if s.Expected != 2 || s.Missing != 2 || s.Partial != 0 || s.Complete != 0 {
		t.Fatalf("counts: expected %d missing %d partial %d complete %d", s.Expected, s.Missing, s.Partial, s.Complete)
	}
}

// Headlines reads the done models once for several cycles: each cycle must still carry
// only what was done before it, as Headline of that cycle alone does.
func TestHeadlinesAgreeWithHeadline(t *testing.T) {
	db, p := open(t)
	ctx := context.Background()
	week := func(n int) store.Cycle {
		start := time.Date(2024, 3, 5+7*(n-11), 0, 0, 0, 0, hanoi)
		end := start.AddDate(0, 0, 7)
		return store.Cycle{Kind: store.KindWeek, ID: fmt.Sprintf("2024-W%d", n), Start: start, End: end, Due: end}
	}
	cycles := []store.Cycle{week(10), week(11), week(12), week(13)}
	send := func(tx *store.Tx, unit string, cy store.Cycle, lines ...workgroup.Line) error {
		at := cy.Start.Add(30 * time.Hour)
		_, err := workgroup.Record(ctx, tx, unit, lines, workgroup.Origin{Reporter: 1, At: at, Cycles: workgroup.CycleIDs{Week: cy.ID}})
		return err
	}
	line := func(model int, st store.Status) workgroup.Line {
		return workgroup.Line{Model: model, Status: st, Percent: -1}
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		return errors.Join(
			send(tx, "X-A", cycles[0], line(1, store.StatusDone), line(2, store.StatusInProgress)),
			send(tx, "CAH", cycles[1], line(1, store.StatusDone)),
			send(tx, "X-A", cycles[2], line(2, store.StatusDone)),
			send(tx, "CAH", cycles[3], line(1, store.StatusInProgress)), // reopened
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	var together []store.Summary
	alone := make([]store.Summary, len(cycles))
	err = db.View(ctx, func(tx *store.Tx) error {
		var err error
		if together, err = workgroup.Headlines(ctx, tx, p, hanoi, cycles, cycles[3].End); err != nil {
			return err
		}
		for i, cy := range cycles {
			if alone[i], err = workgroup.Headline(ctx, tx, p, hanoi, cy, cycles[3].End); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	carried := func(s store.Summary, unit string) int {
		for _, u := range s.Units {
			if u.Unit.Code == unit {
				return u.Carried
			}
		}
		return -1
	}
	// X-A carries MH1 from W11 on and MH2 from W13; CAH's MH1 was reopened, so it is
	// carried into no week (the done mark is gone).
	want := []int{0, 1, 1, 2}
	for i := range cycles {
		if !reflect.DeepEqual(together[i], alone[i]) {
			t.Errorf("%s: Headlines\n%+v\nHeadline\n%+v", cycles[i].ID, together[i], alone[i])
		}
		if got := carried(together[i], "X-A"); got != want[i] {
			t.Errorf("%s: X-A carries %d models, want %d", cycles[i].ID, got, want[i])
		}
		if got := carried(together[i], "CAH"); got != 0 {
			t.Errorf("%s: CAH carries %d models, want 0", cycles[i].ID, got)
		}
	}
}
