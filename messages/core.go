// Package messages owns every word and document a user sees. Texts are Telegram HTML:
// anything that came from a user or a plan file is escaped with E.
package messages

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/store"
)

// E escapes user-supplied text for Telegram HTML.
func E(s string) string { return html.EscapeString(s) }

// The command menus Telegram shows next to the text box, one per kind of chat: focal
// points see only what they can use, the standing office everything, groups the views.
var (
	focalCommands = []models.BotCommand{
		{Command: "baocao", Description: "Báo cáo tiến độ các mô hình"},
		{Command: "cuatoi", Description: "Các mô hình của đơn vị tôi"},
		{Command: "vang", Description: "Báo vắng (nghỉ phép, tập huấn…)"},
		{Command: "roi", Description: "Thôi làm đầu mối"},
		{Command: "huongdan", Description: "Hướng dẫn sử dụng"},
	}
	viewCommands = []models.BotCommand{
		{Command: "tonghop", Description: "Tổng hợp kỳ báo cáo"},
		{Command: "chuabaocao", Description: "Đơn vị chưa báo cáo"},
		{Command: "vuongmac", Description: "Vướng mắc đang mở"},
	}
	officeCommands = []models.BotCommand{
		{Command: "xuat", Description: "Xuất bảng tổng hợp XLSX"},
		{Command: "bieudo", Description: "Biểu đồ tiến độ"},
		{Command: "donvi", Description: "Danh bạ đầu mối"},
		{Command: "moi", Description: "Mời đầu mối đơn vị"},
		{Command: "nhacnho", Description: "Gửi nhắc nhở ngay"},
		{Command: "xoa", Description: "Bỏ đầu mối của đơn vị"},
		{Command: "nhom", Description: "Đăng ký nhóm Tổ công tác"},
	}
)

// FocalMenu is the default menu: what a focal point (or anyone) can use.
func FocalMenu() []models.BotCommand { return slices.Clone(focalCommands) }

// AdminMenu is the menu in a private chat with standing-office staff.
func AdminMenu() []models.BotCommand {
	return slices.Concat(viewCommands, officeCommands, focalCommands[:2], focalCommands[len(focalCommands)-1:])
}

// GroupMenu is the menu in group chats: the views the working group asks for.
func GroupMenu() []models.BotCommand {
	return slices.Concat(viewCommands, focalCommands[len(focalCommands)-1:])
}

// Welcome greets someone who opened the bot without an invite.
func Welcome(admin bool, planTitle string) string {
	var b strings.Builder
	b.WriteString("Xin chào! Tôi là <b>trợ lý báo cáo của Tổ công tác Đề án 06</b>.\n")
	if planTitle != "" {
		fmt.Fprintf(&b, "Kế hoạch: <i>%s</i>\n", E(dispTitle(planTitle)))
	}
	b.WriteString("\n")
	if admin {
		b.WriteString("Anh/chị là cán bộ <b>Cơ quan thường trực</b>. Gõ /huongdan để xem các lệnh tổng hợp, mời đầu mối và nhắc nhở.")
		return b.String()
	}
	b.WriteString("Các đơn vị báo cáo tiến độ các mô hình vào <b>thứ Hai hằng tuần</b> và <b>trước ngày 15 hằng tháng</b>; vướng mắc báo ngay.\n\n")
	b.WriteString("Nếu anh/chị là đầu mối của đơn vị, vui lòng mở đường link mời do Cơ quan thường trực của Tổ công tác gửi để bắt đầu.")
	return b.String()
}

// Help lists what the person can do.
func Help(admin bool) string {
	return "<b>Hướng dẫn báo cáo</b>\nGửi mỗi mô hình một dòng, ví dụ:\n" + reportExamples(nil) + "\n\n" + helpRest(admin)
}

// HomeHelp is /huongdan for a known focal point: their home (with examples from their own
// models) followed by the rest of the help.
func HomeHelp(home string, admin bool) string {
	return home + "\n\n<b>Hướng dẫn báo cáo</b>\n" + helpRest(admin)
}

