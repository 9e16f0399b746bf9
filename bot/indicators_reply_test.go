package bot_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tocongtac/tocongtac/bot/bottest"
	"github.com/tocongtac/tocongtac/bot/telegramtest"
	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/storetest"
)

var (
	indMyTan = telegramtest.User{ID: 7101, FirstName: "Lê", LastName: "Mỹ Tân"}
	indThuy  = telegramtest.User{ID: 7102, FirstName: "Hoàng", LastName: "Thúy Sơn"}
	indGDDT  = telegramtest.User{ID: 7103, FirstName: "Phạm", LastName: "Giáo Dục"}
)

// indValues lists the stored numbers of a unit as "MH<model>=<value>", oldest first.
func indValues(t testing.TB, env *bottest.Env, unit string) []string {
	t.Helper()
	var out []string
	storetest.Rows(t, env.DB, `SELECT r.model, v.value FROM indicator_values v JOIN reports r ON r.id = v.report_id
		WHERE r.unit = ? ORDER BY r.id`, []any{unit}, func(scan func(...any) error) error {
		var m int
		var v float64
		if err := scan(&m, &v); err != nil {
			return err
		}
		out = append(out, "MH"+sumItoa(m)+"="+messages.Number(v))
		return nil
	})
	return out
}

func TestIndicatorNumbersRecordedAndShownInSummaryAndWorkbook(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(indMyTan, "X-MYTAN", store.MemberFocal)
	env.Bind(indThuy, "X-THUYSON", store.MemberFocal)
	env.Bind(indGDDT, "GDDT", store.MemberFocal)

	conf := env.Say(indMyTan, "MH1: 45/53")
	for _, want := range []string{"Đã ghi nhận", "MH1: Đang triển khai", "số liệu: 45/53 dịch vụ"} {
		if !strings.Contains(conf.PlainText, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, conf.PlainText)
		}
	}
	conf = env.Say(indThuy, "MH1 5 DVC - còn chờ phần mềm")
	if !strings.Contains(conf.PlainText, "MH1: Đang triển khai – còn chờ phần mềm") {
		t.Errorf("confirmation:\n%s", conf.PlainText)
	}
	conf = env.Say(indGDDT, "MH32 đạt 80%")
	if !strings.Contains(conf.PlainText, "MH32: Đang triển khai 80%") {
		t.Errorf("confirmation:\n%s", conf.PlainText)
	}
	env.Settle()
	rows := repRows(t, env, "X-MYTAN")
	if len(rows) != 1 || rows[0].Model != 1 || rows[0].Status != store.StatusInProgress || rows[0].Source != "text" {
		t.Fatalf("X-MYTAN rows %+v", rows)
	}
	if got := indValues(t, env, "X-MYTAN"); strings.Join(got, " ") != "MH1=45" {
		t.Errorf("X-MYTAN values %v", got)
	}
	if got := indValues(t, env, "X-THUYSON"); strings.Join(got, " ") != "MH1=5" {
		t.Errorf("X-THUYSON values %v", got)
	}
	if rows := repRows(t, env, "GDDT"); len(rows) != 1 || rows[0].Percent != 80 {
		t.Errorf("GDDT rows %+v", rows)
	}

	text := sumPlain(sumAsk(env, bottest.Admin, "/tonghop chitiet"))
	for _, want := range []string{"KẾT QUẢ THỰC HIỆN CHỈ TIÊU", "MH1 – Số DVC thiết yếu đã triển khai: 50/53 dịch vụ (94,3%)",
		"MH32 – Tỷ lệ cơ sở giáo dục triển khai hệ thống quản lý trường học: 80%/100%"} {
		if !strings.Contains(text, want) {
			t.Errorf("/tonghop chitiet lacks %q:\n%s", want, text)
		}
	}

	sent := sumAsk(env, bottest.Admin, "/xuat")
	if len(sent) != 1 || sent[0].Method != "sendDocument" {
		t.Fatalf("sent %+v", sent)
	}
	f, err := excelize.OpenReader(bytes.NewReader(sent[0].File))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, _ := f.GetRows(messages.SheetIndicators)
	found := false
	for _, r := range sheet {
		if len(r) > 12 && r[0] == "1" {
			found = true
			if r[7] != "50" || !strings.Contains(r[12], "UBND xã Mỹ Tân: 45 dịch vụ") || !strings.Contains(r[12], "UBND xã Thúy Sơn: 5 dịch vụ") {
				t.Errorf("MH1 row %q", r)
			}
		}
	}
	if !found {
		t.Errorf("no MH1 row in %s: %q", messages.SheetIndicators, sheet)
	}
}

