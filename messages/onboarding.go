package messages

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// InviteLink is an invite with its unit and link, for the file an admin sends on.
type InviteLink struct {
	Invite workgroup.IssuedInvite
	Unit   store.Unit
	Link   string // "" when the seat was already taken
}

// InviteLinkHeaders are the columns of the links file.
var InviteLinkHeaders = []string{"Mã đơn vị", "Đơn vị", "Vai trò", "Họ và tên", "Số điện thoại", "Telegram", "Link mời", "Hết hạn"}

func inviteLinkRow(l InviteLink, loc *time.Location) []string {
	role, link, expires := RoleName(store.InviteRole(l.Invite.Role)), l.Link, ""
	if link == "" {
		link = "(đã có người nhận nhiệm vụ, không tạo link)"
	} else {
		expires = l.Invite.ExpiresAt.In(loc).Format(roleDayTime)
	}
	user := ""
	if l.Invite.Username != "" {
		user = "@" + l.Invite.Username
	}
	return []string{l.Unit.Code, l.Unit.Name, role, l.Invite.Name, l.Invite.Phone, user, link, expires}
}

// InviteLinksCSV is the links file as CSV (UTF-8 with the mark Excel needs).
func InviteLinksCSV(links []InviteLink, loc *time.Location) []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write(InviteLinkHeaders)
	for _, l := range links {
		_ = w.Write(inviteLinkRow(l, loc))
	}
	w.Flush()
	return buf.Bytes()
}

// InviteLinksXLSX is the links file as a workbook.
func InviteLinksXLSX(links []InviteLink, loc *time.Location) ([]byte, error) {
	rows := make([][]string, 0, len(links))
	for _, l := range links {
		rows = append(rows, inviteLinkRow(l, loc))
	}
	return simpleXLSX("Link mời", InviteLinkHeaders, rows, []float64{12, 34, 22, 24, 14, 18, 60, 17})
}