func helpRest(admin bool) string {
	var b strings.Builder
	b.WriteString("Trạng thái: hoàn thành (ht, xong) · đang triển khai (dtk, 70%) · chưa triển khai (ctk) · vướng mắc (vm, khó khăn).\n")
	b.WriteString("«tất cả dtk» đặt mọi mô hình của đơn vị; «giữ nguyên» giữ trạng thái kỳ trước.\n\n")
	b.WriteString("/baocao – báo cáo bằng nút bấm\n/cuatoi – các mô hình của đơn vị và phần còn thiếu\n/vang – báo vắng, /roi – thôi làm đầu mối\n")
	if admin {
		b.WriteString("\n<b>Cơ quan thường trực</b>\n")
		b.WriteString("/tonghop [tuan|thang|quy] [ky truoc|dd/mm/yyyy] – tổng hợp\n/chuabaocao [ky truoc] – đơn vị chưa báo cáo\n")
		b.WriteString("/vuongmac – vướng mắc đang mở: tiếp nhận, giao đơn vị, trả lời, đã tháo gỡ\n")
		b.WriteString("/xuat – bảng XLSX, /bieudo – biểu đồ\n/moi &lt;mã đơn vị&gt; – mời đầu mối; /moi tatca hoặc /moi &lt;nhãn&gt; – tệp link mời cho mọi đơn vị chưa có đầu mối\n")
		b.WriteString("Gửi tệp danh sách (CSV/Excel: mã đơn vị, họ tên, điện thoại, Telegram, vai trò) để nhập và tạo link mời\n")
		b.WriteString("/donvi [mã|nhãn] [excel] – danh bạ, /xoa &lt;mã&gt; [pho] – bỏ đầu mối\n")
		b.WriteString("/nhacnho [mã|nhãn] – gửi nhắc nhở ngay, /nhom – đăng ký nhóm Tổ công tác (/nhom huy – hủy)")
	}
	return b.String()
}

// Stranger explains the bot to someone with no role, and nothing else.
func Stranger() string {
	return "Xin chào! Đây là trợ lý báo cáo của Tổ công tác Đề án 06, chỉ dành cho đầu mối các đơn vị đã được mời.\n" +
		"Nếu anh/chị là đầu mối của đơn vị, vui lòng liên hệ Cơ quan thường trực của Tổ công tác để nhận đường link mời."
}

// NotAllowed refuses an admin command without saying anything about the data behind it.
func NotAllowed() string {
	return "Xin lỗi, lệnh này chỉ dành cho Cơ quan thường trực Tổ công tác."
}

// PrivateOnly asks to use a command in a private chat.
func PrivateOnly() string {
	return "Lệnh này chỉ dùng trong tin nhắn riêng với bot."
}

// UnknownCommand answers a command the bot does not know.
func UnknownCommand(name string) string {
	return fmt.Sprintf("Tôi chưa hiểu lệnh /%s. Gõ /huongdan để xem các lệnh.", E(name))
}

// StaleButton answers a button press the bot can no longer act on.
func StaleButton() string {
	return "Nút này đã cũ. Vui lòng bắt đầu lại (ví dụ gõ /baocao)."
}

// InternalError apologises for a failure that is not the user's fault.
func InternalError() string {
	return "Xin lỗi, đã có lỗi khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo Cơ quan thường trực."
}

// UnitRole is a person's role in a unit, as the admins are told about it.
type UnitRole struct {
	Unit store.Unit
	Role store.MemberRole
}

// RecipientUnreachable tells the admins that a person no longer receives messages, and
// which units lose their focal point or backup focal point because of it.
func RecipientUnreachable(who string, seats []UnitRole) string {
	var b strings.Builder
	fmt.Fprintf(&b, "⚠️ Không gửi được tin nhắn tới %s (đã chặn bot hoặc xóa tài khoản).", who)
	for _, s := range seats {
		role := "đầu mối"
		if s.Role == store.MemberDeputy {
			role = "đầu mối dự phòng"
		}
		fmt.Fprintf(&b, "\n• %s của %s", role, UnitLabel(s.Unit))
	}
	b.WriteString("\nBot sẽ không gửi thêm cho đến khi người này nhắn lại cho bot.")
	return b.String()
}

// Person names a Telegram user as a mention (tapping the name opens the profile) with
// the @username; the numeric id stays out of the text.
func Person(u store.User) string { return person(u, nameDisplayMax) }

