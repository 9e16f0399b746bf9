package messages

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Plain text, not HTML: these are printed by the CLI (`tocongtac plan check`).

var problemVN = map[store.ProblemKind]string{
	store.ProblemSyntax:                "lỗi cú pháp YAML",
	store.ProblemBadValue:              "giá trị không đúng dạng",
	store.ProblemMissing:               "thiếu trường bắt buộc",
	store.ProblemDuplicateKey:          "khóa bị lặp",
	store.ProblemDuplicateUnit:         "mã đơn vị bị trùng",
	store.ProblemDuplicateModel:        "số mô hình bị trùng",
	store.ProblemBadCode:               "mã không hợp lệ",
	store.ProblemBadGroup:              "nhóm không hợp lệ (chỉ nhận I, II, III, IV, V)",
	store.ProblemUnknownUnit:           "mã đơn vị không tồn tại",
	store.ProblemUnknownTag:            "không đơn vị nào có nhãn",
	store.ProblemUnknownStandingOffice: "cơ quan thường trực không có trong danh sách đơn vị",
	store.ProblemBadTimezone:           "múi giờ không hợp lệ",
	store.ProblemBadCron:               "lịch cron không hợp lệ",
	store.ProblemCronDays:              "lịch cron giới hạn cả ngày trong tháng lẫn thứ trong tuần",
	store.ProblemBadWeekday:            "thứ không hợp lệ",
	store.ProblemBadCutoff:             "cutoff_day phải từ 1 đến 28",
	store.ProblemBadDate:               "ngày không hợp lệ (cần dạng yyyy-mm-dd)",
	store.ProblemBadRemindBefore:       "remind_before là số ngày làm việc trước ngày chốt, từ 1 đến 20",
	store.ProblemBadClock:              "giờ không hợp lệ (cần dạng hh:mm, ví dụ 08:00)",
	store.ProblemBadScope:              "phạm vi chỉ tiêu không hợp lệ (chỉ nhận unit hoặc group)",
	store.ProblemBadRollup:             "cách tổng hợp chỉ tiêu không hợp lệ (chỉ nhận sum, average hoặc share)",
	store.ProblemDuplicateIndicator:    "mã chỉ tiêu bị trùng",
	store.ProblemDuplicateGroup:        "mã tổ công tác bị trùng",
	store.ProblemUnknownGroup:          "tổ công tác cấp trên không có trong thư mục kế hoạch",
	store.ProblemGroupCycle:            "tổ công tác không thể là cấp trên của chính mình",
	store.ProblemNoPlans:               "thư mục không có tệp kế hoạch *.yaml nào",
}

var reasonVN = map[string]string{
	store.HintQuoteTag:         `nhãn bắt đầu bằng @ phải đặt trong ngoặc kép, ví dụ "@xa"`,
	store.ReasonCronDays:       "cron chạy khi khớp một trong hai, nên sẽ chạy vào mọi ngày đã ghi trong tháng và mọi thứ đã ghi trong tuần",
	store.ReasonCronFields:     "cần đúng 5 trường: phút giờ ngày tháng thứ",
	store.ReasonCronNever:      "lịch này không bao giờ đến",
	store.ReasonZoneLocal:      "hãy ghi tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh, không dùng Local của máy chủ",
	store.ReasonWantMapping:    "cần dạng khóa: giá trị",
	store.ReasonWantScalar:     "cần một giá trị, không phải danh sách",
	store.ReasonWantList:       "cần một danh sách",
	store.ReasonWantNumber:     "cần số nguyên dương",
	store.ReasonCodeChars:      "chỉ dùng chữ, số, '-', '_' hoặc '.'",
	store.ReasonTagChars:       "nhãn là một từ, không có '@' hay ','",
	store.ReasonWeekday:        "dùng monday..sunday hoặc thu2..thu7, chunhat",
	store.ReasonWantPositive:   "cần một số lớn hơn 0",
	store.ReasonPercentTarget:  "chỉ tiêu tính bằng % không quá 100",
	store.ReasonNeedKey:        "mô hình có nhiều chỉ tiêu thì mỗi chỉ tiêu cần một mã (key)",
	store.ReasonWantBool:       "cần true hoặc false",
	store.ReasonGroupCodeChars: "mã tổ công tác gồm 2 đến 32 ký tự: chữ thường a-z, số hoặc '-'",
	store.ReasonGroupInFolder:  "mỗi tệp kế hoạch trong thư mục phải ghi working_group (mã, tên và cấp trên của tổ công tác)",
}

var subjectRE = regexp.MustCompile(`^(units|models)\[(#?)([^\]]*)\](?:\.(.*))?$`)

