package reminders_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/reminders"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// benchVersion names the cached dataset; bump it when the generator changes.
const benchVersion = "v2"

// Province scale: 20 district offices, 580 communes, 22 models (most supported by
// every commune), reports for every week of 2024.
const (
	benchDistrict = 20
	benchCommunes = 580
	benchModels   = 22
)

func benchPlanYAML() []byte {
	var b strings.Builder
	b.WriteString("title: Kế hoạch thử tải cấp tỉnh\ntimezone: Asia/Ho_Chi_Minh\nstanding_office: D00\nunits:\n")
	for i := 0; i < benchDistrict; i++ {
		fmt.Fprintf(&b, "  - {code: D%02d, name: Sở ngành số %d, tags: [tinh]}\n", i, i)
	}
	for i := 0; i < benchCommunes; i++ {
		fmt.Fprintf(&b, "  - {code: X%03d, name: UBND xã số %d, tags: [xa]}\n", i, i)
	}
	b.WriteString("models:\n")
	groups := []string{"I", "II", "III", "IV", "V"}
	for m := 1; m <= benchModels; m++ {
		support := `["@xa"]`
		if m%7 == 0 {
			support = `["@tinh"]` // a few models only for the departments
		}
		fmt.Fprintf(&b, "  - {number: %d, group: %s, title: \"Mô hình thử tải số %d về dịch vụ công trực tuyến\", lead: [D%02d], support: %s, deadline: \"Quý IV/2024\", due: 2024-12-31, platforms: \"VNeID\"}\n",
			m, groups[(m-1)*5/benchModels], m, m%benchDistrict, support)
	}
	return []byte(b.String())
}

var benchOnce sync.Map // path -> *sync.Once

// benchDB returns a database holding `weeks` weekly cycles of reports ending with
// 2024-W52, generated once and cached under os.TempDir.
func benchDB(b *testing.B, weeks int) (*store.DB, store.Plan, *reminders.Calendar) {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("tocongtac-bench-%s-w%d.db", benchVersion, weeks))
	o, _ := benchOnce.LoadOrStore(path, &sync.Once{})
	var genErr error
	o.(*sync.Once).Do(func() {
		if _, err := os.Stat(path); err == nil {
			return
		}
		genErr = generate(ctx, path, weeks)
	})
	if genErr != nil {
		b.Fatal(genErr)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	p, _, _, err := db.LoadPlan(ctx)
	if err != nil {
		b.Fatal(err)
	}
	cal, err := reminders.NewCalendar(p)
	if err != nil {
		b.Fatal(err)
	}
	return db, p, cal
}

// generate writes the dataset into a temporary file in one transaction, then renames it.
func generate(ctx context.Context, path string, weeks int) error {
	tmp := path + ".tmp"
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + s)
	}
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	p, err := db.EnsurePlan(ctx, benchPlanYAML())
	if err != nil {
		db.Close()
		return err
	}
	cal, err := reminders.NewCalendar(p)
	if err != nil {
		db.Close()
		return err
	}
	assigns := p.Assignments()
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := store.Statuses
	last := cal.Week(time.Date(2024, 12, 23, 12, 0, 0, 0, cmpLoc)) // 2024-W52
	cycles := reminders.RecentWeeks(cal, last, weeks)
	err = storetest.Update(ctx, db, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO reports (unit, model, status, percent, note, reporter,
			received_at, week, month, quarter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, cy := range cycles {
			for _, a := range assigns {
				if rng.IntN(100) < 5 {
					continue // 5% of units miss a model each week
				}
				n := 1
				if rng.IntN(100) < 27 {
					n = 2 // 27% send a correction: ≈700,000 reports over 52 weeks
				}
				for k := 0; k < n; k++ {
					at := cy.Start.Add(time.Duration(rng.Int64N(int64(cy.End.Sub(cy.Start)))))
					if rng.IntN(100) < 3 {
						at = cy.Due.Add(time.Duration(rng.IntN(20)) * time.Hour) // late reply to a reminder
					}
					s := statuses[rng.IntN(len(statuses))]
					note := ""
					if s == store.StatusBlocked || rng.IntN(4) == 0 {
						note = "Ghi chú thử tải: đã triển khai tại thôn, còn thiếu thiết bị đầu đọc"
					}
					if _, err := st.ExecContext(ctx, a.Unit, a.Model, string(s), rng.IntN(101)-1, note, 1000+rng.IntN(600),
						at.Unix(), cy.ID, cal.Month(cy.Due.Add(-time.Second)).ID, cal.Quarter(cy.Due.Add(-time.Second)).ID); err != nil {
						return err
					}
				}
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO latest_reports (unit, model, report_id)
			SELECT unit, model, max(id) FROM reports GROUP BY unit, model`)
		return err
	})
	if err != nil {
		db.Close()
		return err
	}
	if _, err := db.IntegrityCheck(ctx); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func countReports(b *testing.B, db *store.DB) int {
	return storetest.Int(b, db, `SELECT count(*) FROM reports`)
}

// BenchmarkCompileWeek compiles 2024-W52 and renders its text, with 13 and 52 weeks of
// history in the database: time and memory should not depend on the history.
func BenchmarkCompileWeek(b *testing.B) {
	for _, weeks := range []int{13, 52} {
		b.Run(fmt.Sprintf("cycles=%d", weeks), func(b *testing.B) {
			db, p, cal := benchDB(b, weeks)
			b.ReportMetric(float64(countReports(b, db)), "reports")
			cy := cal.Week(time.Date(2024, 12, 23, 12, 0, 0, 0, cmpLoc))
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				err := db.View(ctx, func(tx *store.Tx) error {
					s, err := reminders.Compile(ctx, tx, p, cal, cy, cy.End)
					if err != nil {
						return err
					}
					if len(messages.SummaryText(s)) == 0 {
						b.Fatal("empty text")
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkXLSX is what /xuat does at province scale: compile, read the raw reports,
// write the workbook.
func BenchmarkXLSX(b *testing.B) {
	db, p, cal := benchDB(b, 52)
	cy := cal.Week(time.Date(2024, 12, 23, 12, 0, 0, 0, cmpLoc))
	ctx := context.Background()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		err := db.View(ctx, func(tx *store.Tx) error {
			s, err := reminders.Compile(ctx, tx, p, cal, cy, cy.End)
			if err != nil {
				return err
			}
			raw, err := tx.AllCycleReports(ctx, s.Kind, s.CycleID)
			if err != nil {
				return err
			}
			data, err := messages.SummaryXLSX(s, raw)
			size = len(data)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "xlsx-bytes")
}

// BenchmarkCycleQuery is the baseline for BenchmarkCompileWeek: only reading the week's
// counting reports, with nothing compiled or written.
func BenchmarkCycleQuery(b *testing.B) {
	db, _, cal := benchDB(b, 52)
	cy := cal.Week(time.Date(2024, 12, 23, 12, 0, 0, 0, cmpLoc))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		err := db.View(ctx, func(tx *store.Tx) error {
			reps, err := tx.SummaryReports(ctx, store.CycleWeek, cy.ID)
			if err == nil && len(reps) == 0 {
				b.Fatal("no reports")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
