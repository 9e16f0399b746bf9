package messages

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// Caps of the one-message roll-up: the worst communes a phone can read at a glance;
// the file carries every one.
const (
	rollupRowsMax = 30
	rollupNameMax = 40
)

// RollupPeriod is the period a roll-up is for, as GroupRollupBrief takes it:
// "tuần 11/2024 (05/03–11/03)".
func RollupPeriod(s store.Summary) string {
	return PeriodName(s.Kind, s.CycleID, s.Start.In(loc(s)), s.End)
}

// GroupRollupBrief is the province's /tonghop as one message: the period, the
// province's own units (own), every commune group taken together, then the communes
// worst first (completion, late units, open blockers and their age, trend) as far as
// one message holds, and how to see one commune. title is the province group's name;
// period is PeriodName's text (RollupPeriod).
func GroupRollupBrief(title, period string, own store.GroupHeadline, rows []store.GroupHeadline) string {
	var head strings.Builder
	head.WriteString("📊 <b>TỔNG HỢP BÁO CÁO CÁC XÃ</b>\n")
	if t := strings.TrimSpace(title); t != "" {
		head.WriteString(E(shorten(dispName(t), briefNameMax)) + " · ")
	}
	head.WriteString(upperFirst(period) + "\n\n")
	if own.Expected > 0 || own.OpenBlockers > 0 {
		head.WriteString("🏛 <b>Đơn vị cấp tỉnh</b>: " + rollupFigures(own) + "\n")
	}
	head.WriteString(rollupTotal(rows) + "\n")

	sorted := worstFirst(rows)
	var foot strings.Builder
	if len(sorted) > 0 {
		foot.WriteString("\n<i>↑ ↓ →: so với kỳ trước.</i> Xem chi tiết một xã: <code>/tonghop &lt;mã xã&gt;</code>")
		if c := sorted[0].Group.Code; c != "" {
			fmt.Fprintf(&foot, ", ví dụ <code>/tonghop %s</code>", E(shorten(c, rollupNameMax)))
		}
	}

	var list strings.Builder
	if len(sorted) > 0 {
		list.WriteString("\n<b>Các xã, tỷ lệ thấp nhất trước</b>\n")
	}
	// Room left for the list: the limit less the head, the foot and the "… và N xã
	// khác" line, which is at most this long.
	more := func(n int) string { return fmt.Sprintf("… và %d xã khác (bảng đầy đủ: /xuat)\n", n) }
	budget := MaxMessage - visibleWidth(head.String()) - visibleWidth(foot.String()) - visibleWidth(list.String()) - visibleWidth(more(len(rows))) - 8
	shown := 0
	for i, h := range sorted {
		line := rollupLine(i+1, h) + "\n"
		w := visibleWidth(line)
		if i == rollupRowsMax || w > budget {
			break
		}
		budget -= w
		list.WriteString(line)
		shown++
	}
	if shown < len(sorted) {
		list.WriteString(more(len(sorted) - shown))
	}
	return strings.TrimRight(head.String()+list.String()+foot.String(), "\n")
}

// rollupTotal is every commune group taken together: units complete against units
// expected, late units, open blockers, and how many communes are complete.
func rollupTotal(rows []store.GroupHeadline) string {
	sum, full := communesTotal(rows)
	if len(rows) == 0 {
		return "🏘 Chưa có Tổ công tác cấp xã nào trực thuộc."
	}
	s := fmt.Sprintf("🏘 <b>%d xã</b>: %s/%s đơn vị báo cáo đủ (%d%%) · %d xã đạt 100%%", len(rows), count(sum.Complete), count(sum.Expected), Percent(sum.Rate()), full)
	if sum.Late > 0 {
		s += " · muộn " + count(sum.Late)
	}
	if sum.OpenBlockers > 0 {
		s += " · ⚠️ " + count(sum.OpenBlockers) + " vướng mắc"
	}
	return s
}

// communesTotal adds the commune groups' lines up (the oldest blocker is the oldest of
// all), and counts the communes whose every expected unit reported in full.
func communesTotal(rows []store.GroupHeadline) (sum store.GroupHeadline, full int) {
	for _, h := range rows {
		sum.Expected += h.Expected
		sum.Reported += h.Reported
		sum.Complete += h.Complete
		sum.Late += h.Late
		sum.OpenBlockers += h.OpenBlockers
		sum.OldestDays = max(sum.OldestDays, h.OldestDays)
		if h.Expected > 0 && h.Complete == h.Expected {
			full++
		}
	}
	return sum, full
}