// person is Person with the name cut at limit characters.
func person(u store.User, limit int) string {
	name := shorten(strings.TrimSpace(lineBreaks.Replace(u.FirstName+" "+u.LastName)), limit)
	if name == "" {
		name = "(không tên)"
	}
	s := fmt.Sprintf(`<a href="tg://user?id=%d">%s</a>`, u.ID, E(name))
	if u.Username != "" {
		s += " @" + E(shorten(u.Username, 32))
	}
	return s
}

// UnknownPerson names a user the bot has never seen.
func UnknownPerson(id int64) string {
	return fmt.Sprintf(`<a href="tg://user?id=%d">một người dùng chưa rõ tên</a>`, id)
}

// purposeNames names what an outgoing message was for (store.Outgoing.Purpose).
var purposeNames = map[string]string{
	"reply": "trả lời tin nhắn", "reminder": "nhắc báo cáo", "escalation": "danh sách đơn vị chưa báo cáo",
	"summary": "tổng hợp báo cáo", "alert": "cảnh báo vướng mắc", "absence": "thông báo báo vắng",
	"deadline": "nhắc hạn hoàn thành mô hình", "role": "thông báo vai trò", "invite": "đường link mời",
	"unreachable": "thông báo không liên lạc được", "note-prompt": "hỏi ghi chú",
}

// MessageRefused tells the admins that Telegram refused one of the bot's messages for
// good: what it was for, for whom (and their unit), and Telegram's reason.
func MessageRefused(purpose, who, unitName, reason string) string {
	what := purposeNames[purpose]
	if what == "" {
		what = purpose
	}
	var b strings.Builder
	fmt.Fprintf(&b, "⚠️ Telegram từ chối một tin nhắn của bot (%s) gửi tới %s", E(what), who)
	if unitName != "" {
		fmt.Fprintf(&b, ", đơn vị <b>%s</b>", E(dispName(unitName)))
	}
	fmt.Fprintf(&b, ".\nLý do: <code>%s</code>\nTin nhắn này không được gửi; vui lòng báo cho người quản trị hệ thống.", E(shorten(reason, 200)))
	return b.String()
}

// reportExamples shows three ways to write a status, on the given models when there are
// enough of them (a unit's own), else on the embedded plan's MH9, MH18 and MH6.
func reportExamples(models []int) string {
	ex := []int{9, 18, 6}
	for i := 0; i < len(models) && i < len(ex); i++ {
		ex[i] = models[i]
	}
	if len(models) > 0 && len(models) < 3 {
		ex = models
	}
	lines := []string{"MH%d: hoàn thành", "mh%d vuong mac - chua co kinh phi", "%d dang trien khai 70%%"}
	out := make([]string, len(ex))
	for i, n := range ex {
		out[i] = fmt.Sprintf(lines[i], n)
	}
	return "<code>" + strings.Join(out, "\n") + "</code>"
}

// Home greets a known focal point (a bound /start): their units, each model's status this
// week at a glance, and how to report, with their own models as examples.
func Home(units []MineUnit) string {
	var b strings.Builder
	var all []int
	for i, u := range units {
		if i > 0 {
			b.WriteString("\n")
		}
		role := "đầu mối"
		if u.Role == store.MemberDeputy {
			role = "đầu mối dự phòng"
		}
		done := 0
		for _, m := range u.Models {
			if m.WeekReported {
				done++
			}
		}
		fmt.Fprintf(&b, "🏢 Anh/chị là %s của %s.\nKỳ báo cáo %s: đã báo cáo %d/%d mô hình.\n",
			role, unitLabel(u.Name, u.Code), CycleTitle(store.CycleWeek, u.Week), done, len(u.Models))
		for _, m := range u.Models {
			status := "▫️ chưa báo cáo"
			if m.WeekReported {
				status = StatusIcon(m.Week.Status) + " " + StatusLabel(m.Week.Status)
				if m.Week.Percent >= 0 && m.Week.Percent <= 100 && m.Week.Status == store.StatusInProgress {
					status += fmt.Sprintf(" %d%%", m.Week.Percent)
				}
			}
			fmt.Fprintf(&b, "MH%d %s: %s\n", m.Model, E(m.Short), status)
			all = append(all, m.Model)
		}
	}
	b.WriteString("\nTrả lời mỗi mô hình một dòng, ví dụ:\n" + reportExamples(all) + "\n")
	b.WriteString("/baocao – báo cáo bằng nút bấm · /cuatoi – chi tiết · /vang – báo vắng · /huongdan – hướng dẫn")
	return b.String()
}
