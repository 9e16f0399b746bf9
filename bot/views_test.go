package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

// requestWhileStopped records a view request as an update that committed just before a
// crash leaves it: recorded, confirmed to Telegram, its answer not built yet.
func requestWhileStopped(t *testing.T, e *bottest.Env, group, command string) {
	t.Helper()
	e.Stop()
	ctx := context.Background()
	db, err := store.Open(ctx, e.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(ctx, func(tx *store.Tx) error {
		g, err := tx.GroupByCode(ctx, group)
		if err != nil {
			return err
		}
		return tx.In(g.ID).RequestView(ctx, store.ViewRequest{ChatID: e.TG.Private(bottest.Admin).ID,
			UserID: bottest.Admin.ID, Command: command, Priority: store.PriorityAlert})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A province's roll-up is recorded as a request with its update and built after: one
// that a crash left unbuilt is built at the next start, and answered once.
func TestProvinceViewLeftByACrashIsBuiltOnce(t *testing.T) {
	e := startGroups(t)
	e.Say(focalNL, "MH1 xong\nMH9 đang làm")
	requestWhileStopped(t, e, "tinh", "tonghop")
	e.Restart()
	got := e.WaitText(bottest.Admin.ID, "Xã Ngọc Lặc ngoclac: 1/2 (50%)")
	if !strings.Contains(got.PlainText, "Xã Thạch Lập thachlap: 0/2 (0%)") {
		t.Errorf("roll-up built after the restart: %q", got.PlainText)
	}
	e.Settle()
	if n := len(e.TG.SentTo(bottest.Admin.ID)); n != 1 {
		t.Errorf("%d messages to the admin, want the one roll-up", n)
	}
	if n := storetest.Int(t, e.DB, `SELECT count(*) FROM view_requests`); n != 0 {
		t.Errorf("%d view requests left after their answer", n)
	}
}

// A view that cannot be built is tried a few times, then the asker gets an apology. All
// the while the poll loop goes on: a report is answered while the view is still pending.
func TestViewThatFailsIsApologisedForAndHoldsNothingUp(t *testing.T) {
	e := startGroups(t)
	requestWhileStopped(t, e, "tinh", "khongco") // no such command: it fails every time
	e.Restart()
	e.Say(focalNL, "MH1 xong")
	if n := storetest.Int(t, e.DB, `SELECT count(*) FROM view_requests`); n != 1 {
		t.Fatalf("%d view requests while the report was answered, want the failing one still there", n)
	}
	deadline := time.Now().Add(15 * time.Second)
	for storetest.Int(t, e.DB, `SELECT count(*) FROM view_requests`) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	e.WaitText(bottest.Admin.ID, "đã có lỗi")
	e.Settle()
	if n := len(e.TG.SentTo(bottest.Admin.ID)); n != 1 {
		t.Errorf("%d messages to the admin, want one apology", n)
	}
}

// The province's chart rolls up its communes in a third panel; a commune's has two.
func TestProvinceChartHasACommunesPanel(t *testing.T) {
	e := startGroups(t)
	height := func(u telegramtest.User, cmd string) int {
		t.Helper()
		n := len(e.TG.SentTo(u.ID))
		e.TG.SendText(u, e.TG.Private(u), cmd)
		got := e.NextTo(u.ID, n)
		img, err := png.Decode(bytes.NewReader(got.File))
		if got.Method != "sendPhoto" || err != nil {
			t.Fatalf("%s answered with %s: %v", cmd, got.Method, err)
		}
		return img.Bounds().Dy()
	}
	province, commune := height(bottest.Admin, "/bieudo"), height(adminNL, "/bieudo")
	if d := province*2 - commune*3; d < -3 || d > 3 {
		t.Errorf("chart heights: province %d, commune %d; want three panels against two", province, commune)
	}
}

// The province's workbook, built from a view request, is queued once, in the province's
// group, and the request is gone.
func TestProvinceExportArrivesFromItsRequest(t *testing.T) {
	e := startGroups(t)
	e.Say(focalNL, "MH1 xong")
	e.TG.SendText(bottest.Admin, e.TG.Private(bottest.Admin), "/xuat")
	doc := e.NextTo(bottest.Admin.ID, 0)
	if doc.Method != "sendDocument" || !strings.HasSuffix(doc.FileName, ".xlsx") {
		t.Fatalf("/xuat answered with %s %q", doc.Method, doc.FileName)
	}
	if n := storetest.Int(t, e.DB, `SELECT count(*) FROM outbox WHERE group_id = (SELECT id FROM groups WHERE code = 'tinh') AND kind = 'document'`); n != 1 {
		t.Errorf("%d workbooks queued in the province's group, want 1", n)
	}
	if n := storetest.Int(t, e.DB, `SELECT count(*) FROM view_requests`); n != 0 {
		t.Errorf("%d view requests left after the workbook", n)
	}
}
