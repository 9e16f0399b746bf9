package messages

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/packager"
	"github.com/gomutex/godocx/wml/ctypes"

	"github.com/tocongtac/tocongtac/store"
)

var hanoi = func() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return l
}()

// scriptedCycle is March 2024 on the embedded plan: MH1 counted 39/53 (30 in February),
// MH9 done, MH25 late, MH30 blocked at Mỹ Tân.
func scriptedCycle(t *testing.T) (store.Plan, store.Summary, []store.IndicatorRollup) {
	t.Helper()
	plan := store.DefaultPlan()
	unit := func(code string) store.Unit { u, _ := plan.Unit(code); return u }
	model := func(n int) store.Model { m, _ := plan.Model(n); return m }
	rep := func(code string, n int, st store.Status, pct int, note string) *store.Report {
		return &store.Report{Unit: code, Model: n, Status: st, Percent: pct, Note: note}
	}
	s := store.Summary{Kind: store.CycleMonth, CycleID: "2024-03", Location: hanoi,
		Start: time.Date(2024, 2, 15, 0, 0, 0, 0, hanoi), End: time.Date(2024, 3, 15, 0, 0, 0, 0, hanoi),
		Expected: 40, Reported: 31, OnTime: 28, Late: 3, Missing: 9}
	s.Models = []store.ModelSummary{
		{Model: model(1), Leads: []string{"CAH", "TUPHAP"}, Status: store.StatusInProgress, Percent: 70,
			Entries: []store.Entry{{Unit: unit("CAH"), Role: store.RoleLead, Report: rep("CAH", 1, store.StatusInProgress, 70, "")}}},
		{Model: model(9), Leads: []string{"CAH"}, Status: store.StatusDone, Percent: -1,
			Entries: []store.Entry{{Unit: unit("CAH"), Role: store.RoleLead, Report: rep("CAH", 9, store.StatusDone, -1, "")}}},
		{Model: model(25), Leads: []string{"VHTT"}, Status: store.StatusInProgress, Percent: 50, Overdue: true},
		{Model: model(30), Leads: []string{"CAH"}, Status: store.StatusInProgress, Percent: 40,
			Entries: []store.Entry{{Unit: unit("X-MYTAN"), Role: store.RoleSupport,
				Report: rep("X-MYTAN", 30, store.StatusBlocked, -1, "thiếu kinh phí mua camera")}}},
	}
	for _, c := range []string{"CAH", "TUPHAP", "VHTT", "X-MYTAN"} {
		s.Units = append(s.Units, store.UnitSummary{Unit: unit(c)})
	}
	cur := []store.IndicatorValue{{Unit: "CAH", Model: 1, Value: 27}, {Unit: "TUPHAP", Model: 1, Value: 12}}
	prev := []store.IndicatorValue{{Unit: "CAH", Model: 1, Value: 30}}
	var rolls []store.IndicatorRollup
	for _, r := range store.RollupIndicators(plan, cur, prev) {
		if r.Model.Number == 1 || r.Model.Number == 25 {
			rolls = append(rolls, r)
		}
	}
	return plan, s, rolls
}

// readBack opens the file with the library and returns its body paragraphs' text and
// its tables as rows of cell texts.
func readBack(t *testing.T, data []byte) (*docx.RootDoc, []string, [][][]string) {
	t.Helper()
	doc, err := packager.Unpack(&data)
	if err != nil {
		t.Fatalf("the library cannot open the file: %v", err)
	}
	var paras []string
	var tables [][][]string
	for _, ch := range doc.Document.Body.Children {
		if ch.Para != nil {
			paras = append(paras, paraText(ch.Para.GetCT()))
		}
		if ch.Table != nil {
			var rows [][]string
			for _, rc := range ch.Table.GetCT().RowContents {
				var cells []string
				for _, cc := range rc.Row.Contents {
					var ps []string
					for _, b := range cc.Cell.Contents {
						if b.Paragraph != nil {
							ps = append(ps, paraText(b.Paragraph))
						}
					}
					cells = append(cells, strings.Join(ps, "\n"))
				}
				rows = append(rows, cells)
			}
			tables = append(tables, rows)
		}
	}
	return doc, paras, tables
}

