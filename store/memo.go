package store

import (
	"slices"
	"strings"
)

// txMemo keeps, within one transaction, what one update asks for twice: a person's
// memberships (who the sender is, then which units they report for). A statement that
// may change them (a write naming members or units) forgets everything kept.
type txMemo struct {
	memberships map[[2]int64][]Membership // by group and user
}

// forget drops what q may change.
func (m *txMemo) forget(q string) {
	if m == nil || len(m.memberships) == 0 {
		return
	}
	q = strings.TrimSpace(q)
	if len(q) >= 6 && strings.EqualFold(q[:6], "SELECT") {
		return
	}
	if strings.Contains(q, "members") || strings.Contains(q, "units") {
		clear(m.memberships)
	}
}

func (m *txMemo) membershipsOf(group, user int64) ([]Membership, bool) {
	if m == nil {
		return nil, false
	}
	ms, ok := m.memberships[[2]int64{group, user}]
	return slices.Clone(ms), ok
}

func (m *txMemo) keepMemberships(group, user int64, ms []Membership) {
	if m == nil {
		return
	}
	if m.memberships == nil {
		m.memberships = map[[2]int64][]Membership{}
	}
	m.memberships[[2]int64{group, user}] = slices.Clone(ms)
}
