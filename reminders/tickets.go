package reminders

import (
	"context"
	"errors"
	"time"

	"github.com/tocongtac/tocongtac/messages"
	"github.com/tocongtac/tocongtac/store"
	"github.com/tocongtac/tocongtac/store/workgroup"
)

// TicketViews are the open blockers with their age at now and who took each up.
func TicketViews(ctx context.Context, tx *store.Tx, plan store.Plan, now time.Time) ([]messages.TicketView, error) {
	ts, err := tx.OpenTickets(ctx)
	if err != nil {
		return nil, err
	}
	w := workgroup.NewWorkdays(plan)
	out := make([]messages.TicketView, 0, len(ts))
	for _, t := range ts {
		v := messages.TicketView{Ticket: t, Age: workgroup.Age(t, now, w, plan)}
		if u, ok := plan.Unit(t.Unit); ok {
			v.UnitName = u.Name
		}
		if t.AcknowledgedBy != 0 {
			u, err := tx.FindUser(ctx, t.AcknowledgedBy)
			switch {
			case errors.Is(err, store.ErrNotFound):
				v.Owner = messages.UnknownPerson(t.AcknowledgedBy)
			case err != nil:
				return nil, err
			default:
				v.Owner = messages.Person(u)
			}
		}
		out = append(out, v)
	}
	return out, nil
}
