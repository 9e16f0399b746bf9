package messages

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// groupTitles are the five groups of utilities of Project 06, as the plans' appendices
// head them.
var groupTitles = map[string]string{
	"I":   "Nhóm tiện ích phục vụ giải quyết TTHC và cung cấp DVC trực tuyến",
	"II":  "Nhóm tiện ích phát triển kinh tế - xã hội",
	"III": "Nhóm tiện ích phục vụ công dân số",
	"IV":  "Nhóm số hóa, tạo lập dữ liệu dùng chung",
	"V":   "Nhóm phục vụ chỉ đạo điều hành của Lãnh đạo các cấp",
}

// GroupTitle is the heading of a plan group, e.g. "I. Nhóm tiện ích …".
func GroupTitle(g string) string {
	if t, ok := groupTitles[strings.ToUpper(strings.TrimSpace(g))]; ok {
		return g + ". " + t
	}
	return "Nhóm " + g
}

// CycleLabel names a cycle without its dates (see PeriodName).
func CycleLabel(kind, id string) string { return PeriodName(kind, id, time.Time{}, time.Time{}) }

const dateVN = "02/01/2006"

// cycleDates is "05/03/2024 – 11/03/2024", the cycle's first and last day.
func cycleDates(start, end time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	last := end.In(loc).AddDate(0, 0, -1)
	return start.In(loc).Format(dateVN) + " – " + last.Format(dateVN)
}

func unitName(u store.Unit) string {
	if u.Name == "" {
		return u.Code
	}
	return u.Name
}

// entryLine is "✅ Công an huyện: Hoàn thành 100% – ghi chú (muộn)".
func entryLine(e store.Entry) string {
	r := e.Report
	var b strings.Builder
	b.WriteString(StatusIcon(r.Status))
	b.WriteByte(' ')
	blocked := r.Status == store.StatusBlocked
	if blocked {
		b.WriteString("<b>")
	}
	b.WriteString(E(dispName(unitName(e.Unit))))
	b.WriteString(": ")
	b.WriteString(StatusLabel(r.Status))
	if r.Percent >= 0 && r.Percent <= 100 {
		fmt.Fprintf(&b, " %d%%", r.Percent)
	}
	if note := DisplayNote(r.Note); note != "" {
		b.WriteString(" – ")
		b.WriteString(E(note))
	}
	if blocked {
		b.WriteString("</b>")
	}
	if e.Late {
		b.WriteString(" <i>(muộn)</i>")
	}
	return b.String()
}

// CarriedLabel names a model done in an earlier cycle, which is not asked for again.
const CarriedLabel = "Hoàn thành (kỳ trước)"

// SummaryText is the compiled summary of a cycle as Telegram HTML. Callers split it
// (Split) at line boundaries.
func SummaryText(s store.Summary) string {
	var b strings.Builder
	// A province-sized summary runs to hundreds of kilobytes: size the buffer once
	// instead of copying it at every doubling (about a line per unit and model).
	b.Grow(1024 + 160*len(s.Units)*max(1, len(s.Models))/4)
	fmt.Fprintf(&b, "<b>TỔNG HỢP BÁO CÁO %s</b>\n", strings.ToUpper(CycleLabel(s.Kind, s.CycleID)))
	fmt.Fprintf(&b, "Kỳ báo cáo: %s\n", cycleDates(s.Start, s.End, s.Location))
	fmt.Fprintf(&b, "Đơn vị đã báo cáo: <b>%d/%d</b> (đủ các mô hình: %d)\n", s.Reported, s.Expected, s.Complete)
	fmt.Fprintf(&b, "Đúng hạn: %d · Muộn: %d · Chưa báo cáo: %d\n", s.OnTime, s.Late, s.Missing)
	if n := len(s.Units) - s.Expected; n > 0 {
		fmt.Fprintf(&b, "Không tính (đầu mối vắng, không có đầu mối dự phòng): %d\n", n)
	}
	b.WriteString("Mô hình theo tình trạng (đơn vị chủ trì):")
	for _, st := range append(append([]store.Status(nil), store.Statuses...), "") {
		fmt.Fprintf(&b, " %s %s %d", StatusIcon(st), StatusLabel(st), s.ModelsByStatus[st])
		if st != "" {
			b.WriteString(" ·")
		}
	}
	b.WriteString("\n")
	overdue := 0
	for _, m := range s.Models {
		if m.Overdue {
			overdue++
		}
	}
	if overdue > 0 {
		fmt.Fprintf(&b, "⏰ Quá hạn hoàn thành: %d mô hình\n", overdue)
	}

	group := "\x00"
	for _, m := range s.Models {
		if m.Model.Group != group {
			group = m.Model.Group
			fmt.Fprintf(&b, "\n<b>%s</b>\n", E(GroupTitle(group)))
		}
		writeModel(&b, m)
	}
	return strings.TrimRight(b.String(), "\n")
}

