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
	// Groups are a province's commune groups (its roll-up), each format's extra section:
	// text lines, CSV rows, the "Các xã" sheet, a table in the official report.
	Groups []store.GroupHeadline
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
		data, err := SummaryCSV(r.Summary)
		if err != nil || len(r.Groups) == 0 {
			return data, err
		}
		return withRollupCSV(data, r.Groups)
	case "xlsx":
		data, err := summaryXLSX(r.Summary, r.Log, r.Rollups, r.Groups)
		if err != nil {
			return nil, err
		}
		return withTicketSheet(data, r.Tickets, r.Summary.Location)
	case "docx":
		d := NewReportDoc(r.Title, r.Summary, r.Rollups, r.At)
		d.Communes = r.Groups
		return ReportDOCX(d, tmpl)
	}
	return nil, fmt.Errorf("unknown report format %q", format)
}

// ReportText is the chat summary followed by the indicators, when the plan has any.
func ReportText(r Report) string {
	text := SummaryText(r.Summary)
	if sec := IndicatorSection(r.Rollups); sec != "" {
		text += "\n\n" + sec
	}
	if sec := RollupSection(r.Groups); sec != "" {
		text += "\n\n" + sec
	}
	return text
}
