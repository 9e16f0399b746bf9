package messages

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
)

// Sheet names of the summary workbook.
const (
	SheetSummary = "Tổng hợp"
	SheetMatrix  = "Đơn vị - mô hình"
	SheetReports = "Báo cáo gốc"
)

// SummaryHeaders are sheet 1's columns: the plan appendix's table, then the cycle's state.
var SummaryHeaders = []string{"TT", "Mô hình", "Đơn vị chủ trì", "Đơn vị phối hợp",
	"Thời gian hoàn thành", "Nền tảng", "Tình trạng", "Tiến độ (%)", "Ghi chú / Vướng mắc"}

// ReportHeaders are sheet 3's columns.
var ReportHeaders = []string{"Thời gian nhận", "Mã đơn vị", "Đơn vị", "Mô hình", "Tình trạng",
	"Tiến độ (%)", "Ghi chú", "Người báo cáo (id)", "Nguồn", "Được tính", "Đúng hạn"}

// statusFill is the background of a status cell: green, blue, amber, red, grey.
var statusFill = map[store.Status]string{
	store.StatusDone:       "C6EFCE",
	store.StatusInProgress: "DDEBF7",
	store.StatusNotStarted: "FFF2CC",
	store.StatusBlocked:    "FFC7CE",
	"":                     "EDEDED",
}

type xlsxStyles struct {
	title, header, group, text, center int
	status                             map[store.Status]int
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BDD7EE"}},
		Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center", Vertical: "center"}})
	st.group = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: wrap,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	st.text = mk(&excelize.Style{Border: border, Alignment: wrap})
	st.center = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	st.status = map[store.Status]int{}
	for s, c := range statusFill {
		st.status[s] = mk(&excelize.Style{Border: border, Alignment: wrap,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}})
	}
	return st, err
}

// SummaryXLSX renders the summary as a workbook: sheet 1 in the shape of the plan
// appendix's table, sheet 2 the unit × model matrix, sheet 3 the cycle's raw reports
// (raw: every report of the cycle, superseded ones included).
func SummaryXLSX(s store.Summary, raw []store.Report) ([]byte, error) {
	return SummaryXLSXWithIndicators(s, raw, nil)
}

// SummaryXLSXWithIndicators is SummaryXLSX with a fourth sheet, the indicators rolled up
// against their targets (SheetIndicators), when the plan has any.
func SummaryXLSXWithIndicators(s store.Summary, raw []store.Report, rolls []store.IndicatorRollup) ([]byte, error) {
	return summaryXLSX(s, raw, rolls, nil)
}

// summaryXLSX is SummaryXLSXWithIndicators with a province's commune groups as the
// second sheet (SheetGroups) when there are any.
func summaryXLSX(s store.Summary, raw []store.Report, rolls []store.IndicatorRollup, groups []store.GroupHeadline) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, err
	}
	sheets := []string{SheetMatrix, SheetReports}
	if len(groups) > 0 {
		sheets = append([]string{SheetGroups}, sheets...)
	}
	for _, name := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := writeSummarySheet(f, st, s); err != nil {
		return nil, fmt.Errorf("xlsx %s: %w", SheetSummary, err)
	}
	if len(groups) > 0 {
		if err := writeRollupSheet(f, st, s, groups); err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", SheetGroups, err)
		}
	}
	if err := writeMatrixSheet(f, st, s); err != nil {
		return nil, fmt.Errorf("xlsx %s: %w", SheetMatrix, err)
	}
	if err := writeReportsSheet(f, st, s, raw); err != nil {
		return nil, fmt.Errorf("xlsx %s: %w", SheetReports, err)
	}
	if len(rolls) > 0 {
		if err := writeIndicatorSheet(f, st, s, rolls); err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", SheetIndicators, err)
		}
	}
	// The file's dates are the cycle's, not excelize's template date (2006).
	props := &excelize.DocProperties{Title: "Tổng hợp " + CycleLabel(s.Kind, s.CycleID), Creator: "tocongtac", Language: "vi-VN"}
	if !s.Start.IsZero() && !s.End.IsZero() {
		props.Created, props.Modified = s.Start.UTC().Format(time.RFC3339), s.End.UTC().Format(time.RFC3339)
	}
	f.SetDocProps(props)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

func unitNames(s store.Summary, codes []string) string {
	names := map[string]string{}
	for _, u := range s.Units {
		names[u.Unit.Code] = unitName(u.Unit)
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if n := names[c]; n != "" {
			out[i] = n
		}
	}
	return strings.Join(out, ", ")
}

// modelNotes gathers the lead's note and every blocker and note of the supporting units.
func modelNotes(m store.ModelSummary) string {
	var lines []string
	reported := 0
	for _, e := range m.Entries {
		if e.Report == nil {
			continue
		}
		reported++
		note := strings.TrimSpace(lineBreaks.Replace(e.Report.Note))
		switch {
		case e.Report.Status == store.StatusBlocked:
			lines = append(lines, "Vướng mắc – "+unitName(e.Unit)+": "+note)
		case note != "":
			lines = append(lines, unitName(e.Unit)+": "+note)
		}
	}
	lines = append(lines, fmt.Sprintf("Đã báo cáo %d/%d đơn vị.", reported, len(m.Entries)))
	return strings.Join(lines, "\n")
}

