package messages

import (
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestReportConfirmationEscapesAndStaysShort(t *testing.T) {
	var problems []LineProblem
	for i := 1; i <= 250; i++ {
		problems = append(problems, LineProblem{Line: i, Raw: strings.Repeat("<b>", 2000), Kind: ProblemNoModel})
	}
	got := ReportConfirmation(ReportSummary{
		UnitName: "UBND xã <Mỹ Tân>", UnitCode: "X-MYTAN", Week: "2024-W11",
		Recorded:   []ReportLine{{Model: 18, Status: store.StatusBlocked, Percent: -1, Note: "<script>&" + strings.Repeat("x", 900)}},
		Problems:   problems,
		UnitModels: []int{1, 3, 18},
	})
	if strings.Contains(got, "<script>") || strings.Contains(got, "<Mỹ") || strings.Count(got, "<b>") != strings.Count(got, "</b>") {
		t.Errorf("unescaped user text:\n%s", got)
	}
	if !strings.Contains(got, "&lt;script&gt;&amp;") || !strings.Contains(got, "Đã ghi nhận") || !strings.Contains(got, "… và 240 dòng khác") {
		t.Errorf("confirmation:\n%s", got)
	}
	if n := len([]rune(got)); n > MaxMessage {
		t.Errorf("confirmation of %d characters does not fit one message", n)
	}
}

func TestProblemTextsGiveExamples(t *testing.T) {
	for k := ProblemNoModel; k <= ProblemNeedsNote; k++ {
		s := problemText(LineProblem{Line: 1, Kind: k, Model: 19, Suggestion: "hoàn thành"}, []int{1, 3, 9})
		if s == "" || strings.Contains(s, "%!") {
			t.Errorf("kind %d: %q", k, s)
		}
		switch k {
		case ProblemUnknownModel, ProblemNotAssigned, ProblemNotUnitModel:
			if !strings.Contains(s, "MH1, MH3, MH9") {
				t.Errorf("kind %d does not list the unit's models: %q", k, s)
			}
		case ProblemNoteTooLong, ProblemDuplicateModel, ProblemTooManyLines:
		default:
			if !strings.Contains(s, "Ví dụ") {
				t.Errorf("kind %d has no example: %q", k, s)
			}
		}
	}
}

func TestMineListsWhatIsMissing(t *testing.T) {
	got := Mine([]MineUnit{{Code: "CAH", Name: "Công an huyện", Role: store.MemberFocal, Week: "2024-W11", Month: "2024-03",
		Models: []MineModel{
			{Model: 9, Lead: true, Title: "Lưu trú", WeekReported: true, Week: ReportLine{Model: 9, Status: store.StatusDone, Percent: -1}},
			{Model: 20, Title: "Thanh toán"},
		}}})
	for _, w := range []string{"MH9</b> (chủ trì)", "MH20</b> (phối hợp)", "Tuần này còn thiếu: MH20", "Tháng này còn thiếu: MH9, MH20", "✅ MH9: Hoàn thành"} {
		if !strings.Contains(got, w) {
			t.Errorf("Mine lacks %q:\n%s", w, got)
		}
	}
}