func writeModel(b *strings.Builder, m store.ModelSummary) {
	fmt.Fprintf(b, "\n<b>MH%d. %s</b>\n", m.Model.Number, E(dispTitle(m.Model.Title)))
	var info []string
	info = append(info, StatusIcon(m.Status)+" "+StatusLabel(m.Status))
	if m.Model.Deadline != "" {
		info = append(info, "Thời hạn: "+E(m.Model.Deadline))
	}
	if m.Overdue {
		info = append(info, "⏰ <b>QUÁ HẠN</b>")
	}
	b.WriteString(strings.Join(info, " · "))
	b.WriteString("\n")

	var missing, excused []string
	// Supporting units that reported only a status are grouped by it: a model supported
	// by every commune would otherwise take a screen per model.
	plain := map[store.Status][]string{}
	var missingEntries []store.Entry
	var carried []string // done in an earlier cycle: not asked for again
	for _, e := range m.Entries {
		if e.Role == store.RoleLead && e.Report == nil && len(m.Leads) <= 2 {
			// A model's own lead comes first, reported or not; models led by every
			// office or commune list missing leads with the others below.
			fmt.Fprintf(b, "Chủ trì: %s %s: %s\n", StatusIcon(""), E(dispName(unitName(e.Unit))), StatusLabel(""))
		}
		switch {
		case e.Carried:
			carried = append(carried, E(dispName(unitName(e.Unit))))
		case e.Report == nil && e.Excused:
			excused = append(excused, E(dispName(unitName(e.Unit))))
		case e.Report == nil:
			missingEntries = append(missingEntries, e)
		case e.Role == store.RoleLead:
			b.WriteString("Chủ trì: " + entryLine(e) + "\n")
		case strings.TrimSpace(e.Report.Note) == "" && e.Report.Status != store.StatusBlocked && e.Report.Percent < 0 && !e.Late:
			plain[e.Report.Status] = append(plain[e.Report.Status], E(dispName(unitName(e.Unit))))
		default:
			b.WriteString("• " + entryLine(e) + "\n")
		}
	}
	for _, st := range store.Statuses {
		if us := plain[st]; len(us) > 0 {
			fmt.Fprintf(b, "• %s %s (%d): %s\n", StatusIcon(st), StatusLabel(st), len(us), strings.Join(us, ", "))
		}
	}
	if len(carried) > 0 {
		fmt.Fprintf(b, "• %s %s (%d): %s\n", StatusIcon(store.StatusDone), CarriedLabel, len(carried), strings.Join(carried, ", "))
	}
	if len(missingEntries) > 0 {
		missing = compactUnits(m.Entries, missingEntries)
		fmt.Fprintf(b, "▫️ Chưa báo cáo (%d): %s\n", len(missingEntries), strings.Join(missing, ", "))
	}
	if len(excused) > 0 {
		fmt.Fprintf(b, "Vắng, không tính (%d): %s\n", len(excused), strings.Join(excused, ", "))
	}
}