// problemPlace splits a problem subject into the field and its owner in Vietnamese:
// "models[9].lead" → "lead", "mô hình 9".
func problemPlace(subject string) (field, owner string) {
	m := subjectRE.FindStringSubmatch(subject)
	if m == nil {
		return subject, ""
	}
	noun := "đơn vị"
	if m[1] == "models" {
		noun = "mô hình"
	}
	if m[2] == "#" {
		return m[4], fmt.Sprintf("%s thứ %s trong danh sách", noun, m[3])
	}
	return m[4], noun + " " + m[3]
}

// PlanProblems renders a plan's problems in Vietnamese, one line each:
// "dòng 12: mã đơn vị không tồn tại: X-ABC (trong lead của mô hình 9)".
func PlanProblems(err *store.PlanError) string {
	if err == nil {
		return ""
	}
	lines := make([]string, len(err.Problems))
	for i, p := range err.Problems {
		lines[i] = planProblem(p)
	}
	return strings.Join(lines, "\n")
}

// PlanSetProblems renders the problems of a set of plan files, under the name of each
// file that has some ("thanhhoa/ngoclac.yaml có lỗi:" then its lines, indented).
func PlanSetProblems(err *store.PlanError) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	file := "\x00"
	for _, p := range err.Problems {
		if p.File != file {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			file = p.File
			if file == "" {
				b.WriteString("Bộ kế hoạch có lỗi:")
			} else {
				fmt.Fprintf(&b, "%s có lỗi:", file)
			}
		}
		b.WriteString("\n  " + planProblem(p))
	}
	return b.String()
}

func planProblem(p store.Problem) string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "dòng %d: ", p.Line)
	}
	text := problemVN[p.Kind]
	if text == "" {
		text = string(p.Kind)
	}
	b.WriteString(text)
	field, owner := problemPlace(p.Subject)
	var notes []string
	switch p.Kind {
	case store.ProblemMissing:
		b.WriteString(": " + field)
		if owner != "" {
			notes = append(notes, "của "+owner)
		}
	case store.ProblemDuplicateUnit, store.ProblemDuplicateModel:
		b.WriteString(": " + p.Detail)
	default:
		if p.Detail != "" {
			b.WriteString(": " + p.Detail)
		}
		switch {
		case field != "" && owner != "":
			notes = append(notes, "trong "+field+" của "+owner)
		case owner != "":
			notes = append(notes, owner)
		case field != "" && p.Kind != store.ProblemDuplicateKey:
			notes = append(notes, "trong "+field)
		}
	}
	switch {
	case p.PrevFile != "":
		notes = append(notes, fmt.Sprintf("đã có ở tệp %s, dòng %d", p.PrevFile, p.PrevLine))
	case p.PrevLine > 0:
		notes = append(notes, fmt.Sprintf("đã có ở dòng %d", p.PrevLine))
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	if p.Reason != "" {
		r, ok := reasonVN[p.Reason]
		if !ok {
			r = p.Reason // the cron parser's own words
		}
		b.WriteString(" — " + r)
	}
	return b.String()
}

