package messages

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tocongtac/tocongtac/store"
)

// ReportLine is one recorded (or to-be-shown) status of a model.
type ReportLine struct {
	Model   int
	Status  store.Status
	Percent int // -1 when none
	Note    string
	Figure  string // a number reported against an indicator, as shown (IndicatorFigure)
}

// LineProblemKind says why a line of a status reply was not recorded.
type LineProblemKind = store.LineProblemKind

// Why a line was not recorded.
const (
	ProblemNoModel        = store.LineNoModel
	ProblemBadModelNumber = store.LineBadModelNumber
	ProblemUnknownModel   = store.LineUnknownModel
	ProblemNotAssigned    = store.LineNotAssigned
	ProblemNoStatus       = store.LineNoStatus
	ProblemBadPercent     = store.LineBadPercent
	ProblemContradiction  = store.LineContradiction
	ProblemNoteTooLong    = store.LineNoteTooLong
	ProblemDuplicateModel = store.LineDuplicateModel
	ProblemTooManyLines   = store.LineTooManyLines
	ProblemMultipleModels = store.LineMultipleModels
	ProblemNotUnitModel   = store.LineNotUnitModel // a bare number ("3 ht") that is not one of the unit's models
	ProblemSuggestion     = store.LineSuggestion   // a near-miss typo: Suggestion is what it was read as
	ProblemAmbiguous      = store.LineAmbiguous    // "MH9 xong MH10": does MH10 share the status?
	ProblemNeedsNote      = store.LineNeedsNote    // a Vướng mắc without a description
	ProblemBadValue       = store.LineBadValue     // a number the plan cannot take: Detail words why
)

// LineProblem is a line of a reply that was not recorded.
type LineProblem struct {
	Line       int
	Raw        string
	Kind       LineProblemKind
	Model      int
	Suggestion string // ProblemSuggestion: "hoàn thành"
	Detail     string // the reason already worded (HTML), as for a refused number (IndicatorRefusal)
}

// ReportSummary is what the confirmation of one status reply says.
type ReportSummary struct {
	UnitName, UnitCode string
	Week               string // the weekly cycle it counts for
	Edited             bool   // an edited message: "đã cập nhật"
	Recorded           []ReportLine
	Unchanged          int   // edits: lines that still say the same
	Missing            []int // "giữ nguyên": models never reported before
	Problems           []LineProblem
	UnitModels         []int // the unit's models, for refused model numbers
	BlockersSent       bool  // a blocker went to the standing office
	// AwaitingNote: the guided flow still waits for this model's note (a report was
	// typed instead of it).
	AwaitingNote *ReportLine
	Skipped      int // lines read as a heading, greeting or sign-off
}

// maxProblemsShown keeps one confirmation short even for a message of hundreds of lines.
const maxProblemsShown = 10

// maxNoteShown shortens notes in confirmations; the stored note is whole.
const maxNoteShown = 160

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// ModelList renders model numbers as "MH1, MH3, MH9".
func ModelList(models []int) string {
	parts := make([]string, len(models))
	for i, m := range models {
		parts[i] = "MH" + strconv.Itoa(m)
	}
	return strings.Join(parts, ", ")
}

func unitLabel(name, code string) string {
	if name == "" || strings.EqualFold(name, code) {
		return "<b>" + E(code) + "</b>"
	}
	return fmt.Sprintf("<b>%s</b> (%s)", E(dispName(name)), E(code))
}

// reportLine renders one status as HTML with its icon; the note is shortened.
func reportLine(l ReportLine, noteLimit int) string {
	note := l.Note
	if noteLimit > 0 {
		note = clip(note, noteLimit)
	}
	line := StatusIcon(l.Status) + " " + E(StatusLine(l.Model, l.Status, l.Percent, note))
	if l.Figure != "" {
		line += " · số liệu: " + E(l.Figure)
	}
	return line
}