func paraText(p *ctypes.Paragraph) string {
	var b strings.Builder
	for _, c := range p.Children {
		if c.Run == nil {
			continue
		}
		for _, rc := range c.Run.Children {
			switch {
			case rc.Text != nil:
				b.WriteString(rc.Text.Text)
			case rc.Break != nil:
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

func renderScripted(t *testing.T) []byte {
	t.Helper()
	plan, s, rolls := scriptedCycle(t)
	d := NewReportDoc(plan.Title, s, rolls, time.Date(2024, 3, 15, 9, 0, 0, 0, hanoi))
	data, err := ReportDOCX(d, DefaultReportTemplate())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReportDOCXReadBack(t *testing.T) {
	data := renderScripted(t)
	doc, paras, tables := readBack(t, data)
	if len(tables) != 3 {
		t.Fatalf("%d tables, want heading, results and signature", len(tables))
	}
	body := strings.Join(paras, "\n")

	// Heading (Decree 30): issuing bodies left, motto right, then the document type.
	head := tables[0][0]
	for _, want := range []string{"UBND HUYỆN NGỌC LẶC", "TỔ CÔNG TÁC ĐỀ ÁN 06", "Số:", "/BC-TCT"} {
		if !strings.Contains(head[0], want) {
			t.Errorf("heading left %q lacks %q", head[0], want)
		}
	}
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ngọc Lặc, ngày 15 tháng 03 năm 2024"} {
		if !strings.Contains(head[1], want) {
			t.Errorf("heading right %q lacks %q", head[1], want)
		}
	}
	for _, want := range []string{"BÁO CÁO", "Kết quả triển khai các mô hình của Đề án 06 kỳ tháng 3/2024",
		"từ ngày 15/02/2024 đến ngày 14/03/2024", "31/40 đơn vị đã gửi báo cáo (28 đúng hạn, 3 muộn); 9 đơn vị chưa báo cáo",
		"I. KẾT QUẢ TRIỂN KHAI", "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT", "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
		"Đã hoàn thành: 1 mô hình (MH9)", "Quá thời hạn hoàn thành: 1 mô hình (MH25 (thời hạn 31/03/2024))",
		// The blocker, with the proposal that follows blockers.
		"MH30 (Triển khai tố giác tội phạm qua ứng dụng VNeID) – UBND xã Mỹ Tân: thiếu kinh phí mua camera.",
		"Đề nghị Tổ công tác Đề án 06 tỉnh",
		"Phấn đấu đạt chỉ tiêu MH1 – Số DVC thiết yếu đã triển khai: 53 dịch vụ; hiện đạt 39/53 dịch vụ (73,6%).",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}

	// The results table: a header, a row per group, a row per model with its numbers.
	res := tables[1]
	if strings.Join(res[0], "|") != strings.Join(ResultsHeaders, "|") {
		t.Errorf("results header %q", res[0])
	}
	var mh1 []string
	for _, row := range res {
		if row[0] == "1" {
			mh1 = row
		}
	}
	if mh1 == nil || mh1[3] != "Số DVC thiết yếu đã triển khai: 53 dịch vụ" || mh1[4] != "39/53 dịch vụ (73,6%)" || mh1[5] != "+9" || mh1[2] != "Đang triển khai 70%" {
		t.Errorf("MH1 row %q", mh1)
	}
	if res[1][0] != "I" || !strings.Contains(res[1][1], "Nhóm tiện ích phục vụ giải quyết TTHC") {
		t.Errorf("group row %q", res[1])
	}

	// Recipients and the signature block.
	sig := tables[2][0]
	for _, want := range []string{"Nơi nhận:", "- Tổ công tác Đề án 06 tỉnh (để b/c);", "- Lưu: VT, TCTĐA."} {
		if !strings.Contains(sig[0], want) {
			t.Errorf("recipients %q lack %q", sig[0], want)
		}
	}
	if !strings.Contains(sig[1], "KT. TỔ TRƯỞNG\nTỔ PHÓ THƯỜNG TRỰC") {
		t.Errorf("signature %q", sig[1])
	}

	// A4 with the decree's margins; every run in Times New Roman.
	sp := doc.Document.Body.SectPr
	if sp == nil || *sp.PageSize.Width != 11906 || *sp.PageSize.Height != 16838 || *sp.PageMargin.Left != mm(30) || *sp.PageMargin.Right != mm(15) {
		t.Errorf("section %+v", sp)
	}
	for _, ch := range doc.Document.Body.Children {
		if ch.Para == nil {
			continue
		}
		for _, c := range ch.Para.GetCT().Children {
			if c.Run != nil && len(c.Run.Children) > 0 && c.Run.Children[0].Text != nil {
				if f := c.Run.Property.Fonts; f == nil || f.Ascii != docFont || f.HAnsi != docFont {
					t.Fatalf("run %q not in %s", c.Run.Children[0].Text.Text, docFont)
				}
			}
		}
	}
}

func TestReportDOCXNoBlockers(t *testing.T) {
	plan, s, _ := scriptedCycle(t)
	s.Models = s.Models[:2]
	data, err := ReportDOCX(NewReportDoc(plan.Title, s, nil, time.Date(2024, 3, 15, 9, 0, 0, 0, hanoi)), DefaultReportTemplate())
	if err != nil {
		t.Fatal(err)
	}
	_, paras, _ := readBack(t, data)
	body := strings.Join(paras, "\n")
	if !strings.Contains(body, "các đơn vị không báo cáo khó khăn, vướng mắc") || strings.Contains(body, "Đề nghị Tổ công tác") {
		t.Errorf("no blockers: %s", body)
	}
}

func TestReportTemplate(t *testing.T) {
	tm := DefaultReportTemplate()
	if tm.Issuer == "" || len(tm.Recipients) == 0 || len(tm.SignerTitle) == 0 {
		t.Fatalf("default template %+v", tm)
	}
	edited := strings.Replace(string(DefaultReportTemplateYAML()), "dia_danh: Ngọc Lặc", "dia_danh: Thạch Lập", 1)
	tm, err := ParseReportTemplate([]byte(edited))
	if err != nil || tm.Place != "Thạch Lập" {
		t.Fatalf("edited template: %v %+v", err, tm.Place)
	}
	bad := strings.Replace(string(DefaultReportTemplateYAML()), "Đề án 06 {ky}\n", "Đề án 06 {kỳ}\n", 1)
	_, err = ParseReportTemplate([]byte(bad))
	if err == nil || !strings.Contains(err.Error(), "{kỳ}") || !strings.Contains(err.Error(), "dòng ") {
		t.Errorf("unknown placeholder: %v", err)
	}
	if _, err := ParseReportTemplate([]byte("co_quan: X\nnoi_gui: Y\n")); err == nil {
		t.Error("unknown key accepted")
	}
}

// TestReportDOCXConvertsToPDF opens the file in LibreOffice, the way an officer would
// open it in a word processor. TOCONGTAC_DOCX_PNG=FILE also renders page 1 to a picture.
func TestReportDOCXConvertsToPDF(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the .docx is not converted to PDF")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "baocao.docx")
	if err := os.WriteFile(in, renderScripted(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"),
		"--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "baocao.pdf"))
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("no PDF: %v", err)
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "baocao.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Nơi nhận:", "39/53 dịch vụ"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	}
	if png := os.Getenv("TOCONGTAC_DOCX_PNG"); png != "" {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", filepath.Join(dir, "baocao.pdf"), png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
	}
}

// BenchmarkReportDOCX renders the official report of the scripted month; its baseline is
// the same month's workbook (SummaryXLSX), measured in the same run.
func BenchmarkReportDOCX(b *testing.B) {
	t := &testing.T{}
	plan, s, rolls := scriptedCycle(t)
	d := NewReportDoc(plan.Title, s, rolls, time.Date(2024, 3, 15, 9, 0, 0, 0, hanoi))
	tm := DefaultReportTemplate()
	b.Run("docx", func(b *testing.B) {
		for b.Loop() {
			if _, err := ReportDOCX(d, tm); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx-baseline", func(b *testing.B) {
		for b.Loop() {
			if _, err := SummaryXLSXWithIndicators(s, nil, rolls); err != nil {
				b.Fatal(err)
			}
		}
	})
}
