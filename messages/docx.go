package messages

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"github.com/tocongtac/tocongtac/store"
)

// ReportDoc is what the official report says, independent of how the summary was
// compiled: NewReportDoc fills it from store.Summary and the indicator roll-ups.
type ReportDoc struct {
	PlanTitle  string
	CycleLabel string    // "kỳ tháng 3/2024"
	First      time.Time // first and last day of the cycle
	Last       time.Time
	Date       time.Time // the day the report is drawn up

	Reported, Expected, OnTime, Late, Missing int
	Groups                                    []ReportGroup
	Blockers                                  []ReportBlocker
	Communes                                  []store.GroupHeadline // a province's commune groups (roll-up); none for a commune
}

// ReportGroup is one group (I–V) of models.
type ReportGroup struct {
	Group, Title string
	Models       []ReportModel
}

// ReportModel is one model's state and numbers in the cycle.
type ReportModel struct {
	Number     int
	Title      string
	Leads      string // unit names
	Status     store.Status
	Percent    int // -1 when none
	Overdue    bool
	Deadline   string // as the plan words it, or its due date
	Indicators []store.IndicatorRollup
}

// ReportBlocker is a blocker a unit reported in the cycle.
type ReportBlocker struct {
	Model      int
	ModelTitle string
	Unit       string
	Note       string
}

// NewReportDoc builds the report's content from a compiled summary and its indicator
// roll-ups; the one place to adapt when the summary value changes.
func NewReportDoc(planTitle string, s store.Summary, rolls []store.IndicatorRollup, date time.Time) ReportDoc {
	loc := s.Location
	if loc == nil {
		loc = time.Local
	}
	d := ReportDoc{PlanTitle: planTitle, CycleLabel: CycleLabel(s.Kind, s.CycleID),
		First: s.Start.In(loc), Last: s.End.In(loc).AddDate(0, 0, -1), Date: date.In(loc),
		Reported: s.Reported, Expected: s.Expected, OnTime: s.OnTime, Late: s.Late, Missing: s.Missing}
	byModel := map[int][]store.IndicatorRollup{}
	for _, r := range rolls {
		byModel[r.Model.Number] = append(byModel[r.Model.Number], r)
	}
	names := map[string]string{}
	for _, u := range s.Units {
		names[u.Unit.Code] = unitName(u.Unit)
	}
	for _, m := range s.Models {
		if len(d.Groups) == 0 || d.Groups[len(d.Groups)-1].Group != m.Model.Group {
			title := GroupTitle(m.Model.Group)
			if _, t, ok := strings.Cut(title, ". "); ok {
				title = t
			}
			d.Groups = append(d.Groups, ReportGroup{Group: m.Model.Group, Title: title})
		}
		deadline := m.Model.Deadline
		if !m.Model.Due.IsZero() {
			deadline = m.Model.Due.Format(dateVN)
		}
		var leads []string
		for _, c := range m.Leads {
			if n := names[c]; n != "" {
				leads = append(leads, n)
			} else {
				leads = append(leads, c)
			}
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Models = append(g.Models, ReportModel{Number: m.Model.Number, Title: m.Model.Title,
			Leads: strings.Join(leads, ", "), Status: m.Status, Percent: m.Percent, Overdue: m.Overdue,
			Deadline: deadline, Indicators: byModel[m.Model.Number]})
		for _, e := range m.Entries {
			if e.Report != nil && e.Report.Status == store.StatusBlocked {
				d.Blockers = append(d.Blockers, ReportBlocker{Model: m.Model.Number, ModelTitle: m.Model.Title,
					Unit: unitName(e.Unit), Note: strings.TrimSpace(lineBreaks.Replace(e.Report.Note))})
			}
		}
	}
	return d
}

// The layout of Decree 30/2020/NĐ-CP, Appendix I: A4 portrait, margins top and bottom
// 20 mm, left 30 mm, right 15 mm; Times New Roman; sizes in points.
const (
	docFont         = "Times New Roman"
	twipsPerMM      = 1440 / 25.4
	a4WidthTwips    = 11906
	a4HeightTwips   = 16838
	sizeBody        = 14 // body text, document type and subject, signer
	sizeHeading     = 13 // issuing bodies and the national motto (12–13)
	sizeTable       = 12 // the results table
	sizeRecipients  = 11 // the list under "Nơi nhận:"
	sizeRecipientHd = 12 // "Nơi nhận:"
)

func mm(v float64) int { return int(v*twipsPerMM + 0.5) }

// docw writes runs with the decree's font; every run names it, so the file does not
// depend on the reader's default style.
type docw struct {
	doc *docx.RootDoc
}

type runStyle struct {
	size           uint64
	bold, italic   bool
	align          stypes.Justification
	indent         bool // first-line indent of body paragraphs
	before, after  uint64
	ruleBelow      bool // a short rule under the line (issuing body, motto)
	ruleIndentTwip int
}

func styleRun(r *docx.Run, st runStyle) {
	r.Font(docFont).Size(st.size)
	if st.bold {
		r.Bold(true)
	}
	if st.italic {
		r.Italic(true)
	}
}

func formatPara(p *docx.Paragraph, st runStyle) {
	if st.align != "" {
		p.Justification(st.align)
	}
	p.Spacing(st.before, st.after)
	if st.indent {
		first := uint64(mm(10))
		p.Indent(&ctypes.Indent{FirstLine: &first})
	}
}

func (w docw) para(text string, st runStyle) *docx.Paragraph {
	p := w.doc.AddEmptyParagraph()
	formatPara(p, st)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			br := stypes.BreakTypeTextWrapping
			p.AddRun().AddBreak(&br)
		}
		styleRun(p.AddText(line), st)
	}
	return p
}

