package messages

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
)

func TestNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 45: "45", 92.5: "92,5", 12345: "12.345", 1234567.25: "1.234.567,3", -3: "-3", 73.58: "73,6"} {
		if got := Number(v); got != want {
			t.Errorf("Number(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestIndicatorSection(t *testing.T) {
	_, _, rolls := scriptedCycle(t)
	plan := store.DefaultPlan()
	all := store.RollupIndicators(plan, []store.IndicatorValue{
		{Unit: "CAH", Model: 1, Value: 27}, {Unit: "TUPHAP", Model: 1, Value: 12},
		{Unit: "TTYT", Model: 6, Value: 100}, {Unit: "BVDK", Model: 6, Value: 80},
		{Unit: "CAH", Model: 24, Indicator: "vneid", Value: 100},
	}, []store.IndicatorValue{{Unit: "CAH", Model: 1, Value: 40}, {Unit: "CAH", Model: 24, Indicator: "vneid", Value: 100}})
	got := PlainText(IndicatorSection(all))
	for _, want := range []string{
		"KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
		"🔄 MH1 – Số DVC thiết yếu đã triển khai: 39/53 dịch vụ (73,6%); 📉 giảm 1 dịch vụ so với kỳ trước (2/27 đơn vị chủ trì có số liệu)",
		"MH6 – Tỷ lệ điểm tiếp nhận khám chữa bệnh bằng CCCD gắn chíp hoặc VNeID: 50% đơn vị đạt 100% (1/2 đơn vị)",
		"✅ MH24 – Tỷ lệ người dân đủ điều kiện có tài khoản định danh điện tử mức độ 2: 100%/100%; ➖ không đổi so với kỳ trước",
		"⬜ MH3 – Số DVC không sử dụng hồ sơ giấy: chưa có số liệu",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section lacks %q:\n%s", want, got)
		}
	}
	if IndicatorSection(nil) != "" || len(rolls) == 0 {
		t.Error("a plan without indicators has no section")
	}
}

func TestIndicatorRefusal(t *testing.T) {
	plan := store.DefaultPlan()
	m1, _ := plan.Model(1)
	m24, _ := plan.Model(24)
	in := m1.Indicators[0]
	tests := []struct {
		m       store.Model
		p       store.ValueProblem
		v, of   float64
		written string
		want    string
	}{
		{m1, store.ValueNegative, -5, 0, "", "Chưa ghi nhận số liệu MH1 (Số DVC thiết yếu đã triển khai): số liệu không thể là số âm. Anh/chị vui lòng kiểm tra và gửi lại, ví dụ: MH1: 42/53."},
		{m1, store.ValueAboveTarget, 60, 0, "", "số liệu 60 vượt quá tổng số theo kế hoạch là 53 dịch vụ."},
		{m1, store.ValueWrongUnit, 45, 0, "người", "đơn vị tính «người» không đúng; chỉ tiêu này tính bằng «dịch vụ»."},
		{m1, store.ValueWrongTarget, 45, 50, "", "chỉ tiêu theo kế hoạch là 53 dịch vụ, không phải 50."},
		{m24, store.ValueUnknownIndicator, 80, 0, "", "MH24 có 2 chỉ tiêu: vneid ("},
	}
	for _, tc := range tests {
		i := in
		if tc.m.Number != 1 {
			i = store.Indicator{}
		}
		got := PlainText(IndicatorRefusal(tc.m, i, tc.p, tc.v, tc.of, tc.written))
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.p, got, tc.want)
		}
	}
	pct := store.Indicator{Name: "Tỷ lệ", Unit: "%", Target: 100}
	if got := PlainText(IndicatorRefusal(store.Model{Number: 32}, pct, store.ValueAbovePercent, 120, 0, "")); !strings.Contains(got, "không thể vượt quá 100%") || !strings.Contains(got, "MH32: 80%") {
		t.Errorf("percent: %q", got)
	}
}

func TestIndicatorPlanProblemsInVietnamese(t *testing.T) {
	src := "title: T\nunits: [{code: A, name: a}]\nmodels:\n  - number: 1\n    group: I\n    title: t\n    lead: [A]\n    indicators:\n" +
		"      - {name: n, unit: dv, target: -1, scope: tinh, rollup: max}\n"
	_, err := store.ParsePlan([]byte(src))
	var pe *store.PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
	got := PlanProblems(pe)
	for _, want := range []string{"dòng 9: giá trị không đúng dạng: -1 (trong indicators[#1].target của mô hình 1) — cần một số lớn hơn 0",
		"phạm vi chỉ tiêu không hợp lệ", "cách tổng hợp chỉ tiêu không hợp lệ"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

func TestSummaryXLSXIndicatorSheet(t *testing.T) {
	_, s, rolls := scriptedCycle(t)
	data, err := SummaryXLSXWithIndicators(s, nil, rolls)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetIndicators)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[1], "|") != strings.Join(IndicatorHeaders, "|") {
		t.Errorf("headers %q", rows[1])
	}
	r := rows[2]
	if r[0] != "1" || r[4] != "53" || r[7] != "39" || r[8] != "73.6" || r[9] != "30" || r[10] != "9" || r[11] != "2/27" ||
		r[12] != "Công an huyện: 27 dịch vụ; Phòng Tư pháp: 12 dịch vụ" {
		t.Errorf("MH1 row %q", r)
	}
	// Without indicators the workbook keeps its three sheets.
	plain, err := SummaryXLSX(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := excelize.OpenReader(bytes.NewReader(plain))
	defer g.Close()
	if n := len(g.GetSheetList()); n != 3 {
		t.Errorf("%d sheets without indicators", n)
	}
}
