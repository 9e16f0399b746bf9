package messages

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/store"
)

// ReminderInfo is what a personal reminder says.
type ReminderInfo struct {
	UnitName string
	Kind     string    // store.CycleWeek or store.CycleMonth
	CycleID  string    // "2024-W11", "2024-03"
	LastDay  time.Time // the last day reports count for the cycle, in the plan's timezone
	Start    time.Time // the cycle's first day (zero: the name goes without dates)
	Missing  []store.Model
	Blocked  []store.Report // open blockers the unit is asked about (weekly only)
	Late     bool           // sent after its scheduled time (the bot was down)
	Group    string         // the working group asking, when the bot serves several
}

var weekdays = [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// LongDay writes a date as "thứ Hai 11/03/2024".
func LongDay(t time.Time) string {
	return weekdays[t.Weekday()] + " " + t.Format("02/01/2006")
}

// CycleTitle names a reporting cycle without its dates (see PeriodName).
func CycleTitle(kind, id string) string { return PeriodName(kind, id, time.Time{}, time.Time{}) }

func modelLine(m store.Model) string {
	return fmt.Sprintf("• <b>MH%d</b> %s", m.Number, E(dispTitle(m.Title)))
}

// shortTitleMax caps a model's short name: a reminder lists 15 of them in 600 characters.
const shortTitleMax = 24

// ShortTitle is a model's name in a few words (plain text; callers escape it): the plan's
// short name, else its title cut at a word.
func ShortTitle(m store.Model) string {
	if s := strings.TrimSpace(m.Short); s != "" {
		return shorten(s, shortTitleMax)
	}
	t := strings.TrimSpace(lineBreaks.Replace(m.Title))
	if utf8.RuneCountInString(t) <= shortTitleMax {
		return t
	}
	cut := ""
	for _, w := range strings.Fields(t) {
		if utf8.RuneCountInString(cut+" "+w) > shortTitleMax-1 {
			break
		}
		cut = strings.TrimSpace(cut + " " + w)
	}
	if cut == "" {
		return shorten(t, shortTitleMax)
	}
	return strings.TrimRight(cut, ",;:–-") + "…"
}

// blockerNoteInReminder caps each open blocker's note: the reminder only has to recall it.
const blockerNoteInReminder = 60

// Reminder is the personal reminder to a unit's focal point or deputy: what is missing,
// by code and short name, and the buttons that answer it in one tap (ReminderMarkup).
func Reminder(r ReminderInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🔔 <b>Nhắc báo cáo %s</b>, hạn hết %s\n", CycleTitle(r.Kind, r.CycleID), LongDay(r.LastDay))
	if r.Group != "" {
		fmt.Fprintf(&b, "<i>%s</i>\n", E(r.Group))
	}
	if r.Late {
		b.WriteString("<i>(Gửi muộn do hệ thống tạm gián đoạn.)</i>\n")
	}
	fmt.Fprintf(&b, "<b>%s</b> còn %d mô hình chưa báo cáo:\n", E(dispName(r.UnitName)), len(r.Missing))
	for _, m := range r.Missing {
		fmt.Fprintf(&b, "MH%d %s\n", m.Number, E(ShortTitle(m)))
	}
	if len(r.Blocked) > 0 {
		b.WriteString("\n⚠️ <b>Vướng mắc đang mở</b>, đã xử lý chưa?\n")
		for _, rep := range r.Blocked {
			fmt.Fprintf(&b, "MH%d", rep.Model)
			if note := shorten(DisplayNote(rep.Note), blockerNoteInReminder); note != "" {
				b.WriteString(": " + E(note))
			}
			b.WriteByte('\n')
		}
	}
	example := "MH9"
	if len(r.Missing) > 0 {
		example = "MH" + strconv.Itoa(r.Missing[0].Number)
	}
	fmt.Fprintf(&b, "\nBấm nút bên dưới, hoặc trả lời mỗi mô hình một dòng, ví dụ <code>%s: đang triển khai 50%%</code>", example)
	return b.String()
}

// Callback data of reminder buttons; "unit ref" is the unit code, or "~<index in the
// plan's unit list>" for a code over 32 bytes. The "r" prefix belongs to the reports
// feature ("r:b:<unit ref>" opens the unit's guided report); "b" to the reminders
// feature (open blockers); "k" keeps the previous cycle's statuses; "v" starts /vang.
const (
	ReportButtonPrefix  = "r:b:"  // + unit ref
	BlockerResolvedData = "b:ok:" // + unit ref + ":" + model number
	BlockerStillData    = "b:no:"
	KeepButtonPrefix    = "k:" // + unit ref
	AwayButtonData      = "v:"
)

const maxCallbackData = 64

// Labels of the reminder's buttons.
const (
	KeepButton = "🔁 Giữ nguyên như kỳ trước"
	EachButton = "📝 Báo cáo từng mô hình"
	AwayButton = "🏖 Báo vắng"
)

// ReminderMarkup is the reminder's keyboard: keep last cycle's statuses, report model by
// model, report an absence, and a pair of buttons per open blocker. Buttons whose data
// would pass Telegram's 64 bytes are left out.
func ReminderMarkup(unitRef string, blocked []int) []byte {
	unit := unitRef
	var rows [][]models.InlineKeyboardButton
	if d := KeepButtonPrefix + unit; len(d) <= maxCallbackData {
		rows = append(rows, []models.InlineKeyboardButton{{Text: KeepButton, CallbackData: d}})
	}
	if d := ReportButtonPrefix + unit; len(d) <= maxCallbackData {
		rows = append(rows, []models.InlineKeyboardButton{{Text: EachButton, CallbackData: d}})
	}
	rows = append(rows, []models.InlineKeyboardButton{{Text: AwayButton, CallbackData: AwayButtonData}})
	for _, n := range blocked {
		ok := BlockerResolvedData + unit + ":" + strconv.Itoa(n)
		still := BlockerStillData + unit + ":" + strconv.Itoa(n)
		if len(ok) > maxCallbackData || len(still) > maxCallbackData {
			continue
		}
		rows = append(rows, []models.InlineKeyboardButton{
			{Text: fmt.Sprintf("MH%d: đã xử lý", n), CallbackData: ok},
			{Text: fmt.Sprintf("MH%d: vẫn vướng", n), CallbackData: still},
		})
	}
	out, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	return out
}

// EscalationUnit is one unit in an escalation.
type EscalationUnit struct {
	Code, Name string
	People     []store.User // focal point (then deputy) as last seen
	Missing    []int        // model numbers without a report
}

// EscalationInfo is what the standing office is told after a deadline.
type EscalationInfo struct {
	Kind, CycleID string
	LastDay       time.Time
	Expected      int              // units with at least one assigned model
	Missed        []EscalationUnit // reachable focal points who did not report
	NoFocal       []EscalationUnit // nobody bound as focal point
	Unreachable   []EscalationUnit // focal point blocked the bot
	Absent        []EscalationUnit // focal point away, no deputy available: excused
	Late          bool
}

func modelList(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "MH" + strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func people(us []store.User) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = Person(u)
	}
	return strings.Join(parts, "; ")
}