// compactUnits names the units in sub, replacing a whole tag (every unit of the model
// with that tag, at least 5) by "cả 21 xã, thị trấn" so a commune-wide model
// stays short.
func compactUnits(all, sub []store.Entry) []string {
	inSub := map[string]bool{}
	for _, e := range sub {
		inSub[e.Unit.Code] = true
	}
	var tags []string
	perTag := map[string][]string{}
	for _, e := range all {
		for _, t := range e.Unit.Tags {
			if _, ok := perTag[t]; !ok {
				tags = append(tags, t)
			}
			perTag[t] = append(perTag[t], e.Unit.Code)
		}
	}
	covered := map[string]bool{}
	var out []string
	for _, t := range tags {
		codes := perTag[t]
		if len(codes) < 5 {
			continue
		}
		whole := true
		for _, c := range codes {
			if !inSub[c] || covered[c] {
				whole = false
				break
			}
		}
		if whole {
			out = append(out, TagGroup(t, len(codes)))
			for _, c := range codes {
				covered[c] = true
			}
		}
	}
	for _, e := range sub {
		if !covered[e.Unit.Code] {
			out = append(out, E(dispName(unitName(e.Unit))))
		}
	}
	return out
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// PlainText turns Telegram HTML into text for a terminal: tags dropped, entities decoded.
func PlainText(h string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(h, ""))
}

// SummaryUsage explains /tonghop and /xuat when the arguments are not understood.
func SummaryUsage(cmd string) string {
	return fmt.Sprintf("Xin lỗi, tôi chưa hiểu yêu cầu. Cách dùng: <code>/%s [tuần|tháng|quý|6 tháng|năm] [trước|số kỳ|dd/mm/yyyy]</code>, "+
		"ví dụ <code>/%s tuần trước</code>, <code>/%s tháng 3</code>, <code>/%s quý I/2024</code>, <code>/%s 6 tháng đầu năm</code> hoặc <code>/%s tuần 05/03/2024</code>",
		cmd, cmd, cmd, cmd, cmd, cmd) +
		func() string {
			if cmd == "tonghop" {
				return "; xem diễn biến 8 tuần: <code>/tonghop mh9</code> hoặc <code>/tonghop CAH</code> (mã đơn vị)."
			}
			return "."
		}()
}

// NoArgsUsage answers a command that takes no arguments but got some.
func NoArgsUsage(cmd string) string {
	return fmt.Sprintf("Lệnh <code>/%s</code> không cần thêm thông tin, vui lòng gửi đúng <code>/%s</code>.", cmd, cmd)
}

// MissingRow is a unit that has not reported, with who should report for it.
type MissingRow struct {
	Unit        store.Unit
	Focal       *store.User // nil: no focal point
	Deputy      *store.User
	LastAt      time.Time // last report of anything; zero: never
	Unreachable bool      // the focal point's chat refuses messages
	Reported    int       // models reported in the cycle (0: none)
	Models      int       // models the unit takes part in
}

