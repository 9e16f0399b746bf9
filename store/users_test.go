package store

import (
	"context"
	"testing"
	"time"
)

// SaveUser records a new name at once, but refreshes seen_at only once it is an hour
// old: a message from a known person with the same names writes nothing.
func TestSaveUserWritesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	start := time.Date(2024, 3, 11, 9, 0, 0, 0, time.UTC)
	now := start
	db.Now = func() time.Time { return now }
	save := func(u User) {
		t.Helper()
		if err := db.Update(ctx, func(tx *Tx) error { return tx.SaveUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	seen := func() (User, time.Time) {
		t.Helper()
		var u User
		var at int64
		err := db.View(ctx, func(tx *Tx) error {
			return tx.queryRow(ctx, `SELECT first_name, last_name, username, seen_at FROM users WHERE id = 7`).
				Scan(&u.FirstName, &u.LastName, &u.Username, &at)
		})
		if err != nil {
			t.Fatal(err)
		}
		return u, fromUnix(at)
	}
	an := User{ID: 7, FirstName: "An", LastName: "Nguyễn", Username: "an"}
	save(an)
	now = start.Add(59 * time.Minute)
	save(an)
	if u, at := seen(); u != (User{FirstName: "An", LastName: "Nguyễn", Username: "an"}) || !at.Equal(start) {
		t.Errorf("within the hour: %+v seen %v, want the first sighting %v", u, at, start)
	}
	renamed := an
	renamed.LastName, renamed.Username = "Trần", ""
	save(renamed)
	if u, at := seen(); u.LastName != "Trần" || u.Username != "" || !at.Equal(now) {
		t.Errorf("renamed: %+v seen %v, want the new names seen %v", u, at, now)
	}
	renamedAt := now
	now = renamedAt.Add(time.Hour)
	save(renamed)
	if _, at := seen(); !at.Equal(now) {
		t.Errorf("an hour later: seen %v, want %v", at, now)
	}
}