func cellPara(c *docx.Cell, text string, st runStyle) *docx.Paragraph {
	p := c.AddEmptyPara()
	formatPara(p, st)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			br := stypes.BreakTypeTextWrapping
			p.AddRun().AddBreak(&br)
		}
		styleRun(p.AddText(line), st)
	}
	return p
}

// rule is an empty paragraph whose bottom border, narrowed by indents, draws the short
// line the decree puts under the issuing body and the motto.
func rule(c *docx.Cell, indent int) {
	p := c.AddEmptyPara()
	p.Justification(stypes.JustificationCenter)
	p.Spacing(0, 0)
	ct := p.GetCT()
	if ct.Property == nil {
		ct.Property = &ctypes.ParagraphProp{}
	}
	ct.Property.Indent = &ctypes.Indent{Left: &indent, Right: &indent}
	size := 6
	color := "000000"
	ct.Property.Border = &ctypes.ParaBorder{Bottom: &ctypes.Border{Val: stypes.BorderStyleSingle, Size: &size, Color: &color}}
	// An empty paragraph still takes a line's height: make it small.
	styleRun(p.AddText(""), runStyle{size: 2})
}

// fill replaces {placeholders}.
func fill(s string, r *strings.Replacer) string { return r.Replace(s) }

func (d ReportDoc) replacer(t ReportTemplate) *strings.Replacer {
	done, overdue, total, blockers := 0, 0, 0, len(d.Blockers)
	for _, g := range d.Groups {
		for _, m := range g.Models {
			total++
			if m.Status == store.StatusDone {
				done++
			}
			if m.Overdue {
				overdue++
			}
		}
	}
	itoa := strconv.Itoa
	return strings.NewReplacer(
		"{ky}", d.CycleLabel, "{tu_ngay}", d.First.Format(dateVN), "{den_ngay}", d.Last.Format(dateVN),
		"{ngay}", fmt.Sprintf("%02d", d.Date.Day()), "{thang}", fmt.Sprintf("%02d", int(d.Date.Month())),
		"{nam}", itoa(d.Date.Year()), "{dia_danh}", t.Place, "{ke_hoach}", d.PlanTitle,
		"{da_bao_cao}", itoa(d.Reported), "{phai_bao_cao}", itoa(d.Expected), "{dung_han}", itoa(d.OnTime),
		"{muon}", itoa(d.Late), "{chua_bao_cao}", itoa(d.Missing), "{hoan_thanh}", itoa(done),
		"{tong_mo_hinh}", itoa(total), "{qua_han}", itoa(overdue), "{vuong_mac}", itoa(blockers))
}

