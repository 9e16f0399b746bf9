package messages_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

// Notes starting with a formula character reached the CSV unescaped, and the BOM makes
// Excel open it, where they ran as formulas (OWASP: CSV injection).
func TestCSVDefusesFormulas(t *testing.T) {
	notes := []string{"=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "thiếu kinh phí", "60% - ổn"}
	var entries []store.Entry
	for i, n := range notes {
		entries = append(entries, store.Entry{
			Unit: store.Unit{Code: "X" + string(rune('A'+i)), Name: "Xã"}, Role: store.RoleLead,
			Report: &store.Report{Status: store.StatusBlocked, Percent: -1, Note: n, ReceivedAt: time.Date(2024, 3, 11, 8, 0, 0, 0, time.UTC)},
		})
	}
	s := store.Summary{Kind: "week", CycleID: "2024-W11", Location: time.UTC,
		Models: []store.ModelSummary{{Model: store.Model{Number: 9, Group: "II", Title: "=cmd|' /C calc'!A0"}, Entries: entries}}}
	data, err := messages.SummaryCSV(s)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	noteCol := 8
	for i, r := range rows[1:] {
		want := notes[i]
		if i < 6 {
			want = "'" + want
		}
		if r[noteCol] != want {
			t.Errorf("note %q written as %q, want %q", notes[i], r[noteCol], want)
		}
		if r[2] != "'=cmd|' /C calc'!A0" {
			t.Errorf("title written as %q", r[2])
		}
	}
}
