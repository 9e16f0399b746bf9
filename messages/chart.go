package messages

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/tocongtac/tocongtac/store"
)

// chartColors match the XLSX fills, darker so bars read on white.
var chartColors = map[store.Status]color.RGBA{
	store.StatusDone:       {0x3a, 0xa6, 0x5c, 0xff},
	store.StatusInProgress: {0x3b, 0x82, 0xc4, 0xff},
	store.StatusNotStarted: {0xe8, 0xb0, 0x2e, 0xff},
	store.StatusBlocked:    {0xd9, 0x3f, 0x3f, 0xff},
	"":                     {0xb0, 0xb0, 0xb0, 0xff},
}

// SummaryChart draws the cycle as a PNG: per model, how many units are in each status
// (stacked bars), and the share of units that reported in each of the recent weeks; for a
// province, a third panel rolls up its commune groups (groups). Labels use the plot's
// default font (Liberation), which has Vietnamese glyphs.
func SummaryChart(s store.Summary, rates []store.CycleRate, groups []store.GroupHeadline) ([]byte, error) {
	top, err := statusBars(s)
	if err != nil {
		return nil, err
	}
	bottom, err := rateBars(rates)
	if err != nil {
		return nil, err
	}
	panels := [][]*plot.Plot{{top}, {bottom}}
	if len(groups) > 0 {
		p, err := groupBars(s, groups)
		if err != nil {
			return nil, err
		}
		panels = append(panels, []*plot.Plot{p})
	}
	w, h := 26*vg.Centimeter, 12*vg.Centimeter*vg.Length(len(panels))
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3,
		PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 3, PadY: vg.Millimeter * 8}
	canvases := plot.Align(panels, tiles, dc)
	for i, row := range panels {
		row[0].Draw(canvases[i][0])
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

func statusBars(s store.Summary) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Tình trạng các mô hình – " + CycleLabel(s.Kind, s.CycleID) + " (số đơn vị)"
	p.Y.Label.Text = "Số đơn vị"
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.Padding = vg.Millimeter
	names := make([]string, len(s.Models))
	for i, m := range s.Models {
		names[i] = fmt.Sprintf("MH%d", m.Model.Number)
	}
	order := append(append([]store.Status(nil), store.Statuses...), "")
	var below *plotter.BarChart
	for _, st := range order {
		vals := make(plotter.Values, len(s.Models))
		for i, m := range s.Models {
			for _, e := range m.Entries {
				if e.Report == nil && e.Excused {
					continue
				}
				if e.Status() == st {
					vals[i]++
				}
			}
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(14))
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		bars.Color = chartColors[st]
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(StatusLabel(st), bars)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.7, float64(len(names))-0.3
	// Head room for the legend, which sits over the top right bars.
	max := 1.0
	if below != nil {
		for i := range s.Models {
			if v := below.BarHeight(i); v > max {
				max = v
			}
		}
	}
	p.Y.Min, p.Y.Max = 0, max*1.45
	p.Y.Tick.Marker = wholeTicks{}
	p.X.Tick.Label.Rotation = 0.8
	p.X.Tick.Label.XAlign = draw.XRight
	p.Add(plotter.NewGrid())
	return p, nil
}

func rateBars(rates []store.CycleRate) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Tỷ lệ đơn vị báo cáo theo tuần (%d tuần gần nhất)", len(rates))
	p.Y.Label.Text = "Tỷ lệ (%)"
	p.Y.Min, p.Y.Max = 0, 110
	vals := make(plotter.Values, len(rates))
	names := make([]string, len(rates))
	for i, r := range rates {
		if r.Expected > 0 {
			vals[i] = 100 * float64(r.Reported) / float64(r.Expected)
		}
		names[i] = CycleLabel(store.CycleWeek, r.CycleID)
	}
	if len(rates) == 0 {
		p.HideX()
		return p, nil
	}
	labels := make([]string, len(vals))
	for i, v := range vals {
		labels[i] = fmt.Sprintf("%.0f%%", v)
	}
	return p, labelledBars(p, vals, names, labels, chartColors[store.StatusInProgress])
}

