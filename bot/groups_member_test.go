package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
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
	before := otherGroups(t, e)
	for _, c := range []struct{ say, want string }{
		{"/baocao thachlap", "Báo cáo của " + vpNL},
		{"/baocao X-TL", "Báo cáo của " + vpNL},
		{"/cuatoi thachlap", "Văn phòng HĐND và UBND xã Ngọc Lặc (VP) – anh/chị là đầu mối"},
		{"/cuatoi X-TL", "Văn phòng HĐND và UBND xã Ngọc Lặc (VP) – anh/chị là đầu mối"},
		{"/roi X-TL", "Anh/chị không phụ trách đơn vị «X-TL»"},
		{"/roi SYT", "Anh/chị không phụ trách đơn vị «SYT»"},
		{"/roi thachlap", "Anh/chị không phụ trách đơn vị «thachlap»"},
		{"/vang thachlap", "Chưa đọc được ngày «thachlap»"},
		{"/vang X-TL 20/03", "Chưa đọc được ngày «X-TL»"},
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
