package messages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// Ticket button data: "t:<step>:<ticket id>".
const (
	TicketAckData     = "t:ack:"
	TicketAssignData  = "t:asg:"
	TicketReplyData   = "t:rep:"
	TicketResolveData = "t:res:"
	TicketReopenData  = "t:reo:"
)

// TicketButtons are the office's buttons under a blocker, one row per ticket.
func TicketButtons(tickets []store.Ticket) []byte {
	var rows [][]models.InlineKeyboardButton
	for _, t := range tickets {
		id := strconv.FormatInt(t.ID, 10)
		if t.State == store.TicketResolved {
			rows = append(rows, []models.InlineKeyboardButton{{Text: fmt.Sprintf("MH%d: mở lại", t.Model), CallbackData: TicketReopenData + id}})
			continue
		}
		rows = append(rows,
			[]models.InlineKeyboardButton{
				{Text: fmt.Sprintf("📥 MH%d: tiếp nhận", t.Model), CallbackData: TicketAckData + id},
				{Text: "➡️ giao đơn vị", CallbackData: TicketAssignData + id},
			},
			[]models.InlineKeyboardButton{
				{Text: "💬 trả lời", CallbackData: TicketReplyData + id},
				{Text: "✅ đã tháo gỡ", CallbackData: TicketResolveData + id},
			})
	}
	out, _ := json.Marshal(models.InlineKeyboardMarkup{InlineKeyboard: rows})
	return out
}

func ticketLabel(p store.Plan, t store.Ticket) string {
	name := t.Unit
	if u, ok := p.Unit(t.Unit); ok {
		name = unitName(u)
	}
	return fmt.Sprintf("vướng mắc <b>MH%d</b> của %s", t.Model, unitLabel(name, t.Unit))
}

func unitNameOf(p store.Plan, code string) string {
	if u, ok := p.Unit(code); ok {
		return unitLabel(unitName(u), u.Code)
	}
	return "<b>" + E(code) + "</b>"
}

func ticketNote(t store.Ticket) string {
	if n := strings.TrimSpace(t.Note); n != "" {
		return "\nNội dung: " + E(n)
	}
	return ""
}

// TicketToUnit tells the unit (and, on assignment, the unit it was passed to) about the
// office's step; replying to it answers the office.
func TicketToUnit(p store.Plan, t store.Ticket, action store.TicketAction, text string) string {
	label := ticketLabel(p, t)
	hint := "\n\nAnh/chị có thể trả lời (reply) tin nhắn này để phản hồi Cơ quan thường trực."
	switch action {
	case store.TicketAcknowledge:
		return "📥 Cơ quan thường trực <b>đã tiếp nhận</b> " + label + "." + ticketNote(t) + hint
	case store.TicketAssign:
		return "➡️ Cơ quan thường trực đã giao " + label + " cho " + unitNameOf(p, t.Assignee) + " phối hợp tháo gỡ." + ticketNote(t) + hint
	case store.TicketOfficeReply:
		return "💬 Cơ quan thường trực trả lời về " + label + ":\n" + E(text) + hint
	case store.TicketResolve:
		return "✅ Cơ quan thường trực xác nhận " + label + " <b>đã được tháo gỡ</b>.\nNếu vẫn còn vướng, anh/chị vui lòng báo lại (ví dụ «MH" +
			strconv.Itoa(t.Model) + " vướng mắc: …») hoặc trả lời tin nhắn này."
	case store.TicketReopen:
		return "🔁 Cơ quan thường trực đã <b>mở lại</b> " + label + "." + ticketNote(t) + hint
	}
	return label
}

// TicketToOffice tells the office what the unit or another officer did on a ticket.
func TicketToOffice(p store.Plan, t store.Ticket, action store.TicketAction, who, text string) string {
	label := ticketLabel(p, t)
	switch action {
	case store.TicketUnitReply:
		return fmt.Sprintf("💬 %s phản hồi về %s:\n%s", who, label, E(text))
	case store.TicketAcknowledge:
		return fmt.Sprintf("📥 %s đã tiếp nhận %s.", who, label)
	case store.TicketAssign:
		return fmt.Sprintf("➡️ %s đã giao %s cho %s.", who, label, unitNameOf(p, t.Assignee))
	case store.TicketOfficeReply:
		return fmt.Sprintf("💬 %s đã trả lời %s:\n%s", who, label, E(text))
	case store.TicketResolve:
		return fmt.Sprintf("✅ %s đã xác nhận tháo gỡ %s.", who, label)
	case store.TicketReopen:
		return fmt.Sprintf("🔁 %s đã mở lại %s.", who, label)
	}
	return label
}

