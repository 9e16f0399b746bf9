package messages

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// Number formats a number the Vietnamese way: "12.345", "92,5".
func Number(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	r := math.Round(v*10) / 10
	whole := int64(r)
	s := strconv.FormatInt(whole, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if frac := int64(math.Round((r - float64(whole)) * 10)); frac > 0 {
		s += "," + strconv.FormatInt(frac, 10)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// withUnit is "45 dịch vụ" or "80%".
func withUnit(v float64, unit string) string {
	if strings.TrimSpace(unit) == store.PercentUnit {
		return Number(v) + "%"
	}
	return Number(v) + " " + unit
}

// IndicatorResult is the roll-up's figure against its goal in words:
// "39/53 dịch vụ (73,6%)", "80%/100%", "50% đơn vị đạt 100%".
func IndicatorResult(r store.IndicatorRollup) string {
	if !r.Has {
		return "chưa có số liệu"
	}
	in := r.Indicator
	switch {
	case in.Rollup == store.RollupShare:
		return fmt.Sprintf("%s%% đơn vị đạt %s (%d/%d đơn vị)", Number(r.Value), withUnit(in.Target, in.Unit),
			metCount(r), len(r.Values))
	case in.IsPercent():
		return fmt.Sprintf("%s/%s", withUnit(r.Value, in.Unit), withUnit(r.Goal, in.Unit))
	}
	return fmt.Sprintf("%s/%s (%s%%)", Number(r.Value), withUnit(r.Goal, in.Unit), Number(r.Percent))
}

func metCount(r store.IndicatorRollup) int {
	n := 0
	for _, v := range r.Values {
		if v.Met {
			n++
		}
	}
	return n
}

// IndicatorTrend is the change against the previous cycle: "tăng 9 dịch vụ so với kỳ
// trước", "giảm 2%", "không đổi", or "" when either cycle has no figure.
func IndicatorTrend(r store.IndicatorRollup) string {
	if !r.Has || !r.HasPrev {
		return ""
	}
	unit := r.Indicator.Unit
	if r.Indicator.Rollup == store.RollupShare {
		unit = store.PercentUnit
	}
	switch {
	case math.Abs(r.Delta) < 0.05:
		return "không đổi so với kỳ trước"
	case r.Delta > 0:
		return "tăng " + withUnit(r.Delta, unit) + " so với kỳ trước"
	}
	return "giảm " + withUnit(-r.Delta, unit) + " so với kỳ trước"
}

func trendIcon(r store.IndicatorRollup) string {
	switch {
	case !r.Has || !r.HasPrev:
		return ""
	case r.Delta > 0.05:
		return "📈 "
	case r.Delta < -0.05:
		return "📉 "
	}
	return "➖ "
}

// IndicatorSection is the indicators' part of /tonghop (Telegram HTML), "" when the plan
// has no indicators. It goes after the summary's header lines.
func IndicatorSection(rolls []store.IndicatorRollup) string {
	if len(rolls) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<b>KẾT QUẢ THỰC HIỆN CHỈ TIÊU</b>\n")
	for _, r := range rolls {
		icon := "⬜"
		switch {
		case r.Met:
			icon = "✅"
		case r.Has:
			icon = "🔄"
		}
		fmt.Fprintf(&b, "%s MH%d – %s: <b>%s</b>", icon, r.Model.Number, E(r.Indicator.Name), E(IndicatorResult(r)))
		if t := IndicatorTrend(r); t != "" {
			b.WriteString("; " + trendIcon(r) + E(t))
		}
		if r.Has && r.Expected > 0 {
			fmt.Fprintf(&b, " <i>(%d/%d đơn vị chủ trì có số liệu)</i>", len(r.Values), r.Expected)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// IndicatorRefusal is the polite answer to a number that cannot be recorded. written is
// the unit of measure as the user wrote it (for a wrong unit), of the "/53" they wrote.
func IndicatorRefusal(m store.Model, in store.Indicator, p store.ValueProblem, value, of float64, written string) string {
	model := m.Number
	name := fmt.Sprintf("MH%d", model)
	if in.Name != "" {
		name += " (" + in.Name + ")"
	}
	var why string
	switch p {
	case store.ValueNegative:
		why = "số liệu không thể là số âm."
	case store.ValueAboveTarget:
		why = fmt.Sprintf("số liệu %s vượt quá tổng số theo kế hoạch là %s.", Number(value), withUnit(in.Target, in.Unit))
	case store.ValueAbovePercent:
		why = "tỷ lệ không thể vượt quá 100%."
	case store.ValueWrongUnit:
		why = fmt.Sprintf("đơn vị tính «%s» không đúng; chỉ tiêu này tính bằng «%s».", written, in.Unit)
	case store.ValueWrongTarget:
		why = fmt.Sprintf("chỉ tiêu theo kế hoạch là %s, không phải %s.", withUnit(in.Target, in.Unit), Number(of))
	case store.ValueNoIndicator:
		return E(fmt.Sprintf("MH%d không có chỉ tiêu số liệu trong kế hoạch. Anh/chị vui lòng báo cáo tình trạng, ví dụ: MH%d: đang triển khai 60%%.", model, model))
	case store.ValueUnknownIndicator:
		var keys []string
		for _, k := range m.Indicators {
			keys = append(keys, k.Key+" ("+k.Name+")")
		}
		key := "<mã>"
		if len(m.Indicators) > 0 {
			key = m.Indicators[0].Key
		}
		return E(fmt.Sprintf("MH%d có %d chỉ tiêu: %s. Anh/chị vui lòng ghi rõ mã chỉ tiêu, ví dụ: MH%d %s 80%%.",
			model, len(m.Indicators), strings.Join(keys, "; "), model, key))
	default:
		why = "số liệu không đọc được."
	}
	return E(fmt.Sprintf("Chưa ghi nhận số liệu %s: %s Anh/chị vui lòng kiểm tra và gửi lại, ví dụ: MH%d: %s.",
		name, why, model, example(in)))
}

// example is a correct reply for the indicator: "45/53", "80%".
func example(in store.Indicator) string {
	if in.IsPercent() || in.Target <= 0 {
		return "80%"
	}
	return Number(math.Floor(in.Target*0.8)) + "/" + Number(in.Target)
}
