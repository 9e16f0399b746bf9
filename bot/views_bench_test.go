package bot_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// BenchmarkReplyBehindProvinceExport measures, at province scale (166 communes × 20 units
// × 22 models, plans only), how long a commune focal point waits for the confirmation of
// a report sent just after the province admin's /xuat, against the same report with no
// /xuat before it (base), in the same run; and how long the /xuat itself takes.
//
//	go test -run '^$' -bench ReplyBehindProvinceExport -benchtime 5x ./bot/
func BenchmarkReplyBehindProvinceExport(b *testing.B) {
	files, err := storetest.ProvincePlans(storetest.ProvinceCommunes, true)
	if err != nil {
		b.Fatal(err)
	}
	env := bottest.Start(b, bottest.WithGroups(files...))
	focal := telegramtest.User{ID: 8001, FirstName: "Văn phòng", LastName: "xã số 1"}
	env.BindIn("xa-001", focal, "VP", store.MemberFocal)
	chat, admin := env.TG.Private(focal), env.TG.Private(bottest.Admin)
	// after is when chat's message number n (from 0) arrived.
	after := func(chatID int64, n int) time.Time {
		if _, err := env.TG.WaitFor(env.Context(), func(telegramtest.Sent) bool {
			return len(env.TG.SentTo(chatID)) > n
		}); err != nil {
			b.Fatalf("no answer in chat %d: %v", chatID, err)
		}
		return env.TG.SentTo(chatID)[n].At
	}
	var base, behind, export []time.Duration
	for i := range b.N {
		for _, withExport := range []bool{false, true} {
			nf, na := len(env.TG.SentTo(chat.ID)), len(env.TG.SentTo(admin.ID))
			start := time.Now()
			if withExport {
				env.TG.SendText(bottest.Admin, admin, "/xuat")
			}
			env.TG.SendText(focal, chat, []string{"MH1 xong", "MH1 dang lam"}[i%2])
			d := after(chat.ID, nf).Sub(start)
			if withExport {
				behind = append(behind, d)
				export = append(export, after(admin.ID, na).Sub(start))
			} else {
				base = append(base, d)
			}
			env.Settle()
		}
	}
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	b.ReportMetric(median(base), "base-reply-ms")
	b.ReportMetric(median(behind), "behind-export-reply-ms")
	b.ReportMetric(median(export), "export-ms")
	b.ReportMetric(median(behind)/median(base), "ratio")
	b.ReportMetric(0, "ns/op")
}
