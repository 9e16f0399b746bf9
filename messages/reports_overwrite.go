package messages

import (
	"fmt"
	"strings"
)

// Overwrite is one model a bulk shortcut ("tất cả …") would change from Hoàn thành or
// an open blocker.
type Overwrite struct {
	Was ReportLine
	Now ReportLine
}

// OverwriteQuestion asks before a bulk shortcut overwrites a Hoàn thành or an open
// blocker; the other models were recorded already.
func OverwriteQuestion(lines []Overwrite) string {
	var b strings.Builder
	b.WriteString("❓ Lệnh báo cáo chung sẽ thay đổi các mô hình sau, nên chưa được ghi nhận:\n")
	for _, l := range lines {
		now := strings.TrimPrefix(StatusLine(l.Now.Model, l.Now.Status, l.Now.Percent, l.Now.Note), fmt.Sprintf("MH%d: ", l.Now.Model))
		fmt.Fprintf(&b, "• MH%d: %s %s → %s %s\n", l.Now.Model, StatusIcon(l.Was.Status), E(StatusLabel(l.Was.Status)),
			StatusIcon(l.Now.Status), E(now))
	}
	b.WriteString("Anh/chị có muốn ghi đè không? Vướng mắc được gỡ sẽ được báo tới Cơ quan thường trực.")
	return b.String()
}

// OverwriteButtons are the two answers to OverwriteQuestion.
func OverwriteButtons() (yes, no string) { return "✅ Ghi đè", "↩️ Giữ như cũ" }

// OverwriteAnswered replaces the question once answered.
func OverwriteAnswered(yes bool) string {
	if yes {
		return "✅ Đã ghi đè theo lệnh báo cáo chung."
	}
	return "↩️ Đã giữ nguyên trạng thái cũ của các mô hình này."
}

// BlockersCleared tells the standing office that blockers were cleared by a bulk
// shortcut the focal point confirmed.
func BlockersCleared(unitName, unitCode, reporter string, lines []Overwrite) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ℹ️ <b>Gỡ vướng mắc</b> – %s", unitLabel(unitName, unitCode))
	if reporter != "" {
		b.WriteString(" (" + E(reporter) + ")")
	}
	b.WriteString(":\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "• MH%d: vướng mắc «%s» → %s\n", l.Now.Model, E(clip(l.Was.Note, maxNoteShown)), E(StatusLabel(l.Now.Status)))
	}
	return strings.TrimRight(b.String(), "\n")
}
