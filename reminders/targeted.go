package reminders

import (
	"context"
	"strings"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// RemindUnitsNow is RemindNow for some units only (/nhacnho with a unit code or a tag):
// those of them still missing a report are reminded.
func (s *Service) RemindUnitsNow(ctx context.Context, tx *store.Tx, kind Kind, now time.Time, units []store.Unit) (FanoutResult, Cycle, error) {
	cur := s.currentOf(tx)
	cy := cur.Cal.Of(kind, now)
	only := make(map[string]bool, len(units))
	codes := make([]string, 0, len(units))
	for _, u := range units {
		only[u.Code] = true
		codes = append(codes, u.Code)
	}
	key := "manual@" + now.In(cur.Cal.Location()).Format(time.RFC3339) + "/" + cy.ID + "/" + strings.Join(codes, ",")
	fresh, err := tx.RecordSlot(ctx, key, "manual-"+string(kind), cy.ID, now)
	if err != nil || !fresh {
		return FanoutResult{}, cy, err
	}
	res, err := s.fanOutTo(ctx, tx, cur, cy, key, now, false, only)
	return res, cy, err
}
