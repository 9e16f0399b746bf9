package messages

import (
	"fmt"
	"strings"

	"github.com/tocongtac/tocongtac/store"
)

// PlanGroupHeadline is one group's line in `plan check` of a folder: code, name, size,
// standing office and the group it reports to.
func PlanGroupHeadline(p store.Plan) string {
	wg := p.GroupOrDefault()
	so := p.StandingOffice
	if u, ok := p.Unit(so); ok {
		so = u.Name
	}
	line := fmt.Sprintf("[%s] %s: %d đơn vị, %d mô hình; thường trực: %s", wg.Code, wg.Name, len(p.Units), len(p.Models), so)
	if wg.Parent != "" {
		line += "; báo cáo lên: " + wg.Parent
	}
	return line
}

// PlanSetChecked closes `plan check` of a folder.
func PlanSetChecked(path string, groups int) string {
	return fmt.Sprintf("%s: %d tổ công tác, không có lỗi.", path, groups)
}

// PlanGroupImported confirms one group's plan of `plan import`.
func PlanGroupImported(code string, p store.Plan) string {
	return fmt.Sprintf("Tổ công tác %s: đã nạp kế hoạch «%s» (%d đơn vị, %d mô hình).", code, p.Title, len(p.Units), len(p.Models))
}

// PlanSetImported closes `plan import` of several groups.
func PlanSetImported(n int) string {
	return fmt.Sprintf("Đã nạp %d kế hoạch. Bot đang chạy sẽ dùng kế hoạch mới trong vòng một phút; đầu mối và báo cáo của các đơn vị, mô hình còn trong kế hoạch được giữ nguyên; tổ công tác không có trong thư mục được giữ như cũ.", n)
}

// CLIPlanSetHasProblems introduces the problems of a plan file or folder.
func CLIPlanSetHasProblems(pe *store.PlanError) string {
	return "kế hoạch chưa dùng được:\n" + PlanSetProblems(pe)
}

// CLIPickGroup asks which group to export when the database holds several.
func CLIPickGroup(codes []string) string {
	return fmt.Sprintf("cơ sở dữ liệu có %d tổ công tác (%s): ghi --group MÃ để in kế hoạch của một tổ, hoặc --out THƯ_MỤC để ghi kế hoạch của mỗi tổ vào một tệp",
		len(codes), strings.Join(codes, ", "))
}

// CLIUnknownGroup refuses a group code the database does not hold.
func CLIUnknownGroup(code string, codes []string) string {
	return fmt.Sprintf("không có tổ công tác %q; các tổ hiện có: %s", code, strings.Join(codes, ", "))
}

// CLIPlansExported confirms `plan export --out DIR`.
func CLIPlansExported(dir string, n int) string {
	return fmt.Sprintf("Đã ghi kế hoạch của %d tổ công tác vào thư mục %s (mỗi tổ một tệp; `tocongtac plan import %s` nạp lại).", n, dir, dir)
}
