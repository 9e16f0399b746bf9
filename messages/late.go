package messages

import "github.com/tocongtac/tocongtac/store"

// LateWeekQuestion asks, just after a week's due day, which week a report with no
// period stated is for; nothing is recorded until a button is pressed.
func LateWeekQuestion(oldID, curID string) string {
	return "❓ Báo cáo này dành cho kỳ nào? Hạn báo cáo " + periodWords(store.CycleWeek, oldID) +
		" đã qua; từ nay báo cáo được tính cho " + periodWords(store.CycleWeek, curID) +
		".\nVui lòng chọn kỳ báo cáo (hoặc ghi rõ «tuần trước» trong tin nhắn)."
}

// LateWeekButton names a week on the question's buttons: «Tuần 11/2024 (đã quá hạn)».
func LateWeekButton(id string, overdue bool) string {
	s := upperFirst(periodWords(store.CycleWeek, id))
	if overdue {
		s += " (đã quá hạn)"
	}
	return s
}

// LateWeekChosen replaces the question once answered.
func LateWeekChosen(id string) string {
	return "✅ Ghi nhận cho " + periodWords(store.CycleWeek, id) + "."
}
