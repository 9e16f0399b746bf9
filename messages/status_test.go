package messages

import (
	"testing"

	"github.com/tocongtac/tocongtac/store"
)

func TestStatusLabelAndIcon(t *testing.T) {
	for _, c := range []struct {
		s           store.Status
		label, icon string
	}{
		{store.StatusDone, "Hoàn thành", "✅"},
		{store.StatusInProgress, "Đang triển khai", "🔄"},
		{store.StatusNotStarted, "Chưa triển khai", "⏳"},
		{store.StatusBlocked, "Vướng mắc", "⚠️"},
		{"", "Chưa báo cáo", "▫️"},
		{"bogus", "Chưa báo cáo", "▫️"},
	} {
		if got := StatusLabel(c.s); got != c.label {
			t.Errorf("StatusLabel(%q) = %q, want %q", c.s, got, c.label)
		}
		if got := StatusIcon(c.s); got != c.icon {
			t.Errorf("StatusIcon(%q) = %q, want %q", c.s, got, c.icon)
		}
	}
}

func TestStatusLine(t *testing.T) {
	for _, c := range []struct {
		model   int
		s       store.Status
		percent int
		note    string
		want    string
	}{
		{9, store.StatusDone, -1, "", "MH9: Hoàn thành"},
		{6, store.StatusInProgress, 70, "đã lắp 3/5 đầu đọc", "MH6: Đang triển khai 70% – đã lắp 3/5 đầu đọc"},
		{3, store.StatusNotStarted, 0, "", "MH3: Chưa triển khai 0%"},
		{18, store.StatusBlocked, -1, "chưa có camera <AI>", "MH18: Vướng mắc – chưa có camera <AI>"},
		{18, store.StatusBlocked, -1, "  dòng 1\r\ndòng 2\n", "MH18: Vướng mắc – dòng 1 dòng 2"},
		{5, store.StatusDone, 150, "", "MH5: Hoàn thành"},     // out-of-range percent left out
		{5, "", 40, "ghi chú", "MH5: Chưa báo cáo – ghi chú"}, // no status: no percent
	} {
		if got := StatusLine(c.model, c.s, c.percent, c.note); got != c.want {
			t.Errorf("StatusLine(%d, %q, %d, %q) = %q, want %q", c.model, c.s, c.percent, c.note, got, c.want)
		}
	}
}