// rollupLine is "3. <b>Xã Ngọc Lặc</b> <code>ngoclac</code>: 18/20 (90%) ↑ · muộn 2 · ⚠️ 3
// vướng mắc (lâu nhất 5 ngày làm việc)".
func rollupLine(n int, h store.GroupHeadline) string {
	return fmt.Sprintf("%d. <b>%s</b> <code>%s</code>: %s", n, E(shorten(GroupShortName(h.Group), rollupNameMax)),
		E(shorten(h.Group.Code, rollupNameMax)), rollupFigures(h))
}

// rollupFigures is "18/20 (90%) ↑ · muộn 2 · ⚠️ 3 vướng mắc (lâu nhất 5 ngày làm việc)".
func rollupFigures(h store.GroupHeadline) string {
	if h.Expected == 0 {
		s := "chưa có đơn vị phải báo cáo"
		if h.OpenBlockers > 0 {
			s += " · " + blockerFigures(h)
		}
		return s
	}
	s := fmt.Sprintf("%d/%d (%d%%)", h.Complete, h.Expected, Percent(h.Rate()))
	if a := TrendArrow(h); a != "" {
		s += " " + a
	}
	if h.Late > 0 {
		s += fmt.Sprintf(" · muộn %d", h.Late)
	}
	if h.OpenBlockers > 0 {
		s += " · " + blockerFigures(h)
	}
	return s
}

func blockerFigures(h store.GroupHeadline) string {
	return fmt.Sprintf("⚠️ %d vướng mắc (%s)", h.OpenBlockers, OldestBlockerAge(h.OldestDays))
}

// OldestBlockerAge is "lâu nhất 5 ngày làm việc".
func OldestBlockerAge(days int) string {
	if days < 1 {
		return "chưa quá 1 ngày làm việc"
	}
	return fmt.Sprintf("lâu nhất %d ngày làm việc", days)
}

// count is a whole number the Vietnamese way: "13.731".
func count(n int) string { return Number(float64(n)) }

// Percent is a rate (0–1) in whole percent, as every roll-up view shows it; halves
// round up (23/40 is 58%, though 0.575·100 is a hair under 57.5 in floating point).
func Percent(rate float64) int { return int(math.Round(rate*100 + 1e-9)) }

// TrendArrow compares a group's completion with its previous cycle's, in the whole
// percents the reader sees: "↑", "↓" or "→"; "" without a previous cycle or with
// nothing expected.
func TrendArrow(h store.GroupHeadline) string {
	if len(h.Trend) == 0 || h.Expected == 0 {
		return ""
	}
	now, prev := Percent(h.Rate()), Percent(h.Trend[len(h.Trend)-1])
	switch {
	case now > prev:
		return "↑"
	case now < prev:
		return "↓"
	}
	return "→"
}

// groupNamePrefixes are the words every group's name starts with, dropped in lists.
var groupNamePrefixes = []string{"Tổ công tác Đề án 06 cấp xã", "Tổ công tác Đề án 06", "Tổ công tác"}

// GroupShortName is a group's name as a list shows it: "Tổ công tác Đề án 06 xã Ngọc
// Lặc" → "Xã Ngọc Lặc"; the code when the name says nothing more.
func GroupShortName(g store.Group) string {
	name := strings.TrimSpace(lineBreaks.Replace(g.Name))
	for _, p := range groupNamePrefixes {
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			name = strings.TrimLeft(name[len(p):], " -–:")
			break
		}
	}
	if name == "" {
		return g.Code
	}
	return upperFirst(name)
}

// worstFirst orders commune groups for a roll-up: lowest completion first, then more
// open blockers, older blockers, more late units; groups expecting nobody last.
func worstFirst(rows []store.GroupHeadline) []store.GroupHeadline {
	out := append([]store.GroupHeadline(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Expected == 0) != (b.Expected == 0) {
			return b.Expected == 0
		}
		if ra, rb := a.Rate(), b.Rate(); ra != rb {
			return ra < rb
		}
		if a.OpenBlockers != b.OpenBlockers {
			return a.OpenBlockers > b.OpenBlockers
		}
		if a.OldestDays != b.OldestDays {
			return a.OldestDays > b.OldestDays
		}
		if a.Late != b.Late {
			return a.Late > b.Late
		}
		return a.Group.Code < b.Group.Code
	})
	return out
}

// visibleWidth is how much of Telegram's limit an HTML text takes (see Split).
func visibleWidth(html string) int {
	w := 0
	for _, t := range tokenize(html) {
		w += t.width
	}
	return w
}
