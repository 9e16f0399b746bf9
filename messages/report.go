package messages

import (
	"fmt"

	"github.com/tocongtac/tocongtac/store"
)

// Report is a cycle's report value, built once from the cycle's state: the state and every
// report received in the cycle (the workbook's log sheet). Each format is one renderer.
type Report struct {
	Summary store.Summary
	Log     []store.Report // every report of the cycle, superseded ones included, oldest first
}

// ReportFormats are the formats Render knows.
var ReportFormats = []string{"text", "csv", "xlsx"}

// Render renders the report in one of ReportFormats.
func Render(r Report, format string) ([]byte, error) {
	switch format {
	case "text":
		return []byte(PlainText(SummaryText(r.Summary)) + "\n"), nil
	case "csv":
		return SummaryCSV(r.Summary)
	case "xlsx":
		return SummaryXLSX(r.Summary, r.Log)
	}
	return nil, fmt.Errorf("unknown report format %q", format)
}