// Escalation lists the units that missed a cycle's deadline.
func Escalation(e EscalationInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📋 <b>Đơn vị chưa báo cáo %s</b> (hạn hết ngày %s)\n", CycleTitle(e.Kind, e.CycleID), LongDay(e.LastDay))
	if e.Late {
		b.WriteString("<i>(Gửi muộn do hệ thống tạm gián đoạn.)</i>\n")
	}
	late := len(e.Missed) + len(e.NoFocal) + len(e.Unreachable)
	if late == 0 && len(e.Absent) == 0 {
		fmt.Fprintf(&b, "✅ Tất cả %d đơn vị đã báo cáo đủ.", e.Expected)
		return b.String()
	}
	fmt.Fprintf(&b, "%d/%d đơn vị chưa báo cáo đủ.\n", late, e.Expected)
	section := func(title string, us []EscalationUnit, withPeople bool) {
		if len(us) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n<b>%s</b> (%d):\n", title, len(us))
		for _, u := range us {
			fmt.Fprintf(&b, "• <b>%s</b> (%s) – thiếu %s", E(dispName(u.Name)), E(u.Code), modelList(u.Missing))
			if withPeople && len(u.People) > 0 {
				b.WriteString("\n   Đầu mối: " + people(u.People))
			}
			b.WriteByte('\n')
		}
	}
	section("Chưa báo cáo", e.Missed, true)
	section("Không liên lạc được (đầu mối đã chặn bot)", e.Unreachable, true)
	section("Chưa có đầu mối", e.NoFocal, false)
	section("Đầu mối vắng, không có đầu mối dự phòng (không tính là chậm)", e.Absent, true)
	return strings.TrimRight(b.String(), "\n")
}

