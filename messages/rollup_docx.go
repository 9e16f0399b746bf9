package messages

import (
	"fmt"
	"strconv"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/stypes"

	"github.com/tocongtac/tocongtac/store"
)

// CommunesHeaders are the columns of the official report's table of commune groups.
var CommunesHeaders = []string{"TT", "Tổ công tác", "Báo cáo đủ", "Tỷ lệ", "Báo cáo muộn", "Vướng mắc đang mở", "So với kỳ trước"}

// communesParagraph sums the commune groups up in one sentence.
func communesParagraph(rows []store.GroupHeadline) string {
	sum, full := communesTotal(rows)
	return fmt.Sprintf("Tổng hợp %d Tổ công tác Đề án 06 cấp xã: %s/%s đơn vị đã báo cáo đủ các mô hình (%d%%), %s đơn vị báo cáo muộn, "+
		"%s vướng mắc đang mở; %d xã có toàn bộ đơn vị báo cáo đủ. Kết quả từng xã (xếp theo tỷ lệ báo cáo đủ, thấp nhất trước) như sau:",
		len(rows), count(sum.Complete), count(sum.Expected), Percent(sum.Rate()), count(sum.Late), count(sum.OpenBlockers), full)
}

// writeCommunesTable is the table of commune groups, worst first.
func writeCommunesTable(w docw, rows []store.GroupHeadline) {
	widths := []int{mm(10), mm(50), mm(25), mm(18), mm(17), mm(27), mm(18)}
	total := 0
	for _, x := range widths {
		total += x
	}
	tbl := w.doc.AddTable()
	tbl.Style("TableGrid")
	g := make([]uint64, len(widths))
	for i, x := range widths {
		g[i] = uint64(x)
	}
	tbl.Grid(g...)
	tbl.Width(total, stypes.TableWidthDxa)
	center := runStyle{size: sizeTable, align: stypes.JustificationCenter}
	left := runStyle{size: sizeTable, align: stypes.JustificationLeft}
	hdr := tbl.AddRow()
	for i, h := range CommunesHeaders {
		c := hdr.AddCell().Width(widths[i], stypes.TableWidthDxa).BackgroundColor("D9D9D9")
		cellPara(c, h, runStyle{size: sizeTable, bold: true, align: stypes.JustificationCenter})
	}
	for i, h := range worstFirst(rows) {
		row := tbl.AddRow()
		cells := make([]*docx.Cell, len(widths))
		for k := range widths {
			cells[k] = row.AddCell().Width(widths[k], stypes.TableWidthDxa)
		}
		complete, rate := "–", "–"
		if h.Expected > 0 {
			complete, rate = fmt.Sprintf("%d/%d", h.Complete, h.Expected), fmt.Sprintf("%d%%", Percent(h.Rate()))
		}
		blockers := "0"
		if h.OpenBlockers > 0 {
			blockers = fmt.Sprintf("%d (%s)", h.OpenBlockers, OldestBlockerAge(h.OldestDays))
		}
		trend := "–"
		if a := TrendArrow(h); a != "" {
			trend = fmt.Sprintf("%s (%d%%)", a, Percent(h.Trend[len(h.Trend)-1]))
		}
		cellPara(cells[0], strconv.Itoa(i+1), center)
		cellPara(cells[1], GroupShortName(h.Group), left)
		cellPara(cells[2], complete, center)
		cellPara(cells[3], rate, center)
		cellPara(cells[4], strconv.Itoa(h.Late), center)
		cellPara(cells[5], blockers, left)
		cellPara(cells[6], trend, center)
	}
}