// ReportConfirmation is the one answer to a status reply: what was recorded and, line by
// line, what was not and how to write it.
func ReportConfirmation(s ReportSummary) string {
	var b strings.Builder
	unit := unitLabel(s.UnitName, s.UnitCode)
	switch {
	case s.UnitCode == "":
		b.WriteString("❗ <b>Chưa ghi nhận</b> báo cáo nào.\n")
	case len(s.Recorded) > 0 && s.Edited:
		fmt.Fprintf(&b, "✏️ <b>Đã cập nhật</b> báo cáo của %s, %s:\n", unit, CycleTitle(store.CycleWeek, s.Week))
	case len(s.Recorded) > 0:
		fmt.Fprintf(&b, "✅ <b>Đã ghi nhận</b> báo cáo của %s, %s:\n", unit, CycleTitle(store.CycleWeek, s.Week))
	case s.Edited:
		fmt.Fprintf(&b, "✏️ Tin nhắn đã sửa: không có thay đổi nào được ghi nhận cho %s.\n", unit)
	default:
		fmt.Fprintf(&b, "❗ <b>Chưa ghi nhận</b> báo cáo nào cho %s.\n", unit)
	}
	for _, l := range s.Recorded {
		b.WriteString(reportLine(l, maxNoteShown))
		b.WriteByte('\n')
	}
	if s.Skipped > 0 {
		fmt.Fprintf(&b, "(Đã bỏ qua %d dòng tiêu đề, lời chào hoặc ký tên.)\n", s.Skipped)
	}
	if s.Edited && s.Unchanged > 0 {
		fmt.Fprintf(&b, "(%d mô hình không thay đổi.)\n", s.Unchanged)
	}
	if len(s.Missing) > 0 {
		fmt.Fprintf(&b, "\n▫️ Chưa từng báo cáo nên chưa giữ nguyên được: %s. Vui lòng báo cáo các mô hình này, ví dụ <code>MH%d: đang triển khai</code>.\n",
			E(ModelList(s.Missing)), s.Missing[0])
	}
	if s.BlockersSent {
		b.WriteString("\n⚠️ Vướng mắc đã được chuyển ngay tới Cơ quan thường trực.\n")
	}
	if w := s.AwaitingNote; w != nil {
		fmt.Fprintf(&b, "\n⏳ MH%d (%s) chưa được ghi nhận: vẫn đang chờ ghi chú. Vui lòng trả lời tin nhắn hỏi ghi chú, hoặc bấm «%s».\n",
			w.Model, StatusLabel(w.Status), SkipNoteButton())
	}
	if len(s.Problems) > 0 {
		fmt.Fprintf(&b, "\n❗ <b>Chưa ghi nhận %d dòng:</b>\n", len(s.Problems))
		for i, p := range s.Problems {
			if i == maxProblemsShown {
				fmt.Fprintf(&b, "… và %d dòng khác.\n", len(s.Problems)-maxProblemsShown)
				break
			}
			fmt.Fprintf(&b, "• Dòng %d «%s»: %s\n", p.Line, E(clip(strings.TrimSpace(p.Raw), 60)), problemText(p, s.UnitModels))
		}
		b.WriteString("Vui lòng gửi lại các dòng này cho đúng mẫu (mỗi mô hình một dòng).")
	}
	return strings.TrimRight(b.String(), "\n")
}

