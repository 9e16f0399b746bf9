package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/store"
)

// A focal point of one commune (focalNL: Ngọc Lặc's VP, in no other group) aims their own
// commands and texts at Thạch Lập or the province: they are answered about their own unit
// or politely refused, and nothing of the other groups changes. The communes' units share
// codes (VP, CAX, TYT), so "VP" alone can never tell the groups apart.

// otherGroups is what focalNL must never change: Thạch Lập's and the province's rows.
func otherGroups(t *testing.T, e *bottest.Env) string {
	t.Helper()
	return "tinh:\n" + groupRows(t, e, "tinh") + "thachlap:\n" + groupRows(t, e, "thachlap")
}

// checkUntouched fails when the other groups' rows differ from before.
func checkUntouched(t *testing.T, e *bottest.Env, before string) {
	t.Helper()
	if after := otherGroups(t, e); after != before {
		t.Errorf("Ngọc Lặc's focal point changed another group:\n%s\nwas\n%s", after, before)
	}
}

// button is the callback data of the first button of s whose label or data contains part.
func button(t *testing.T, s telegramtest.Sent, part string) string {
	t.Helper()
	if s.ReplyMarkup != nil {
		for _, row := range s.ReplyMarkup.InlineKeyboard {
			for _, k := range row {
				if strings.Contains(k.Text, part) || strings.Contains(k.CallbackData, part) {
					return k.CallbackData
				}
			}
		}
	}
	t.Fatalf("no button %q on %q", part, s.PlainText)
	return ""
}

// press presses data on message s in u's private chat and returns the bot's next message there.
func press(e *bottest.Env, u telegramtest.User, s telegramtest.Sent, data string) telegramtest.Sent {
	e.T.Helper()
	chat := e.TG.Private(u)
	n := len(e.TG.SentTo(chat.ID))
	e.TG.Press(u, chat, s.MessageID, data)
	return e.NextTo(chat.ID, n)
}

const vpNL = "Văn phòng HĐND và UBND xã Ngọc Lặc (VP)"

