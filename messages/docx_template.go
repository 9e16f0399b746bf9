package messages

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed templates/baocao.yaml
var defaultReportTemplate []byte

// DefaultReportTemplateYAML is the embedded wording of the official report, as written:
// the starting point for an office's own template.
func DefaultReportTemplateYAML() []byte { return bytes.Clone(defaultReportTemplate) }

// ReportTemplate is the editable wording of the official report (templates/baocao.yaml).
// Texts may hold {placeholders}; see ReportPlaceholders.
type ReportTemplate struct {
	Superior     string   `yaml:"co_quan_cap_tren"`
	Issuer       string   `yaml:"co_quan"`
	Number       string   `yaml:"so_ky_hieu"`
	Place        string   `yaml:"dia_danh"`
	Subject      string   `yaml:"trich_yeu"`
	Opening      []string `yaml:"mo_dau"`
	Results      string   `yaml:"ket_qua"`
	Overview     []string `yaml:"tong_quan"`
	TableIntro   string   `yaml:"bang_ket_qua"`
	Blockers     string   `yaml:"vuong_mac"`
	NoBlockers   string   `yaml:"khong_vuong_mac"`
	Proposals    []string `yaml:"de_xuat"`
	Tasks        string   `yaml:"nhiem_vu"`
	GeneralTasks []string `yaml:"nhiem_vu_chung"`
	Closing      string   `yaml:"ket_thuc"`
	Recipients   []string `yaml:"noi_nhan"`
	SignerTitle  []string `yaml:"chuc_vu"`
	SignerName   string   `yaml:"nguoi_ky"`
}

// ReportPlaceholders are the names a template may use in braces.
var ReportPlaceholders = []string{"ky", "tu_ngay", "den_ngay", "ngay", "thang", "nam", "dia_danh", "ke_hoach",
	"da_bao_cao", "phai_bao_cao", "dung_han", "muon", "chua_bao_cao", "hoan_thanh", "tong_mo_hinh", "qua_han", "vuong_mac"}

var placeholderRE = regexp.MustCompile(`\{([^{}\s]*)\}`)

// DefaultReportTemplate is the embedded template; a test keeps it valid.
func DefaultReportTemplate() ReportTemplate {
	t, err := ParseReportTemplate(defaultReportTemplate)
	if err != nil {
		panic("messages: embedded report template: " + err.Error())
	}
	return t
}

// ParseReportTemplate reads a template. Unknown keys and unknown {placeholders} are
// refused with their line, in Vietnamese, so a typo never reaches the province.
func ParseReportTemplate(data []byte) (ReportTemplate, error) {
	var t ReportTemplate
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("mẫu báo cáo không đọc được: %v", err)
	}
	known := map[string]bool{}
	for _, p := range ReportPlaceholders {
		known[p] = true
	}
	var bad []string
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, m := range placeholderRE.FindAllStringSubmatch(line, -1) {
			if !known[m[1]] {
				bad = append(bad, fmt.Sprintf("dòng %d: {%s}", i+1, m[1]))
			}
		}
	}
	if len(bad) > 0 {
		names := append([]string(nil), ReportPlaceholders...)
		sort.Strings(names)
		return t, fmt.Errorf("mẫu báo cáo có chỗ thay thế không hợp lệ: %s (dùng được: {%s})",
			strings.Join(bad, ", "), strings.Join(names, "}, {"))
	}
	return t, nil
}
