package messages

import (
	"fmt"
	"strings"
	"time"
)

// The words of `tocongtac demo`'s console chrome. They are printed to a terminal, not
// sent to Telegram, so they are plain text (no HTML escaping).

// Demo personas.
const (
	DemoAdminFirstName = "Cán bộ"
	DemoAdminLastName  = "Công an huyện"
	DemoAdminLabel     = "cán bộ CAH"
	DemoFocalFirstName = "Đầu mối"
	DemoGroupTitle     = "Tổ công tác Đề án 06 (nhóm)"
)

// DemoFocalLabel names the focal point of a unit in the prompt.
func DemoFocalLabel(unit string) string { return "đầu mối " + unit }

// DemoGroupChat names the working group's chat in notes.
const DemoGroupChat = "nhóm"

// DemoGroupLabel is the prompt while speaking in the group as who.
func DemoGroupLabel(who string) string { return DemoGroupChat + " · " + who }

// DemoBanner opens the console.
func DemoBanner(planTitle string, now time.Time, dbPath, logPath string) string {
	var b strings.Builder
	b.WriteString("tocongtac demo: bot thật chạy với một Telegram giả lập trong máy (không cần token, không cần mạng).\n")
	fmt.Fprintf(&b, "Kế hoạch: %s\n", planTitle)
	fmt.Fprintf(&b, "Đồng hồ demo: %s\n", DemoWhen(now, true))
	fmt.Fprintf(&b, "Cơ sở dữ liệu: %s · nhật ký bot: %s\n", dbPath, logPath)
	b.WriteString("Anh/chị đang là cán bộ Công an huyện (Cơ quan thường trực). Gõ /demo để xem các lệnh của bảng điều khiển, /huongdan để xem lệnh của bot.\n")
	b.WriteString("Thử: /la X-MYTAN (làm đầu mối xã Mỹ Tân), gửi «MH27 xong», /la quantri, /gio 2024-03-11 07:30, /tonghop")
	return b.String()
}

// DemoBannerGroups opens the console on a folder of plans: the groups, and who you are.
func DemoBannerGroups(n int, groups []string, now time.Time, dbPath, logPath, office, topGroup, tryGroup, tryUnit, tryUnitName string) string {
	var b strings.Builder
	b.WriteString("tocongtac demo: bot thật chạy với một Telegram giả lập trong máy (không cần token, không cần mạng).\n")
	fmt.Fprintf(&b, "%d Tổ công tác: %s\n", n, strings.Join(groups, "; "))
	fmt.Fprintf(&b, "Đồng hồ demo: %s\n", DemoWhen(now, true))
	fmt.Fprintf(&b, "Cơ sở dữ liệu: %s · nhật ký bot: %s\n", dbPath, logPath)
	fmt.Fprintf(&b, "Anh/chị đang là cán bộ %s (Cơ quan thường trực của %s). Gõ /demo để xem các lệnh của bảng điều khiển, /huongdan để xem lệnh của bot.\n", office, topGroup)
	fmt.Fprintf(&b, "Thử: /tonghop, /la %[1]s %[2]s (đầu mối %[3]s), /la %[1]s quantri, /la quantri, /tonghop %[1]s", tryGroup, tryUnit, tryUnitName)
	return b.String()
}

// DemoChildGroups lists a group's child groups in the banner.
func DemoChildGroups(codes []string) string {
	return fmt.Sprintf(" và %d Tổ trực thuộc: %s", len(codes), strings.Join(codes, ", "))
}

// DemoHelpGroups adds the console commands of a demo serving several working groups.
func DemoHelpGroups() string {
	return `Khi có nhiều Tổ công tác (--plan là một thư mục):
  /la <mã Tổ> <mã đơn vị>   làm đầu mối đơn vị của Tổ đó, ví dụ /la ngoclac VP
  /la <mã Tổ> quantri       làm cán bộ Cơ quan thường trực của Tổ đó, ví dụ /la ngoclac quantri
  /la <mã đơn vị>           khi chỉ một Tổ có mã đơn vị đó, ví dụ /la X-NGOCLAC
  /kiemnhiem <mã Tổ> <mã>   người đang nói nhận thêm đầu mối một đơn vị của Tổ khác (qua link mời)
  /nhom                     nhóm chat của Tổ mà anh/chị đang làm việc`
}

