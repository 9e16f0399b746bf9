package workgroup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tocongtac/tocongtac/store"
)

// MaxAbsenceDays bounds one absence, so a typo in the year does not silence a unit for ever.
const MaxAbsenceDays = 366

// maxAbsenceReason is how many characters of a reason are kept.
const maxAbsenceReason = 200

// ErrAbsenceRange: the days do not make an absence (the end before the start or already
// past, MaxAbsenceDays or longer, or not a day at all).
var ErrAbsenceRange = errors.New("workgroup: not a valid absence range")

// Cover is who reports for a unit while its focal point is away.
type Cover struct {
	Unit   store.Unit
	Deputy int64 // the deputy who now gets the reminders; 0: nobody covers
}

// Declared is what DeclareAbsence recorded.
type Declared struct {
	From, To string // yyyy-mm-dd
	Reason   string // as kept (cut to 200 characters)
	// Covers has one entry per unit where the user is the focal point, in unit order;
	// units where they are only the deputy need no cover.
	Covers []Cover
}

// DeclareAbsence records that userID is away from every unit they serve from day from
// to day to (yyyy-mm-dd, in the plan's timezone, both included). It returns
// ErrAbsenceRange for days that make no absence and ErrNotServing if the user serves
// no unit.
func DeclareAbsence(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64, from, to, reason string,
	now time.Time) (Declared, error) {
	tf, errFrom := time.Parse(time.DateOnly, from)
	tt, errTo := time.Parse(time.DateOnly, to)
	today := store.DayOf(now, plan.Location())
	if errFrom != nil || errTo != nil || to < from || to < today || tt.Sub(tf) >= MaxAbsenceDays*24*time.Hour {
		return Declared{}, ErrAbsenceRange
	}
	if r := []rune(reason); len(r) > maxAbsenceReason {
		reason = string(r[:maxAbsenceReason])
	}
	units, err := ServedUnits(ctx, tx, plan, userID)
	if err != nil {
		return Declared{}, err
	}
	if len(units) == 0 {
		return Declared{}, ErrNotServing
	}
	d := Declared{From: from, To: to, Reason: reason}
	detail := fmt.Sprintf("from=%s to=%s", from, to)
	if reason != "" {
		detail += " note=" + reason
	}
	for _, u := range units {
		if _, err := tx.AddAbsence(ctx, store.Absence{Unit: u.Code, UserID: userID, FromDay: from, ToDay: to, Reason: reason}); err != nil {
			return Declared{}, err
		}
		if err := tx.Audit(ctx, userID, store.AuditAbsence, u.Code, userID, detail); err != nil {
			return Declared{}, err
		}
		seats, err := UnitSeats(ctx, tx, u.Code)
		if err != nil {
			return Declared{}, err
		}
		if deputy, needed := seats.CoverFor(userID); needed {
			d.Covers = append(d.Covers, Cover{Unit: u, Deputy: deputy})
		}
	}
	return d, nil
}

// Absences lists userID's absences that have not ended: the current and future ones.
func Absences(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64, now time.Time) ([]store.Absence, error) {
	return tx.UserAbsences(ctx, userID, store.DayOf(now, plan.Location()))
}

// CancelAbsences cancels all of userID's current and future absences and returns them
// (none: there was nothing to cancel).
func CancelAbsences(ctx context.Context, tx *store.Tx, plan store.Plan, userID int64, now time.Time) ([]store.Absence, error) {
	cancelled, err := tx.CancelAbsences(ctx, userID, "", store.DayOf(now, plan.Location()))
	if err != nil {
		return nil, err
	}
	for _, a := range cancelled {
		if err := tx.Audit(ctx, userID, store.AuditAbsenceCancel, a.Unit, userID,
			fmt.Sprintf("from=%s to=%s", a.FromDay, a.ToDay)); err != nil {
			return nil, err
		}
	}
	return cancelled, nil
}