func TestMemberCommandsStayInTheirGroup(t *testing.T) {
	e := startGroups(t)
	// Thạch Lập has a report and an absence that /vang huy or /cuatoi must not reach.
	e.Say(focalTL, "MH1 xong")
	if got := e.Say(focalTL, "/vang 20/03 22/03 tập huấn"); !strings.Contains(got.PlainText, "Đã ghi nhận") {
		t.Fatalf("Thạch Lập's absence: %q", got.PlainText)
	}
	before := otherGroups(t, e)
	for _, c := range []struct{ say, want string }{
		{"/baocao thachlap", "Báo cáo của " + vpNL},
		{"/baocao X-TL", "Báo cáo của " + vpNL},
		{"/cuatoi thachlap", "Tuần này còn thiếu: MH1, MH9"}, // Thạch Lập's VP MH1 is not counted
		{"/cuatoi X-TL", "Văn phòng HĐND và UBND xã Ngọc Lặc (VP) – anh/chị là đầu mối"},
		{"/roi X-TL", "Anh/chị không phụ trách đơn vị «X-TL»"},
		{"/roi SYT", "Anh/chị không phụ trách đơn vị «SYT»"},
		{"/roi thachlap", "Anh/chị không phụ trách đơn vị «thachlap»"},
		{"/vang thachlap", "Chưa đọc được ngày «thachlap»"},
		{"/vang X-TL 20/03", "Chưa đọc được ngày «X-TL»"},
		{"/vang huy", "Anh/chị không có báo vắng nào đang hoặc sắp diễn ra."},
		{"/to thachlap", "Không có Tổ công tác mã «thachlap» trong các Tổ của anh/chị"},
		{"/to tinh", "Không có Tổ công tác mã «tinh» trong các Tổ của anh/chị"},
		{"/to", "✅ Tổ công tác Đề án 06 xã Ngọc Lặc (ngoclac)"},
	} {
		got := e.Say(focalNL, c.say)
		if !strings.Contains(got.PlainText, c.want) {
			t.Errorf("%s: %q, want %q", c.say, got.PlainText, c.want)
		}
		if strings.Contains(got.PlainText, "Thạch Lập") || strings.Contains(got.PlainText, "Đề án 06 tỉnh") {
			t.Errorf("%s shows another group: %q", c.say, got.PlainText)
		}
	}
	// Thạch Lập's focal point's absence is not listed as the sender's own.
	if got := e.Say(focalNL, "/vang"); !strings.Contains(got.PlainText, "Báo vắng:") || strings.Contains(got.PlainText, "hiện có") {
		t.Errorf("/vang lists someone else's absence: %q", got.PlainText)
	}
	checkUntouched(t, e, before)

	// /to listed only Ngọc Lặc; a forged button for the province or Thạch Lập is stale.
	to := e.Say(focalNL, "/to")
	if n := len(to.ReplyMarkup.InlineKeyboard); n != 1 {
		t.Errorf("/to offers %d groups to a member of one: %+v", n, to.ReplyMarkup)
	}

	// The wizard opened with Thạch Lập's code reports for Ngọc Lặc's VP.
	menu := e.Say(focalNL, "/baocao thachlap")
	statuses := press(e, focalNL, menu, button(t, menu, "MH1"))
	press(e, focalNL, statuses, button(t, statuses, ":done"))
	e.WaitText(focalNL.ID, "Ghi chú cho MH1")
	e.TG.SendText(focalNL, e.TG.Private(focalNL), "-")
	e.WaitText(focalNL.ID, "Đã ghi nhận", vpNL, "MH1")
	if got := groupRows(t, e, "ngoclac"); !strings.Contains(got, "VP MH1 done") {
		t.Errorf("the wizard's report is not in Ngọc Lặc:\n%s", got)
	}

	// An absence whose words name Thạch Lập's unit is the sender's own, in Ngọc Lặc.
	got := e.Say(focalNL, "/vang 20/03 22/03 X-TL")
	if !strings.Contains(got.PlainText, "vắng từ 20/03/2024 đến 22/03/2024") || !strings.Contains(got.PlainText, "VP Văn phòng HĐND và UBND xã Ngọc Lặc") {
		t.Errorf("/vang: %q", got.PlainText)
	}
	if got := groupRows(t, e, "ngoclac"); !strings.Contains(got, fmt.Sprintf("VP %d\n", focalNL.ID)) {
		t.Errorf("absence not in Ngọc Lặc:\n%s", got)
	}

	// /roi VP leaves Ngọc Lặc's VP only: Thạch Lập's VP keeps its focal point.
	ask := e.Say(focalNL, "/roi VP")
	if !strings.Contains(ask.PlainText, "thôi phụ trách VP Văn phòng HĐND và UBND xã Ngọc Lặc") {
		t.Fatalf("/roi VP: %q", ask.PlainText)
	}
	left := press(e, focalNL, ask, button(t, ask, "Có"))
	if !strings.Contains(left.PlainText, "thôi phụ trách VP Văn phòng HĐND và UBND xã Ngọc Lặc") {
		t.Errorf("after confirming /roi VP: %q", left.PlainText)
	}
	if got := groupRows(t, e, "ngoclac"); strings.Contains(got, fmt.Sprintf("VP focal %d", focalNL.ID)) {
		t.Errorf("still Ngọc Lặc's VP after leaving:\n%s", got)
	}
	checkUntouched(t, e, before)
}

