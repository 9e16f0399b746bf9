package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// ingestUsers is how many focal points report at once in the concurrent variants: each
// sends a report, waits for its confirmation and sends the next.
const ingestUsers = 20

// ingestRun has every user send its share of b.N messages, each after the answer to
// the previous one, all users at once, and reports the answers per second.
func ingestRun(b *testing.B, srv *telegramtest.Server, users []telegramtest.User, text func(u, i int) string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	per := max(b.N/len(users), 1)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, len(users))
	for ui, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := srv.Private(u)
			for i := range per {
				n := srv.SentCount(chat.ID)
				srv.SendText(u, chat, text(ui, i))
				if err := srv.WaitSentN(ctx, chat.ID, n+1); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(per*len(users))/elapsed.Seconds(), "replies/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStatusRepliesConcurrent is BenchmarkStatusReplies with ingestUsers focal
// points of different units reporting at once: the bot's ingest rate, where one
// getUpdates answer carries several updates and their group commit pays.
//
//	go test -run '^$' -bench 'Concurrent' -benchtime 2000x ./bot/
func BenchmarkStatusRepliesConcurrent(b *testing.B) {
	env := bottest.Start(b)
	plan, err := store.ParsePlan(store.DefaultPlanYAML())
	if err != nil {
		b.Fatal(err)
	}
	var users []telegramtest.User
	var reports [][2]int // two models each user's unit reports on
	for _, unit := range plan.Units {
		ms := plan.UnitModels(unit.Code)
		if len(ms) < 2 || len(users) == ingestUsers {
			continue
		}
		u := telegramtest.User{ID: int64(8200 + len(users)), FirstName: "Đầu mối", LastName: unit.Code}
		env.Bind(u, unit.Code, store.MemberFocal)
		users = append(users, u)
		reports = append(reports, [2]int{ms[0].Model, ms[1].Model})
	}
	text := func(u, i int) string {
		return fmt.Sprintf("MH%d: đang triển khai %d%%\nMH%d: hoàn thành", reports[u][0], i%98+1, reports[u][1])
	}
	for ui, u := range users { // warm up, and check that each report is confirmed
		if got := env.Say(u, text(ui, 99)); !strings.Contains(got.PlainText, "Đã ghi nhận") {
			b.Fatalf("%s: the report was answered %q", u.LastName, got.PlainText)
		}
	}
	ingestRun(b, env.TG, users, text)
}

// BenchmarkEchoBaselineConcurrent is BenchmarkEchoBaseline with ingestUsers users at once.
func BenchmarkEchoBaselineConcurrent(b *testing.B) {
	srv := startEcho(b, nil)
	var users []telegramtest.User
	for i := range ingestUsers {
		users = append(users, telegramtest.User{ID: int64(8200 + i), FirstName: "Người", LastName: fmt.Sprint(i)})
	}
	ingestRun(b, srv, users, func(u, i int) string {
		return fmt.Sprintf("MH9: đang triển khai %d%%\nMH18: hoàn thành", i%98+1)
	})
}
