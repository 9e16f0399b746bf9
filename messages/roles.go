package messages

import (
	"fmt"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Words of the roles feature: invites, the unit directory, leaving, absences, the group
// chat and the audit log.

const (
	roleDay     = "02/01/2006"
	roleDayTime = "15:04 02/01/2006"
)

// RoleName is a member role in Vietnamese.
func RoleName(r store.InviteRole) string {
	switch r {
	case store.InviteDeputy:
		return "đầu mối dự phòng"
	case store.InviteAdmin:
		return "cán bộ Cơ quan thường trực (quản trị)"
	}
	return "đầu mối"
}

// UnitLabel is "<b>X-MYTAN</b> UBND xã Mỹ Tân", escaped.
func UnitLabel(u store.Unit) string {
	if u.Name == "" || u.Name == u.Code {
		return "<b>" + E(u.Code) + "</b>"
	}
	return "<b>" + E(u.Code) + "</b> " + E(dispName(u.Name))
}

// InviteCreated gives an admin the link to forward. current names who holds the role now
// ("" for nobody): the invitee will replace them.
func InviteCreated(u store.Unit, role store.InviteRole, link string, expires time.Time, current string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🔗 Link mời <b>%s</b> của %s:\n%s\n\n", RoleName(role), UnitLabel(u), E(link))
	fmt.Fprintf(&b, "Link chỉ dùng được <b>một lần</b> và hết hạn lúc %s; các link mời trước đó cho vị trí này (nếu chưa dùng) không còn hiệu lực. Vui lòng chuyển link cho đúng người (tin nhắn riêng, không đăng lên nhóm).", expires.Format(roleDayTime))
	if current != "" {
		fmt.Fprintf(&b, "\n\n⚠️ Hiện %s là %s của đơn vị này; người nhận link sẽ thay thế.", current, RoleName(role))
	}
	return b.String()
}

// AdminInviteCreated gives an admin the link that makes someone an admin.
func AdminInviteCreated(link string, expires time.Time) string {
	return fmt.Sprintf("🔗 Link mời cán bộ <b>Cơ quan thường trực</b> (quyền quản trị):\n%s\n\n"+
		"Người mở link sẽ dùng được mọi lệnh tổng hợp, mời đầu mối và nhắc nhở. Link chỉ dùng được <b>một lần</b> và hết hạn lúc %s.",
		E(link), expires.Format(roleDayTime))
}

// InviteMenu answers /moi without argument: the units still without a focal point, each
// with the command to copy.
func InviteMenu(missing []store.Unit, total int) string {
	if len(missing) == 0 {
		return fmt.Sprintf("✅ Cả %d đơn vị đều đã có đầu mối.\n\nMời đầu mối dự phòng: <code>/moi MÃ pho</code>. Mời cán bộ Cơ quan thường trực: <code>/moi quantri</code>. Danh bạ: /donvi", total)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%d/%d đơn vị chưa có đầu mối.</b> Chạm vào lệnh để sao chép, gửi lại cho bot để lấy link mời:\n", len(missing), total)
	for _, u := range missing {
		fmt.Fprintf(&b, "• <code>/moi %s</code> – %s\n", E(u.Code), E(dispName(u.Name)))
	}
	b.WriteString("\nMời đầu mối dự phòng: <code>/moi MÃ pho</code>. Mời cán bộ Cơ quan thường trực: <code>/moi quantri</code>.")
	b.WriteString("\nTạo một lần mọi link còn thiếu (một tệp để gửi đi): <code>/moi tatca</code> hoặc theo nhãn, ví dụ <code>/moi xa</code>.")
	return b.String()
}

// InviteUnknownUnit answers /moi with a code that is not in the plan, with close matches.
func InviteUnknownUnit(query string, matches []store.Unit) string {
	if len(matches) == 0 {
		return fmt.Sprintf("Không tìm thấy đơn vị «%s». Gõ /moi (không kèm mã) để xem các đơn vị chưa có đầu mối, hoặc /donvi để xem danh bạ.", E(query))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Không có đơn vị mã «%s». Có phải anh/chị muốn:\n", E(query))
	for _, u := range matches {
		fmt.Fprintf(&b, "• <code>/moi %s</code> – %s\n", E(u.Code), E(dispName(u.Name)))
	}
	return strings.TrimRight(b.String(), "\n")
}

// InviteBadRole answers /moi with a role word it does not know.
func InviteBadRole(word string) string {
	return fmt.Sprintf("Chưa rõ vai trò «%s». Dùng <code>/moi MÃ</code> (đầu mối), <code>/moi MÃ pho</code> (đầu mối dự phòng) hoặc <code>/moi quantri</code> (cán bộ Cơ quan thường trực).", E(word))
}

// InviteInvalid refuses a link the bot never issued.
func InviteInvalid() string {
	return "Xin lỗi, link mời này không hợp lệ. Vui lòng kiểm tra lại link hoặc liên hệ Cơ quan thường trực để được cấp link mới."
}

// InviteUsed refuses a link that somebody already used.
func InviteUsed() string {
	return "Xin lỗi, link mời này đã được sử dụng. Mỗi link chỉ dùng được một lần; vui lòng liên hệ Cơ quan thường trực để được cấp link mới."
}

// InviteExpired refuses a link past its 7 days.
func InviteExpired(at time.Time) string {
	return fmt.Sprintf("Xin lỗi, link mời này đã hết hạn lúc %s. Vui lòng liên hệ Cơ quan thường trực để được cấp link mới.", at.Format(roleDayTime))
}

// InviteUnitGone refuses a link whose unit left the plan.
func InviteUnitGone() string {
	return "Xin lỗi, đơn vị trong link mời này không còn trong kế hoạch. Vui lòng liên hệ Cơ quan thường trực."
}

// InviteAlreadyFocal refuses a deputy link opened by the unit's own focal point.
func InviteAlreadyFocal(u store.Unit) string {
	return fmt.Sprintf("Anh/chị đang là đầu mối của %s nên không nhận làm đầu mối dự phòng của chính đơn vị này. Link vẫn còn dùng được: vui lòng chuyển cho đúng người.", UnitLabel(u))
}

// ModelLine is one of a unit's models in the greeting.
type ModelLine struct {
	Number int
	Title  string
}

// Bound greets a new focal point or deputy: their unit's models and how to report.
func Bound(u store.Unit, role store.InviteRole, lead, support []ModelLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "✅ Xin chào! Anh/chị đã được ghi nhận là <b>%s</b> của %s.\n", RoleName(role), UnitLabel(u))
	if role == store.InviteDeputy {
		b.WriteString("Khi đầu mối báo vắng, nhắc nhở của đơn vị sẽ gửi cho anh/chị; anh/chị cũng có thể báo cáo thay.\n")
	}
	writeModels := func(title string, list []ModelLine) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n<b>%s</b> (%d):\n", title, len(list))
		for _, m := range list {
			fmt.Fprintf(&b, "• MH%d – %s\n", m.Number, E(roleClip(m.Title, 120)))
		}
	}
	writeModels("Mô hình đơn vị chủ trì", lead)
	writeModels("Mô hình đơn vị phối hợp", support)
	if len(lead)+len(support) == 0 {
		b.WriteString("\nHiện đơn vị chưa được giao mô hình nào trong kế hoạch.\n")
	}
	b.WriteString("\n<b>Cách báo cáo</b>: vào <b>thứ Hai hằng tuần</b> và <b>trước ngày 15 hằng tháng</b>, gửi mỗi mô hình một dòng, ví dụ:\n")
	ex := 9
	if len(lead) > 0 {
		ex = lead[0].Number
	} else if len(support) > 0 {
		ex = support[0].Number
	}
	fmt.Fprintf(&b, "<code>MH%d: hoàn thành</code>\n<code>MH%d: vướng mắc - chưa có thiết bị</code>\n", ex, ex)
	b.WriteString("Hoặc gõ /baocao để báo cáo bằng nút bấm. /huongdan – hướng dẫn đầy đủ; /vang – báo vắng.")
	return b.String()
}

// clip cuts s to n characters with an ellipsis.
func roleClip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// AdminBound greets a new admin.
func AdminBound() string {
	return "✅ Anh/chị đã được ghi nhận là cán bộ <b>Cơ quan thường trực</b> Tổ công tác. Gõ /huongdan để xem các lệnh tổng hợp, mời đầu mối và nhắc nhở."
}

// AlreadyAdmin answers an admin link opened by someone who already is one.
func AlreadyAdmin() string {
	return "Anh/chị đã là cán bộ Cơ quan thường trực; link mời vẫn còn dùng được, vui lòng chuyển cho đúng người."
}

// AlreadyBound answers someone who opens a link for the role they already hold.
func AlreadyBound(u store.Unit, role store.InviteRole) string {
	return fmt.Sprintf("Anh/chị đã là %s của %s rồi; link mời vẫn còn dùng được, vui lòng chuyển cho đúng người.", RoleName(role), UnitLabel(u))
}

// ReplacedYou tells a former focal point (or deputy) that someone took over.
func ReplacedYou(u store.Unit, role store.InviteRole, by string) string {
	return fmt.Sprintf("ℹ️ Từ nay %s là %s của %s thay anh/chị. Cảm ơn anh/chị đã phối hợp! Nếu có nhầm lẫn, vui lòng liên hệ Cơ quan thường trực.", by, RoleName(role), UnitLabel(u))
}

// AdminsBound tells the admins that someone accepted an invite; previous is who held the
// role before ("" for nobody).
func AdminsBound(u store.Unit, role store.InviteRole, who, previous string) string {
	s := fmt.Sprintf("✅ %s đã nhận làm %s của %s.", who, RoleName(role), UnitLabel(u))
	if previous != "" {
		s += fmt.Sprintf("\nNgười trước đó: %s (đã được báo).", previous)
	}
	return s
}

// AdminsAdminAdded tells the admins that someone became an admin by invite.
func AdminsAdminAdded(who string) string {
	return fmt.Sprintf("✅ %s đã trở thành cán bộ Cơ quan thường trực (quản trị) qua link mời.", who)
}

func roleLastReport(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "chưa báo cáo lần nào"
	}
	return "báo cáo gần nhất " + t.In(loc).Format(roleDayTime)
}

