package messages

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
)

// SheetIndicators is the workbook's sheet of indicators against targets.
const SheetIndicators = "Chỉ tiêu"

// IndicatorHeaders are the indicator sheet's columns.
var IndicatorHeaders = []string{"TT", "Mô hình", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu kế hoạch", "Phạm vi",
	"Cách tổng hợp", "Kết quả kỳ này", "Tỷ lệ so với chỉ tiêu (%)", "Kỳ trước", "Tăng/giảm", "Đơn vị có số liệu", "Chi tiết theo đơn vị"}

var scopeVN = map[store.IndicatorScope]string{store.ScopeUnit: "Từng đơn vị", store.ScopeGroup: "Toàn Tổ công tác"}

var rollupVN = map[store.Rollup]string{store.RollupSum: "Cộng", store.RollupAverage: "Trung bình",
	store.RollupShare: "Tỷ lệ đơn vị đạt"}

// round1 keeps one decimal, as the sheet shows numbers.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

func writeIndicatorSheet(f *excelize.File, st xlsxStyles, s store.Summary, rolls []store.IndicatorRollup) error {
	if _, err := f.NewSheet(SheetIndicators); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetIndicators)
	if err != nil {
		return err
	}
	for i, w := range []float64{6, 36, 40, 12, 14, 16, 16, 14, 14, 12, 12, 12, 48} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	title := "KẾT QUẢ THỰC HIỆN CHỈ TIÊU – " + strings.ToUpper(CycleLabel(s.Kind, s.CycleID))
	if err := sw.SetRow("A1", []any{cell(st.title, title)}); err != nil {
		return err
	}
	hdr := make([]any, len(IndicatorHeaders))
	for i, h := range IndicatorHeaders {
		hdr[i] = cell(st.header, h)
	}
	if err := sw.SetRow("A2", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	names := map[string]string{}
	for _, u := range s.Units {
		names[u.Unit.Code] = unitName(u.Unit)
	}
	for i, r := range rolls {
		in := r.Indicator
		var result, pct, prev, delta any = "", "", "", ""
		if r.Has {
			result, pct = round1(r.Value), round1(r.Percent)
		}
		if r.HasPrev {
			prev = round1(r.Prev)
			if r.Has {
				delta = round1(r.Delta)
			}
		}
		var detail []string
		for _, v := range r.Values {
			n := names[v.Unit]
			if n == "" {
				n = v.Unit
			}
			detail = append(detail, n+": "+withUnit(v.Value, in.Unit))
		}
		resultStyle := st.status[""]
		switch {
		case r.Met:
			resultStyle = st.status[store.StatusDone]
		case r.Has:
			resultStyle = st.status[store.StatusInProgress]
		}
		vals := []any{
			cell(st.center, r.Model.Number),
			cell(st.text, r.Model.Title),
			cell(st.text, in.Name),
			cell(st.center, in.Unit),
			cell(st.center, in.Target),
			cell(st.text, scopeVN[in.Scope]),
			cell(st.text, rollupVN[in.Rollup]),
			cell(resultStyle, result),
			cell(st.center, pct),
			cell(st.center, prev),
			cell(st.center, delta),
			cell(st.center, fmt.Sprintf("%d/%d", len(r.Values), r.Expected)),
			cell(st.text, strings.Join(detail, "; ")),
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+3), vals); err != nil {
			return err
		}
	}
	if err := sw.MergeCell("A1", "M1"); err != nil {
		return err
	}
	return sw.Flush()
}