// problemText explains one refused line and shows the right form.
func problemText(p LineProblem, unitModels []int) string {
	ex := func(s string) string { return " Ví dụ: <code>" + s + "</code>" }
	example := 9
	if len(unitModels) > 0 {
		example = unitModels[0]
	}
	exModel := "MH" + strconv.Itoa(example)
	if p.Model > 0 {
		exModel = "MH" + strconv.Itoa(p.Model)
	}
	if p.Detail != "" {
		return p.Detail
	}
	switch p.Kind {
	case ProblemNoModel:
		return "không thấy số mô hình ở đầu dòng." + ex(exModel+": hoàn thành")
	case ProblemBadModelNumber:
		return "số mô hình không hợp lệ (phải là số nguyên dương, như MH" + strconv.Itoa(example) + ")." + ex("MH"+strconv.Itoa(example)+": đang triển khai 70%")
	case ProblemUnknownModel:
		return fmt.Sprintf("không có mô hình %d trong kế hoạch. Các mô hình của đơn vị: %s.", p.Model, E(ModelList(unitModels)))
	case ProblemNotAssigned:
		return fmt.Sprintf("mô hình %d không được giao cho đơn vị. Các mô hình của đơn vị: %s.", p.Model, E(ModelList(unitModels)))
	case ProblemNoStatus:
		return "chưa rõ trạng thái (hoàn thành, đang triển khai, chưa triển khai hoặc vướng mắc)." + ex(exModel+": đang triển khai 70%")
	case ProblemBadPercent:
		return "tỷ lệ phải là số nguyên từ 0% đến 100%." + ex(exModel+": đang triển khai 70%")
	case ProblemContradiction:
		return "trạng thái và tỷ lệ không khớp (hoàn thành là 100%, chưa triển khai là 0%)." + ex(exModel+": đang triển khai 70%")
	case ProblemNoteTooLong:
		return fmt.Sprintf("ghi chú dài quá %d ký tự; vui lòng rút gọn.", store.MaxNoteRunes)
	case ProblemDuplicateModel:
		return "mô hình này được nhắc lại ở dòng sau; chỉ dòng cuối cùng được tính."
	case ProblemTooManyLines:
		return "tin nhắn quá dài; từ dòng này trở đi chưa được đọc. Vui lòng gửi phần còn lại trong tin nhắn khác."
	case ProblemMultipleModels:
		return "số mô hình nằm trong phần ghi chú; vui lòng báo cáo mô hình đó ở dòng riêng." + ex(exModel+": hoàn thành\nMH"+strconv.Itoa(example+1)+": đang triển khai")
	case ProblemNotUnitModel:
		return fmt.Sprintf("số %d không phải mô hình của đơn vị. Các mô hình của đơn vị: %s. Nếu đúng là mô hình, vui lòng ghi rõ <code>MH%d</code>.", p.Model, E(ModelList(unitModels)), p.Model)
	case ProblemSuggestion:
		return fmt.Sprintf("có phải «%s»? Vui lòng xác nhận ở câu hỏi bên dưới, hoặc gửi lại dòng này cho rõ.", E(p.Suggestion)) + ex(exModel+": "+E(p.Suggestion))
	case ProblemAmbiguous:
		return "chưa rõ trạng thái của " + exModel + "; vui lòng ghi trạng thái cho từng mô hình." + ex(exModel+": hoàn thành")
	case ProblemNeedsNote:
		return "vướng mắc cần nêu rõ nội dung để Cơ quan thường trực nắm và hỗ trợ; vui lòng trả lời câu hỏi bên dưới, hoặc gửi lại dòng này kèm nội dung." + ex(exModel+": vướng mắc – thiếu kinh phí")
	}
	return "chưa hiểu dòng này." + ex(exModel+": hoàn thành")
}

// ReportNotUnderstood answers a message in which no line looks like a status report.
func ReportNotUnderstood() string {
	return "Xin lỗi, tôi chưa hiểu tin nhắn này. Vui lòng báo cáo mỗi mô hình một dòng, ví dụ:\n" +
		"<code>MH9: hoàn thành\nMH18: vướng mắc - chưa có camera\nMH6: đang triển khai 70%</code>\n" +
		"Hoặc gõ /baocao để báo cáo bằng nút bấm, /huongdan để xem hướng dẫn."
}

// ReportAdminHint tells a standing-office member who is no focal point how to proceed.
func ReportAdminHint() string {
	return "Anh/chị là cán bộ Cơ quan thường trực nhưng chưa là đầu mối của đơn vị nào, nên tin nhắn này không được ghi nhận là báo cáo.\n" +
		"Gõ /huongdan để xem các lệnh tổng hợp, mời đầu mối và nhắc nhở."
}

// UnitChoice is a unit offered on a button.
type UnitChoice struct{ Code, Name string }

// ChooseUnit asks someone serving several units which one a report is for.
func ChooseUnit() string {
	return "Anh/chị là đầu mối của nhiều đơn vị. Báo cáo này của <b>đơn vị nào</b>? Vui lòng chọn bên dưới.\n" +
		"(Lần sau có thể ghi dòng đầu <code>Đơn vị: MÃ_ĐƠN_VỊ</code>.)"
}

// UnitButton labels a unit on a button (plain text).
func UnitButton(u UnitChoice) string {
	if u.Name == "" {
		return u.Code
	}
	return clip(u.Name, 40) + " (" + u.Code + ")"
}

// UnitChosen replaces the question once a unit is chosen.
func UnitChosen(name, code string) string {
	return "Báo cáo cho " + unitLabel(name, code) + "."
}

// EditCannotMoveUnit answers an edit whose header now names another of the sender's units:
// the report stays with the unit it was recorded for.
func EditCannotMoveUnit(from, to UnitChoice) string {
	return fmt.Sprintf("Tin nhắn đã sửa ghi đơn vị %s, nhưng báo cáo này đã được ghi nhận cho %s. "+
		"Sửa tin nhắn không chuyển được báo cáo sang đơn vị khác, nên báo cáo của %s giữ nguyên. "+
		"Để báo cáo cho %s, vui lòng gửi một tin nhắn mới.",
		unitLabel(to.Name, to.Code), unitLabel(from.Name, from.Code), E(from.Code), E(to.Code))
}

