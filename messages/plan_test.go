package messages

import (
	"errors"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestPlanProblems(t *testing.T) {
	src := `title: T
units:
  - {code: CA, name: Công an}
  - {code: CA, name: Công an 2}
  - {name: Không mã}
models:
  - {number: 9, group: II, title: Lưu trú, lead: [X-ABC], support: [@xa]}
`
	_, err := store.ParsePlan([]byte(src))
	var pe *store.PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("want *PlanError, got %v", err)
	}
	got := PlanProblems(pe)
	want := `dòng 7: lỗi cú pháp YAML: found character that cannot start any token — nhãn bắt đầu bằng @ phải đặt trong ngoặc kép, ví dụ "@xa"`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	src = strings.Replace(src, "[@xa]", `["@xa"]`, 1) + `reporting:
  monthly: {cutoff_day: 30, remind: ["0 8 1-14 * MON"]}
`
	_, err = store.ParsePlan([]byte(src))
	if !errors.As(err, &pe) {
		t.Fatalf("want *PlanError, got %v", err)
	}
	got = PlanProblems(pe)
	want = strings.Join([]string{
		"dòng 4: mã đơn vị bị trùng: CA (đã có ở dòng 3)",
		"dòng 5: thiếu trường bắt buộc: code (của đơn vị thứ 3 trong danh sách)",
		"dòng 7: mã đơn vị không tồn tại: X-ABC (trong lead của mô hình 9)",
		"dòng 7: không đơn vị nào có nhãn: @xa (trong support của mô hình 9)",
		"dòng 9: cutoff_day phải từ 1 đến 28: 30 (trong reporting.monthly.cutoff_day)",
		"dòng 9: lịch cron giới hạn cả ngày trong tháng lẫn thứ trong tuần: 0 8 1-14 * MON (trong reporting.monthly.remind) — cron chạy khi khớp một trong hai, nên sẽ chạy vào mọi ngày đã ghi trong tháng và mọi thứ đã ghi trong tuần",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, l := range strings.Split(got, "\n") {
		if !strings.HasPrefix(l, "dòng ") {
			t.Errorf("line without its number: %s", l)
		}
	}
}

func TestPlanProblemsAllKindsTranslated(t *testing.T) {
	for _, k := range []store.ProblemKind{store.ProblemSyntax, store.ProblemBadValue, store.ProblemMissing,
		store.ProblemDuplicateKey, store.ProblemDuplicateUnit, store.ProblemDuplicateModel, store.ProblemBadCode,
		store.ProblemBadGroup, store.ProblemUnknownUnit, store.ProblemUnknownTag, store.ProblemUnknownStandingOffice,
		store.ProblemBadTimezone, store.ProblemBadCron, store.ProblemCronDays, store.ProblemBadWeekday,
		store.ProblemBadCutoff, store.ProblemBadDate, store.ProblemBadRemindBefore, store.ProblemBadClock,
		store.ProblemBadScope, store.ProblemBadRollup, store.ProblemDuplicateIndicator,
		store.ProblemDuplicateGroup, store.ProblemUnknownGroup, store.ProblemGroupCycle, store.ProblemNoPlans} {
		if problemVN[k] == "" {
			t.Errorf("no Vietnamese text for %s", k)
		}
	}
}

func TestPlanSummary(t *testing.T) {
	got := PlanSummary(store.DefaultPlan())
	for _, want := range []string{
		"Kế hoạch: Kế hoạch triển khai các mô hình của Đề án 06 trên địa bàn huyện Ngọc Lặc\n",
		"Cơ quan thường trực: Công an huyện (CAH)\n",
		"@xa 21",
		"Số mô hình: 22 (nhóm I: 3, nhóm II: 5, nhóm III: 10, nhóm IV: 3, nhóm V: 1)\n",
		"Báo cáo tuần: hạn thứ Hai; nhắc 07:30 thứ Hai, 14:00 thứ Hai; đôn đốc 08:00 thứ Ba; tổng hợp 08:00 thứ Ba\n",
		"Báo cáo tháng: số liệu đến ngày 14; nhắc 08:00, 4 và 1 ngày làm việc trước ngày chốt; đôn đốc 08:00 ngày 15; tổng hợp 09:00 ngày 15\n",
		"Ngày làm bù (có nhắc): thứ Bảy 04/05/2024, thứ Bảy 26/04/2025\n",
		"từ 01/01/2024 đến 02/09/2025",
		"Múi giờ: Asia/Ho_Chi_Minh",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "<>") {
		t.Errorf("summary is plain text, got markup:\n%s", got)
	}
}

func TestPlanSetProblems(t *testing.T) {
	_, err := store.ParsePlanSet(map[string][]byte{
		"tinh.yaml":  []byte("working_group: {code: tinh, name: Tỉnh}\n" + string(store.DefaultPlanYAML())),
		"tinh2.yaml": []byte("working_group: {code: tinh, name: Tỉnh}\n" + string(store.DefaultPlanYAML())),
	})
	var pe *store.PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v", err)
	}
	want := "tinh2.yaml có lỗi:\n  dòng 1: mã tổ công tác bị trùng: tinh (trong working_group.code; đã có ở tệp tinh.yaml, dòng 1)"
	if got := PlanSetProblems(pe); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
