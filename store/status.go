package store

// Status is the state a unit reports for a model.
type Status string

// The four statuses of the plan's reporting vocabulary.
const (
	StatusDone       Status = "done"        // Hoàn thành
	StatusInProgress Status = "in_progress" // Đang triển khai
	StatusNotStarted Status = "not_started" // Chưa triển khai
	StatusBlocked    Status = "blocked"     // Vướng mắc
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusDone, StatusInProgress, StatusNotStarted, StatusBlocked}

// Valid reports whether s is one of the four statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusDone, StatusInProgress, StatusNotStarted, StatusBlocked:
		return true
	}
	return false
}

// MaxNoteRunes is the longest note a report may carry; longer ones are refused whole.
const MaxNoteRunes = 1000