// Status texts naming a model only the province has, or a unit of another group by code,
// name or group code, record nothing anywhere and say why.
func TestMemberStatusTextsNamingAnotherGroup(t *testing.T) {
	e := startGroups(t)
	before := otherGroups(t, e)
	mine := groupRows(t, e, "ngoclac")
	notYours := func(code string) string {
		return "Anh/chị không phải đầu mối của đơn vị " + code + " nên báo cáo này chưa được ghi nhận. Đơn vị của anh/chị: VP."
	}
	notUnderstood := "Xin lỗi, tôi chưa hiểu tin nhắn này."
	for _, c := range []struct{ say, want string }{
		{"MH2 xong", "không có mô hình 2 trong kế hoạch. Các mô hình của đơn vị: MH1, MH9."}, // the province's Sở Y tế's model
		{"Đơn vị: X-TL\nMH1 xong", notYours("X-TL")},
		{"Đơn vị: SYT\nMH2 xong", notYours("SYT")},
		{"Don vi: x-tl\nMH9 vuong mac: thieu camera", notYours("X-TL")},
		{"Đơn vị: thachlap\nMH1 xong", notYours("THACHLAP")},
		{"X-TL: MH1 xong", notUnderstood},
		{"SYT MH2 xong", notUnderstood},
	} {
		got := e.Say(focalNL, c.say)
		if !strings.Contains(got.PlainText, c.want) {
			t.Errorf("%q: %q, want %q", c.say, got.PlainText, c.want)
		}
		if strings.Contains(got.PlainText, "Đã ghi nhận") || strings.Contains(got.PlainText, "Thạch Lập") {
			t.Errorf("%q: %q", c.say, got.PlainText)
		}
	}
	// A unit named in words is quoted as typed, not by its first word.
	if got := e.Say(focalNL, "Đơn vị: UBND xã Thạch Lập:\nMH1 xong"); !strings.Contains(got.PlainText, notYours("UBND xã Thạch Lập")) {
		t.Errorf("unit named in words: %q", got.PlainText)
	}
	e.Settle()
	checkUntouched(t, e, before)
	if got := groupRows(t, e, "ngoclac"); got != mine {
		t.Errorf("refused texts changed Ngọc Lặc:\n%s\nwas\n%s", got, mine)
	}
}

// A reply to another group's message cannot carry a report into that group: in Thạch
// Lập's registered chat, Ngọc Lặc's focal point is not a member and is not answered; a
// reply in their own chat whose reply_to names Thạch Lập's reminder (a message of another
// chat) is read as their own report, in Ngọc Lặc.
func TestMemberReplyToAnotherGroupsMessage(t *testing.T) {
	e := startGroups(t)
	chat := e.TG.Group(-5002, "Tổ công tác xã Thạch Lập")
	e.TG.SendText(adminTL, chat, "/nhom")
	e.WaitText(chat.ID, "Tổ công tác xã Thạch Lập")
	e.TG.SendText(adminTL, chat, "/tonghop")
	summary := e.WaitText(chat.ID, "TỔNG HỢP")
	if got := e.Say(adminTL, "/nhacnho"); !strings.Contains(got.PlainText, "Đã xếp gửi: 1 tin nhắn") {
		t.Fatalf("/nhacnho in Thạch Lập: %q", got.PlainText)
	}
	reminder := e.WaitText(focalTL.ID, "Nhắc báo cáo", "Tổ công tác Đề án 06 xã Thạch Lập")
	before := otherGroups(t, e)
	mine := groupRows(t, e, "ngoclac")

	n := len(e.TG.SentTo(chat.ID))
	e.TG.ReplyTo(focalNL, chat, summary.MessageID, "MH1 xong")
	e.TG.ReplyTo(focalNL, chat, summary.MessageID, "Đơn vị: VP\nMH9 vướng mắc: thiếu camera")
	e.TG.SendText(focalNL, chat, "/baocao")
	e.TG.SendText(focalNL, chat, "/cuatoi")
	e.TG.SendText(adminTL, chat, "/chuabaocao") // answered after the four above
	last := e.WaitText(chat.ID, "chưa báo cáo")
	for _, s := range e.TG.SentTo(chat.ID)[n:] {
		// Only the commands get an answer, one that tells nothing about any group.
		if s.MessageID != last.MessageID && s.PlainText != "Lệnh này chỉ dùng trong tin nhắn riêng với bot." {
			t.Errorf("Thạch Lập's chat answered Ngọc Lặc's focal point: %q", s.PlainText)
		}
	}
	checkUntouched(t, e, before)
	if got := groupRows(t, e, "ngoclac"); got != mine {
		t.Errorf("a message in Thạch Lập's chat changed Ngọc Lặc:\n%s\nwas\n%s", got, mine)
	}

	// A reply whose reply_to_message is Thạch Lập's reminder in focalTL's chat (a client
	// cannot do that; a forged update can).
	bu := e.TG.BotUser()
	n = len(e.TG.SentTo(focalNL.ID))
	e.TG.PushRaw(fmt.Sprintf(`{"message":{"message_id":900,"date":1710140000,
		"from":{"id":%d,"is_bot":false,"first_name":"Văn phòng"},"chat":{"id":%[1]d,"type":"private","first_name":"Văn phòng"},
		"text":"MH9 xong","reply_to_message":{"message_id":%d,"date":1710140000,
		"from":{"id":%d,"is_bot":true,"first_name":"bot","username":%q},"chat":{"id":%d,"type":"private","first_name":"Văn phòng"},"text":"Nhắc"}}}`,
		focalNL.ID, reminder.MessageID, bu.ID, bu.Username, focalTL.ID))
	got := e.NextTo(focalNL.ID, n)
	if !strings.Contains(got.PlainText, "Đã ghi nhận báo cáo của "+vpNL) {
		t.Errorf("forged reply: %q", got.PlainText)
	}
	checkUntouched(t, e, before)
	if rows := groupRows(t, e, "ngoclac"); !strings.Contains(rows, "VP MH9 done") {
		t.Errorf("the reply is not Ngọc Lặc's VP report:\n%s", rows)
	}

	// A reply to Ngọc Lặc's own reminder that names Thạch Lập's unit is refused.
	e.Say(adminNL, "/nhacnho")
	own := e.WaitText(focalNL.ID, "Nhắc báo cáo", "Tổ công tác Đề án 06 xã Ngọc Lặc")
	mine = groupRows(t, e, "ngoclac")
	n = len(e.TG.SentTo(focalNL.ID))
	e.TG.ReplyTo(focalNL, e.TG.Private(focalNL), own.MessageID, "Đơn vị: X-TL\nMH1 xong")
	if got := e.NextTo(focalNL.ID, n); !strings.Contains(got.PlainText, "không phải đầu mối của đơn vị X-TL") {
		t.Errorf("reply naming X-TL: %q", got.PlainText)
	}
	checkUntouched(t, e, before)
	if got := groupRows(t, e, "ngoclac"); got != mine {
		t.Errorf("a refused reply changed Ngọc Lặc:\n%s\nwas\n%s", got, mine)
	}
}

