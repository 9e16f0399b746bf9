package parse

import (
	"cmp"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

// The units of the table: a district office with many models, a commune with few.
var (
	cah = []int{1, 3, 6, 9, 10, 18, 24, 30, 36}
	xa  = []int{9, 18, 27, 28, 30}
)

// replyCase is one reply as focal points type it on a phone.
//   - recorded: what is recorded without a question, in order: "9D", "18P50",
//     `30B"thiếu camera"` (model, D/P/N/B, percent, note), "*P50" for "tất
//     cả", "=" for "giữ nguyên".
//   - lines: one token per non-empty line: R report, C continuation, Sh/Sg/Ss
//     skipped heading/greeting/sign-off, Qs«phrase»/Qa/Qn question
//     (suggestion, ambiguous split, needs a description), E:Kind error; a
//     model follows "/" where the line names one.
//   - period: the period stated, "" if none: TW, LW, W11, TM, LM, M3, X.
type replyCase struct {
	in       string
	unit     []int
	recorded string
	lines    string
	period   string
}

var replyCases = []replyCase{
	// The issue's own examples.
	{"9 ht, 18 dtk", cah, "9D 18P", "R", ""},
	{"MH1, MH3 xong", cah, "1D 3D", "R", ""},
	{"MH9 hoàn thành, MH18 đang triển khai 50%", cah, "9D 18P50", "R", ""},
	{"MH18 vướng mắc:\n- thiếu camera\n- chưa có kinh phí", cah, `18B"thiếu camera; chưa có kinh phí"`, "R C C", ""},
	{"Kính gửi Công an huyện\nBáo cáo của UBND xã Mỹ Tân\nMH27: đang triển khai 60%\nMH28 xong\nTrân trọng!", xa, "27P60 28D", "Sg Sh R R Ss", ""},
	{"giống tuần trước", xa, "=", "R", ""},
	{"như tuần trước", xa, "=", "R", ""},
	{"không thay đổi", xa, "=", "R", ""},
	{"giong tuan truoc a", xa, "=", "R", ""},
	{"khong thay doi gi", xa, "=", "R", ""},
	{"MH9 hoan thnah", xa, "", "Qs/9«hoàn thành»", ""},
	{"MH18 dang trien khia", xa, "", "Qs/18«đang triển khai»", ""},
	{"MH30 vuong mat", xa, "", "Qs/30«vướng mắc»", ""},
	{"MH9 Đã triển khai 70%", xa, "9P70", "R", ""},
	{"MH9 ✅", xa, "9D", "R", ""},
	{"MH9 tạm dừng", xa, `9B"tạm dừng"`, "R", ""},
	{"MH36 vm", cah, "", "Qn/36", ""},
	{"MH9 Hoàn thành – rồi nhé", xa, "9D", "R", ""},
	{"MH18 Vướng mắc – về kinh phí", xa, `18B"kinh phí"`, "R", ""},
	{"tuần trước\nMH9 xong", xa, "9D", "Sh R", "LW"},
	{"Báo cáo tuần 11\nMH9 xong", xa, "9D", "Sh R", "W11"},
	{"tất cả dtk", xa, "*P", "R", ""},

	// One model per line, the everyday replies.
	{"MH9: hoàn thành", xa, "9D", "R", ""},
	{"mh9 xong", xa, "9D", "R", ""},
	{"Mh 9 xong roi", xa, "9D", "R", ""},
	{"MH 9: Đã hoàn thành ạ", xa, "9D", "R", ""},
	{"MH9 đã xong rồi nhé", xa, "9D", "R", ""},
	{"MH09 ht", xa, "9D", "R", ""},
	{"mô hình 9 hoàn thành", xa, "9D", "R", ""},
	{"Mo hinh so 18 dang trien khai 40%", xa, "18P40", "R", ""},
	{"MH18 đtk 75%", xa, "18P75", "R", ""},
	{"MH18: 75%", xa, "18P75", "R", ""},
	{"MH27 100%", xa, "27D100", "R", ""},
	{"MH27 0%", xa, "27N0", "R", ""},
	{"MH28 chưa triển khai", xa, "28N", "R", ""},
	{"MH28 chua lam", xa, "28N", "R", ""},
	{"MH28 chưa bắt đầu - chờ kinh phí", xa, `28N"chờ kinh phí"`, "R", ""},
	{"MH28 ctk", xa, "28N", "R", ""},
	{"MH30 vướng mắc: thiếu kinh phí", xa, `30B"thiếu kinh phí"`, "R", ""},
	{"mh30 vuong mac - chua co mat bang", xa, `30B"chua co mat bang"`, "R", ""},
	{"MH30 khó khăn: chưa có người", xa, `30B"chưa có người"`, "R", ""},
	{"MH30 kk thieu nguoi", xa, `30B"thieu nguoi"`, "R", ""},
	{"MH30 vướng mặt bằng", xa, `30B"mặt bằng"`, "R", ""},
	{"MH30 VM: chờ UBND tỉnh phê duyệt", xa, `30B"chờ UBND tỉnh phê duyệt"`, "R", ""},
	{"#9 xong", xa, "9D", "R", ""},
	{"M9 xong", xa, "9D", "R", ""},
	{"9. ht", xa, "9D", "R", ""},
	{"9) xong", xa, "9D", "R", ""},
	{"1. MH9: xong", xa, "9D", "R", ""},
	{"- MH9: xong", xa, "9D", "R", ""},
	{"• MH18 đang làm 30%", xa, "18P30", "R", ""},
	{"+ MH27 xong", xa, "27D", "R", ""},
	{"✅ MH28: Hoàn thành", xa, "28D", "R", ""},
	{"🔄 MH27: Đang triển khai 60% – còn 2 thôn", xa, `27P60"còn 2 thôn"`, "R", ""},
	{"MH9 xong 🎉", xa, `9D"🎉"`, "R", ""},
	{"MH9 XONG!!!", xa, "9D", "R", ""},
	{"MH18 dang lam, con 2 thon", xa, `18P"con 2 thon"`, "R", ""},
	{"MH18 đang thực hiện 50% – đã lắp 3/5 camera", xa, `18P50"đã lắp 3/5 camera"`, "R", ""},
	{"MH9 xong – 70% kinh phí đã giải ngân", xa, `9D"70% kinh phí đã giải ngân"`, "R", ""},
	{"MH9 hoàn thành (đã nghiệm thu)", xa, `9D"(đã nghiệm thu)"`, "R", ""},
	{"MH9 da trien khai 100%", xa, "9D100", "R", ""},
	{"MH9 đã thực hiện 40%", xa, "9P40", "R", ""},
	{"MH9 đã triển khai", xa, "", "Qs/9«đang triển khai»", ""},
	{"MH9 tam dung - cho kinh phi", xa, `9B"tam dung: cho kinh phi"`, "R", ""},
	{"MH9 tạm ngừng do mưa bão", xa, `9B"tạm ngừng: do mưa bão"`, "R", ""},
	{"MH9 ☑", xa, "9D", "R", ""},
	{"MH9 ✔️", xa, "9D", "R", ""},

	// Several models on one line.
	{"MH9, MH18: xong", xa, "9D 18D", "R", ""},
	{"MH9 và MH18 hoàn thành", xa, "9D 18D", "R", ""},
	{"MH9; MH18 dtk 50%", xa, "9P50 18P50", "R", ""},
	{"MH9 xong, MH18 dtk", xa, "9D 18P", "R", ""},
	{"MH9 xong; MH18 vm: thiếu camera", xa, `9D 18B"thiếu camera"`, "R", ""},
	{"MH9 xong MH18 dtk 40%", xa, "9D 18P40", "R", ""},
	{"MH9 70% #18 xong", xa, "9P70 18D", "R", ""},
	{"9 xong, 18 dang lam", xa, "9D 18P", "R", ""},
	{"9 ht 18 dtk", xa, "9D 18P", "R", ""},
	{"9, 18 xong", xa, "9D 18D", "R", ""},
	{"MH9 xong, MH18 cũng vậy", xa, "9D 18D", "R", ""},
	{"MH27 dtk 50%, MH28 tương tự", xa, "27P50 28P50", "R", ""},
	{"MH9 xong và 18 đang triển khai", xa, "9D 18P", "R", ""},
	{"MH9 xong - đã nghiệm thu, MH18 dtk", xa, `9D"đã nghiệm thu" 18P`, "R", ""},
	{"Hoàn thành: MH9, MH18", xa, "9D 18D", "R", ""},
	{"Đã xong MH27 và MH28", xa, "27D 28D", "R", ""},
	{"MH9 hoàn thành, MH18 dang trien khia", xa, "", "Qs/18«đang triển khai»", ""},
	{"MH9 xong MH18", xa, "", "Qa/18", ""},
	{"MH9 xong - phối hợp với MH18", xa, "", "E:MultipleModels/9", ""},
	{"MH9 xong, MH18 150%", xa, "", "E:BadPercent/18", ""},
	{"MH9 xong, MH9 dtk", xa, "", "E:DuplicateModel/9", ""},
	{"MH9 xong, 2 thôn còn lại đang làm", xa, `9D"2 thôn còn lại đang làm"`, "R", ""},
	{"MH9 xong, MH18 vm", xa, "", "Qn/18", ""},

	// Unit-aware bare numbers.
	{"9 ht", xa, "9D", "R", ""},
	{"3 ht", xa, "", "E:NotUnitModel/3", ""},
	{"3 ht", nil, "3D", "R", ""},
	{"9 ht, 3 dtk", xa, "", "E:NotUnitModel/3", ""},
	{"MH3 ht", xa, "3D", "R", ""}, // written out: the bot says it is not the unit's
	{"2 thôn đã xong", xa, "", "E:NotUnitModel/2", ""},

	// Continuations.
	{"MH30 vướng mắc\n- thiếu kinh phí", xa, `30B"thiếu kinh phí"`, "R C", ""},
	{"MH30 vm:\n+ chưa có mặt bằng\n+ chờ tỉnh duyệt", xa, `30B"chưa có mặt bằng; chờ tỉnh duyệt"`, "R C C", ""},
	{"MH30 vướng mắc\n• thiếu người", xa, `30B"thiếu người"`, "R C", ""},
	{"MH30 vuong mac\nthieu kinh phi", xa, `30B"thieu kinh phi"`, "R C", ""},
	{"MH18 đang triển khai 50%\ncòn 2 thôn chưa lắp", xa, `18P50"còn 2 thôn chưa lắp"`, "R C", ""},
	{"MH18 dtk 50% - đã lắp 3 thôn\n- còn 2 thôn", xa, `18P50"đã lắp 3 thôn; còn 2 thôn"`, "R C", ""},
	{"MH9, MH18 vướng mắc:\n- thiếu camera", xa, `9B"thiếu camera" 18B"thiếu camera"`, "R C", ""},
	{"MH9 xong, MH18 vm:\n- thiếu camera", xa, `9D 18B"thiếu camera"`, "R C", ""},
	{"tất cả vướng mắc\n- chưa có kinh phí", xa, `*B"chưa có kinh phí"`, "R C", ""},
	{"MH30 vướng mắc:\n- phối hợp MH18", xa, "", "Qn/30 E:NoModel/18", ""},
	{"MH18 dtk\n2 thôn còn lại", xa, `18P"2 thôn còn lại"`, "R C", ""},
	{"MH9 hoan thnah\n- đã nghiệm thu", xa, "", "Qs/9«hoàn thành» C", ""},
	{"MH0 xong\n- ghi chú", xa, "", "E:BadModelNumber C", ""},
	{"- thiếu kinh phí", xa, "", "E:NoModel", ""},
	{"MH9 xong\nhoàn thành", xa, "9D", "R E:NoModel", ""},
	{"MH9 xong\n- hoàn thành giai đoạn 1", xa, `9D"hoàn thành giai đoạn 1"`, "R C", ""},
	{"MH30 vm\n\n- thiếu vốn", xa, `30B"thiếu vốn"`, "R C", ""},
	{"MH9 xong\n- Báo cáo nghiệm thu đã gửi huyện", xa, `9D"Báo cáo nghiệm thu đã gửi huyện"`, "R C", ""},
	{"MH30 vm\nthừa thiết bị nhưng thiếu người", xa, `30B"thừa thiết bị nhưng thiếu người"`, "R C", ""},
	{"MH30 vm\nChủ tịch xã đang chỉ đạo giải quyết", xa, `30B"Chủ tịch xã đang chỉ đạo giải quyết"`, "R C", ""},
	{"MH9 xong\nTM. UBND XÃ\nCHỦ TỊCH\nLê Văn Bình", xa, "9D", "R Ss Ss Ss", ""},

	// Letters: headings, greetings, sign-offs.
	{"Kính gửi: Tổ công tác Đề án 06 huyện\nMH9 xong\nMH18 dtk 50%\nTrân trọng cảm ơn!", xa, "9D 18P50", "Sg R R Ss", ""},
	{"Dạ em báo cáo:\nMH9 xong\nMH18 dtk", xa, "9D 18P", "Sg R R", ""},
	{"Dạ em báo cáo MH9 đã xong ạ", xa, "9D", "R", ""},
	{"Em xin báo cáo tiến độ tuần này:\nMH9 xong", xa, "9D", "Sh R", "TW"},
	{"UBND XÃ MỸ TÂN\nBÁO CÁO TIẾN ĐỘ ĐỀ ÁN 06\nMH27 xong\nMH28 ctk\nNgười báo cáo\nNguyễn Văn An", xa, "27D 28N", "Sh Sh R R Ss Ss", ""},
	{"Công an xã Mỹ Tân báo cáo:\nMH9 xong", xa, "9D", "Sh R", ""},
	{"Xin chào anh chị\nMH9 xong", xa, "9D", "Sg R", ""},
	{"MH9 xong\nEm cảm ơn ạ", xa, "9D", "R Ss", ""},
	{"MH9 xong\nthanks", xa, "9D", "R Ss", ""},
	{"MH9 xong\nTrân trọng!\nTM. UBND xã\nChủ tịch", xa, "9D", "R Ss Ss Ss", ""},
	{"Chào anh\nDạ vâng", xa, "", "Sg Sg", ""},
	{"ok", xa, "", "Sg", ""},
	{"Dạ", xa, "", "Sg", ""},
	{"cảm ơn", xa, "", "Ss", ""},
	{"Báo cáo tiến độ tuần 12:", xa, "", "Sh", "W12"},
	{"Báo cáo tháng 3\nMH9 xong", xa, "9D", "Sh R", "M3"},
	{"Báo cáo tháng trước\nMH9 xong", xa, "9D", "Sh R", "LM"},
	{"Tuần 11:\nMH9 xong\nTuần 12:\nMH18 xong", xa, "9D 18D", "Sh R Sh R", "X"},
	{"Tuần trước: MH9 xong", xa, "9D", "R", "LW"},
	{"Số: 12/BC-UBND\nV/v báo cáo tiến độ\nMH9 xong", xa, "9D", "Sh Sh R", ""},
	{"Mỹ Tân ngày 15 tháng 3 năm 2024\nMH9 xong", xa, "9D", "Sh R", ""},
	{"Báo cáo MH9 hoàn thành", xa, "9D", "R", ""},
	{"Tiến độ MH18: 60%", xa, "18P60", "R", ""},
	{"Kết quả thực hiện MH9", xa, "", "E:NoModel/9", ""},

	// Shortcuts.
	{"tat ca dtk 50%", xa, "*P50", "R", ""},
	{"Tất cả các mô hình đều chưa triển khai", xa, "*N", "R", ""},
	{"toàn bộ hoàn thành", xa, "*D", "R", ""},
	{"MH9 xong\nCác mô hình còn lại đang triển khai", xa, "9D *P", "R R", ""},
	{"tất cả vm", xa, "", "Qn", ""},
	{"tat ca hoan thnah", xa, "", "Qs«hoàn thành»", ""},
	{"giữ nguyên\nMH30 vướng mắc – chưa có mặt bằng", xa, `= 30B"chưa có mặt bằng"`, "R R", ""},
	{"vẫn như cũ ạ", xa, "=", "R", ""},
	{"Dạ tuần này không có gì thay đổi ạ", xa, "=", "R", ""},
	{"y như tuần trước", xa, "=", "R", ""},
	{"tất cả dtk\ntat ca xong", xa, "*D", "E:DuplicateModel R", ""},

	// Typos and unclear words: asked, never guessed.
	{"MH9 hoan thah", xa, "", "Qs/9«hoàn thành»", ""},
	{"MH9 hoàn thàn", xa, "", "Qs/9«hoàn thành»", ""},
	{"MH9 xongg", xa, "", "Qs/9«xong»", ""},
	{"MH18 dang trien kai 50%", xa, "", "Qs/18«đang triển khai»", ""},
	{"MH18 dáng làm", xa, "", "Qs/18«đang làm»", ""},
	{"MH28 chua trien kgai", xa, "", "Qs/28«chưa triển khai»", ""},
	{"MH30 vuong mat bang", xa, "", "Qs/30«vướng mắc»", ""},
	{"MH30 vuogn mac: thieu von", xa, "", "Qs/30«vướng mắc»", ""},
	{"MH9 ok", xa, "", "E:NoStatus/9", ""},
	{"MH9 done", xa, "", "E:NoStatus/9", ""},
	{"MH9 chưa xong", xa, "", "E:NoStatus/9", ""},
	{"MH9 chưa có kinh phí", xa, "", "E:NoStatus/9", ""},
	{"MH9 song song với MH18", xa, "", "E:NoStatus/9", ""},
	{"MH9 Vương: đang làm", xa, "", "E:NoStatus/9", ""},

	// Refusals with a reason.
	{"MH0 xong", xa, "", "E:BadModelNumber", ""},
	{"MH9,5 xong", xa, "", "E:BadModelNumber", ""},
	{"MH9 150%", xa, "", "E:BadPercent/9", ""},
	{"MH9 hoàn thành 40%", xa, "", "E:Contradiction/9", ""},
	{"MH9 dtk 100%", xa, "", "E:Contradiction/9", ""},
	{"hoàn thành", xa, "", "E:NoModel", ""},
	{"15/10 họp giao ban", xa, "", "E:NoModel", ""},
	{"Tuần sau làm tiếp MH18", xa, "", "E:NoModel/18", ""},
	{"MH9 xong\nMH9 vm: thiếu vốn", xa, `9B"thiếu vốn"`, "E:DuplicateModel/9 R", ""},
	{"MH9 xong\nMH18 dtk\nmh 9 hoan thnah", xa, "18P", "E:DuplicateModel/9 R Qs/9«hoàn thành»", ""},

	// Mixed, as whole messages arrive.
	{"MH9 xong\nMH18 dtk 60%\nMH27 vm: thiếu camera\nMH28 ctk\nMH30 xong", xa, `9D 18P60 27B"thiếu camera" 28N 30D`, "R R R R R", ""},
	{"mh9 ht\nmh18 dtk 60\nmh27 vm", xa, "9D", "R Qs/18«đang triển khai 60%» Qn/27", ""},
	{"Kính gửi CAH\n9 ht, 18 dtk 50%\n27 vm:\n- chưa có mặt bằng\nTrân trọng", xa, `9D 18P50 27B"chưa có mặt bằng"`, "Sg R R C Ss", ""},
	{"Dạ em gửi báo cáo tuần trước ạ\nMH9 xong\nMH18 như tuần trước", xa, "9D", "Sg R E:NoStatus/18", "LW"},
}

// showReplies renders what is recorded, line kinds and period in the table's notation.
func showReplies(r Result) (recorded, lines, period string) {
	var rec, ls []string
	for _, l := range r.Lines {
		tok := ""
		switch l.Kind {
		case LineReport:
			tok = "R"
			if l.Keep {
				rec = append(rec, "=")
			}
			if l.All != nil {
				rec = append(rec, "*"+showStatus(l.All.Status, l.All.Percent, l.All.Note))
			}
			for _, e := range l.Reports {
				rec = append(rec, fmt.Sprint(e.Model)+showStatus(e.Status, e.Percent, e.Note))
			}
		case LineContinuation:
			tok = "C"
		case LineSkipped:
			tok = [...]string{"", "Sh", "Sg", "Ss"}[l.Skip]
		case LineQuestion:
			tok = [...]string{"", "Qs", "Qa", "Qn"}[l.Question]
		case LineError:
			tok = "E:" + l.Problem.String()
		}
		if l.Model > 0 && l.Kind != LineReport {
			tok += fmt.Sprintf("/%d", l.Model)
		}
		if l.Suggestion != "" {
			tok += "«" + l.Suggestion + "»"
		}
		ls = append(ls, tok)
	}
	switch r.Period.Kind {
	case PeriodThisWeek:
		period = "TW"
	case PeriodLastWeek:
		period = "LW"
	case PeriodWeek:
		period = fmt.Sprintf("W%d", r.Period.Number)
	case PeriodThisMonth:
		period = "TM"
	case PeriodLastMonth:
		period = "LM"
	case PeriodMonth:
		period = fmt.Sprintf("M%d", r.Period.Number)
	case PeriodConflict:
		period = "X"
	}
	return strings.Join(rec, " "), strings.Join(ls, " "), period
}

func showStatus(s store.Status, pct int, note string) string {
	out := map[store.Status]string{D: "D", P: "P", N: "N", B: "B"}[s]
	if pct >= 0 {
		out += fmt.Sprint(pct)
	}
	if note != "" {
		out += fmt.Sprintf("%q", note)
	}
	return out
}

func TestReplies(t *testing.T) {
	if len(replyCases) < 150 {
		t.Fatalf("only %d replies", len(replyCases))
	}
	recordedClean, noQuestion, questions := 0, 0, 0
	for _, c := range replyCases {
		r := ParseWith(c.in, Options{Models: c.unit})
		rec, lines, period := showReplies(r)
		if rec != c.recorded || lines != c.lines || period != c.period {
			t.Errorf("%q\n got %s | %s | %s\nwant %s | %s | %s", c.in, rec, lines, period, c.recorded, c.lines, c.period)
		}
		// Entries, All and KeepPrevious hold exactly what the lines record.
		var entries []Entry
		var all *AllShortcut
		keep := false
		for _, l := range r.Lines {
			if l.Kind == LineReport {
				entries = append(entries, l.Reports...)
				all = cmp.Or(l.All, all)
				keep = keep || l.Keep
			}
		}
		if !reflect.DeepEqual(entries, r.Entries) || all != r.All || keep != r.KeepPrevious {
			t.Errorf("%q: Entries/All/KeepPrevious disagree with Lines", c.in)
		}
		q := r.Questions()
		questions += q
		if q == 0 {
			noQuestion++
		}
		if q == 0 && !strings.Contains(lines, "E:") && rec != "" {
			recordedClean++
		}
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(len(replyCases)) }
	t.Logf("%d replies: %d (%.0f%%) answered without a question, %d (%.0f%%) of them recorded whole; %d questions asked",
		len(replyCases), noQuestion, pct(noQuestion), recordedClean, pct(recordedClean), questions)
}
