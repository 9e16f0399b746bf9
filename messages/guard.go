package messages

import (
	"fmt"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// InviteLinkLost replaces an invite whose link could not be sent: the bot restarted
// before delivering it, and links are never written to disk.
func InviteLinkLost() string {
	return "⚠️ Đường link mời vừa tạo chưa kịp gửi thì hệ thống khởi động lại. " +
		"Vì lý do bảo mật, link không được lưu lại nên không còn dùng được. " +
		"Kính đề nghị anh/chị gõ lại lệnh /moi để tạo link mới."
}

// AdminInviteConfiguredOnly refuses /moi quantri to an admin who was invited: only the
// admins named in the configuration make admin links.
func AdminInviteConfiguredOnly() string {
	return "Xin lỗi, chỉ cán bộ quản trị được khai báo trong cấu hình của hệ thống mới tạo được link mời quản trị. " +
		"Anh/chị vẫn mời được đầu mối các đơn vị bằng lệnh /moi &lt;mã đơn vị&gt;."
}

// AdminListEntry is one admin in /quantri.
type AdminListEntry struct {
	Who        string // Person(), already escaped
	Configured bool   // named in the configuration: not removable in chat
}

// AdminList lists the standing office's admins; canRemove adds how to remove one.
func AdminList(admins []AdminListEntry, canRemove bool) string {
	var b strings.Builder
	b.WriteString("👥 <b>Cán bộ quản trị (Cơ quan thường trực)</b>\n")
	invited := 0
	for i, a := range admins {
		kind := "được mời qua link"
		if a.Configured {
			kind = "khai báo trong cấu hình"
		} else {
			invited++
		}
		fmt.Fprintf(&b, "%d. %s – %s\n", i+1, a.Who, kind)
	}
	switch {
	case invited == 0:
		b.WriteString("\nKhông có cán bộ quản trị nào được mời qua link.")
	case canRemove:
		b.WriteString("\nĐể gỡ quyền của cán bộ được mời, bấm nút tương ứng bên dưới. Cán bộ khai báo trong cấu hình chỉ thay đổi được trong cấu hình của hệ thống.")
	default:
		b.WriteString("\nChỉ cán bộ quản trị khai báo trong cấu hình mới gỡ được quyền quản trị.")
	}
	return b.String()
}

// AdminRemoveButton labels the button that starts removing an invited admin.
func AdminRemoveButton(name string) string { return "Gỡ quyền: " + name }

// AdminRemoveConfirm asks to confirm the removal.
func AdminRemoveConfirm(who string) string {
	return fmt.Sprintf("Anh/chị có chắc chắn gỡ quyền quản trị của %s? Các link mời người này đã tạo mà chưa dùng cũng sẽ hết hiệu lực.", who)
}

// AdminRemoveYes and AdminRemoveNo label the confirmation buttons.
func AdminRemoveYes() string { return "✅ Gỡ quyền" }

// AdminRemoveNo keeps the admin.
func AdminRemoveNo() string { return "Hủy" }

// AdminRemoveCancelled answers the cancel button.
func AdminRemoveCancelled() string { return "Đã hủy, không thay đổi gì." }

// AdminRemoved confirms a removal to the admins.
func AdminRemoved(who, by string) string {
	return fmt.Sprintf("🔒 %s không còn là cán bộ quản trị (do %s gỡ quyền).", who, by)
}

// AdminRemovedYou tells the person their admin rights ended.
func AdminRemovedYou() string {
	return "Quyền quản trị (Cơ quan thường trực) của anh/chị trên hệ thống báo cáo đã được gỡ. Nếu có nhầm lẫn, xin liên hệ Cơ quan thường trực."
}

// AdminNotRemovable answers an attempt to remove someone who is not an invited admin.
func AdminNotRemovable() string {
	return "Người này không phải cán bộ quản trị được mời qua link (hoặc đã được gỡ quyền), nên không có gì để gỡ."
}

// AdminRemoveConfiguredOnly refuses a removal by an invited admin.
func AdminRemoveConfiguredOnly() string {
	return "Xin lỗi, chỉ cán bộ quản trị khai báo trong cấu hình mới gỡ được quyền quản trị."
}

// InviteRefusedInGroup answers an invite link posted in a group: it no longer works.
func InviteRefusedInGroup() string {
	return "🔒 Link mời là thông tin bảo mật, chỉ gửi riêng cho đúng người. Link vừa đăng trong nhóm đã bị hủy và không còn dùng được; Cơ quan thường trực sẽ cấp link mới."
}

// InviteWithdrawnPosted tells the admins that a link was posted in a group and withdrawn.
func InviteWithdrawnPosted(u store.Unit, role store.InviteRole, group, who string) string {
	target := "quản trị"
	if role != store.InviteAdmin {
		target = RoleName(role) + " của " + unitLabel(u.Name, u.Code)
	}
	return fmt.Sprintf("🔒 Link mời %s đã bị đăng trong nhóm «%s» (bởi %s) nên đã bị hủy. Kính đề nghị tạo link mới bằng lệnh /moi và gửi riêng cho đúng người.",
		target, E(group), who)
}

// ForwardedNotReport answers a forwarded message: it is not the sender's report.
func ForwardedNotReport() string {
	return "Tin nhắn chuyển tiếp không được ghi nhận là báo cáo của đơn vị anh/chị, vì nội dung có thể là của người hoặc đơn vị khác. " +
		"Xin vui lòng tự gõ (hoặc sao chép rồi gửi) báo cáo của đơn vị mình."
}

// UnitDroppedYou tells a focal point or deputy that the plan no longer has their unit.
func UnitDroppedYou(u store.Unit, role store.InviteRole) string {
	return fmt.Sprintf("ℹ️ Kế hoạch mới của Tổ công tác không còn đơn vị %s, nên anh/chị không còn là %s của đơn vị này và không cần báo cáo cho đơn vị này nữa. "+
		"Nếu anh/chị vẫn phụ trách một đơn vị khác, xin liên hệ Cơ quan thường trực để được cấp link mời.",
		unitLabel(u.Name, u.Code), RoleName(role))
}

// AdminsUnitDropped tells the admins who lost their seat in a plan import.
func AdminsUnitDropped(u store.Unit, role store.InviteRole, who string) string {
	return fmt.Sprintf("ℹ️ Kế hoạch vừa nhập không còn đơn vị %s: %s (%s) không còn là đầu mối báo cáo và đã được thông báo. "+
		"Nếu người này phụ trách đơn vị khác, xin mời lại bằng lệnh /moi.", unitLabel(u.Name, u.Code), who, RoleName(role))
}
