package messages

import (
	"fmt"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// IndicatorFigure is a recorded number as a confirmation shows it: "45/53 dịch vụ", "80%".
func IndicatorFigure(in store.Indicator, v float64) string {
	if in.IsPercent() || in.Target <= 0 {
		return withUnit(v, in.Unit)
	}
	return Number(v) + "/" + withUnit(in.Target, in.Unit)
}

// IndicatorPrompt asks the guided flow for the number of a model with indicators, and
// the optional note after it (sent with ForceReply).
func IndicatorPrompt(m store.Model, s store.Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🔢 Số liệu MH%d (%s):\n", m.Number, StatusLabel(s))
	for _, in := range m.Indicators {
		b.WriteString("• ")
		if len(m.Indicators) > 1 && in.Key != "" {
			b.WriteString("<code>" + E(in.Key) + "</code> – ")
		}
		fmt.Fprintf(&b, "%s: kế hoạch %s\n", E(in.Name), E(withUnit(in.Target, in.Unit)))
	}
	in := m.Indicators[0]
	ex := example(in)
	if len(m.Indicators) > 1 && in.Key != "" {
		ex = in.Key + " " + ex
	}
	fmt.Fprintf(&b, "Vui lòng trả lời tin nhắn này bằng con số, ví dụ: <code>%s</code>; ghi chú (nếu có) viết sau dấu «-». Gửi «-» nếu chưa có số liệu.", E(ex))
	return b.String()
}