// TicketAssignedToYou tells the unit a ticket was passed to what is asked of it.
func TicketAssignedToYou(p store.Plan, t store.Ticket) string {
	return "📌 Cơ quan thường trực đề nghị " + unitNameOf(p, t.Assignee) + " phối hợp tháo gỡ " + ticketLabel(p, t) + "." + ticketNote(t) +
		"\n\nAnh/chị có thể trả lời (reply) tin nhắn này để trao đổi với Cơ quan thường trực."
}

// TicketReplyPrompt asks the officer for the answer (sent with ForceReply).
func TicketReplyPrompt(p store.Plan, t store.Ticket) string {
	return "✍️ Nhập nội dung trả lời " + ticketLabel(p, t) + " (trả lời tin nhắn này):"
}

// TicketAssignPrompt asks which unit should solve the blocker (sent with ForceReply).
func TicketAssignPrompt(p store.Plan, t store.Ticket) string {
	return "➡️ Nhập <b>mã đơn vị</b> được giao tháo gỡ " + ticketLabel(p, t) + " (ví dụ <code>TCKH</code> – Phòng Tài chính - Kế hoạch), trả lời tin nhắn này:"
}

// TicketUnknownAssignee refuses an assignment to a unit the plan does not have.
func TicketUnknownAssignee(code string) string {
	return fmt.Sprintf("Không tìm thấy đơn vị có mã «%s» trong kế hoạch. Vui lòng trả lời lại tin nhắn hỏi mã đơn vị với mã đúng (xem /donvi).", E(code))
}

// TicketStepDone answers the officer's button or reply.
func TicketStepDone(action store.TicketAction) string {
	switch action {
	case store.TicketAcknowledge:
		return "Đã tiếp nhận; đơn vị đã được thông báo."
	case store.TicketAssign:
		return "Đã giao đơn vị; các bên đã được thông báo."
	case store.TicketOfficeReply:
		return "Đã gửi trả lời tới đơn vị."
	case store.TicketUnitReply:
		return "Đã chuyển phản hồi của anh/chị tới Cơ quan thường trực."
	case store.TicketResolve:
		return "Đã ghi nhận vướng mắc được tháo gỡ; đơn vị đã được thông báo."
	case store.TicketReopen:
		return "Đã mở lại vướng mắc; đơn vị đã được thông báo."
	}
	return "Đã ghi nhận."
}

// TicketRefused explains why a step was not taken.
func TicketRefused(err error) string {
	switch {
	case err == workgroup.ErrTicketResolved:
		return "Vướng mắc này đã được tháo gỡ trước đó."
	case err == workgroup.ErrTicketAcknowledged:
		return "Vướng mắc này đã được tiếp nhận trước đó."
	case err == workgroup.ErrTicketNotResolved:
		return "Vướng mắc này vẫn đang mở."
	case err == workgroup.ErrTicketReopenTaken:
		return "Đơn vị đã báo một vướng mắc mới cho mô hình này; vui lòng xử lý vướng mắc mới."
	case err == workgroup.ErrTicketSameAssignee:
		return "Vướng mắc này đã được giao cho đơn vị đó."
	case err == workgroup.ErrEmptyReply:
		return "Nội dung trả lời đang trống; vui lòng nhập nội dung."
	}
	return "Không thực hiện được thao tác này."
}

// TicketView is an open ticket as /vuongmac and the summary show it.
type TicketView struct {
	Ticket   store.Ticket
	UnitName string
	Age      workgroup.TicketAge
	Owner    string // who acknowledged it, as last seen; "" when nobody
}