// An edited report stays its unit's: an edit naming another group's unit is refused and
// changes nothing; one naming a model only the province has records nothing.
func TestMemberEditNamingAnotherGroup(t *testing.T) {
	e := startGroups(t)
	chat := e.TG.Private(focalNL)
	msg := e.TG.SendText(focalNL, chat, "MH1 đang làm 50%")
	e.WaitText(focalNL.ID, "Đã ghi nhận", vpNL)
	e.BindIn("ngoclac", focalNL, "TYT", store.MemberFocal) // a unit of theirs, but not the report's
	before := otherGroups(t, e)
	mine := groupRows(t, e, "ngoclac")
	for _, c := range []struct{ edit, want string }{
		{"Đơn vị: TYT\nMH1 xong", "Tin nhắn đã sửa ghi đơn vị Trạm y tế xã Ngọc Lặc (TYT), nhưng báo cáo này đã được ghi nhận cho " + vpNL},
		{"Đơn vị: X-TL\nMH1 xong", "Anh/chị không phải đầu mối của đơn vị X-TL"},
		{"Đơn vị: SYT\nMH9 vướng mắc: thiếu camera", "Anh/chị không phải đầu mối của đơn vị SYT"},
		{"MH2 xong", "không có thay đổi nào được ghi nhận cho " + vpNL},
	} {
		n := len(e.TG.SentTo(chat.ID))
		e.TG.EditText(focalNL, chat, msg.ID, c.edit)
		got := e.NextTo(chat.ID, n)
		if !strings.Contains(got.PlainText, c.want) {
			t.Errorf("edit to %q: %q, want %q", c.edit, got.PlainText, c.want)
		}
	}
	e.Settle()
	checkUntouched(t, e, before)
	if got := groupRows(t, e, "ngoclac"); got != mine {
		t.Errorf("refused edits changed Ngọc Lặc:\n%s\nwas\n%s", got, mine)
	}
	// An edit within the unit still works.
	n := len(e.TG.SentTo(chat.ID))
	e.TG.EditText(focalNL, chat, msg.ID, "MH1 xong")
	if got := e.NextTo(chat.ID, n); !strings.Contains(got.PlainText, "Đã cập nhật báo cáo của "+vpNL) {
		t.Errorf("edit within the unit: %q", got.PlainText)
	}
	if got := groupRows(t, e, "ngoclac"); !strings.Contains(got, "VP MH1 done") {
		t.Errorf("edit not recorded:\n%s", got)
	}
	checkUntouched(t, e, before)
}
