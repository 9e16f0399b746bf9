package messages

import (
	"fmt"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Report is a cycle's report value, built once from the cycle's state: the state, every
// report received in the cycle (the workbook's log sheet) and the indicators rolled up
// against the previous cycle. Each format is one renderer over it.
type Report struct {
	Title   string // the plan's title
	At      time.Time
	Summary store.Summary
	Log     []store.Report // every report of the cycle, superseded ones included, oldest first
	Rollups []store.IndicatorRollup
	Tickets []TicketView // blockers open when it was built, oldest first (the blockers sheet)
}

// ReportFormats are the formats Render knows.
var ReportFormats = []string{"text", "csv", "xlsx", "docx"}

// Render renders the report in one of ReportFormats; the official report (docx) takes
// its wording from the embedded template.
func Render(r Report, format string) ([]byte, error) {
	return RenderWith(r, format, DefaultReportTemplate())
}

// RenderWith is Render with the docx wording from tmpl.
func RenderWith(r Report, format string, tmpl ReportTemplate) ([]byte, error) {
	switch format {
	case "text":
		return []byte(PlainText(ReportText(r)) + "\n"), nil
	case "csv":
		return SummaryCSV(r.Summary)
	case "xlsx":
		data, err := SummaryXLSXWithIndicators(r.Summary, r.Log, r.Rollups)
		if err != nil {
			return nil, err
		}
		return withTicketSheet(data, r.Tickets, r.Summary.Location)
	case "docx":
		return ReportDOCX(NewReportDoc(r.Title, r.Summary, r.Rollups, r.At), tmpl)
	}
	return nil, fmt.Errorf("unknown report format %q", format)
}

// ReportText is the chat summary followed by the indicators, when the plan has any.
func ReportText(r Report) string {
	text := SummaryText(r.Summary)
	if sec := IndicatorSection(r.Rollups); sec != "" {
		text += "\n\n" + sec
	}
	return text
}