// dayVN turns yyyy-mm-dd into dd/mm/yyyy.
func roleDayVN(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format(roleDay)
}

// NotMember answers /roi or /vang from an admin who serves no unit.
func NotMember() string {
	return "Anh/chị hiện không phải đầu mối hay đầu mối dự phòng của đơn vị nào."
}

// LeaveWhich asks which unit to leave.
func LeaveWhich() string {
	return "Anh/chị phụ trách nhiều đơn vị. Vui lòng chọn đơn vị muốn thôi làm đầu mối (hoặc gõ <code>/roi MÃ</code>):"
}

// LeaveCancelButton labels the button that keeps everything as it is.
func LeaveCancelButton() string { return "Không, giữ nguyên" }

// LeaveCancelled confirms nothing changed.
func LeaveCancelled() string {
	return "Đã giữ nguyên, anh/chị vẫn phụ trách các đơn vị như cũ."
}

// LeaveNotYours answers /roi with a unit the sender does not serve.
func LeaveNotYours(code string) string {
	return fmt.Sprintf("Anh/chị không phụ trách đơn vị «%s». Gõ /roi để chọn trong các đơn vị của mình.", E(code))
}

// LeaveDone confirms someone left a unit.
func LeaveDone(u store.Unit) string {
	return fmt.Sprintf("Đã ghi nhận: anh/chị thôi phụ trách %s. Bot sẽ không gửi nhắc nhở của đơn vị này cho anh/chị nữa. Cảm ơn anh/chị đã phối hợp!", UnitLabel(u))
}