func writeSummarySheet(f *excelize.File, st xlsxStyles, s store.Summary) error {
	sw, err := f.NewStreamWriter(SheetSummary)
	if err != nil {
		return err
	}
	for i, w := range []float64{6, 48, 24, 36, 18, 24, 18, 10, 48} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := "BẢNG TỔNG HỢP TIẾN ĐỘ TRIỂN KHAI CÁC MÔ HÌNH ĐỀ ÁN 06 – " + strings.ToUpper(CycleLabel(s.Kind, s.CycleID))
	if err := sw.SetRow("A1", []any{cell(st.title, title)}); err != nil {
		return err
	}
	sub := fmt.Sprintf("Kỳ báo cáo %s; đơn vị đã báo cáo %d/%d (đúng hạn %d, muộn %d, chưa báo cáo %d)",
		cycleDates(s.Start, s.End, s.Location), s.Reported, s.Expected, s.OnTime, s.Late, s.Missing)
	if err := sw.SetRow("A2", []any{sub}); err != nil {
		return err
	}
	hdr := make([]any, len(SummaryHeaders))
	for i, h := range SummaryHeaders {
		hdr[i] = cell(st.header, h)
	}
	if err := sw.SetRow("A3", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	row := 4
	group := "\x00"
	for _, m := range s.Models {
		if m.Model.Group != group {
			group = m.Model.Group
			title := GroupTitle(group)
			if _, t, ok := strings.Cut(title, ". "); ok {
				title = t
			}
			vals := []any{cell(st.group, group), cell(st.group, title)}
			for i := 2; i < len(SummaryHeaders); i++ {
				vals = append(vals, cell(st.group, ""))
			}
			if err := sw.SetRow(fmt.Sprintf("A%d", row), vals); err != nil {
				return err
			}
			if err := sw.MergeCell(fmt.Sprintf("B%d", row), fmt.Sprintf("I%d", row)); err != nil {
				return err
			}
			row++
		}
		deadline := m.Model.Deadline
		if deadline == "" && !m.Model.Due.IsZero() {
			deadline = m.Model.Due.Format(dateVN)
		}
		status := StatusLabel(m.Status)
		if m.Overdue {
			status += " (quá hạn)"
		}
		var pct any = ""
		if m.Percent >= 0 {
			pct = m.Percent
		}
		vals := []any{
			cell(st.center, m.Model.Number),
			cell(st.text, m.Model.Title),
			cell(st.text, unitNames(s, m.Leads)),
			cell(st.text, unitNames(s, m.Supports)),
			cell(st.text, deadline),
			cell(st.text, m.Model.Platforms),
			cell(st.status[m.Status], status),
			cell(st.center, pct),
			cell(st.text, modelNotes(m)),
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", row), vals); err != nil {
			return err
		}
		row++
	}
	if err := sw.MergeCell("A1", "I1"); err != nil {
		return err
	}
	if err := sw.MergeCell("A2", "I2"); err != nil {
		return err
	}
	return sw.Flush()
}

func writeMatrixSheet(f *excelize.File, st xlsxStyles, s store.Summary) error {
	sw, err := f.NewStreamWriter(SheetMatrix)
	if err != nil {
		return err
	}
	nm := len(s.Models)
	if err := sw.SetColWidth(1, 1, 14); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 36); err != nil {
		return err
	}
	if nm > 0 {
		if err := sw.SetColWidth(3, 2+nm, 16); err != nil {
			return err
		}
	}
	if err := sw.SetColWidth(3+nm, 5+nm, 18); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	hdr := []any{cell(st.header, "Mã đơn vị"), cell(st.header, "Đơn vị")}
	// Models in number order: the matrix is looked up by number, not read by group.
	idx := make([]int, nm)
	for i := range idx {
		idx[i] = i
	}
	sortByNumber(idx, s.Models)
	for _, i := range idx {
		hdr = append(hdr, cell(st.header, fmt.Sprintf("MH%d", s.Models[i].Model.Number)))
	}
	hdr = append(hdr, cell(st.header, "Đã báo cáo"), cell(st.header, "Báo cáo lần đầu"), cell(st.header, "Đúng hạn"))
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	// entry[unit][model column]
	entries := map[string][]*store.Entry{}
	for col, i := range idx {
		m := &s.Models[i]
		for k := range m.Entries {
			e := &m.Entries[k]
			row := entries[e.Unit.Code]
			if row == nil {
				row = make([]*store.Entry, nm)
				entries[e.Unit.Code] = row
			}
			row[col] = e
		}
	}
	vals := make([]any, 0, nm+5)
	for r, u := range s.Units {
		vals = append(vals[:0], cell(st.text, u.Unit.Code), cell(st.text, unitName(u.Unit)))
		for _, e := range entries[u.Unit.Code] {
			switch {
			case e == nil:
				vals = append(vals, cell(st.text, ""))
			case e.Report == nil && e.Excused:
				vals = append(vals, cell(st.status[""], "Vắng (không tính)"))
			default:
				vals = append(vals, cell(st.status[e.Status()], StatusLabel(e.Status())))
			}
		}
		first, ontime := "", ""
		if !u.FirstAt.IsZero() {
			first = u.FirstAt.In(loc(s)).Format("15:04 02/01/2006")
			ontime = "Có"
			if u.Late {
				ontime = "Muộn"
			}
		}
		vals = append(vals, cell(st.center, fmt.Sprintf("%d/%d", u.Reported, u.Models)), cell(st.text, first), cell(st.center, ontime))
		if err := sw.SetRow(fmt.Sprintf("A%d", r+2), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func sortByNumber(idx []int, ms []store.ModelSummary) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && ms[idx[j]].Model.Number < ms[idx[j-1]].Model.Number; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

func loc(s store.Summary) *time.Location {
	if s.Location == nil {
		return time.Local
	}
	return s.Location
}

func writeReportsSheet(f *excelize.File, st xlsxStyles, s store.Summary, raw []store.Report) error {
	sw, err := f.NewStreamWriter(SheetReports)
	if err != nil {
		return err
	}
	for i, w := range []float64{18, 14, 30, 9, 18, 10, 48, 16, 10, 10, 10} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hdr := make([]any, len(ReportHeaders))
	for i, h := range ReportHeaders {
		hdr[i] = cell(st.header, h)
	}
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	counting := map[int64]bool{}
	names := map[string]string{}
	for _, m := range s.Models {
		for _, e := range m.Entries {
			if e.Report != nil {
				counting[e.Report.ID] = true
			}
			names[e.Unit.Code] = unitName(e.Unit)
		}
	}
	l := loc(s)
	vals := make([]any, 0, len(ReportHeaders))
	for i, r := range raw {
		var pct any = ""
		if r.Percent >= 0 {
			pct = r.Percent
		}
		counts, ontime := "Không", "Có"
		if counting[r.ID] {
			counts = "Có"
		}
		if !r.ReceivedAt.Before(s.Due) {
			ontime = "Muộn"
		}
		vals = append(vals[:0],
			cell(st.text, r.ReceivedAt.In(l).Format("2006-01-02 15:04")),
			cell(st.text, r.Unit),
			cell(st.text, names[r.Unit]),
			cell(st.center, fmt.Sprintf("MH%d", r.Model)),
			cell(st.status[r.Status], StatusLabel(r.Status)),
			cell(st.center, pct),
			cell(st.text, r.Note),
			cell(st.text, r.Reporter),
			cell(st.text, SourceLabel(r.Source)),
			cell(st.center, counts),
			cell(st.center, ontime),
		)
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// CSVHeaders are the columns of the CSV summary: one row per unit and model.
var CSVHeaders = []string{"Nhóm", "TT", "Mô hình", "Mã đơn vị", "Đơn vị", "Vai trò", "Tình trạng",
	"Tiến độ (%)", "Ghi chú", "Thời gian nhận", "Đúng hạn", "Mô hình quá hạn"}

// SummaryCSV renders the summary as CSV (UTF-8 with BOM so Excel reads the diacritics).
func SummaryCSV(s store.Summary) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	if err := w.Write(CSVHeaders); err != nil {
		return nil, err
	}
	l := loc(s)
	for _, m := range s.Models {
		for _, e := range m.Entries {
			role := "Phối hợp"
			if e.Role == store.RoleLead {
				role = "Chủ trì"
			}
			st, pct, note, at, ontime := StatusLabel(""), "", "", "", ""
			if e.Report != nil {
				st, note = StatusLabel(e.Report.Status), e.Report.Note
				if e.Report.Percent >= 0 {
					pct = fmt.Sprint(e.Report.Percent)
				}
				at = e.Report.ReceivedAt.In(l).Format("2006-01-02 15:04")
				ontime = "Có"
				if e.Late {
					ontime = "Muộn"
				}
			} else if e.Excused {
				st = "Vắng (không tính)"
			}
			overdue := ""
			if m.Overdue {
				overdue = "Có"
			}
			if err := w.Write(csvSafe(m.Model.Group, fmt.Sprint(m.Model.Number), m.Model.Title, e.Unit.Code,
				unitName(e.Unit), role, st, pct, note, at, ontime, overdue)); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// sourceLabels name how a report was given (store.Report.Source) in words.
var sourceLabels = map[string]string{
	"text": "tin nhắn", "button": "nút bấm", "all": "«tất cả»", "keep": "giữ nguyên kỳ trước", "edit": "sửa tin nhắn",
}

// SourceLabel says in words how a report was given.
func SourceLabel(src string) string {
	if l, ok := sourceLabels[src]; ok {
		return l
	}
	return src
}

// putRow writes one row of text cells, from column A.
func putRow(f *excelize.File, sheet string, row int, cells []string) error {
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	cell, _ := excelize.CoordinatesToCellName(1, row)
	return f.SetSheetRow(sheet, cell, &vals)
}
