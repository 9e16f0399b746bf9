package messages

// The glossary: one word for each thing, everywhere a user reads it. glossary_test.go
// refuses the words these replace.
const (
	TermFocal   = "đầu mối"          // a unit's focal point
	TermDeputy  = "đầu mối dự phòng" // not "người thay thế" or "phó đầu mối": "thay thế" also means replace
	TermUnit    = "đơn vị"
	TermModel   = "mô hình"
	TermCycle   = "kỳ báo cáo"
	TermBlocker = "vướng mắc"
	TermCancel  = "Hủy" // not "Huỷ"
)
