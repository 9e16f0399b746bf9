package storetest

import (
	"fmt"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// The province scale of issue 17: a province working group over 166 commune groups, each
// with 20 units and 22 models. Benchmarks build it; the reminders benchmarks add a year of
// reports. Changing the generated plans changes their cached datasets: bump provVersion
// in reminders/province_bench_test.go.
const (
	ProvinceCommunes = 166
	CommuneUnits     = 20
	ProvinceModels   = 22
)

// ProvincePlans are the plan files of communes commune groups, under a province group
// (code "tinh", listed first) when withProvince.
func ProvincePlans(communes int, withProvince bool) ([]store.GroupPlanFile, error) {
	var files []store.GroupPlanFile
	add := func(yaml []byte) error {
		p, err := store.ParsePlan(yaml)
		if err != nil {
			return err
		}
		wg := p.WorkingGroup
		files = append(files, store.GroupPlanFile{Code: wg.Code, Name: wg.Name, Parent: wg.Parent, Plan: p, YAML: yaml})
		return nil
	}
	parent := ""
	if withProvince {
		parent = "tinh"
		if err := add(provincePlanYAML(communes)); err != nil {
			return nil, err
		}
	}
	for i := 1; i <= communes; i++ {
		if err := add(communePlanYAML(i, parent)); err != nil {
			return nil, err
		}
	}
	return files, nil
}

const provReporting = `reporting:
  weekly:  {due: monday, remind: ["30 7 * * MON", "0 14 * * MON"], escalate: "0 8 * * TUE", summary: "0 8 * * TUE"}
  monthly: {cutoff_day: 14, remind_before: [4, 1], remind_at: "08:00", escalate: "0 8 15 * *", summary: "0 9 15 * *"}
  holidays: [2025-01-01, 2025-01-27, 2025-01-28, 2025-01-29, 2025-01-30, 2025-01-31, 2025-04-30, 2025-05-01, 2025-05-02, 2025-09-01, 2025-09-02]
`

// communeUnits are a commune's 20 units: its offices (tag xa), health station (yte),
// schools (truong) and eleven village heads (thon).
func communeUnits() []string {
	us := []string{
		"{code: CAX, name: Công an xã, tags: [xa]}",
		"{code: VP, name: Văn phòng HĐND và UBND xã, tags: [xa]}",
		"{code: KT, name: Phòng Kinh tế, tags: [xa]}",
		"{code: VHXH, name: Phòng Văn hóa - Xã hội, tags: [xa]}",
		"{code: TTHCC, name: Trung tâm phục vụ hành chính công xã, tags: [xa]}",
		"{code: TYT, name: Trạm Y tế xã, tags: [yte]}",
		"{code: THCS, name: Trường THCS, tags: [truong]}",
		"{code: TH, name: Trường Tiểu học, tags: [truong]}",
		"{code: MN, name: Trường Mầm non, tags: [truong]}",
	}
	for v := 1; len(us) < CommuneUnits; v++ {
		us = append(us, fmt.Sprintf("{code: T%02d, name: Thôn số %d, tags: [thon]}", v, v))
	}
	return us
}

var communeOffices = []string{"CAX", "VP", "KT", "VHXH", "TTHCC"}

// communePlanYAML is commune i's plan: each model led by an office and supported by the
// villages (half of them), the offices, or the schools and health station.
func communePlanYAML(i int, parent string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "working_group:\n  code: xa-%03d\n  name: Tổ công tác Đề án 06 xã số %d\n", i, i)
	if parent != "" {
		fmt.Fprintf(&b, "  parent: %s\n", parent)
	}
	fmt.Fprintf(&b, "title: Kế hoạch triển khai Đề án 06 trên địa bàn xã số %d năm 2025\ntimezone: Asia/Ho_Chi_Minh\nstanding_office: CAX\nunits:\n", i)
	for _, u := range communeUnits() {
		b.WriteString("  - " + u + "\n")
	}
	b.WriteString("models:\n")
	groups := []string{"I", "II", "III", "IV", "V"}
	for m := 1; m <= ProvinceModels; m++ {
		support := `["@thon"]`
		switch m % 4 {
		case 0:
			support = `["@truong", "@yte"]`
		case 1:
			support = `["@xa"]`
		}
		fmt.Fprintf(&b, "  - {number: %d, group: %s, title: \"Mô hình số %d của Đề án 06 cấp xã\", lead: [%s], support: %s, deadline: \"Quý II/2026\", due: 2026-06-30}\n",
			m, groups[(m-1)*5/ProvinceModels], m, communeOffices[m%len(communeOffices)], support)
	}
	b.WriteString(provReporting)
	return []byte(b.String())
}

// provincePlanYAML is the province's own plan: Công an tỉnh and 19 departments, and the
// communes' people's committees, which support half of the models.
func provincePlanYAML(communes int) []byte {
	var b strings.Builder
	b.WriteString("working_group:\n  code: tinh\n  name: Tổ công tác Đề án 06 tỉnh\n")
	b.WriteString("title: Kế hoạch triển khai Đề án 06 trên địa bàn tỉnh năm 2025\ntimezone: Asia/Ho_Chi_Minh\nstanding_office: CAT\nunits:\n")
	b.WriteString("  - {code: CAT, name: Công an tỉnh, tags: [so]}\n")
	for i := 1; i < CommuneUnits; i++ {
		fmt.Fprintf(&b, "  - {code: S%02d, name: Sở ngành số %d, tags: [so]}\n", i, i)
	}
	for i := 1; i <= communes; i++ {
		fmt.Fprintf(&b, "  - {code: X%03d, name: UBND xã số %d, tags: [xa]}\n", i, i)
	}
	b.WriteString("models:\n")
	for m := 1; m <= ProvinceModels; m++ {
		support := `["@so"]`
		if m%2 == 0 {
			support = `["@xa"]`
		}
		fmt.Fprintf(&b, "  - {number: %d, group: I, title: \"Mô hình số %d của Đề án 06 cấp tỉnh\", lead: [S%02d], support: %s, deadline: \"Quý II/2026\", due: 2026-06-30}\n",
			m, m, 1+m%(CommuneUnits-1), support)
	}
	b.WriteString(provReporting)
	return []byte(b.String())
}