func ticketStep(a store.TicketAction) string {
	switch a {
	case store.TicketOpened:
		return "đơn vị báo vướng mắc"
	case store.TicketStill:
		return "đơn vị báo vẫn vướng"
	case store.TicketAcknowledge:
		return "đã tiếp nhận"
	case store.TicketAssign:
		return "đã giao đơn vị"
	case store.TicketOfficeReply:
		return "Cơ quan thường trực đã trả lời"
	case store.TicketUnitReply:
		return "đơn vị đã phản hồi"
	case store.TicketResolve:
		return "đã tháo gỡ"
	case store.TicketReopen:
		return "mở lại"
	}
	return string(a)
}

// OpenTickets answers /vuongmac: each open blocker, oldest first, with its age, owner and
// last step; those not acknowledged in time are flagged.
func OpenTickets(p store.Plan, ts []TicketView, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>VƯỚNG MẮC ĐANG MỞ (%d)</b>\n", len(ts))
	if len(ts) == 0 {
		b.WriteString("Hiện không có vướng mắc nào chưa được xử lý.")
		return b.String()
	}
	overdue := 0
	for _, v := range ts {
		if v.Age.Overdue {
			overdue++
		}
	}
	if overdue > 0 {
		fmt.Fprintf(&b, "🔴 %d vướng mắc chưa được tiếp nhận quá %d ngày làm việc.\n", overdue, ts[0].Age.LimitInDays)
	}
	loc := p.Location()
	for i, v := range ts {
		t := v.Ticket
		icon := "⚠️"
		if v.Age.Overdue {
			icon = "🔴"
		}
		fmt.Fprintf(&b, "\n%d. %s %s – MH%d", i+1, icon, unitNameOf(p, t.Unit), t.Model)
		if note := strings.TrimSpace(lineBreaks.Replace(t.Note)); note != "" {
			fmt.Fprintf(&b, ": <b>%s</b>", E(note))
		}
		fmt.Fprintf(&b, "\n   Đã mở %s (từ %s) – %d ngày làm việc", Duration(now.Sub(t.OpenedAt)), t.OpenedAt.In(loc).Format(roleDayTime), v.Age.Workdays)
		switch {
		case v.Age.Unanswered:
			b.WriteString("\n   Phụ trách: <i>chưa tiếp nhận</i>")
		case v.Owner != "":
			fmt.Fprintf(&b, "\n   Phụ trách: %s", v.Owner)
		}
		if t.Assignee != "" {
			fmt.Fprintf(&b, " · giao %s", unitNameOf(p, t.Assignee))
		}
		fmt.Fprintf(&b, "\n   Bước gần nhất: %s (%s)\n", ticketStep(t.LastAction), t.LastAt.In(loc).Format(roleDayTime))
	}
	return strings.TrimRight(b.String(), "\n")
}

// SheetBlockers is the workbook's sheet of open blockers.
const SheetBlockers = "Vướng mắc"

// TicketHeaders are the blockers sheet's columns.
var TicketHeaders = []string{"Mã đơn vị", "Đơn vị", "Mô hình", "Nội dung", "Mở từ", "Số ngày", "Số ngày làm việc",
	"Trạng thái", "Phụ trách", "Giao đơn vị", "Bước gần nhất", "Lúc"}

// withTicketSheet adds the blockers sheet to a summary workbook.
func withTicketSheet(data []byte, ts []TicketView, loc *time.Location) ([]byte, error) {
	if loc == nil {
		loc = time.UTC
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.NewSheet(SheetBlockers); err != nil {
		return nil, err
	}
	put := func(r int, cells []string) error { return putRow(f, SheetBlockers, r, cells) }
	if err := put(1, TicketHeaders); err != nil {
		return nil, err
	}
	for i, v := range ts {
		t := v.Ticket
		state := "Chưa tiếp nhận"
		if v.Age.Overdue {
			state = fmt.Sprintf("Chưa tiếp nhận – quá %d ngày làm việc", v.Age.LimitInDays)
		} else if !v.Age.Unanswered {
			state = "Đã tiếp nhận"
		}
		row := []string{t.Unit, v.UnitName, "MH" + strconv.Itoa(t.Model), t.Note, t.OpenedAt.In(loc).Format(roleDayTime),
			strconv.Itoa(v.Age.Days), strconv.Itoa(v.Age.Workdays), state, PlainText(v.Owner), t.Assignee,
			ticketStep(t.LastAction), t.LastAt.In(loc).Format(roleDayTime)}
		if err := put(i+2, row); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