// NotYourUnit refuses a report for a unit the sender does not serve.
func NotYourUnit(code string, yours []UnitChoice) string {
	var names []string
	for _, u := range yours {
		names = append(names, E(u.Code))
	}
	return fmt.Sprintf("Anh/chị không phải đầu mối của đơn vị %s nên báo cáo này chưa được ghi nhận. Đơn vị của anh/chị: %s.",
		E(code), strings.Join(names, ", "))
}

// UnitHasNoModels says a unit takes part in no model of the plan.
func UnitHasNoModels(name, code string) string {
	return "Đơn vị " + unitLabel(name, code) + " không được giao mô hình nào trong kế hoạch, nên không có gì để báo cáo."
}

// BlockerAlert tells the standing office (and the group) about difficulties at once.
func BlockerAlert(unitName, unitCode, reporter string, lines []ReportLine, titles map[int]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "⚠️ <b>Vướng mắc</b> – %s\n", unitLabel(unitName, unitCode))
	for _, l := range lines {
		fmt.Fprintf(&b, "• <b>MH%d</b>", l.Model)
		if t := titles[l.Model]; t != "" {
			fmt.Fprintf(&b, " (%s)", E(clip(t, 80)))
		}
		b.WriteString("\n")
		if l.Note != "" {
			fmt.Fprintf(&b, "  Nội dung: %s\n", E(DisplayNote(l.Note)))
		} else {
			b.WriteString("  (không có ghi chú)\n")
		}
	}
	fmt.Fprintf(&b, "Người báo: %s", reporter)
	return b.String()
}

// GuidedModels heads the keyboard of a unit's models.
func GuidedModels(unitName, unitCode, week string) string {
	return fmt.Sprintf("📋 Báo cáo của %s, tuần %s.\nChọn mô hình để báo cáo (biểu tượng là trạng thái đã báo tuần này; ▫️ là chưa báo):",
		unitLabel(unitName, unitCode), E(week))
}

// ModelButton labels a model on the keyboard.
func ModelButton(m store.Model, s store.Status) string {
	return StatusIcon(s) + " MH" + strconv.Itoa(m.Number) + " " + ShortTitle(m)
}

// StatusButton labels a status choice.
func StatusButton(s store.Status) string { return StatusIcon(s) + " " + StatusLabel(s) }

// BackButton returns to the list of models.
func BackButton() string { return "« Danh sách mô hình" }

// SkipNoteButton records the status without a note.
func SkipNoteButton() string { return "Bỏ qua ghi chú" }

// SuggestionQuestion asks whether a line with a near-miss typo meant the reading shown.
func SuggestionQuestion(line int, raw, phrase string, reading []string) string {
	return fmt.Sprintf("❓ Dòng %d «%s»: có phải «%s»?\nNếu đúng, sẽ ghi nhận:\n%s", line, E(clip(strings.TrimSpace(raw), 60)),
		E(phrase), E(strings.Join(reading, "\n")))
}

// ConfirmSuggestionButton and RejectSuggestionButton answer SuggestionQuestion.
func ConfirmSuggestionButton() string { return "Đúng, ghi nhận" }
func RejectSuggestionButton() string  { return "Không" }

// SuggestionAnswered replaces the question once answered.
func SuggestionAnswered(yes bool) string {
	if yes {
		return "✅ Đã xác nhận."
	}
	return "Đã bỏ qua dòng này. Vui lòng gửi lại dòng đó cho rõ."
}

// PercentNotInProgress refuses 0% or 100% typed for "đang triển khai"; the note is still awaited.
func PercentNotInProgress(model, pct int) string {
	other := "Hoàn thành"
	if pct == 0 {
		other = "Chưa triển khai"
	}
	return fmt.Sprintf("MH%d đang triển khai nên tỷ lệ phải từ 1%% đến 99%%; %d%% là «%s». Vui lòng gửi lại tỷ lệ, hoặc chọn lại trạng thái bằng /baocao.", model, pct, other)
}

// GuidedStatus asks for the status of one model.
func GuidedStatus(unitCode string, model int, title string, current ReportLine, reported bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>MH%d</b>", model)
	if title != "" {
		fmt.Fprintf(&b, " – %s", E(clip(title, 200)))
	}
	fmt.Fprintf(&b, "\nĐơn vị: %s\n", E(unitCode))
	if reported {
		fmt.Fprintf(&b, "Tuần này đã báo: %s\n", reportLine(current, maxNoteShown))
	}
	b.WriteString("Chọn trạng thái:")
	return b.String()
}