// ReportDOCX renders the official report (Báo cáo) as a Decree 30 draft .docx: heading,
// results by group with numbers against targets, blockers and proposals, next tasks,
// recipients and the signature block.
func ReportDOCX(d ReportDoc, t ReportTemplate) ([]byte, error) {
	doc, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	defer doc.Close()
	w := docw{doc}
	rep := d.replacer(t)
	body := runStyle{size: sizeBody, align: stypes.JustificationBoth, indent: true, before: 60, after: 60}
	heading := runStyle{size: sizeBody, bold: true, align: stypes.JustificationBoth, indent: true, before: 120, after: 60}

	writeDocHeading(w, d, t, rep)

	for _, s := range t.Opening {
		w.para(fill(s, rep), body)
	}
	w.para(fill(t.Results, rep), heading)
	for _, s := range t.Overview {
		w.para(fill(s, rep), body)
	}
	if t.TableIntro != "" {
		w.para(fill(t.TableIntro, rep), body)
	}
	writeResultsTable(w, d)
	w.doc.AddEmptyParagraph().Spacing(0, 0) // the next heading must not touch the table
	for i, g := range d.Groups {
		w.para(fmt.Sprintf("%d. %s", i+1, g.Title), runStyle{size: sizeBody, bold: true, italic: true,
			align: stypes.JustificationBoth, indent: true, before: 120, after: 60})
		for _, line := range groupLines(g) {
			w.para(line, body)
		}
	}
	if len(d.Communes) > 0 {
		w.para(fmt.Sprintf("%d. Kết quả báo cáo của các xã", len(d.Groups)+1), runStyle{size: sizeBody, bold: true, italic: true,
			align: stypes.JustificationBoth, indent: true, before: 120, after: 60})
		w.para(communesParagraph(d.Communes), body)
		writeCommunesTable(w, d.Communes)
		w.doc.AddEmptyParagraph().Spacing(0, 0)
	}

	w.para(fill(t.Blockers, rep), heading)
	if len(d.Blockers) == 0 {
		w.para(fill(t.NoBlockers, rep), body)
	}
	for _, b := range d.Blockers {
		note := b.Note
		if note == "" {
			note = "chưa nêu cụ thể"
		}
		w.para(fmt.Sprintf("- MH%d (%s) – %s: %s.", b.Model, b.ModelTitle, b.Unit, strings.TrimRight(note, ". ")), body)
	}
	if len(d.Blockers) > 0 {
		for _, s := range t.Proposals {
			w.para(fill(s, rep), body)
		}
	}

	w.para(fill(t.Tasks, rep), heading)
	for _, line := range nextTasks(d) {
		w.para(line, body)
	}
	for _, s := range t.GeneralTasks {
		w.para("- "+fill(s, rep), body)
	}
	if t.Closing != "" {
		w.para(fill(t.Closing, rep), body)
	}
	writeSignature(w, t, rep)

	doc.Document.Body.SectPr = sectionA4()
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return buf.Bytes(), nil
}

func sectionA4() *ctypes.SectionProp {
	wd, ht := uint64(a4WidthTwips), uint64(a4HeightTwips)
	top, bottom, left, right := mm(20), mm(20), mm(30), mm(15)
	header, footer, gutter := mm(10), mm(10), 0
	return &ctypes.SectionProp{
		PageSize:   &ctypes.PageSize{Width: &wd, Height: &ht},
		PageMargin: &ctypes.PageMargin{Top: &top, Bottom: &bottom, Left: &left, Right: &right, Header: &header, Footer: &footer, Gutter: &gutter},
	}
}

// borderless makes a layout table (heading, signature) with two columns and no lines.
func borderless(w docw, left, right int) (*docx.Cell, *docx.Cell) {
	tbl := w.doc.AddTable()
	tbl.Grid(uint64(left), uint64(right))
	tbl.Width(left+right, stypes.TableWidthDxa)
	row := tbl.AddRow()
	l := row.AddCell().Width(left, stypes.TableWidthDxa)
	r := row.AddCell().Width(right, stypes.TableWidthDxa)
	return l, r
}

