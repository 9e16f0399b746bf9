package messages_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// TestXLSXDatesAndSourceInWords: the file carries the cycle's dates (not excelize's 2006)
// and says in words how each report was given.
func TestXLSXDatesAndSourceInWords(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(1, 2))}
	p := g.plan()
	now := time.Date(2024, 3, 11, 8, 0, 0, 0, time.UTC)
	s := g.summary(p, now)
	raw := []store.Report{{Unit: p.Units[0].Code, Model: 1, Status: store.StatusDone, Percent: -1, Source: "keep", ReceivedAt: now}}
	data, err := messages.SummaryXLSX(s, raw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	props, err := f.GetDocProps()
	if err != nil || !strings.HasPrefix(props.Created, "2024-03-04") || !strings.HasPrefix(props.Modified, "2024-03-11") {
		t.Errorf("doc props %+v %v", props, err)
	}
	rows, _ := f.GetRows(messages.SheetReports)
	if len(rows) < 2 || !strings.Contains(strings.Join(rows[1], "|"), "giữ nguyên kỳ trước") {
		t.Errorf("reports sheet: %q", rows)
	}
}