// DemoHelp lists the console's own commands; everything else goes to the bot.
func DemoHelp() string {
	return `Lệnh của bảng điều khiển demo (mọi dòng khác được gửi cho bot như tin nhắn Telegram):
  /la <mã đơn vị>        làm đầu mối của đơn vị đó (được mời qua /moi như thật), ví dụ /la X-MYTAN
  /la quantri            trở lại làm cán bộ Công an huyện
  /nhom                  chuyển sang nhóm Tổ công tác (bot được thêm và đăng ký nhóm bằng /nhom)
  /gio <thời điểm>       đưa đồng hồ tới, ví dụ /gio 2024-03-11 07:30 hoặc /gio 11/03/2024 07:30
                         hoặc /gio +2h; mọi việc theo lịch (nhắc nhở, quá hạn, tổng hợp) chạy lần lượt
  [2] hoặc /bam 2        bấm nút số 2 của tin nhắn gần nhất có nút
  /traloi <nội dung>     trả lời (reply) tin nhắn gần nhất của bot
  /demo                  xem hướng dẫn này
  /thoat                 thoát (hoặc Ctrl-D)
Trong một tin nhắn, \n là xuống dòng: MH27: dang trien khai 60%\nMH28 xong`
}

// DemoWhen is a demo clock reading such as "07:30 thứ Hai 11/03/2024".
func DemoWhen(t time.Time, year bool) string {
	layout := "02/01"
	if year {
		layout = "02/01/2006"
	}
	return t.Format("15:04") + " " + Weekday(t.Weekday()) + " " + t.Format(layout)
}

// Weekday is the Vietnamese name of a weekday ("thứ Hai", "Chủ nhật").
func Weekday(d time.Weekday) string {
	return [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}[d]
}

// DemoClock shows the demo time after /gio.
func DemoClock(t time.Time) string { return "🕒 Bây giờ là " + DemoWhen(t, true) }

// DemoBadTime refuses a /gio argument.
func DemoBadTime(arg string) string {
	return fmt.Sprintf("Không hiểu thời điểm %q. Vui lòng gõ ví dụ /gio 2024-03-11 07:30, /gio 11/03/2024 07:30, /gio 07:30 hoặc /gio +2h.", arg)
}

// DemoNotForward refuses to move the clock back: the bot's records assume time goes forward.
func DemoNotForward(now time.Time) string {
	return "Đồng hồ demo chỉ đi tới. Bây giờ là " + DemoWhen(now, true) + "."
}

// DemoJob names a scheduled job (reminders.Job values).
func DemoJob(job string) string {
	switch job {
	case "weekly-remind":
		return "nhắc báo cáo tuần"
	case "weekly-escalate":
		return "báo quá hạn kỳ tuần"
	case "weekly-summary":
		return "tổng hợp tuần"
	case "monthly-remind":
		return "nhắc báo cáo tháng"
	case "monthly-escalate":
		return "báo quá hạn kỳ tháng"
	case "monthly-summary":
		return "tổng hợp tháng"
	}
	return job
}

// DemoJobOfGroups names a job run for several working groups: "nhắc báo cáo tuần (7 Tổ)",
// or with the group's code when it is one.
func DemoJobOfGroups(job string, groups []string) string {
	if len(groups) == 1 {
		return job + " (" + groups[0] + ")"
	}
	return fmt.Sprintf("%s (%d Tổ)", job, len(groups))
}

// DemoSlotFired reports scheduled jobs (named by DemoJob) that ran at one time and how
// many chats they reached.
func DemoSlotFired(at time.Time, names []string, recipients int, who []string) string {
	s := fmt.Sprintf("⏰ %s: %s đã gửi tới %d người", DemoWhen(at, false), strings.Join(names, ", "), recipients)
	if len(who) > 0 {
		s += " (" + strings.Join(who, ", ") + ")"
	}
	return s
}

// DemoUnknownUnit refuses /la with a code the plan does not have; office is who
// /la quantri makes you again.
func DemoUnknownUnit(code string, some []string, office string) string {
	return fmt.Sprintf("Kế hoạch không có đơn vị %q. Ví dụ các mã: %s. Gõ /la quantri để trở lại làm cán bộ %s.", code, strings.Join(some, ", "), office)
}

// DemoUnknownUnitInGroups refuses /la with a unit code no group has.
func DemoUnknownUnitInGroups(code string, groups []string) string {
	return fmt.Sprintf("Không Tổ công tác nào có đơn vị %q. Gõ /la <mã Tổ> <mã đơn vị>, ví dụ /la %s VP; các Tổ: %s.", code, groups[len(groups)-1], strings.Join(groups, ", "))
}

// DemoUnitInSeveralGroups asks which group's unit /la means.
func DemoUnitInSeveralGroups(code string, groups []string) string {
	return fmt.Sprintf("Đơn vị %s có ở %d Tổ: %s. Gõ /la <mã Tổ> %s, ví dụ /la %s %s.", code, len(groups), strings.Join(groups, ", "), code, groups[0], code)
}

// DemoGroupOnly answers /la with a group's code and nothing after it.
func DemoGroupOnly(group, name string) string {
	return fmt.Sprintf("%s: gõ /la %s <mã đơn vị> để làm đầu mối một đơn vị, hoặc /la %s quantri để làm cán bộ Cơ quan thường trực của Tổ.", name, group, group)
}

