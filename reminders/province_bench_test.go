package reminders_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// The province scale of issue 17: a province working group over 166 commune groups, each
// with 20 units and 22 models, and a year of weekly reports. Benchmarks only: building it
// takes about a minute, once per process (benchmarks run only with -bench).
const (
	provVersion  = "v1" // bump when the generator (storetest.ProvincePlans) changes
	provCommunes = storetest.ProvinceCommunes
	provWeeks    = 52
)

// provNow is the Monday-morning reminder slot the benchmarks stand at: the week due
// today is being reported, the 52 before it are history.
var provNow = time.Date(2025, 12, 22, 7, 30, 0, 0, cmpLoc)

// provInstalled is when every group's plan was imported, before the first week.
var provInstalled = time.Date(2024, 12, 20, 9, 0, 0, 0, cmpLoc)

// province is the built dataset: the database and every group's plan in force.
type province struct {
	db      *store.DB
	all     []reminders.Current // parents first: the province, then its communes
	reports int
}

var (
	provOnce  sync.Map // path -> *sync.Once
	provErr   sync.Map // path -> error
	provCache = os.TempDir()
)

// openProvince returns the dataset with communes commune groups (under a province group
// when withProvince), built once per process (and kept under os.TempDir across runs).
func openProvince(b *testing.B, communes int, withProvince bool) province {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(provCache, fmt.Sprintf("tocongtac-province-%s-c%d-p%t.db", provVersion, communes, withProvince))
	o, _ := provOnce.LoadOrStore(path, &sync.Once{})
	o.(*sync.Once).Do(func() {
		if _, err := os.Stat(path); err == nil {
			return
		}
		start := time.Now()
		if err := buildProvince(ctx, path, communes, withProvince); err != nil {
			provErr.Store(path, err)
			return
		}
		b.Logf("built %s in %s", filepath.Base(path), time.Since(start).Round(time.Second))
	})
	if err, ok := provErr.Load(path); ok {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return provNow }
	all, err := loadCurrents(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return province{db: db, all: all, reports: storetest.Int(b, db, `SELECT count(*) FROM reports`)}
}

// plans is the service's list of plans, a new slice at each call as the bot makes it.
func (pv province) plans() []reminders.Current {
	return slices.Clone(pv.all)
}

// loadCurrents reads every group's plan, calendar and schedule, as the bot does.
func loadCurrents(ctx context.Context, db *store.DB) ([]reminders.Current, error) {
	gs, err := db.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var all []reminders.Current
	for _, g := range gs {
		p, _, _, err := db.LoadGroupPlan(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		cal, err := reminders.NewCalendar(p)
		if err != nil {
			return nil, err
		}
		sched, err := reminders.NewSchedule(p, cal)
		if err != nil {
			return nil, err
		}
		all = append(all, reminders.Current{Group: g, Plan: p, Cal: cal, Sched: sched})
	}
	return all, nil
}

// buildProvince writes the dataset into a temporary file through the store's own
// methods (plans, members, reports, tickets), one transaction per group, then renames it.
func buildProvince(ctx context.Context, path string, communes int, withProvince bool) error {
	tmp := path + ".tmp"
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + s)
	}
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	clock := provInstalled
	db.Now = func() time.Time { return clock }
	files, err := storetest.ProvincePlans(communes, withProvince)
	if err != nil {
		return err
	}
	if _, err := db.ImportGroupPlans(ctx, files); err != nil {
		return err
	}
	all, err := loadCurrents(ctx, db)
	if err != nil {
		return err
	}
	for _, cur := range all {
		err := db.Update(ctx, func(tx *store.Tx) error {
			return fillGroup(ctx, tx.In(cur.Group.ID), cur)
		})
		if err != nil {
			return fmt.Errorf("group %s: %w", cur.Group.Code, err)
		}
	}
	// The service ran all along: every slot before the Monday reminder is done.
	for _, cur := range all {
		err := db.Update(ctx, func(tx *store.Tx) error {
			tx = tx.In(cur.Group.ID)
			for _, sl := range cur.Sched.Due(provNow.Add(-time.Minute), provInstalled) {
				if _, err := tx.RecordSlot(ctx, sl.Key(), string(sl.Job), sl.Cycle.ID, sl.At); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if _, err := db.IntegrityCheck(ctx); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// unitHabit is how a unit reports, week after week.
type unitHabit int

const (
	habitOnTime  unitHabit = iota // every model, before the due day
	habitPartial                  // on time, but only some of the models
	habitLate                     // after Monday's reminder, often after the due day
	habitSilent                   // most weeks nothing
)

func pickHabit(rng *rand.Rand) unitHabit {
	switch n := rng.IntN(100); {
	case n < 70:
		return habitOnTime
	case n < 82:
		return habitPartial
	case n < 93:
		return habitLate
	default:
		return habitSilent
	}
}

// fillGroup binds focal points (and some deputies) and writes a year of weekly reports:
// each (unit, model) progresses until done, with a few blockers on the way.
func fillGroup(ctx context.Context, tx *store.Tx, cur reminders.Current) error {
	g := cur.Group.ID
	rng := rand.New(rand.NewPCG(uint64(g), 17))
	focal := map[string]int64{}
	habit := map[string]unitHabit{}
	for i, u := range cur.Plan.Units {
		habit[u.Code] = pickHabit(rng)
		if rng.IntN(100) < 5 {
			continue // no focal point yet
		}
		focal[u.Code] = 100_000_000 + g*1000 + int64(i)
		if _, err := tx.SetMember(ctx, u.Code, store.MemberFocal, focal[u.Code]); err != nil {
			return err
		}
		if rng.IntN(100) < 20 {
			if _, err := tx.SetMember(ctx, u.Code, store.MemberDeputy, 200_000_000+g*1000+int64(i)); err != nil {
				return err
			}
		}
	}
	type progress struct {
		doneWeek, percent, blockedUntil int
	}
	models := map[string][]int{}
	state := map[store.UnitModel]*progress{}
	for _, a := range cur.Plan.Assignments() {
		models[a.Unit] = append(models[a.Unit], a.Model)
		state[store.UnitModel{Unit: a.Unit, Model: a.Model}] = &progress{doneWeek: 6 + rng.IntN(70), percent: -1}
	}
	cycles := reminders.RecentWeeks(cur.Cal, cur.Cal.Week(provNow), provWeeks+1)
	msgID := 0
	for w, cy := range cycles {
		month, quarter := cur.Cal.Month(cy.Due.Add(-time.Second)).ID, cur.Cal.Quarter(cy.Due.Add(-time.Second)).ID
		for _, u := range cur.Plan.Units {
			who, ok := focal[u.Code]
			if !ok {
				continue
			}
			h := habit[u.Code]
			if rng.IntN(100) < 4 || (h == habitSilent && rng.IntN(100) < 75) {
				continue // a week without a report
			}
			// When the report arrives: before the due day, or after Monday's reminder.
			at := cy.Due.Add(-time.Duration(24+rng.IntN(72)) * time.Hour)
			if h == habitLate || h == habitSilent {
				at = cy.Due.Add(-time.Duration(14)*time.Hour + time.Duration(rng.IntN(40))*time.Hour)
			}
			if !at.Before(provNow) {
				continue // not yet sent this Monday morning
			}
			msgID++
			line := 0
			for _, m := range models[u.Code] {
				st := state[store.UnitModel{Unit: u.Code, Model: m}]
				if st.percent == 100 || (h == habitPartial && rng.IntN(100) < 40) {
					continue // done already (it carries forward), or left out this week
				}
				r := store.Report{Unit: u.Code, Model: m, Reporter: who, ChatID: who, MessageID: msgID, Line: line,
					ReceivedAt: at, Week: cy.ID, Month: month, Quarter: quarter}
				line++
				switch {
				case w >= st.doneWeek:
					r.Status, st.percent = store.StatusDone, 100
				case w < st.blockedUntil:
					r.Status, r.Note = store.StatusBlocked, "Thiếu thiết bị đầu đọc căn cước, đã đề nghị cấp trên hỗ trợ"
				case rng.IntN(1000) < 15:
					st.blockedUntil = w + 1 + rng.IntN(4)
					r.Status, r.Note = store.StatusBlocked, "Chưa có kinh phí triển khai"
				case st.percent < 0 && rng.IntN(3) > 0:
					r.Status = store.StatusNotStarted
				default:
					st.percent = min(95, max(st.percent, 0)+5+rng.IntN(15))
					r.Status, r.Percent = store.StatusInProgress, st.percent
				}
				if r.Status != store.StatusDone && r.Percent == 0 {
					r.Percent = -1
				}
				if _, err := tx.AddReport(ctx, r); err != nil {
					return err
				}
			}
		}
	}
	_, err := tx.AdoptBlockers(ctx)
	return err
}

// BenchmarkProvince measures issue 17's three figures on the province and, as their
// baseline in the same run, the same work for one commune of the same size in a
// database of its own:
//
//	go test ./reminders/ -run '^$' -bench BenchmarkProvince -benchtime 5x
func BenchmarkProvince(b *testing.B) {
	ctx := context.Background()
	b.Run("baseline=one-commune-alone/summary", func(b *testing.B) {
		pv := openProvince(b, 1, false)
		benchCommuneSummary(b, pv, pv.all[0])
	})
	b.Run("baseline=one-commune-alone/monday-fanout", func(b *testing.B) {
		benchFanout(b, openProvince(b, 1, false))
	})
	b.Run("province/rollup", func(b *testing.B) {
		pv := openProvince(b, provCommunes, true)
		var text string
		for b.Loop() {
			rep := provinceReport(b, ctx, pv)
			text = messages.GroupRollupBrief(pv.all[0].Group.Name, messages.RollupPeriod(rep.Summary),
				reminders.OwnHeadline(pv.all[0], rep.Summary, provNow), rep.Groups)
		}
		if !strings.Contains(text, "xa-0") {
			b.Fatalf("the roll-up names no commune:\n%s", text)
		}
		b.ReportMetric(float64(pv.reports), "reports")
		b.ReportMetric(float64(len(pv.all)), "groups")
	})
	b.Run("province/rollup-xlsx", func(b *testing.B) {
		pv := openProvince(b, provCommunes, true)
		var size int
		for b.Loop() {
			data, err := messages.Render(provinceReport(b, ctx, pv), "xlsx")
			if err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		b.ReportMetric(float64(size), "xlsx-bytes")
	})
	b.Run("province/commune-summary", func(b *testing.B) {
		pv := openProvince(b, provCommunes, true)
		benchCommuneSummary(b, pv, pv.all[len(pv.all)/2])
	})
	b.Run("province/monday-fanout", func(b *testing.B) {
		benchFanout(b, openProvince(b, provCommunes, true))
	})
	b.Run("province/idle-minute", func(b *testing.B) {
		benchIdleMinute(b, openProvince(b, provCommunes, true))
	})
}

// benchIdleMinute is the service's minute tick when every due slot is done already: the
// cost every group pays each minute for nothing.
func benchIdleMinute(b *testing.B, pv province) {
	ctx := context.Background()
	at := provNow.Add(-time.Minute)
	svc := &reminders.Service{DB: pv.db, Plans: pv.plans, Now: func() time.Time { return at }}
	before := storetest.Int(b, pv.db, `SELECT count(*) FROM slots`)
	for b.Loop() {
		if err := svc.Reconcile(ctx, at); err != nil {
			b.Fatal(err)
		}
	}
	if after := storetest.Int(b, pv.db, `SELECT count(*) FROM slots`); after != before {
		b.Fatalf("an idle minute recorded %d slots", after-before)
	}
	b.ReportMetric(float64(len(pv.all)), "groups")
}

// provinceReport is what the province admin's /tonghop and /xuat compile: the province's
// own week and its communes' roll-up lines.
func provinceReport(b *testing.B, ctx context.Context, pv province) messages.Report {
	prov := pv.all[0]
	var rep messages.Report
	err := pv.db.View(ctx, func(tx *store.Tx) error {
		tx = tx.In(prov.Group.ID)
		var err error
		if rep, err = reminders.BuildReport(ctx, tx, prov.Plan, prov.Cal, prov.Cal.Week(provNow), provNow); err != nil {
			return err
		}
		return reminders.AddGroups(ctx, tx, &rep, reminders.Children(pv.all, prov.Group.ID), provNow)
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(rep.Groups) != provCommunes {
		b.Fatalf("roll-up of %d communes, want %d", len(rep.Groups), provCommunes)
	}
	return rep
}

// benchCommuneSummary is a commune admin's /tonghop: its report of the week and the brief.
func benchCommuneSummary(b *testing.B, pv province, cur reminders.Current) {
	ctx := context.Background()
	var text string
	for b.Loop() {
		err := pv.db.View(ctx, func(tx *store.Tx) error {
			rep, err := reminders.BuildReport(ctx, tx.In(cur.Group.ID), cur.Plan, cur.Cal, cur.Cal.Week(provNow), provNow)
			sum := rep.Summary
			text = messages.SummaryBrief(cur.Plan, sum, messages.MissingRows(sum), sum.Blockers, provNow, false)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if !strings.Contains(text, "TỔNG HỢP") {
		b.Fatalf("no summary:\n%s", text)
	}
	b.ReportMetric(float64(len(cur.Plan.Assignments())), "assignments")
	b.ReportMetric(float64(pv.reports), "reports")
}

// benchFanout is the Monday 07:30 slot of every group: Reconcile queues each group's
// reminders in its own transaction. Each round starts from the same state: the slot and
// the messages it queued are removed (untimed) after it.
func benchFanout(b *testing.B, pv province) {
	ctx := context.Background()
	svc := &reminders.Service{DB: pv.db, Plans: pv.plans, Now: func() time.Time { return provNow }}
	first := storetest.Int(b, pv.db, `SELECT coalesce(max(id), 0) FROM outbox`)
	reset := func() {
		storetest.Exec(b, pv.db, `DELETE FROM outbox WHERE id > ?`, first)
		storetest.Exec(b, pv.db, `DELETE FROM slots WHERE at = ?`, provNow.Unix())
	}
	reset()
	queued := 0
	for b.Loop() {
		if err := svc.Reconcile(ctx, provNow); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		queued = storetest.Int(b, pv.db, `SELECT count(*) FROM outbox WHERE id > ? AND purpose = 'reminder'`, first)
		if other := storetest.Int(b, pv.db, `SELECT count(*) FROM outbox WHERE id > ? AND purpose <> 'reminder'`, first); other > 0 {
			b.Fatalf("the Monday slot queued %d other messages", other)
		}
		reset()
		b.StartTimer()
	}
	if queued == 0 {
		b.Fatal("no reminder queued")
	}
	b.ReportMetric(float64(len(pv.all)), "groups")
	b.ReportMetric(float64(queued), "reminders")
	// The sender's overall limit is 30 messages/s: when the last reminder would leave.
	b.ReportMetric(float64(queued)/30, "send-s@30/s")
}