// simpleXLSX writes one sheet: a bold header row, then rows of text.
func simpleXLSX(sheet string, headers []string, rows [][]string, widths []float64) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BDD7EE"}}})
	if err != nil {
		return nil, err
	}
	put := func(r int, cells []string) error { return putRow(f, sheet, r, cells) }
	if err := put(1, headers); err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(headers), 1)
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return nil, err
	}
	for i, r := range rows {
		if err := put(i+2, r); err != nil {
			return nil, err
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// InviteLinksFileName names the links file by the day it was made.
func InviteLinksFileName(at time.Time, ext string) string {
	return "link-moi-" + at.Format("2006-01-02-1504") + "." + ext
}

// InvitesBatchCreated is the short chat message that goes with the links file.
func InvitesBatchCreated(links, bound int, scope string, expires time.Time) string {
	if links == 0 {
		return fmt.Sprintf("Tất cả đơn vị %s đã có đầu mối; không cần tạo link mời.", E(scope))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "🔗 Đã tạo <b>%d</b> link mời đầu mối cho các đơn vị %s chưa có đầu mối", links, E(scope))
	if bound > 0 {
		fmt.Fprintf(&b, " (%d đơn vị đã có đầu mối)", bound)
	}
	fmt.Fprintf(&b, ". Danh sách link ở tệp kèm theo; mỗi link chỉ dùng một lần, hết hạn lúc %s. "+
		"Vui lòng gửi riêng từng link cho đúng người (Zalo, thư công vụ…), không đăng lên nhóm.", expires.Format(roleDayTime))
	return b.String()
}

// InviteScopeAll names every unit in InvitesBatchCreated.
const InviteScopeAll = "trong kế hoạch"

// InviteScopeTag names the units of a tag.
func InviteScopeTag(tag string) string { return "có nhãn " + tag }

// RosterImported answers a roster import that went through.
func RosterImported(rows, links int, expires time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "✅ Đã nhập danh sách: <b>%d</b> người, đã ghi số điện thoại vào danh bạ.\n", rows)
	if links > 0 {
		fmt.Fprintf(&b, "🔗 Đã tạo <b>%d</b> link mời (hết hạn lúc %s) trong tệp kèm theo; vui lòng gửi riêng từng link cho đúng người.", links, expires.Format(roleDayTime))
	} else {
		b.WriteString("Mọi vị trí trong danh sách đã có người nhận nhiệm vụ; không tạo link mới.")
	}
	if rows > links && links > 0 {
		fmt.Fprintf(&b, "\n%d vị trí đã có người nhận nhiệm vụ nên không tạo link.", rows-links)
	}
	return b.String()
}

var rosterProblemText = map[workgroup.RosterProblemKind]string{
	workgroup.RosterColumns:         "thiếu cột (cần đủ 5 cột: mã đơn vị, họ tên, số điện thoại, Telegram, vai trò)",
	workgroup.RosterUnknownUnit:     "mã đơn vị %q không có trong kế hoạch",
	workgroup.RosterNoName:          "chưa có họ tên",
	workgroup.RosterBadPhone:        "số điện thoại %q không hợp lệ (cần 10 chữ số, bắt đầu bằng 0 hoặc +84)",
	workgroup.RosterBadUsername:     "tên Telegram %q không hợp lệ (5–32 chữ cái, chữ số hoặc _, bắt đầu bằng chữ cái)",
	workgroup.RosterBadRole:         "vai trò %q không rõ (ghi «đầu mối» hoặc «thay thế»)",
	workgroup.RosterDuplicateSeat:   "đơn vị %s đã có người cùng vai trò ở dòng %d",
	workgroup.RosterDuplicatePerson: "%q trùng với người ở dòng %d",
}

// RosterProblems refuses a roster, naming every bad row.
func RosterProblems(probs []workgroup.RosterProblem) string {
	if len(probs) == 1 && probs[0].Row == 0 {
		if probs[0].Kind == workgroup.RosterEmpty {
			return "Tệp danh sách không có dòng nào. Chưa có thay đổi nào được áp dụng."
		}
		return "Không đọc được tệp danh sách. Vui lòng gửi tệp CSV hoặc Excel (.xlsx) gồm 5 cột: mã đơn vị, họ tên, số điện thoại, Telegram, vai trò. Chưa có thay đổi nào được áp dụng."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "❌ Danh sách có %d lỗi nên <b>chưa được áp dụng</b> (không thay đổi gì). Vui lòng sửa rồi gửi lại:\n", len(probs))
	for _, p := range probs {
		text := rosterProblemText[p.Kind]
		switch p.Kind {
		case workgroup.RosterDuplicateSeat, workgroup.RosterDuplicatePerson:
			text = fmt.Sprintf(text, p.Value, p.PrevRow)
		case workgroup.RosterColumns, workgroup.RosterNoName:
		default:
			text = fmt.Sprintf(text, p.Value)
		}
		fmt.Fprintf(&b, "• Dòng %d: %s\n", p.Row, E(text))
	}
	return strings.TrimRight(b.String(), "\n")
}

// RosterProblemsPlain is RosterProblems for the command line.
func RosterProblemsPlain(probs []workgroup.RosterProblem) string {
	return stripTags(RosterProblems(probs))
}

func stripTags(s string) string {
	r := strings.NewReplacer("<b>", "", "</b>", "", "&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#39;", "'")
	return r.Replace(s)
}

// RosterImportedCLI is the command line's answer to a roster import.
func RosterImportedCLI(rows, links int, file string) string {
	return fmt.Sprintf("Đã nhập %d người; %d link mời đã ghi vào %s (gửi riêng từng link cho đúng người).", rows, links, file)
}

// RosterTooBig refuses a file too large to be a roster.
func RosterTooBig() string {
	return "Tệp quá lớn để là danh sách đầu mối (tối đa 2 MB). Vui lòng gửi tệp CSV hoặc Excel chỉ gồm danh sách."
}

// RosterDownloadFailed asks for the file again.
func RosterDownloadFailed() string {
	return "Chưa tải được tệp từ Telegram. Vui lòng gửi lại tệp sau ít phút; chưa có thay đổi nào được áp dụng."
}

// LeaveConfirm asks a member to confirm /roi.
func LeaveConfirm(u store.Unit) string {
	return fmt.Sprintf("Anh/chị có chắc muốn thôi phụ trách %s? Sau khi xác nhận, bot sẽ không gửi nhắc nhở của đơn vị này cho anh/chị nữa.", UnitLabel(u))
}

// LeaveConfirmButton labels the button that confirms /roi.
func LeaveConfirmButton() string { return "Có, tôi thôi phụ trách" }

// RemoveUsage explains /xoa.
func RemoveUsage() string {
	return "Cách dùng: /xoa MÃ_ĐƠN_VỊ [pho] – bỏ đầu mối (hoặc đầu mối dự phòng) của đơn vị, ví dụ <code>/xoa X-MYTAN</code>, <code>/xoa VP pho</code>. Xem mã ở /donvi."
}

// RemoveNobody says the seat is already empty.
func RemoveNobody(u store.Unit, role store.InviteRole) string {
	return fmt.Sprintf("%s hiện chưa có %s; không có gì để bỏ.", UnitLabel(u), RoleName(role))
}

// RemoveConfirm asks the admin to confirm a removal.
func RemoveConfirm(u store.Unit, role store.InviteRole, who string) string {
	return fmt.Sprintf("Xác nhận bỏ %s %s của %s? Người này sẽ được thông báo và không nhận nhắc nhở của đơn vị nữa.", RoleName(role), who, UnitLabel(u))
}

// RemoveConfirmButton labels the button that confirms /xoa.
func RemoveConfirmButton() string { return "Có, bỏ người này" }

// RemoveAlready answers a confirmation that came too late: the seat changed meanwhile.
func RemoveAlready() string {
	return "Người này không còn giữ vị trí đó (đã rời hoặc đã được thay); không có thay đổi nào."
}

// RemoveDone confirms a removal to the admin.
func RemoveDone(u store.Unit, role store.InviteRole, who string) string {
	return fmt.Sprintf("Đã bỏ %s %s của %s; người này đã được thông báo. Mời người mới bằng <code>/moi %s</code>.", RoleName(role), who, UnitLabel(u), E(u.Code))
}

// RemovedYou tells the person removed.
func RemovedYou(u store.Unit, role store.InviteRole) string {
	return fmt.Sprintf("Cơ quan thường trực đã thôi giao anh/chị làm %s của %s. Bot sẽ không gửi nhắc nhở của đơn vị này cho anh/chị nữa. Cảm ơn anh/chị đã phối hợp!", RoleName(role), UnitLabel(u))
}