// MissingList answers /chuabaocao.
func MissingList(s store.Summary, rows []MissingRow, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>ĐƠN VỊ CHƯA BÁO CÁO – %s</b>\n", strings.ToUpper(CycleLabel(s.Kind, s.CycleID)))
	fmt.Fprintf(&b, "Kỳ báo cáo: %s\n", cycleDates(s.Start, s.End, s.Location))
	var ok, nofocal, unreach, partial []MissingRow
	for _, r := range rows {
		if r.Reported > 0 {
			partial = append(partial, r)
		}
	}
	fmt.Fprintf(&b, "Chưa báo cáo: <b>%d/%d</b> đơn vị", len(rows)-len(partial), s.Expected)
	if len(partial) > 0 {
		fmt.Fprintf(&b, "; báo cáo chưa đủ: <b>%d</b>", len(partial))
	}
	b.WriteString("\n")
	if len(rows) == 0 {
		b.WriteString("\nTất cả các đơn vị đã báo cáo. Cảm ơn anh/chị!")
		return b.String()
	}
	for _, r := range rows {
		switch {
		case r.Reported > 0:
		case r.Focal == nil:
			nofocal = append(nofocal, r)
		case r.Unreachable:
			unreach = append(unreach, r)
		default:
			ok = append(ok, r)
		}
	}
	last := func(r MissingRow) string {
		if r.LastAt.IsZero() {
			return "chưa báo cáo lần nào"
		}
		return "báo cáo gần nhất " + r.LastAt.In(loc).Format("15:04 02/01/2006")
	}
	line := func(i int, r MissingRow) string {
		s := fmt.Sprintf("%d. <b>%s</b> (%s)", i+1, E(dispName(unitName(r.Unit))), E(r.Unit.Code))
		if r.Focal != nil {
			s += " – đầu mối " + Person(*r.Focal)
		}
		if r.Deputy != nil {
			s += "; đầu mối dự phòng " + Person(*r.Deputy)
		}
		return s + "; " + last(r) + "\n"
	}
	if len(ok) > 0 {
		b.WriteString("\n")
		for i, r := range ok {
			b.WriteString(line(i, r))
		}
	}
	if len(unreach) > 0 {
		fmt.Fprintf(&b, "\n<b>Không liên lạc được với đầu mối (%d)</b> – đã chặn bot hoặc xóa tài khoản:\n", len(unreach))
		for i, r := range unreach {
			b.WriteString(line(i, r))
		}
	}
	if len(nofocal) > 0 {
		fmt.Fprintf(&b, "\n<b>Chưa có đầu mối (%d)</b> – vui lòng mời bằng /moi &lt;mã đơn vị&gt;:\n", len(nofocal))
		for i, r := range nofocal {
			b.WriteString(line(i, r))
		}
	}
	if len(partial) > 0 {
		fmt.Fprintf(&b, "\n<b>Báo cáo chưa đủ (%d)</b>:\n", len(partial))
		for i, r := range partial {
			b.WriteString(strings.TrimSuffix(line(i, r), "\n") + fmt.Sprintf(" – mới báo cáo %d/%d mô hình\n", r.Reported, r.Models))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// OpenBlockers answers /vuongmac: each open blocker, oldest first, and for how long.
func OpenBlockers(p store.Plan, bs []store.Blocker, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>VƯỚNG MẮC ĐANG MỞ (%d)</b>\n", len(bs))
	if len(bs) == 0 {
		b.WriteString("Hiện không có vướng mắc nào chưa được xử lý.")
		return b.String()
	}
	loc := p.Location()
	for i, x := range bs {
		name := x.Unit
		if u, ok := p.Unit(x.Unit); ok {
			name = unitName(u)
		}
		fmt.Fprintf(&b, "\n%d. ⚠️ <b>%s</b> (%s) – MH%d", i+1, E(dispName(name)), E(x.Unit), x.Model)
		if note := DisplayNote(x.Note); note != "" {
			fmt.Fprintf(&b, ": <b>%s</b>", E(note))
		}
		if m, ok := p.Model(x.Model); ok {
			fmt.Fprintf(&b, "\n   Mô hình: %s", E(shorten(m.Title, 80)))
		}
		fmt.Fprintf(&b, "\n   Đã mở %s (từ %s)\n", Duration(now.Sub(x.Since)), x.Since.In(loc).Format("15:04 02/01/2006"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// Duration says how long in Vietnamese: "3 ngày", "5 giờ", "dưới 1 giờ".
func Duration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + " ngày"
	case d >= time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " giờ"
	}
	return "dưới 1 giờ"
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// ModelTrend answers /tonghop mh9: per week, how many units reported and in which status.
func ModelTrend(p store.Plan, t store.Trend, loc *time.Location) string {
	var b strings.Builder
	m, _ := p.Model(t.Model)
	fmt.Fprintf(&b, "<b>DIỄN BIẾN MH%d – %d tuần gần nhất</b>\n%s\n", t.Model, len(t.Cycles), E(dispTitle(m.Title)))
	lead := map[string]bool{}
	for _, a := range t.Assigned {
		if a.Role == store.RoleLead {
			lead[a.Unit] = true
		}
	}
	for _, c := range t.Cycles {
		count := map[store.Status]int{}
		leadSt := []string{}
		for _, r := range t.Reports[c.CycleID] {
			count[r.Status]++
			if lead[r.Unit] {
				leadSt = append(leadSt, StatusLabel(r.Status))
			}
		}
		fmt.Fprintf(&b, "\n<b>%s</b> (%s): đã báo cáo %d/%d", E(CycleLabel(store.CycleWeek, c.CycleID)),
			cycleDates(c.Start, c.End, loc), c.Reported, c.Expected)
		for _, st := range store.Statuses {
			if count[st] > 0 {
				fmt.Fprintf(&b, " · %s %d", StatusIcon(st), count[st])
			}
		}
		if len(leadSt) > 0 {
			fmt.Fprintf(&b, "\n   Chủ trì: %s", strings.Join(leadSt, ", "))
		}
	}
	return b.String()
}

// UnitTrend answers /tonghop CAH: per week, the unit's status of each of its models.
func UnitTrend(p store.Plan, t store.Trend, loc *time.Location) string {
	var b strings.Builder
	u, _ := p.Unit(t.Unit)
	fmt.Fprintf(&b, "<b>DIỄN BIẾN BÁO CÁO – %s (%s)</b>\n%d tuần gần nhất, %d mô hình\n",
		E(dispName(unitName(u))), E(u.Code), len(t.Cycles), len(t.Assigned))
	for _, c := range t.Cycles {
		got := map[int]store.Report{}
		for _, r := range t.Reports[c.CycleID] {
			got[r.Model] = r
		}
		fmt.Fprintf(&b, "\n<b>%s</b> (%s): %d/%d mô hình\n  ", E(CycleLabel(store.CycleWeek, c.CycleID)),
			cycleDates(c.Start, c.End, loc), c.Reported, c.Expected)
		parts := make([]string, 0, len(t.Assigned))
		for _, a := range t.Assigned {
			r, ok := got[a.Model]
			st := store.Status("")
			if ok {
				st = r.Status
			}
			parts = append(parts, fmt.Sprintf("MH%d %s", a.Model, StatusIcon(st)))
		}
		b.WriteString(strings.Join(parts, " · "))
	}
	b.WriteString("\n\n✅ Hoàn thành · 🔄 Đang triển khai · ⏳ Chưa triển khai · ⚠️ Vướng mắc · ▫️ Chưa báo cáo")
	return b.String()
}

// SummaryCaption is the caption of the XLSX sent with a summary.
func SummaryCaption(s store.Summary) string {
	return fmt.Sprintf("Bảng tổng hợp %s (%s): %d/%d đơn vị đã báo cáo.", E(CycleLabel(s.Kind, s.CycleID)),
		cycleDates(s.Start, s.End, s.Location), s.Reported, s.Expected)
}

// ChartCaption is the caption of the chart photo.
func ChartCaption(s store.Summary) string {
	return fmt.Sprintf("Biểu đồ tiến độ %s (%s).", E(CycleLabel(s.Kind, s.CycleID)), cycleDates(s.Start, s.End, s.Location))
}

// ScheduledSummaryIntro heads the summary posted on schedule.
func ScheduledSummaryIntro(s store.Summary) string {
	return fmt.Sprintf("📋 Bot tự động gửi bản tổng hợp %s sau hạn báo cáo.", E(CycleLabel(s.Kind, s.CycleID)))
}

// SummaryFileName is "tong-hop-2024-W11.xlsx".
func SummaryFileName(s store.Summary, ext string) string {
	return "tong-hop-" + s.CycleID + "." + ext
}

// tagNames are the words for the embedded plans' unit tags; a user never reads "@xa".
var tagNames = map[string]string{
	"xa": "xã, thị trấn", "huyen": "cơ quan cấp huyện", "dvc": "đơn vị có dịch vụ công thiết yếu",
	"doanthe": "tổ chức đoàn thể", "khuvuc": "đơn vị cấp khu vực", "tinh": "sở, ngành cấp tỉnh",
}

// TagGroup names every unit with a tag, in words: "cả 21 xã, thị trấn".
func TagGroup(tag string, n int) string {
	if name, ok := tagNames[strings.ToLower(tag)]; ok {
		return fmt.Sprintf("cả %d %s", n, name)
	}
	return fmt.Sprintf("cả %d đơn vị nhóm «%s»", n, E(tag))
}

// MissingRows lists the expected units of a cycle's state that have not reported every
// model, with who should report for them.
func MissingRows(sum store.Summary) []MissingRow {
	var rows []MissingRow
	for _, u := range sum.Units {
		if u.Progress != store.ProgressNone && u.Progress != store.ProgressPartial {
			continue
		}
		rows = append(rows, MissingRow{Unit: u.Unit, LastAt: u.LastAt, Reported: u.Reported,
			Models: u.Models - u.Carried, Focal: u.Focal, Deputy: u.Deputy, Unreachable: u.Unreachable})
	}
	return rows
}
