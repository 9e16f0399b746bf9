package messages

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

func TestRateBands(t *testing.T) {
	var gs []store.GroupHeadline
	for _, c := range [][2]int{{0, 20}, {4, 20}, {5, 20}, {10, 20}, {14, 20}, {15, 20}, {19, 20}, {20, 20}, {0, 0}} {
		gs = append(gs, store.GroupHeadline{Complete: c[0], Expected: c[1]})
	}
	// 0 and 0/0 below 25%; 5/20 is 25%; 19/20 is not 100%.
	if got, want := rateBands(gs), []int{3, 1, 2, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("bands %v, want %v", got, want)
	}
}

// A province's chart has a third panel for its communes: one bar each when they are few,
// bands when they are many. Without communes it keeps its two panels.
func TestSummaryChartRollsUpCommunes(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	sum := store.Summary{Kind: store.CycleWeek, CycleID: "2024-W11", Location: loc, ModelsByStatus: map[store.Status]int{},
		Models: []store.ModelSummary{{Model: store.Model{Number: 1, Title: "Dịch vụ công thiết yếu"}}}}
	rates := []store.CycleRate{{CycleID: "2024-W10", Expected: 30, Reported: 20}, {CycleID: "2024-W11", Expected: 30, Reported: 25}}
	commune := func(i int, complete int) store.GroupHeadline {
		return store.GroupHeadline{Group: store.Group{ID: int64(i + 2), Code: "xa", Name: "Tổ công tác Đề án 06 xã Số " + string(rune('A'+i%26)), Parent: 1},
			CycleID: "2024-W11", Expected: 20, Complete: complete}
	}
	few := []store.GroupHeadline{commune(0, 20), commune(1, 5), commune(2, 12)}
	var many []store.GroupHeadline
	for i := range 166 {
		many = append(many, commune(i, i%21))
	}
	heights := map[string]int{}
	for name, groups := range map[string][]store.GroupHeadline{"none": nil, "few": few, "many": many} {
		data, err := SummaryChart(sum, rates, groups)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		heights[name] = img.Bounds().Dy()
		if dir := os.Getenv("TOCONGTAC_ARTIFACTS"); dir != "" {
			os.WriteFile(filepath.Join(dir, "chart-communes-"+name+".png"), data, 0o644)
		}
	}
	if d := heights["few"]*2 - heights["none"]*3; heights["few"] != heights["many"] || d < -3 || d > 3 {
		t.Errorf("chart heights %v: want a third panel with communes, two panels without", heights)
	}
}

// A count axis has whole-number ticks only, even when the counts are tiny.
func TestWholeTicks(t *testing.T) {
	var labels []string
	for _, tk := range (wholeTicks{}).Ticks(0, 1.45) {
		labels = append(labels, tk.Label)
	}
	if !slices.Equal(labels, []string{"0", "1"}) {
		t.Errorf("ticks of 0–1.45: %q", labels)
	}
	for _, tk := range (wholeTicks{}).Ticks(0, 72.5) {
		if tk.Label != "" && tk.Value != float64(int(tk.Value)) {
			t.Errorf("tick %v labelled %q", tk.Value, tk.Label)
		}
	}
}
