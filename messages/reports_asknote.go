package messages

import "fmt"

// BlockerNoteQuestion asks what the blocker of a "MH18 vướng mắc" line with no
// description is (sent with ForceReply); the blocker is recorded with the answer.
func BlockerNoteQuestion(model int) string {
	return fmt.Sprintf("✍️ MH%d: vướng mắc là gì? Vui lòng trả lời tin nhắn này bằng nội dung vướng mắc, ví dụ: chưa có camera AI ở ngã tư. "+
		"Vướng mắc được ghi nhận và chuyển tới Cơ quan thường trực khi có nội dung.", model)
}

// BlockerNotePlaceholder is the input hint of BlockerNoteQuestion.
func BlockerNotePlaceholder() string { return "Nội dung vướng mắc" }
