package store

import "time"

// CycleKind is the length of a reporting cycle.
type CycleKind string

// Kinds of reporting cycle (Decree 09/2019/NĐ-CP periods plus the plan's week).
const (
	KindWeek    CycleKind = "week"
	KindMonth   CycleKind = "month"
	KindQuarter CycleKind = "quarter"
	// Decree 09/2019/NĐ-CP Art. 12: 15/12 of the previous year to 14/06, and to 14/12.
	KindHalfYear CycleKind = "half_year"
	KindYear     CycleKind = "year"
)

// Cycle is one reporting period: reports received in [Start, End) belong to it; Due is the
// deadline (reports at or after Due are late). The calendar (package reminders) makes them.
type Cycle struct {
	Kind       CycleKind
	ID         string    // "2024-W11" (ISO week of the nominal due day), "2024-03", "2024-Q1", "2024-H1", "2024"
	Start, End time.Time // in the plan's location
	Due        time.Time
}

// Contains reports whether t falls in [Start, End).
func (cy Cycle) Contains(t time.Time) bool {
	return !t.Before(cy.Start) && t.Before(cy.End)
}

// Empty reports whether the cycle has no time in it. This happens only to a weekly cycle
// whose due day was pushed by holidays onto the next cycle's due day (Tết 2025): that
// week's reports are folded into the next cycle, so nothing is due for it.
func (cy Cycle) Empty() bool { return !cy.Start.Before(cy.End) }