// PlanSummary is a short Vietnamese description of a plan: title, units, models and the
// reporting calendar.
func PlanSummary(p store.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Kế hoạch: %s\n", p.Title)
	if p.StandingOffice != "" {
		so := p.StandingOffice
		if u, ok := p.Unit(so); ok {
			so = fmt.Sprintf("%s (%s)", u.Name, u.Code)
		}
		fmt.Fprintf(&b, "Cơ quan thường trực: %s\n", so)
	}

	var tags []string
	perTag := map[string]int{}
	for _, u := range p.Units {
		for _, t := range u.Tags {
			if perTag[t] == 0 {
				tags = append(tags, t)
			}
			perTag[t]++
		}
	}
	fmt.Fprintf(&b, "Số đơn vị: %d", len(p.Units))
	if len(tags) > 0 {
		parts := make([]string, len(tags))
		for i, t := range tags {
			parts[i] = fmt.Sprintf("@%s %d", t, perTag[t])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString("\n")

	var groups []string
	perGroup := map[string]int{}
	for _, m := range p.Models {
		if perGroup[m.Group] == 0 {
			groups = append(groups, m.Group)
		}
		perGroup[m.Group]++
	}
	fmt.Fprintf(&b, "Số mô hình: %d", len(p.Models))
	if len(groups) > 0 {
		parts := make([]string, len(groups))
		for i, g := range groups {
			parts[i] = fmt.Sprintf("nhóm %s: %d", g, perGroup[g])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString("\n")

	w, m := p.Reporting.Weekly, p.Reporting.Monthly
	due := w.Due
	if d, ok := store.ParseWeekday(due); ok {
		due = weekdayVN[d]
	}
	fmt.Fprintf(&b, "Báo cáo tuần: hạn %s; nhắc %s; đôn đốc %s; tổng hợp %s\n",
		due, cronList(w.Remind), cronVN(w.Escalate), cronVN(w.Summary))
	reminds := cronList(m.Remind)
	if len(m.RemindBefore) > 0 {
		days := make([]string, len(m.RemindBefore))
		for i, n := range m.RemindBefore {
			days[i] = strconv.Itoa(n)
		}
		before := fmt.Sprintf("%s, %s ngày làm việc trước ngày chốt", m.RemindAt, strings.Join(days, " và "))
		if reminds != "" {
			before = reminds + ", " + before
		}
		reminds = before
	}
	fmt.Fprintf(&b, "Báo cáo tháng: số liệu đến ngày %d; nhắc %s; đôn đốc %s; tổng hợp %s\n",
		m.CutoffDay, reminds, cronVN(m.Escalate), cronVN(m.Summary))
	if h := p.Reporting.Holidays; len(h) > 0 {
		first, last := h[0], h[0]
		for _, d := range h {
			if d.Before(first.Time) {
				first = d
			}
			if d.After(last.Time) {
				last = d
			}
		}
		fmt.Fprintf(&b, "Ngày nghỉ (không nhắc): %d ngày, từ %s đến %s\n", len(h), first.Format("02/01/2006"), last.Format("02/01/2006"))
	}
	if wd := p.Reporting.Workdays; len(wd) > 0 {
		days := make([]string, len(wd))
		for i, d := range wd {
			days[i] = weekdayVN[d.Weekday()] + " " + d.Format("02/01/2006")
		}
		fmt.Fprintf(&b, "Ngày làm bù (có nhắc): %s\n", strings.Join(days, ", "))
	}
	fmt.Fprintf(&b, "Múi giờ: %s", p.Timezone)
	return b.String()
}

// SlotLine is one scheduled slot as plan check lists it.
type SlotLine struct {
	At         time.Time
	Job        string // reminders.Job: "weekly-remind", "monthly-summary", "quarter-summary", …
	Kind, ID   string // the cycle it acts on
	Start, End time.Time
}

var jobVN = map[string]string{
	"weekly-remind": "nhắc báo cáo tuần", "weekly-escalate": "đôn đốc báo cáo tuần", "weekly-summary": "tổng hợp tuần",
	"monthly-remind": "nhắc báo cáo tháng", "monthly-escalate": "đôn đốc báo cáo tháng", "monthly-summary": "tổng hợp tháng",
	"quarter-summary": "tổng hợp quý", "half-year-summary": "tổng hợp 6 tháng", "year-summary": "tổng hợp năm",
}

// PlanNextSlots lists the next scheduled slots with their weekday and date, so an officer
// can check them against the calendar before importing the plan.
func PlanNextSlots(from time.Time, slots []SlotLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d lịch gửi tiếp theo (từ %s %s):", len(slots), from.Format("15:04"), LongDay(from))
	for _, sl := range slots {
		what := jobVN[sl.Job]
		if what == "" {
			what = sl.Job
		}
		fmt.Fprintf(&b, "\n  %s %s: %s – %s", sl.At.Format("15:04"), LongDay(sl.At), what, PeriodName(sl.Kind, sl.ID, sl.Start, sl.End))
	}
	return b.String()
}

var weekdayVN = map[time.Weekday]string{
	time.Sunday: "Chủ nhật", time.Monday: "thứ Hai", time.Tuesday: "thứ Ba", time.Wednesday: "thứ Tư",
	time.Thursday: "thứ Năm", time.Friday: "thứ Sáu", time.Saturday: "thứ Bảy",
}

func cronList(specs []string) string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = cronVN(s)
	}
	return strings.Join(out, ", ")
}

// cronVN reads the common shapes ("30 7 * * MON", "0 8 10 * *") as Vietnamese and
// leaves anything else as the raw spec.
func cronVN(spec string) string {
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return spec
	}
	minute, err1 := strconv.Atoi(f[0])
	hour, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil {
		return spec
	}
	at := fmt.Sprintf("%02d:%02d", hour, minute)
	dom, dow := f[2], f[4]
	switch {
	case (dom == "*" || dom == "?") && (dow == "*" || dow == "?"):
		return at + " hằng ngày"
	case dom == "*" || dom == "?":
		if d, ok := cronWeekday(dow); ok {
			return at + " " + weekdayVN[d]
		}
	case dow == "*" || dow == "?":
		if d, err := strconv.Atoi(dom); err == nil {
			return fmt.Sprintf("%s ngày %d", at, d)
		}
	}
	return spec
}

func cronWeekday(s string) (time.Weekday, bool) {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 7 {
		return time.Weekday(n % 7), true
	}
	return store.ParseWeekday(s)
}