// DemoOfficerLabel names a standing office's officer in the prompt: "cán bộ CAX".
func DemoOfficerLabel(office string) string { return "cán bộ " + office }

// DemoLabelIn adds the working group to a label when the demo serves several.
func DemoLabelIn(label, group string) string { return label + " · " + group }

// DemoGroupChatOf names a working group's chat in notes when the demo serves several.
func DemoGroupChatOf(group string) string { return DemoGroupChat + " " + group }

// DemoAdminBound says the demo made someone a group's admin directly, as the plan file's
// admins list would.
func DemoAdminBound(label, group string) string {
	return fmt.Sprintf("  (hậu trường) demo ghi %s là cán bộ quản trị của %s (như danh sách admins trong tệp kế hoạch).", label, group)
}

// DemoAlsoServes says whom the current person now also serves.
func DemoAlsoServes(unitName, group, la string) string {
	return fmt.Sprintf("— Người này kiêm nhiệm đầu mối %s của %s; gõ %s để nói với tư cách đó —", unitName, group, la)
}

// DemoNeedArg answers a console command missing its argument.
func DemoNeedArg(usage string) string {
	return "Cách dùng: " + usage + " (gõ /demo để xem tất cả)"
}

// DemoSwitched announces who the console speaks as now.
func DemoSwitched(label, detail string) string {
	if detail != "" {
		return fmt.Sprintf("— Bây giờ anh/chị là %s (%s) —", label, detail)
	}
	return fmt.Sprintf("— Bây giờ anh/chị là %s —", label)
}

// DemoInGroup announces the group chat.
func DemoInGroup(title, who string) string {
	return fmt.Sprintf("— Nhóm «%s»: anh/chị nói với tư cách %s —", title, who)
}

// DemoBackstage introduces what the console does for you behind the scenes.
func DemoBackstage(label, input string) string {
	return fmt.Sprintf("  (hậu trường) %s> %s", label, input)
}

// DemoInviteFallback says the unit was bound directly because the bot gave no invite link.
func DemoInviteFallback(code string) string {
	return fmt.Sprintf("  (hậu trường) bot chưa trả lời bằng đường link mời cho %s; demo gán đầu mối trực tiếp trong cơ sở dữ liệu.", code)
}

// DemoUnread heads the messages that arrived in a chat while the console was elsewhere.
func DemoUnread(n int) string { return fmt.Sprintf("  (%d tin nhắn mới)", n) }

// DemoOtherChats points at chats that received messages the console did not show.
func DemoOtherChats(parts []string) string {
	return "🔔 Tin mới cho " + strings.Join(parts, ", ") + " — gõ /la … hoặc /nhom để xem."
}

// DemoNoButtons answers a press when no message has buttons.
func DemoNoButtons() string {
	return "Không có tin nhắn nào có nút để bấm trong cuộc trò chuyện này."
}

// DemoNoSuchButton answers a press with a wrong number.
func DemoNoSuchButton(n, max int) string {
	return fmt.Sprintf("Không có nút số %d (tin nhắn gần nhất có %d nút).", n, max)
}

// DemoURLButton shows where a link button leads.
func DemoURLButton(url string) string { return "🔗 Nút này mở liên kết: " + url }

// DemoPressed echoes a pressed button.
func DemoPressed(text string) string { return "  (bấm) " + text }

// DemoNothingToReply answers /traloi when the bot has said nothing here.
func DemoNothingToReply() string {
	return "Bot chưa gửi tin nào trong cuộc trò chuyện này để trả lời."
}

// DemoEdited marks an edited message.
const DemoEdited = "(đã sửa)"

// DemoForceReply marks a message that waits for the user's answer.
const DemoForceReply = "↩ bot chờ anh/chị trả lời tin này: gõ nội dung ở dòng tiếp theo"

// DemoFileSaved shows where a document or photo was saved.
func DemoFileSaved(name, path string) string {
	return fmt.Sprintf("📎 %s — đã lưu: %s", name, path)
}

// DemoFileNotSaved reports a file that could not be written.
func DemoFileNotSaved(name string, err error) string {
	return fmt.Sprintf("📎 %s — không lưu được: %v", name, err)
}

// DemoSlow says the bot did not finish within the wait.
func DemoSlow(logPath string) string {
	return "⚠ Bot chưa xử lý xong sau 10 giây; xem nhật ký: " + logPath
}

// DemoSendFailed reports outgoing messages Telegram refused.
func DemoSendFailed(n int, logPath string) string {
	return fmt.Sprintf("⚠ %d tin nhắn của bot bị Telegram từ chối; xem nhật ký: %s", n, logPath)
}

// DemoBye closes the console.
func DemoBye(kept string) string {
	if kept != "" {
		return "Tạm biệt. Cơ sở dữ liệu được giữ ở " + kept
	}
	return "Tạm biệt."
}
