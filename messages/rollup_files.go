package messages

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
)

// SheetGroups is the workbook's sheet of commune groups in a province's roll-up.
const SheetGroups = "Các xã"

// RollupCSVHeaders are the columns of the roll-up's CSV rows, one row per commune group;
// as many as CSVHeaders, so the whole file reads as one table width.
var RollupCSVHeaders = []string{"Mã xã", "Tổ công tác", "Đơn vị phải báo cáo", "Đã báo cáo", "Báo cáo đủ",
	"Tỷ lệ báo cáo đủ (%)", "Báo cáo muộn", "Chưa báo cáo", "Vướng mắc đang mở",
	"Vướng mắc lâu nhất (ngày làm việc)", "Tỷ lệ kỳ trước (%)", "Đơn vị chưa báo cáo"}

// RollupHeaders are the columns of SheetGroups: the CSV's, numbered, with the trend.
var RollupHeaders = append(append([]string{"TT"}, RollupCSVHeaders[:11]...), "So với kỳ trước", RollupCSVHeaders[11])

// rollupRecord is one group's CSV row.
func rollupRecord(h store.GroupHeadline) []string {
	prev := ""
	if len(h.Trend) > 0 {
		prev = strconv.FormatFloat(round1(h.Trend[len(h.Trend)-1]*100), 'f', -1, 64)
	}
	itoa := strconv.Itoa
	return []string{h.Group.Code, GroupShortName(h.Group), itoa(h.Expected), itoa(h.Reported), itoa(h.Complete),
		strconv.FormatFloat(round1(h.Rate()*100), 'f', -1, 64), itoa(h.Late), itoa(len(h.Missing)),
		itoa(h.OpenBlockers), itoa(h.OldestDays), prev, strings.Join(h.Missing, "; ")}
}

// RollupCSV is the roll-up alone as CSV, worst first (UTF-8 with BOM, like SummaryCSV).
func RollupCSV(rows []store.GroupHeadline) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	if err := writeRollupCSV(&buf, rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeRollupCSV(buf *bytes.Buffer, rows []store.GroupHeadline) error {
	w := csv.NewWriter(buf)
	if err := w.Write(RollupCSVHeaders); err != nil {
		return err
	}
	for _, h := range worstFirst(rows) {
		if err := w.Write(csvSafe(rollupRecord(h)...)); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// withRollupCSV appends the roll-up's rows, under their own header after a blank line,
// to the summary's CSV.
func withRollupCSV(data []byte, rows []store.GroupHeadline) ([]byte, error) {
	buf := bytes.NewBuffer(data)
	buf.WriteString("\r\n")
	if err := writeRollupCSV(buf, rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeRollupSheet writes SheetGroups: one row per commune group, worst first, with
// counts as numbers and rates as percentages, and a total row.
func writeRollupSheet(f *excelize.File, st xlsxStyles, s store.Summary, rows []store.GroupHeadline) error {
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "top"}
	bold := &excelize.Font{Bold: true}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	pct := mk(&excelize.Style{Border: border, NumFmt: 9, Alignment: center}) // 9 is "0%"
	total := mk(&excelize.Style{Border: border, Font: bold, Alignment: center})
	totalPct := mk(&excelize.Style{Border: border, Font: bold, NumFmt: 9, Alignment: center})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetGroups)
	if err != nil {
		return err
	}
	for i, w := range []float64{6, 14, 30, 12, 12, 12, 12, 12, 12, 12, 14, 12, 12, 48} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: 2, TopLeftCell: "D3", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	title := "TỔNG HỢP KẾT QUẢ BÁO CÁO CÁC XÃ – " + strings.ToUpper(CycleLabel(s.Kind, s.CycleID))
	if err := sw.SetRow("A1", []any{cell(st.title, title)}); err != nil {
		return err
	}
	hdr := make([]any, len(RollupHeaders))
	for i, h := range RollupHeaders {
		hdr[i] = cell(st.header, h)
	}
	if err := sw.SetRow("A2", hdr, excelize.RowOpts{Height: 45}); err != nil {
		return err
	}
	missing := 0
	for i, h := range worstFirst(rows) {
		var rate, prev any = "", ""
		if h.Expected > 0 {
			rate = h.Rate()
		}
		if len(h.Trend) > 0 {
			prev = h.Trend[len(h.Trend)-1]
		}
		vals := []any{cell(st.center, i+1), cell(st.text, h.Group.Code), cell(st.text, GroupShortName(h.Group)),
			cell(st.center, h.Expected), cell(st.center, h.Reported), cell(st.center, h.Complete), cell(pct, rate),
			cell(st.center, h.Late), cell(st.center, len(h.Missing)), cell(st.center, h.OpenBlockers),
			cell(st.center, h.OldestDays), cell(pct, prev), cell(st.center, TrendArrow(h)),
			cell(st.text, strings.Join(h.Missing, "; "))}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+3), vals); err != nil {
			return err
		}
		missing += len(h.Missing)
	}
	sum, _ := communesTotal(rows)
	vals := []any{cell(total, ""), cell(total, ""), cell(total, fmt.Sprintf("Cộng %d xã", len(rows))),
		cell(total, sum.Expected), cell(total, sum.Reported), cell(total, sum.Complete), cell(totalPct, sum.Rate()),
		cell(total, sum.Late), cell(total, missing), cell(total, sum.OpenBlockers), cell(total, sum.OldestDays),
		cell(total, ""), cell(total, ""), cell(total, "")}
	if err := sw.SetRow(fmt.Sprintf("A%d", len(rows)+3), vals); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "N1"); err != nil {
		return err
	}
	return sw.Flush()
}

// RollupSection is the roll-up in the text report: every commune group, worst first.
func RollupSection(rows []store.GroupHeadline) string {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<b>KẾT QUẢ CÁC XÃ</b> (tỷ lệ báo cáo đủ thấp nhất trước; ↑ ↓ →: so với kỳ trước)\n")
	b.WriteString(rollupTotal(rows) + "\n")
	for i, h := range worstFirst(rows) {
		b.WriteString(rollupLine(i+1, h) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