// AdminsLeft tells the admins that someone left a unit; remaining names who is left
// ("" for nobody).
func AdminsLeft(u store.Unit, who string, role store.InviteRole, remaining string) string {
	s := fmt.Sprintf("ℹ️ %s đã thôi làm %s của %s.", who, RoleName(role), UnitLabel(u))
	if remaining == "" {
		s += fmt.Sprintf("\nĐơn vị hiện <b>không còn ai</b> phụ trách. Mời người mới: <code>/moi %s</code>", E(u.Code))
	} else {
		s += "\nĐơn vị còn: " + remaining + "."
	}
	return s
}

// AbsenceUsage explains /vang.
func AbsenceUsage(current []store.Absence, units map[string]store.Unit) string {
	var b strings.Builder
	b.WriteString("Báo vắng: <code>/vang từ-ngày đến-ngày lý do</code>, ví dụ <code>/vang 18/03 22/03 tập huấn</code>.\n")
	b.WriteString("Ngày viết dd/mm, dd/mm/yyyy hoặc yyyy-mm-dd. Hủy báo vắng: <code>/vang huy</code>.")
	if len(current) > 0 {
		b.WriteString("\n\n<b>Báo vắng hiện có</b>:\n")
		b.WriteString(roleAbsenceList(current, units))
	}
	return b.String()
}