// GuidedAwaitNote replaces the keyboard while the note is awaited.
func GuidedAwaitNote(model int, s store.Status) string {
	return fmt.Sprintf("MH%d: %s %s\nVui lòng trả lời tin nhắn bên dưới bằng ghi chú (nếu có), hoặc bấm «%s».",
		model, StatusIcon(s), StatusLabel(s), SkipNoteButton())
}

// NotePrompt asks for the optional note (sent with ForceReply).
func NotePrompt(model int, s store.Status) string {
	hint := "ví dụ: đã lắp 3/5 đầu đọc"
	if s == store.StatusBlocked {
		hint = "vui lòng nêu rõ vướng mắc, ví dụ: chưa có camera AI ở ngã tư"
	}
	return fmt.Sprintf("✍️ Ghi chú cho MH%d (%s) – %s. Gửi «-» nếu không có ghi chú.", model, StatusLabel(s), hint)
}

// NoteTooLong refuses a note over the limit; the question stays open.
func NoteTooLong(runes int) string {
	return fmt.Sprintf("Ghi chú dài %d ký tự, vượt quá giới hạn %d ký tự nên chưa được ghi nhận. Vui lòng rút gọn và gửi lại (trả lời tin nhắn hỏi ghi chú).",
		runes, store.MaxNoteRunes)
}

// MineModel is one model of a unit in /cuatoi.
type MineModel struct {
	Model         int
	Lead          bool
	Title         string
	Short         string // ShortTitle
	Week, Month   ReportLine
	WeekReported  bool
	MonthReported bool
}

// MineUnit is one unit in /cuatoi.
type MineUnit struct {
	Code, Name  string
	Role        store.MemberRole
	Week, Month string
	Models      []MineModel
}

// Mine lists the sender's units, their models and what is still missing.
func Mine(units []MineUnit) string {
	var b strings.Builder
	for i, u := range units {
		if i > 0 {
			b.WriteString("\n\n")
		}
		role := "đầu mối"
		if u.Role == store.MemberDeputy {
			role = "đầu mối dự phòng"
		}
		fmt.Fprintf(&b, "🏢 %s – anh/chị là %s.\n%s · %s\n", unitLabel(u.Name, u.Code), role,
			upperFirst(CycleTitle(store.CycleWeek, u.Week)), CycleTitle(store.CycleMonth, u.Month))
		if len(u.Models) == 0 {
			b.WriteString("Đơn vị không được giao mô hình nào.")
			continue
		}
		var missWeek, missMonth []int
		for _, m := range u.Models {
			part := "phối hợp"
			if m.Lead {
				part = "chủ trì"
			}
			fmt.Fprintf(&b, "\n<b>MH%d</b> (%s) %s\n", m.Model, part, E(clip(m.Title, 70)))
			if m.WeekReported {
				fmt.Fprintf(&b, "  Tuần: %s\n", reportLine(m.Week, 80))
			} else {
				b.WriteString("  Tuần: ▫️ chưa báo cáo\n")
				missWeek = append(missWeek, m.Model)
			}
			if m.MonthReported {
				fmt.Fprintf(&b, "  Tháng: %s\n", reportLine(m.Month, 80))
			} else {
				b.WriteString("  Tháng: ▫️ chưa báo cáo\n")
				missMonth = append(missMonth, m.Model)
			}
		}
		b.WriteString("\n")
		if len(missWeek) == 0 {
			b.WriteString("✅ Tuần này đã báo cáo đủ.\n")
		} else {
			fmt.Fprintf(&b, "❗ Tuần này còn thiếu: %s\n", E(ModelList(missWeek)))
		}
		if len(missMonth) == 0 {
			b.WriteString("✅ Tháng này đã báo cáo đủ.")
		} else {
			fmt.Fprintf(&b, "❗ Tháng này còn thiếu: %s", E(ModelList(missMonth)))
		}
	}
	if len(units) > 0 {
		b.WriteString("\n\nGõ /baocao để báo cáo bằng nút bấm.")
	}
	return b.String()
}

// NotePlaceholder is shown in the text box while the bot waits for a note.
func NotePlaceholder() string { return "Ghi chú (hoặc -)" }
