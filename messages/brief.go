package messages

import (
	"fmt"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// Caps of the one-message summary: it names people to nudge and the worst blockers; the
// file holds the rest.
const (
	briefMissingMax  = 15
	briefNameMax     = 60
	briefBlockersMax = 3
	briefNoteMax     = 80
)

// SummaryBrief is the summary as one message: the headline numbers, the units that have
// not reported with a mention of their focal point, and the oldest open blockers. The
// full table goes in the file; "/tonghop chitiet" gives the detail in chat.
func SummaryBrief(p store.Plan, s store.Summary, missing []MissingRow, blockers []store.Blocker, now time.Time, withFile bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📊 <b>TỔNG HỢP BÁO CÁO %s</b> (%s)\n", strings.ToUpper(CycleLabel(s.Kind, s.CycleID)), cycleDates(s.Start, s.End, s.Location))
	fmt.Fprintf(&b, "Đơn vị đã báo cáo: <b>%d/%d</b> (đủ các mô hình: %d)\n", s.Reported, s.Expected, s.Complete)
	fmt.Fprintf(&b, "Đúng hạn: %d · Muộn: %d · Chưa báo cáo: <b>%d</b>\n", s.OnTime, s.Late, s.Missing)
	b.WriteString("Mô hình:")
	for _, st := range append(append([]store.Status(nil), store.Statuses...), "") {
		fmt.Fprintf(&b, " %s %d", StatusIcon(st), s.ModelsByStatus[st])
	}
	b.WriteString("\n")
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\n⏰ <b>Chưa báo cáo đủ (%d)</b>\n", len(missing))
		// People to nudge first; units nobody serves yet are one line at the end.
		var seated []MissingRow
		unseated := 0
		for _, r := range missing {
			if r.Focal == nil && r.Deputy == nil {
				unseated++
			} else {
				seated = append(seated, r)
			}
		}
		for i, r := range seated {
			if i == briefMissingMax {
				fmt.Fprintf(&b, "… và %d đơn vị khác\n", len(seated)-i)
				break
			}
			b.WriteString("• " + E(shorten(dispName(unitName(r.Unit)), briefNameMax)))
			if r.Focal != nil {
				b.WriteString(" – " + person(*r.Focal, briefNameMax))
			} else {
				b.WriteString(" – " + person(*r.Deputy, briefNameMax))
			}
			if r.Reported > 0 {
				fmt.Fprintf(&b, " (mới %d/%d mô hình)", r.Reported, r.Models)
			}
			b.WriteString("\n")
		}
		if unseated > 0 {
			fmt.Fprintf(&b, "• %d đơn vị chưa có đầu mối (xem /donvi)\n", unseated)
		}
	}
	if len(blockers) > 0 {
		fmt.Fprintf(&b, "\n⚠️ <b>Vướng mắc đang mở (%d)</b>", len(blockers))
		if len(blockers) > briefBlockersMax {
			fmt.Fprintf(&b, ", %d lâu nhất:", briefBlockersMax)
		}
		b.WriteString("\n")
		for i, x := range blockers {
			if i == briefBlockersMax {
				break
			}
			name := x.Unit
			if u, ok := p.Unit(x.Unit); ok {
				name = unitName(u)
			}
			fmt.Fprintf(&b, "• %s – MH%d", E(shorten(dispName(name), briefNameMax)), x.Model)
			if note := shorten(DisplayNote(x.Note), briefNoteMax); note != "" {
				b.WriteString(": " + E(note))
			}
			fmt.Fprintf(&b, " (%s)\n", Duration(now.Sub(x.Since)))
		}
	}
	if withFile {
		b.WriteString("\nBảng đầy đủ trong tệp đính kèm. Xem chi tiết từng mô hình: /tonghop chitiet")
	} else {
		b.WriteString("\nBảng đầy đủ: /xuat · chi tiết từng mô hình: /tonghop chitiet")
	}
	return b.String()
}
