package messages_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
)

func commune(id int64, code, place string) store.Group {
	return store.Group{ID: id, Code: code, Name: "Tổ công tác Đề án 06 xã " + place, Parent: 1}
}

// threeCommunes: Ngọc Lặc better than last week, Minh Sơn unchanged, Kiên Thọ worse,
// late and blocked.
func threeCommunes() []store.GroupHeadline {
	return []store.GroupHeadline{
		{Group: commune(2, "ngoclac", "Ngọc Lặc"), CycleID: "2024-W11", Expected: 20, Reported: 19, Complete: 18, Late: 1,
			Missing: []string{"Trường TH Ngọc Lặc"}, Trend: []float64{0.7, 0.8}},
		{Group: commune(3, "minhson", "Minh Sơn"), CycleID: "2024-W11", Expected: 20, Reported: 12, Complete: 10,
			Missing: []string{"A", "B", "C", "D", "E", "F", "G", "H"}, Trend: []float64{0.5}},
		{Group: commune(4, "kientho", "Kiên Thọ"), CycleID: "2024-W11", Expected: 20, Reported: 9, Complete: 5, Late: 3,
			Missing: []string{"Trạm y tế xã Kiên Thọ"}, OpenBlockers: 2, OldestDays: 5, Trend: []float64{0.4}},
	}
}

func province() store.GroupHeadline {
	return store.GroupHeadline{Group: store.Group{ID: 1, Code: "thanhhoa", Name: "Tổ công tác Đề án 06 tỉnh Thanh Hóa"},
		CycleID: "2024-W11", Expected: 30, Reported: 28, Complete: 27, Late: 2, OpenBlockers: 1, OldestDays: 3, Trend: []float64{0.9}}
}

func rollupSummary() store.Summary {
	return store.Summary{Kind: store.CycleWeek, CycleID: "2024-W11", Location: hanoiLoc,
		Start: time.Date(2024, 3, 5, 0, 0, 0, 0, hanoiLoc), End: time.Date(2024, 3, 12, 0, 0, 0, 0, hanoiLoc),
		Due: time.Date(2024, 3, 12, 0, 0, 0, 0, hanoiLoc), ModelsByStatus: map[store.Status]int{}}
}