func TestIndicatorBadNumbersRefusedPolitely(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(indMyTan, "X-MYTAN", store.MemberFocal)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"MH1: -3", []string{"Dòng 1 «MH1: -3»", "không thể là số âm"}},
		{"MH1 60", []string{"Dòng 1 «MH1 60»", "vượt quá tổng số theo kế hoạch là 53 dịch vụ"}},
		{"MH1 45 người", []string{"Dòng 1 «MH1 45 người»", "đơn vị tính «người» không đúng", "«dịch vụ»"}},
		{"MH1: 45/50", []string{"chỉ tiêu theo kế hoạch là 53 dịch vụ, không phải 50"}},
	} {
		got := env.Say(indMyTan, tc.text).PlainText
		for _, w := range append(tc.want, "Chưa ghi nhận") {
			if !strings.Contains(got, w) {
				t.Errorf("%q: answer lacks %q:\n%s", tc.text, w, got)
			}
		}
	}
	// A bad number in a longer reply: only its line is refused.
	got := env.Say(indMyTan, "MH5 xong\nMH1 60 DVC").PlainText
	if !strings.Contains(got, "MH5: Hoàn thành") || !strings.Contains(got, "Dòng 2 «MH1 60 DVC»") || !strings.Contains(got, "vượt quá") {
		t.Errorf("mixed reply answer:\n%s", got)
	}
	env.Settle()
	rows := repRows(t, env, "X-MYTAN")
	if len(rows) != 1 || rows[0].Model != 5 {
		t.Errorf("stored %+v, want MH5 only", rows)
	}
	if n := storetest.Int(t, env.DB, `SELECT count(*) FROM indicator_values`); n != 0 {
		t.Errorf("%d numbers stored, want none", n)
	}
}

func TestIndicatorNumberInGuidedFlow(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(indMyTan, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(indMyTan)
	kb := env.Say(indMyTan, "/baocao")
	env.TG.Press(indMyTan, chat, kb.MessageID, repButton(t, env, chat.ID, kb.MessageID, "r:m:X-MYTAN:1"))
	repWaitEdit(t, env, chat.ID, kb.MessageID, "Chọn trạng thái")
	env.TG.Press(indMyTan, chat, kb.MessageID, "r:s:X-MYTAN:1:in_progress")
	prompt, err := env.TG.WaitFor(env.Context(), func(s telegramtest.Sent) bool { return s.ChatID == chat.ID && s.ForceReply })
	if err != nil {
		t.Fatalf("no ForceReply prompt: %v", err)
	}
	if !strings.Contains(prompt.PlainText, "Số liệu MH1") || !strings.Contains(prompt.PlainText, "kế hoạch 53 dịch vụ") {
		t.Errorf("prompt does not ask for the number: %q", prompt.PlainText)
	}
	env.Settle()
	// A number above the capped target and a wrong unit: refused, the question stays open.
	for _, bad := range []struct{ text, want string }{{"60", "vượt quá"}, {"-2", "số âm"}, {"40 người", "đơn vị tính «người»"}} {
		env.TG.ReplyTo(indMyTan, chat, prompt.MessageID, bad.text)
		env.WaitText(chat.ID, "Chưa ghi nhận số liệu MH1", bad.want)
		env.Settle()
	}
	if n := repCount(t, env); n != 0 {
		t.Fatalf("%d reports stored after bad numbers", n)
	}
	env.TG.ReplyTo(indMyTan, chat, prompt.MessageID, "42 - còn 11 dịch vụ chờ tích hợp")
	env.WaitText(chat.ID, "Đã ghi nhận", "MH1: Đang triển khai – còn 11 dịch vụ chờ tích hợp", "số liệu: 42/53 dịch vụ")
	env.Settle()
	rows := repRows(t, env, "X-MYTAN")
	if len(rows) != 1 || rows[0].Status != store.StatusInProgress || rows[0].Source != "button" || rows[0].Note != "còn 11 dịch vụ chờ tích hợp" {
		t.Fatalf("stored %+v", rows)
	}
	if got := indValues(t, env, "X-MYTAN"); strings.Join(got, " ") != "MH1=42" {
		t.Errorf("values %v", got)
	}
}

func TestIndicatorNumberEdited(t *testing.T) {
	env := bottest.Start(t)
	env.Bind(indMyTan, "X-MYTAN", store.MemberFocal)
	chat := env.TG.Private(indMyTan)
	msg := env.TG.SendText(indMyTan, chat, "MH1: 45/53")
	env.WaitText(chat.ID, "Đã ghi nhận", "số liệu: 45/53 dịch vụ")
	env.TG.EditText(indMyTan, chat, msg.ID, "MH1: 47/53")
	env.WaitText(chat.ID, "Đã cập nhật", "số liệu: 47/53 dịch vụ")
	env.Settle()
	if got := indValues(t, env, "X-MYTAN"); strings.Join(got, " ") != "MH1=45 MH1=47" {
		t.Errorf("values %v", got)
	}
}
