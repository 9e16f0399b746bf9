package store

// Group is a working group (tổ công tác): a province's or a commune's. Every row that
// belongs to a group carries its ID; a transaction works in one group at a time
// (Tx.In), so nothing of one group is read or written from another by accident.
type Group struct {
	ID     int64  // 1 is the group a database made before groups was migrated into
	Code   string // stable short name from the plan, e.g. "thanhhoa", "ngoclac"
	Name   string // e.g. "Tổ công tác Đề án 06 xã Ngọc Lặc"
	Parent int64  // 0 for a top-level group (a province)
}

// DefaultGroupCode names the group of a plan file without a working_group section, and
// the group a database made before groups became.
const DefaultGroupCode = "default"

// WorkingGroup is a plan's own description of its group: which group it is, whom it
// reports to, and who its standing-office admins are.
type WorkingGroup struct {
	Code   string  `yaml:"code"`
	Name   string  `yaml:"name"`
	Parent string  `yaml:"parent,omitempty"` // the parent group's code
	Admins []int64 `yaml:"admins,omitempty"` // Telegram user ids of the standing office
}

// GroupHeadline is one child group's line in its parent's roll-up: how it reported in a
// cycle and how that compares with the cycles before.
type GroupHeadline struct {
	Group        Group
	CycleID      string
	Expected     int       // units expected to report
	Reported     int       // of those, units that reported (complete or partial)
	Complete     int       // of those, units that reported every model
	Late         int       // units whose report came after the due time
	Missing      []string  // names of expected units with no report
	OpenBlockers int       // blockers open now
	OldestDays   int       // working days the oldest open blocker has been open
	Trend        []float64 // completion rates (0–1) of the previous cycles, oldest first
}

// Rate is the share of expected units that reported every model (0 when none expected).
func (h GroupHeadline) Rate() float64 {
	if h.Expected == 0 {
		return 0
	}
	return float64(h.Complete) / float64(h.Expected)
}
