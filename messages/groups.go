package messages

import (
	"fmt"
	"strings"
)

// GroupChoice is one working group a person may pick.
type GroupChoice struct {
	Code, Name string
	Current    bool
}

// WhichGroup asks someone who serves several working groups which one their message is
// for; the buttons carry the groups' names.
func WhichGroup(text string) string {
	return fmt.Sprintf("Anh/chị tham gia nhiều Tổ công tác. Tin nhắn «%s» gửi cho Tổ nào? "+
		"Chọn một nút bên dưới; các tin sau sẽ gửi cho Tổ đó cho đến khi anh/chị đổi (lệnh /to).",
		E(clip(text, 60)))
}

// GroupList is /to: the groups someone serves, the current one marked.
func GroupList(groups []GroupChoice) string {
	var b strings.Builder
	b.WriteString("<b>Các Tổ công tác của anh/chị</b>\n")
	for _, g := range groups {
		mark := "•"
		if g.Current {
			mark = "✅"
		}
		fmt.Fprintf(&b, "%s %s (<code>%s</code>)\n", mark, E(g.Name), E(g.Code))
	}
	b.WriteString("\nChọn Tổ để làm việc, hoặc gõ /to &lt;mã&gt;.")
	return b.String()
}

// GroupSwitched confirms the group someone works in from now on.
func GroupSwitched(name string) string {
	return fmt.Sprintf("Từ nay các báo cáo và lệnh của anh/chị thuộc <b>%s</b>. Đổi Tổ: /to.", E(name))
}

// GroupUnknown answers /to with a code that is not one of the person's groups.
func GroupUnknown(code string) string {
	return fmt.Sprintf("Không có Tổ công tác mã «%s» trong các Tổ của anh/chị. Gõ /to để xem danh sách.", E(clip(code, 40)))
}

// GroupLabel heads answers to someone who serves several groups: which group it is about.
func GroupLabel(name string) string {
	return "<i>" + E(name) + "</i>\n"
}

// GroupQuestionGone answers a group button whose message was already handled or is too old.
func GroupQuestionGone() string {
	return "Tin nhắn này đã được xử lý hoặc đã quá cũ; vui lòng gửi lại nếu cần."
}

// CLIGroupHeading heads a group's part of a command-line listing.
func CLIGroupHeading(code, name string) string {
	return "== " + name + " (" + code + ") =="
}

// CLINeedGroup asks for --group when the database holds several groups.
func CLINeedGroup(codes []string) string {
	return "cơ sở dữ liệu có nhiều Tổ công tác, hãy chọn một bằng --group: " + strings.Join(codes, ", ")
}
