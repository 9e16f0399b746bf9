package messages

import "fmt"

import "github.com/tocongtac/tocongtac/store"

// PlanImported confirms `tocongtac plan import`.
func PlanImported(p store.Plan) string {
	return fmt.Sprintf("Đã nạp kế hoạch «%s»: %d đơn vị, %d mô hình. Bot đang chạy sẽ dùng kế hoạch mới trong vòng một phút; đầu mối và báo cáo của các đơn vị, mô hình còn trong kế hoạch được giữ nguyên.",
		p.Title, len(p.Units), len(p.Models))
}