// NobodyAvailable tells the admins that a unit's focal point is away with nobody to cover.
func NobodyAvailable(unitName string, who store.User, fromDay, toDay string) string {
	return fmt.Sprintf("ℹ️ Đơn vị <b>%s</b>: đầu mối %s vắng từ %s đến %s và không có đầu mối dự phòng. "+
		"Trong thời gian này đơn vị không nhận được nhắc nhở; vui lòng chỉ định đầu mối dự phòng nếu cần.",
		E(dispName(unitName)), Person(who), E(fromDay), E(toDay))
}

// ModelDeadline reminds a lead unit that a model's due date is near.
func ModelDeadline(unitName string, m store.Model, due time.Time, days int, status store.Status) string {
	return fmt.Sprintf("⏰ <b>Sắp đến hạn hoàn thành mô hình</b>\nĐơn vị chủ trì: <b>%s</b>\n%s\n"+
		"Hạn hoàn thành: <b>%s</b> (còn %d ngày)\nTrạng thái gần nhất: %s %s\n\n"+
		"Vui lòng đẩy nhanh tiến độ và báo cáo khi hoàn thành.",
		E(dispName(unitName)), modelLine(m), LongDay(due), days, StatusIcon(status), StatusLabel(status))
}

// ManualRemindUsage explains /nhacnho's argument.
func ManualRemindUsage() string {
	return "Cách dùng: /nhacnho [tuan|thang] [mã đơn vị|nhãn] – gửi ngay nhắc nhở kỳ hiện tại tới các đơn vị còn thiếu báo cáo (mặc định: tuần, mọi đơn vị).\nVí dụ: /nhacnho CAH · /nhacnho xa thang"
}

// ManualRemindResult answers /nhacnho with what happened.
func ManualRemindResult(kind, cycleID string, queued, reported, absent, unreachable, noMember int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🔔 Nhắc nhở %s:\n", CycleTitle(kind, cycleID))
	fmt.Fprintf(&b, "• Đã xếp gửi: <b>%d</b> tin nhắn\n", queued)
	fmt.Fprintf(&b, "• Bỏ qua – đơn vị đã báo cáo đủ: %d\n", reported)
	fmt.Fprintf(&b, "• Bỏ qua – đầu mối vắng: %d\n", absent)
	fmt.Fprintf(&b, "• Không gửi được (đã chặn bot): %d\n", unreachable)
	fmt.Fprintf(&b, "• Đơn vị chưa có đầu mối: %d", noMember)
	return b.String()
}

// BlockerResolved confirms "đã xử lý" on an open blocker.
func BlockerResolved(unitName string, model int) string {
	return fmt.Sprintf("✅ Đã ghi nhận: vướng mắc MH%d của %s đã được xử lý (trạng thái: Đang triển khai). "+
		"Khi hoàn thành, vui lòng báo «MH%d: hoàn thành».", model, E(dispName(unitName)), model)
}

// BlockerStill confirms "vẫn vướng" on an open blocker.
func BlockerStill(unitName string, model int) string {
	return fmt.Sprintf("⚠️ Đã ghi nhận: MH%d của %s vẫn vướng mắc trong kỳ này. "+
		"Nếu có thông tin mới, vui lòng trả lời «MH%d vướng mắc: …».", model, E(dispName(unitName)), model)
}

// BlockerResolvedNote is the note recorded with a resolved blocker.
const BlockerResolvedNote = "đã xử lý vướng mắc"

// ButtonDone is the short answer to a button press that was recorded.
func ButtonDone() string { return "Đã ghi nhận" }

// NotYourUnitButton refuses a button of a unit the person does not serve.
func NotYourUnitButton() string {
	return "Anh/chị không phải đầu mối của đơn vị này."
}
