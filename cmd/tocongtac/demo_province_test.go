package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoProvinceScript plays examples/demo-province.txt on the folder of plans
// examples/thanhhoa-2025 (what the README's "How a province starts" shows): a commune
// focal point reports, the commune's and the province's admins ask /tonghop, the province
// drills down, someone serving two groups is asked which, and Monday's reminders go out
// per group.
func TestDemoProvinceScript(t *testing.T) {
	out := playDemo(t, []string{"--plan", filepath.Join("..", "..", "examples", "thanhhoa-2025"),
		"--script", filepath.Join("..", "..", "examples", "demo-province.txt")}, "")
	t.Logf("transcript:\n%s", out)
	for _, bad := range []string{"bị Telegram từ chối", "chưa xử lý xong", "Xin lỗi, đã có lỗi", "chưa hiểu", "Nút này đã cũ", "gán đầu mối trực tiếp", "⚠ "} {
		if strings.Contains(out, bad) {
			t.Errorf("transcript reports a failure: %q", bad)
		}
	}
	if !strings.Contains(out, "7 Tổ công tác: thanhhoa") || !strings.Contains(out, "09:00 thứ Bảy 18/10/2025") {
		t.Errorf("banner does not list the province's groups or start in October 2025:\n%s", out[:min(len(out), 600)])
	}
	all := steps(out)

	t.Run("commune admin invites, focal point reports", func(t *testing.T) {
		if got := nth(t, all, "/la ngoclac quantri", 1); !strings.Contains(got, "cán bộ CAX · ngoclac") || !strings.Contains(got, "Tổ công tác Đề án 06 xã Ngọc Lặc") {
			t.Errorf("/la ngoclac quantri did not make the commune's admin:\n%s", got)
		}
		if got := botSaid(nth(t, all, "/moi VP", 1)); !strings.Contains(got, "https://t.me/") {
			t.Errorf("the commune admin's /moi VP gave no link:\n%s", got)
		}
		got := botSaid(nth(t, all, `MH29 xong\nMH31: dang trien khai 70%\nMH36 vuong mac: thieu may scan`, 1))
		for _, want := range []string{"Văn phòng HĐND và UBND xã (VP)", "tuần 43/2025", "MH29: Hoàn thành", "MH31: Đang triển khai 70%", "MH36: Vướng mắc"} {
			if !strings.Contains(got, want) {
				t.Errorf("report confirmation lacks %q:\n%s", want, got)
			}
		}
	})

	t.Run("commune summary", func(t *testing.T) {
		got := botSaid(nth(t, all, "/tonghop", 1))
		if !strings.Contains(got, "TỔNG HỢP BÁO CÁO TUẦN 43/2025") || !strings.Contains(got, "1/13") || !strings.Contains(got, "MH36: thieu may scan") {
			t.Errorf("the commune's /tonghop is not its own week summary:\n%s", got)
		}
		if strings.Contains(got, "CÁC XÃ") || strings.Contains(got, "thanhhoa") {
			t.Errorf("the commune's admin sees the province:\n%s", got)
		}
	})

	t.Run("two groups: asked which", func(t *testing.T) {
		got := botSaid(nth(t, all, "MH1: dang trien khai 75%", 1))
		if !strings.Contains(got, "Tổ nào") || !strings.Contains(got, "[1] Tổ công tác Đề án 06 tỉnh Thanh Hóa") || !strings.Contains(got, "[2] Tổ công tác Đề án 06 xã Ngọc Lặc") {
			t.Errorf("someone serving two groups was not asked which, with one button each:\n%s", got)
		}
		got = botSaid(nth(t, all, "[1]", 1))
		if !strings.Contains(got, "UBND xã Ngọc Lặc (X-NGOCLAC)") || !strings.Contains(got, "MH1: Đang triển khai 75%") {
			t.Errorf("the kept report was not recorded for the province's unit X-NGOCLAC:\n%s", got)
		}
	})

	t.Run("province roll-up and drill-down", func(t *testing.T) {
		got := botSaid(nth(t, all, "/tonghop", 2))
		for _, want := range []string{"TỔNG HỢP BÁO CÁO CÁC XÃ", "6 xã", "1. Xã Ngọc Lặc ngoclac", "⚠️ 1 vướng mắc", "/tonghop ngoclac"} {
			if !strings.Contains(got, want) {
				t.Errorf("roll-up lacks %q:\n%s", want, got)
			}
		}
		got = botSaid(nth(t, all, "/tonghop ngoclac", 1))
		if !strings.HasPrefix(got, "🤖 Tổ công tác Đề án 06 xã Ngọc Lặc") || !strings.Contains(got, "1/13") || !strings.Contains(got, "MH36") {
			t.Errorf("drill-down is not Ngọc Lặc's own summary:\n%s", got)
		}
	})

	t.Run("monday reminders per group", func(t *testing.T) {
		got := nth(t, all, "/gio 2025-10-20 07:30", 1)
		line := got[strings.Index(got, "⏰ 07:30 thứ Hai 20/10"):]
		line = strings.SplitN(line, "\n", 2)[0]
		for _, want := range []string{"nhắc báo cáo tuần (7 Tổ)", "3 người", "đầu mối VP · ngoclac", "đầu mối SYT · thanhhoa", "đầu mối VP · thachlap"} {
			if !strings.Contains(line, want) {
				t.Errorf("Monday 07:30 line lacks %q: %s", want, line)
			}
		}
		got = botSaid(nth(t, all, "/la ngoclac VP", 3))
		prov, commune := strings.Index(got, "Tổ công tác Đề án 06 tỉnh Thanh Hóa\n   UBND xã Ngọc Lặc còn 13"), strings.Index(got, "Tổ công tác Đề án 06 xã Ngọc Lặc\n   Văn phòng HĐND và UBND xã còn 5")
		if strings.Count(got, "Nhắc báo cáo tuần 43/2025") != 2 || prov < 0 || commune < 0 {
			t.Errorf("the person serving two groups did not get one reminder per group, each naming its group:\n%s", got)
		}
		if got := botSaid(nth(t, all, "/la thachlap VP", 2)); strings.Count(got, "Nhắc báo cáo") != 1 || !strings.Contains(got, "Tổ công tác Đề án 06 xã Thạch Lập") {
			t.Errorf("Thạch Lập's focal point did not get its group's reminder:\n%s", got)
		}
	})
}

// TestDemoGroupsLa: /la across groups picks a unique unit code, asks for the group when
// several groups have it, and explains a group code given alone.
func TestDemoGroupsLa(t *testing.T) {
	out := playDemo(t, []string{"--plan", filepath.Join("..", "..", "examples", "thanhhoa-2025")},
		"/la VP\n/la ngoclac\n/la NOPE\n/la X-KIENTHO\n/la quantri\n/nhom\n")
	for _, want := range []string{
		"Đơn vị VP có ở 6 Tổ: kientho, minhson, ngoclac, ngoclien, nguyetan, thachlap",
		"/la ngoclac quantri để làm cán bộ Cơ quan thường trực",
		`Không Tổ công tác nào có đơn vị "NOPE"`,
		"— Bây giờ anh/chị là đầu mối X-KIENTHO · thanhhoa (UBND xã Kiên Thọ) —",
		"— Bây giờ anh/chị là cán bộ CAT · thanhhoa —",
		"— Nhóm «Tổ công tác Đề án 06 tỉnh Thanh Hóa»: anh/chị nói với tư cách cán bộ CAT · thanhhoa —",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
}