var hanoiLoc, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func TestGroupRollupBriefThreeCommunes(t *testing.T) {
	period := messages.RollupPeriod(rollupSummary())
	text := messages.GroupRollupBrief("Tổ công tác Đề án 06 tỉnh Thanh Hóa", period, province(), threeCommunes())
	if err := telegramtest.CheckText(text, "HTML"); err != nil {
		t.Fatalf("refused: %v\n%s", err, text)
	}
	plain := messages.PlainText(text)
	for _, want := range []string{
		"TỔNG HỢP BÁO CÁO CÁC XÃ",
		"Tổ công tác Đề án 06 tỉnh Thanh Hóa · Tuần 11/2024 (05/03–11/03)",
		"Đơn vị cấp tỉnh: 27/30 (90%) → · muộn 2 · ⚠️ 1 vướng mắc (lâu nhất 3 ngày làm việc)",
		"3 xã: 33/60 đơn vị báo cáo đủ (55%) · 0 xã đạt 100% · muộn 4 · ⚠️ 2 vướng mắc",
		"1. Xã Kiên Thọ kientho: 5/20 (25%) ↓ · muộn 3 · ⚠️ 2 vướng mắc (lâu nhất 5 ngày làm việc)\n" +
			"2. Xã Minh Sơn minhson: 10/20 (50%) →\n" +
			"3. Xã Ngọc Lặc ngoclac: 18/20 (90%) ↑ · muộn 1\n",
		"Xem chi tiết một xã: /tonghop <mã xã>, ví dụ /tonghop kientho",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("missing %q in:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "xã khác") {
		t.Errorf("three communes fit, yet some are left out:\n%s", plain)
	}
}

// manyCommunes are n commune groups of 20 units each with distinct completion rates
// (Complete = 37·i mod 167 of 200 expected), so the worst are known without the sort.
func manyCommunes(n int) []store.GroupHeadline {
	var rows []store.GroupHeadline
	for i := range n {
		h := store.GroupHeadline{Group: commune(int64(i+2), fmt.Sprintf("xa%03d", i), fmt.Sprintf("Số %d Ngọc Liên Nguyệt Ấn", i)),
			CycleID: "2024-W11", Expected: 200, Complete: (37 * i) % 167, Late: i % 4, OpenBlockers: i % 3, OldestDays: i % 9,
			Trend: []float64{float64(i%5) / 5}}
		h.Reported = h.Complete + 3
		for k := range h.Expected - h.Reported {
			h.Missing = append(h.Missing, fmt.Sprintf("Đơn vị %d", k))
		}
		rows = append(rows, h)
	}
	return rows
}

var listedCode = regexp.MustCompile(`(?m)^(\d+)\. .*? (xa\d{3}): `)

func TestGroupRollupBrief166CommunesIsOneMessage(t *testing.T) {
	rows := manyCommunes(166)
	text := messages.GroupRollupBrief("Tổ công tác Đề án 06 tỉnh Thanh Hóa", messages.RollupPeriod(rollupSummary()), province(), rows)
	if err := telegramtest.CheckText(text, "HTML"); err != nil {
		t.Fatalf("not one message: %v (%d bytes)", err, len(text))
	}
	if parts := messages.Split(text); len(parts) != 1 {
		t.Fatalf("split into %d messages", len(parts))
	}
	plain := messages.PlainText(text)
	listed := listedCode.FindAllStringSubmatch(plain, -1)
	if len(listed) < 10 || len(listed) >= len(rows) {
		t.Fatalf("%d communes listed of %d", len(listed), len(rows))
	}
	want := slices.Clone(rows)
	slices.SortFunc(want, func(a, b store.GroupHeadline) int { return a.Complete - b.Complete })
	for i, m := range listed {
		if m[1] != strconv.Itoa(i+1) || m[2] != want[i].Group.Code {
			t.Fatalf("line %d is %s %s, want %s (rate %d/200)", i+1, m[1], m[2], want[i].Group.Code, want[i].Complete)
		}
	}
	if more := fmt.Sprintf("… và %d xã khác (bảng đầy đủ: /xuat)", len(rows)-len(listed)); !strings.Contains(plain, more) {
		t.Errorf("no %q in:\n%s", more, plain)
	}
	if !strings.Contains(plain, "166 xã:") || !strings.Contains(plain, "/tonghop <mã xã>") {
		t.Errorf("no total or no hint:\n%s", plain)
	}
	t.Logf("166 communes: %d listed, %d characters", len(listed), len([]rune(plain)))

	// Long names from a plan file are cut, never the message.
	for i := range rows {
		rows[i].Group.Name = strings.Repeat("Tổ công tác Đề án 06 phường <Hạc Thành> & ", 8)
		rows[i].Group.Code = strings.Repeat("x", 200)
	}
	text = messages.GroupRollupBrief(strings.Repeat("Tỉnh ", 900), strings.Repeat("tuần ", 300), province(), rows)
	if err := telegramtest.CheckText(text, "HTML"); err != nil {
		t.Fatalf("long names: not one message: %v", err)
	}
}

func TestGroupRollupBriefNoCommunes(t *testing.T) {
	text := messages.GroupRollupBrief("Tổ công tác Đề án 06 tỉnh Thanh Hóa", "tuần 11/2024", province(), nil)
	if err := telegramtest.CheckText(text, "HTML"); err != nil {
		t.Fatal(err)
	}
	if plain := messages.PlainText(text); !strings.Contains(plain, "Chưa có Tổ công tác cấp xã nào trực thuộc.") || strings.Contains(plain, "/tonghop") {
		t.Errorf("no communes:\n%s", plain)
	}
}

func TestTrendArrow(t *testing.T) {
	for _, c := range []struct {
		name             string
		complete, expect int
		trend            []float64
		want             string
	}{
		{"up", 18, 20, []float64{0.95, 0.8}, "↑"},
		{"down", 10, 20, []float64{0.6}, "↓"},
		{"same", 10, 20, []float64{0.5}, "→"},
		{"same in whole percents", 904, 1000, []float64{0.9}, "→"},
		{"one percent more", 91, 100, []float64{0.9}, "↑"},
		{"halves round up", 23, 40, []float64{0.57}, "↑"},
		{"first cycle", 10, 20, nil, ""},
		{"nobody expected", 0, 0, []float64{0.5}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := store.GroupHeadline{Expected: c.expect, Complete: c.complete, Trend: c.trend}
			if got := messages.TrendArrow(h); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestGroupShortName(t *testing.T) {
	for name, want := range map[string]string{
		"Tổ công tác Đề án 06 xã Ngọc Lặc":       "Xã Ngọc Lặc",
		"Tổ công tác Đề án 06 cấp xã - Kiên Thọ": "Kiên Thọ",
		"TỔ CÔNG TÁC ĐỀ ÁN 06 phường Hạc Thành":  "Phường Hạc Thành",
		"UBND xã Thạch Lập":                      "UBND xã Thạch Lập",
		"Tổ công tác Đề án 06":                   "ngoclac",
		"":                                       "ngoclac",
	} {
		if got := messages.GroupShortName(store.Group{Code: "ngoclac", Name: name}); got != want {
			t.Errorf("%q: got %q, want %q", name, got, want)
		}
	}
}

func renderRollup(t *testing.T, format string, rows []store.GroupHeadline) []byte {
	t.Helper()
	data, err := messages.Render(messages.Report{Title: "Kế hoạch tỉnh", At: time.Date(2024, 3, 12, 9, 0, 0, 0, hanoiLoc),
		Summary: rollupSummary(), Groups: rows}, format)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRollupXLSX opens the workbook back: "Các xã" is the second sheet, worst first,
// counts are numbers and rates percentages, the last row adds them up.
func TestRollupXLSX(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(renderRollup(t, "xlsx", threeCommunes())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 3 || sheets[0] != messages.SheetSummary || sheets[1] != messages.SheetGroups {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := f.GetRows(messages.SheetGroups)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || !slices.Equal(rows[1], messages.RollupHeaders) {
		t.Fatalf("rows %q", rows)
	}
	wantShown := [][]string{
		{"1", "kientho", "Xã Kiên Thọ", "20", "9", "5", "25%", "3", "1", "2", "5", "40%", "↓", "Trạm y tế xã Kiên Thọ"},
		{"2", "minhson", "Xã Minh Sơn", "20", "12", "10", "50%", "0", "8", "0", "0", "50%", "→", "A; B; C; D; E; F; G; H"},
		{"3", "ngoclac", "Xã Ngọc Lặc", "20", "19", "18", "90%", "1", "1", "0", "0", "80%", "↑", "Trường TH Ngọc Lặc"},
		{"", "", "Cộng 3 xã", "60", "40", "33", "55%", "4", "10", "2", "5"},
	}
	for i, want := range wantShown {
		if !slices.Equal(rows[i+2], want) {
			t.Errorf("row %d: %q, want %q", i+3, rows[i+2], want)
		}
	}
	// Real numbers underneath: a rate is its fraction, a count a number.
	for cellName, want := range map[string]string{"G3": "0.25", "G5": "0.9", "L5": "0.8", "G6": "0.55", "D6": "60", "F4": "10"} {
		v, err := f.GetCellValue(messages.SheetGroups, cellName, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := strconv.ParseFloat(v, 64); v == "" || got != mustFloat(t, want) {
			t.Errorf("%s = %q, want %s", cellName, v, want)
		}
		if typ, _ := f.GetCellType(messages.SheetGroups, cellName); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s is a %v cell, want a number", cellName, typ)
		}
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRollupXLSX166: every commune is in the file, even those the message leaves out.
func TestRollupXLSX166(t *testing.T) {
	rows := manyCommunes(166)
	f, err := excelize.OpenReader(bytes.NewReader(renderRollup(t, "xlsx", rows)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(messages.SheetGroups)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2+166+1 {
		t.Fatalf("%d rows, want 169", len(got))
	}
	total := 0
	for _, r := range got[2:168] {
		n, _ := strconv.Atoi(r[5])
		total += n
	}
	sum := 0
	for _, h := range rows {
		sum += h.Complete
	}
	if last := got[168]; total != sum || last[5] != strconv.Itoa(sum) || last[2] != "Cộng 166 xã" {
		t.Errorf("complete units: rows add to %d, total row %q, want %d", total, last, sum)
	}
}

// TestRollupCSV: the roll-up's rows follow the summary's as one table width, so any
// CSV reader reads the whole file.
func TestRollupCSV(t *testing.T) {
	data := renderRollup(t, "csv", threeCommunes())
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("not one table: %v", err)
	}
	at := slices.IndexFunc(recs, func(r []string) bool { return slices.Equal(r, messages.RollupCSVHeaders) })
	if at < 0 || len(recs) != at+4 {
		t.Fatalf("roll-up header at %d of %d records", at, len(recs))
	}
	want := [][]string{
		{"kientho", "Xã Kiên Thọ", "20", "9", "5", "25", "3", "1", "2", "5", "40", "Trạm y tế xã Kiên Thọ"},
		{"minhson", "Xã Minh Sơn", "20", "12", "10", "50", "0", "8", "0", "0", "50", "A; B; C; D; E; F; G; H"},
		{"ngoclac", "Xã Ngọc Lặc", "20", "19", "18", "90", "1", "1", "0", "0", "80", "Trường TH Ngọc Lặc"},
	}
	for i, w := range want {
		if !slices.Equal(recs[at+1+i], w) {
			t.Errorf("row %d: %q, want %q", i+1, recs[at+1+i], w)
		}
	}
	alone, err := messages.RollupCSV(threeCommunes())
	if err != nil {
		t.Fatal(err)
	}
	if recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(alone, []byte("\uFEFF")))).ReadAll(); err != nil || len(recs) != 4 {
		t.Errorf("roll-up alone: %d records, %v", len(recs), err)
	}
}

// TestRollupText: the text file carries every commune, worst first.
func TestRollupText(t *testing.T) {
	text := string(renderRollup(t, "text", manyCommunes(166)))
	listed := listedCode.FindAllStringSubmatch(text, -1)
	if len(listed) != 166 || listed[0][2] != "xa000" {
		t.Fatalf("%d communes in the text file, first %v", len(listed), listed[0])
	}
	if !strings.Contains(text, "KẾT QUẢ CÁC XÃ") || strings.Contains(text, "<b>") {
		t.Errorf("text section:\n%s", text)
	}
}

// BenchmarkGroupRollup renders a province of 166 communes: the one-message roll-up
// against the single group's brief of the embedded plan (the baseline, same run), and
// the workbook with and without the "Các xã" sheet.
func BenchmarkGroupRollup(b *testing.B) {
	rows := manyCommunes(166)
	s := rollupSummary()
	period := messages.RollupPeriod(s)
	p := store.DefaultPlan()
	var missing []messages.MissingRow
	for _, u := range p.Units {
		missing = append(missing, messages.MissingRow{Unit: u, Focal: &store.User{ID: 1, FirstName: "Nguyễn Thị Phương Thảo"}})
	}
	now := s.End
	b.Run("brief-166", func(b *testing.B) {
		for b.Loop() {
			messages.GroupRollupBrief("Tổ công tác Đề án 06 tỉnh Thanh Hóa", period, province(), rows)
		}
	})
	b.Run("brief-single-group-baseline", func(b *testing.B) {
		for b.Loop() {
			messages.SummaryBrief(p, s, missing, nil, now, true)
		}
	})
	for _, c := range []struct {
		name   string
		groups []store.GroupHeadline
	}{{"xlsx-166", rows}, {"xlsx-baseline", nil}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := messages.Render(messages.Report{Summary: s, Groups: c.groups}, "xlsx"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