func writeDocHeading(w docw, d ReportDoc, t ReportTemplate, rep *strings.Replacer) {
	center := stypes.JustificationCenter
	l, r := borderless(w, mm(65), mm(100))
	if t.Superior != "" {
		cellPara(l, strings.ToUpper(fill(t.Superior, rep)), runStyle{size: sizeHeading, align: center})
	}
	cellPara(l, strings.ToUpper(fill(t.Issuer, rep)), runStyle{size: sizeHeading, bold: true, align: center})
	rule(l, mm(18))
	cellPara(l, fill(t.Number, rep), runStyle{size: sizeHeading, align: center, before: 120})

	cellPara(r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", runStyle{size: sizeHeading, bold: true, align: center})
	cellPara(r, "Độc lập - Tự do - Hạnh phúc", runStyle{size: sizeBody, bold: true, align: center})
	rule(r, mm(25))
	date := fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", fill(t.Place, rep), d.Date.Day(), int(d.Date.Month()), d.Date.Year())
	cellPara(r, date, runStyle{size: sizeBody, italic: true, align: center, before: 120})

	w.para("BÁO CÁO", runStyle{size: sizeBody, bold: true, align: center, before: 360})
	w.para(fill(t.Subject, rep), runStyle{size: sizeBody, bold: true, align: center, after: 60})
	w.doc.AddEmptyParagraph().Spacing(0, 120)
}

// ResultsHeaders are the columns of the report's results table.
var ResultsHeaders = []string{"TT", "Mô hình", "Tình trạng", "Chỉ tiêu", "Kết quả", "So với kỳ trước"}

func writeResultsTable(w docw, d ReportDoc) {
	widths := []int{mm(10), mm(55), mm(28), mm(27), mm(27), mm(18)}
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
	center := stypes.JustificationCenter
	left := stypes.JustificationLeft
	hdr := tbl.AddRow()
	for i, h := range ResultsHeaders {
		c := hdr.AddCell().Width(widths[i], stypes.TableWidthDxa).BackgroundColor("D9D9D9")
		cellPara(c, h, runStyle{size: sizeTable, bold: true, align: center})
	}
	for _, grp := range d.Groups {
		row := tbl.AddRow()
		cellPara(row.AddCell().Width(widths[0], stypes.TableWidthDxa), grp.Group, runStyle{size: sizeTable, bold: true, align: center})
		c := row.AddCell().ColSpan(len(widths) - 1)
		cellPara(c, grp.Title, runStyle{size: sizeTable, bold: true, align: left})
		for _, m := range grp.Models {
			row := tbl.AddRow()
			cells := make([]*docx.Cell, len(widths))
			for i := range widths {
				cells[i] = row.AddCell().Width(widths[i], stypes.TableWidthDxa)
			}
			cellPara(cells[0], strconv.Itoa(m.Number), runStyle{size: sizeTable, align: center})
			cellPara(cells[1], m.Title, runStyle{size: sizeTable, align: left})
			cellPara(cells[2], modelState(m), runStyle{size: sizeTable, align: left})
			var targets, results, trends []string
			for _, r := range m.Indicators {
				targets = append(targets, r.Indicator.Name+": "+withUnit(r.Indicator.Target, r.Indicator.Unit))
				results = append(results, IndicatorResult(r))
				t := "–"
				if r.Has && r.HasPrev {
					t = signed(r.Delta, r.Indicator)
				}
				trends = append(trends, t)
			}
			if len(targets) == 0 {
				targets, results, trends = []string{"–"}, []string{"–"}, []string{"–"}
			}
			cellPara(cells[3], strings.Join(targets, "\n"), runStyle{size: sizeTable, align: left})
			cellPara(cells[4], strings.Join(results, "\n"), runStyle{size: sizeTable, align: left})
			cellPara(cells[5], strings.Join(trends, "\n"), runStyle{size: sizeTable, align: center})
		}
	}
}

// signed is "+9", "-2%", "0".
func signed(v float64, in store.Indicator) string {
	s := Number(v)
	if v > 0.05 {
		s = "+" + s
	}
	if in.IsPercent() || in.Rollup == store.RollupShare {
		s += "%"
	}
	return s
}

// modelState is "Hoàn thành", "Đang triển khai 60%", "Vướng mắc (quá hạn)".
func modelState(m ReportModel) string {
	s := StatusLabel(m.Status)
	if m.Status == "" {
		s = "Chưa có báo cáo"
	}
	if m.Percent >= 0 && m.Status != store.StatusDone {
		s += fmt.Sprintf(" %d%%", m.Percent)
	}
	if m.Overdue {
		s += " (quá hạn)"
	}
	return s
}

// groupLines says what is done, in progress and late in a group, in sentences.
func groupLines(g ReportGroup) []string {
	byStatus := map[store.Status][]string{}
	var late []string
	for _, m := range g.Models {
		byStatus[m.Status] = append(byStatus[m.Status], fmt.Sprintf("MH%d", m.Number))
		if m.Overdue {
			late = append(late, fmt.Sprintf("MH%d (thời hạn %s)", m.Number, m.Deadline))
		}
	}
	var out []string
	add := func(label string, list []string) {
		if len(list) > 0 {
			out = append(out, fmt.Sprintf("- %s: %d mô hình (%s).", label, len(list), strings.Join(list, ", ")))
		}
	}
	add("Đã hoàn thành", byStatus[store.StatusDone])
	add("Đang triển khai", byStatus[store.StatusInProgress])
	add("Chưa triển khai", byStatus[store.StatusNotStarted])
	add("Có vướng mắc", byStatus[store.StatusBlocked])
	add("Chưa có báo cáo của đơn vị chủ trì", byStatus[""])
	add("Quá thời hạn hoàn thành", late)
	return out
}

// nextTasks lists what the next period must finish: late models first, then models not
// done, then indicators short of their target.
func nextTasks(d ReportDoc) []string {
	var late, open, short []string
	for _, g := range d.Groups {
		for _, m := range g.Models {
			switch {
			case m.Overdue:
				late = append(late, fmt.Sprintf("- Khẩn trương hoàn thành MH%d – %s (quá thời hạn %s; đơn vị chủ trì: %s).", m.Number, m.Title, m.Deadline, m.Leads))
			case m.Status == store.StatusBlocked:
				open = append(open, fmt.Sprintf("- Tháo gỡ vướng mắc, tiếp tục triển khai MH%d – %s (đơn vị chủ trì: %s).", m.Number, m.Title, m.Leads))
			}
			for _, r := range m.Indicators {
				if !r.Met {
					now := "chưa có số liệu"
					if r.Has {
						now = "hiện đạt " + IndicatorResult(r)
					}
					short = append(short, fmt.Sprintf("- Phấn đấu đạt chỉ tiêu MH%d – %s: %s; %s.", m.Number, r.Indicator.Name, withUnit(r.Indicator.Target, r.Indicator.Unit), now))
				}
			}
		}
	}
	return append(append(late, open...), short...)
}

func writeSignature(w docw, t ReportTemplate, rep *strings.Replacer) {
	w.doc.AddEmptyParagraph().Spacing(0, 0)
	l, r := borderless(w, mm(85), mm(80))
	p := l.AddEmptyPara()
	formatPara(p, runStyle{before: 120})
	styleRun(p.AddText("Nơi nhận:"), runStyle{size: sizeRecipientHd, bold: true, italic: true})
	for _, s := range t.Recipients {
		cellPara(l, "- "+fill(s, rep), runStyle{size: sizeRecipients, align: stypes.JustificationLeft})
	}
	center := stypes.JustificationCenter
	cellPara(r, strings.ToUpper(strings.Join(t.SignerTitle, "\n")), runStyle{size: sizeBody, bold: true, align: center, before: 120})
	for range 4 { // room for the signature and the seal
		cellPara(r, "", runStyle{size: sizeBody, align: center})
	}
	name := fill(t.SignerName, rep)
	if strings.TrimSpace(name) == "" {
		name = "(ký, ghi rõ họ tên)"
		cellPara(r, name, runStyle{size: sizeBody, italic: true, align: center})
		return
	}
	cellPara(r, name, runStyle{size: sizeBody, bold: true, align: center})
}

// ReportFileName is "bao-cao-2024-03.docx".
func ReportFileName(s store.Summary) string { return "bao-cao-" + s.CycleID + ".docx" }

// ReportCaption goes with the draft report in chat.
func ReportCaption(s store.Summary) string {
	return "📄 Dự thảo báo cáo " + E(CycleLabel(s.Kind, s.CycleID)) +
		" gửi Tổ công tác Đề án 06 cấp trên (theo thể thức Nghị định 30/2020/NĐ-CP). Đồng chí vui lòng rà soát, bổ sung số, ký hiệu và người ký trước khi ban hành."
}