func roleAbsenceList(list []store.Absence, units map[string]store.Unit) string {
	var b strings.Builder
	for _, a := range list {
		fmt.Fprintf(&b, "• %s: %s – %s", UnitLabel(units[a.Unit]), roleDayVN(a.FromDay), roleDayVN(a.ToDay))
		if a.Reason != "" {
			fmt.Fprintf(&b, " (%s)", E(a.Reason))
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// AbsenceBadDate answers a date /vang cannot read.
func AbsenceBadDate(s string) string {
	return fmt.Sprintf("Chưa đọc được ngày «%s». Vui lòng viết dd/mm, dd/mm/yyyy hoặc yyyy-mm-dd, ví dụ <code>/vang 18/03 22/03 tập huấn</code>.", E(s))
}

// AbsenceBadRange answers an absence that ends before it starts, is over, or is too long.
func AbsenceBadRange(from, to string, maxDays int) string {
	return fmt.Sprintf("Khoảng ngày %s – %s không hợp lệ: ngày kết thúc phải không trước ngày bắt đầu, chưa qua, và khoảng vắng tối đa %d ngày.", roleDayVN(from), roleDayVN(to), maxDays)
}

// AbsenceCover is how one unit is covered during an absence.
type AbsenceCover struct {
	Unit   store.Unit
	Deputy string // the deputy who receives reminders, "" for none
}

// AbsenceSaved confirms an absence and says who covers each unit.
func AbsenceSaved(from, to, reason string, covers []AbsenceCover) string {
	var b strings.Builder
	fmt.Fprintf(&b, "✅ Đã ghi nhận anh/chị vắng từ <b>%s</b> đến <b>%s</b>", roleDayVN(from), roleDayVN(to))
	if reason != "" {
		fmt.Fprintf(&b, " (%s)", E(reason))
	}
	b.WriteString(".\n")
	for _, c := range covers {
		if c.Deputy != "" {
			fmt.Fprintf(&b, "• %s: nhắc nhở sẽ gửi cho đầu mối dự phòng %s.\n", UnitLabel(c.Unit), c.Deputy)
		} else {
			fmt.Fprintf(&b, "• %s: đơn vị chưa có đầu mối dự phòng; Cơ quan thường trực sẽ được báo là đơn vị tạm thời không có người báo cáo.\n", UnitLabel(c.Unit))
		}
	}
	b.WriteString("Hủy báo vắng: <code>/vang huy</code>.")
	return b.String()
}

// DeputyCovering tells a deputy that they receive a unit's reminders during an absence.
func DeputyCovering(u store.Unit, focal, from, to string) string {
	return fmt.Sprintf("ℹ️ Đầu mối %s của %s báo vắng từ %s đến %s. Trong thời gian này nhắc nhở của đơn vị sẽ gửi cho anh/chị; vui lòng báo cáo thay.", focal, UnitLabel(u), roleDayVN(from), roleDayVN(to))
}

// AbsenceCancelled confirms /vang huy.
func AbsenceCancelled(list []store.Absence, units map[string]store.Unit) string {
	return "✅ Đã hủy báo vắng:\n" + roleAbsenceList(list, units) + "\nNhắc nhở sẽ gửi lại cho anh/chị như bình thường."
}

// NoAbsence answers /vang huy with nothing to cancel.
func NoAbsence() string { return "Anh/chị không có báo vắng nào đang hoặc sắp diễn ra." }

// GroupOnly asks to send /nhom inside the group.
func GroupOnly() string {
	return "Vui lòng thêm bot vào nhóm của Tổ công tác rồi gửi /nhom ngay trong nhóm đó."
}

// GroupRegistered confirms /nhom.
func GroupRegistered(title string) string {
	return fmt.Sprintf("✅ Đã đăng ký nhóm «%s» là nhóm của Tổ công tác Đề án 06. Bảng tổng hợp và cảnh báo vướng mắc sẽ được gửi vào đây.\nTrong nhóm, bot chỉ trả lời lệnh và tin nhắn trả lời bot.", E(title))
}

// GroupUnregistered confirms /nhom huy (or says the group was not registered).
func GroupUnregistered(was bool) string {
	if !was {
		return "Nhóm này chưa được đăng ký nên không có gì để hủy."
	}
	return "✅ Đã hủy đăng ký nhóm. Bot sẽ không gửi tổng hợp, cảnh báo vào nhóm này nữa và không trả lời trong nhóm; gửi /nhom để đăng ký lại."
}

// GroupNotRegistered is the one message an unregistered group gets.
func GroupNotRegistered() string {
	return "Xin chào! Đây là trợ lý báo cáo của Tổ công tác Đề án 06. Nhóm này chưa được Cơ quan thường trực đăng ký nên bot sẽ không trả lời trong nhóm.\n" +
		"Nếu đây là nhóm của Tổ công tác, cán bộ Cơ quan thường trực vui lòng gửi /nhom trong nhóm."
}

// Audit log (plain text, printed by `tocongtac audit`).

var roleAuditVN = map[string]string{
	store.AuditInvite:         "tạo link mời",
	store.AuditInviteRejected: "link mời bị từ chối",
	store.AuditBind:           "nhận vai trò",
	store.AuditUnbind:         "bị thay thế",
	store.AuditLeave:          "thôi phụ trách",
	store.AuditAdminAdd:       "thêm quản trị",
	store.AuditGroup:          "đăng ký nhóm",
	store.AuditGroupRemove:    "hủy đăng ký nhóm",
	store.AuditAbsence:        "báo vắng",
	store.AuditAbsenceCancel:  "hủy báo vắng",
	store.AuditTicket:         "vướng mắc",
	store.AuditRosterImport:   "nhập danh sách đầu mối",
	store.AuditRemove:         "bỏ đầu mối/đầu mối dự phòng",
}

// roleAuditDetailVN turns the stored "key=value" details into one format: "khóa: giá
// trị", separated by commas, every person or chat by its number ("mã 1001").
var roleAuditDetailVN = strings.NewReplacer(
	"role=focal", "vai trò: đầu mối",
	"role=deputy", "vai trò: đầu mối dự phòng",
	"role=admin", "vai trò: quản trị",
	"reason=used", "lý do: link đã dùng",
	"reason=expired", "lý do: link hết hạn",
	"reason=forged", "lý do: link không hợp lệ",
	" replaced=", ", thay người: mã ",
	" replaced by ", ", bị thay bởi: mã ",
	" (now focal)", " (nay là đầu mối)",
	" by=", ", người mời: mã ",
	" expires=", ", hết hạn: ",
	" id=", ", mã link: ",
	"from=", "từ ngày: ",
	" to=", ", đến ngày: ",
	" note=", ", lý do vắng: ",
	"chat=", "nhóm: mã ",
	" title=", ", tên nhóm: ",
	"ticket=", "phiếu vướng mắc: số ",
	" model=", ", mô hình: MH",
	" action=", ", bước: ",
	" unit=", ", đơn vị: ",
	"rows=", "số người: ",
	" links=", ", số link: ",
)

func rolePlainPerson(u store.User) string {
	if u.ID == 0 {
		return ""
	}
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" {
		name = "(không tên)"
	}
	if u.Username != "" {
		name += " @" + u.Username
	}
	return fmt.Sprintf("%s (mã %d)", name, u.ID)
}

// AuditLine is one audit entry as a line of plain text.
func AuditLine(e store.AuditEntry, loc *time.Location) string {
	action := roleAuditVN[e.Action]
	if action == "" {
		action = e.Action
	}
	parts := []string{e.At.In(loc).Format("2006-01-02 15:04:05"), action}
	if e.Unit != "" {
		parts = append(parts, "đơn vị "+e.Unit)
	}
	parts = append(parts, "người làm: "+rolePlainPerson(e.Actor))
	if e.Subject.ID != 0 && e.Subject.ID != e.Actor.ID {
		parts = append(parts, "người liên quan: "+rolePlainPerson(e.Subject))
	}
	if e.Detail != "" {
		parts = append(parts, roleAuditDetailVN.Replace(e.Detail))
	}
	return strings.Join(parts, " | ")
}

// AuditEmpty says the log has nothing yet.
func AuditEmpty() string { return "Nhật ký chưa có mục nào." }