// labelledBars draws one bar per name, each with its label above it.
func labelledBars(p *plot.Plot, vals plotter.Values, names, labels []string, fill color.RGBA) error {
	bars, err := plotter.NewBarChart(vals, vg.Points(22))
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	bars.Color = fill
	bars.LineStyle.Width = 0
	p.Add(plotter.NewGrid(), bars)
	var xy plotter.XYLabels
	for i, v := range vals {
		xy.XYs = append(xy.XYs, plotter.XY{X: float64(i), Y: v})
		xy.Labels = append(xy.Labels, labels[i])
	}
	if l, err := plotter.NewLabels(xy); err == nil {
		for i := range l.TextStyle {
			l.TextStyle[i].XAlign = draw.XCenter
		}
		l.Offset = vg.Point{Y: vg.Points(2)}
		p.Add(l)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.7, float64(len(names))-0.3
	p.X.Tick.Label.Rotation = 0.5
	p.X.Tick.Label.XAlign = draw.XRight
	return nil
}

// groupBarsEach is how many commune groups the roll-up panel shows one bar each; above
// it, the panel counts communes per band of completion rate.
const groupBarsEach = 20

var rateBandNames = []string{"dưới 25%", "25–49%", "50–74%", "75–99%", "100%"}

// rateBands counts the groups in each of rateBandNames by their completion rate; only
// those whose every expected unit reported every model are at 100%.
func rateBands(groups []store.GroupHeadline) []int {
	n := make([]int, len(rateBandNames))
	for _, g := range groups {
		band := min(int(4*g.Rate()), 3)
		if g.Expected > 0 && g.Complete == g.Expected {
			band = 4
		}
		n[band]++
	}
	return n
}

// groupBars is the roll-up panel: each commune's share of units that reported every
// model, worst first, or with many communes how many fall in each band of that share.
func groupBars(s store.Summary, groups []store.GroupHeadline) (*plot.Plot, error) {
	p := plot.New()
	var vals plotter.Values
	var names []string
	var labels []string
	if len(groups) <= groupBarsEach {
		p.Title.Text = fmt.Sprintf("Tỷ lệ đơn vị báo cáo đủ của %d xã – %s", len(groups), CycleLabel(s.Kind, s.CycleID))
		p.Y.Label.Text = "Tỷ lệ (%)"
		for _, g := range worstFirst(groups) { // the order of /tonghop's list
			vals = append(vals, 100*g.Rate())
			names = append(names, GroupShortName(g.Group))
			labels = append(labels, fmt.Sprintf("%.0f%%", 100*g.Rate()))
		}
		p.Y.Min, p.Y.Max = 0, 110
	} else {
		p.Title.Text = fmt.Sprintf("Số xã theo tỷ lệ đơn vị báo cáo đủ – %s (%d xã)", CycleLabel(s.Kind, s.CycleID), len(groups))
		p.Y.Label.Text = "Số xã"
		names = rateBandNames
		for _, n := range rateBands(groups) {
			vals = append(vals, float64(n))
			labels = append(labels, strconv.Itoa(n))
		}
		p.Y.Min, p.Y.Max = 0, max(1, slices.Max(vals))*1.15
		p.Y.Tick.Marker = wholeTicks{}
	}
	return p, labelledBars(p, vals, names, labels, chartColors[store.StatusDone])
}

// wholeTicks labels a count axis with whole numbers ("50", not "50.00").
type wholeTicks struct{}

func (wholeTicks) Ticks(min, max float64) []plot.Tick {
	if max-min < 6 { // a few units: one tick each, none between ("0.6" units means nothing)
		var ticks []plot.Tick
		for v := math.Ceil(min); v <= max; v++ {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
		return ticks
	}
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', -1, 64)
		}
	}
	return ticks
}
