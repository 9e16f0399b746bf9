package messages

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// TestReportDOCXCommunes: a province's official report carries its communes as a
// numbered section with one sentence and a table, worst first.
func TestReportDOCXCommunes(t *testing.T) {
	plan, s, rolls := scriptedCycle(t)
	g := func(code, name string) store.Group {
		return store.Group{Code: code, Name: "Tổ công tác Đề án 06 xã " + name, Parent: 1}
	}
	rows := []store.GroupHeadline{
		{Group: g("ngoclac", "Ngọc Lặc"), Expected: 20, Complete: 18, Late: 1, Trend: []float64{0.8}},
		{Group: g("kientho", "Kiên Thọ"), Expected: 20, Complete: 5, Late: 3, OpenBlockers: 2, OldestDays: 5, Trend: []float64{0.4}},
		{Group: g("minhson", "Minh Sơn")},
	}
	data, err := Render(Report{Title: plan.Title, At: time.Date(2024, 3, 15, 9, 0, 0, 0, hanoi), Summary: s, Rollups: rolls, Groups: rows}, "docx")
	if err != nil {
		t.Fatal(err)
	}
	_, paras, tables := readBack(t, data)
	var table [][]string
	for _, tb := range tables {
		if len(tb) > 0 && slices.Equal(tb[0], CommunesHeaders) {
			table = tb
		}
	}
	want := [][]string{
		{"1", "Xã Kiên Thọ", "5/20", "25%", "3", "2 (lâu nhất 5 ngày làm việc)", "↓ (40%)"},
		{"2", "Xã Ngọc Lặc", "18/20", "90%", "1", "0", "↑ (80%)"},
		{"3", "Xã Minh Sơn", "–", "–", "0", "0", "–"},
	}
	if len(table) != 4 {
		t.Fatalf("communes table %q", table)
	}
	for i, w := range want {
		if !slices.Equal(table[i+1], w) {
			t.Errorf("row %d: %q, want %q", i+1, table[i+1], w)
		}
	}
	text := strings.Join(paras, "\n")
	for _, w := range []string{"4. Kết quả báo cáo của các xã",
		"Tổng hợp 3 Tổ công tác Đề án 06 cấp xã: 23/40 đơn vị đã báo cáo đủ các mô hình (58%), 4 đơn vị báo cáo muộn, 2 vướng mắc đang mở; 0 xã"} {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in the report", w)
		}
	}
	// A commune's own report has no such section.
	data, err = Render(Report{Title: plan.Title, At: time.Date(2024, 3, 15, 9, 0, 0, 0, hanoi), Summary: s, Rollups: rolls}, "docx")
	if err != nil {
		t.Fatal(err)
	}
	if _, paras, tables := readBack(t, data); len(tables) != 3 || strings.Contains(strings.Join(paras, "\n"), "các xã") {
		t.Errorf("a report without communes: %d tables", len(tables))
	}
}
