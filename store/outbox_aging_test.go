package store

import (
	"context"
	"testing"
	"time"
)

// dueTexts are the texts of the messages DueMessages gives at now.
func dueTexts(t *testing.T, db *DB, now time.Time, limit int) []string {
	t.Helper()
	due, err := db.DueMessages(context.Background(), now, limit)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range due {
		out = append(out, m.Text)
	}
	return out
}

// Under a steady stream of people's answers, an admin's answer and a refusal still go
// once they have waited (they move up a class every agingStep); a reminder does not.
func TestDueMessagesAgeAnswersNotReminders(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	enqueue := func(at time.Time, chat int64, p Priority, text string) {
		db.Now = func() time.Time { return at }
		if err := db.Update(ctx, func(tx *Tx) error {
			_, _, err := tx.Enqueue(ctx, Outgoing{ChatID: chat, Priority: p, Text: text})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	enqueue(start, 1, PriorityAlert, "admin")
	enqueue(start, 2, PriorityStranger, "refusal")
	enqueue(start, 3, PriorityBulk, "reminder")
	for i := int64(0); i < 5; i++ {
		enqueue(start.Add(30*time.Second), 100+i, PriorityInteractive, "reply")
	}
	first := func(now time.Time) []string { return dueTexts(t, db, now, 3) }
	// 44 s: the admin's answer (class 1) is class 0 since 15 s, the refusal (3) only 1.
	if got := first(start.Add(44 * time.Second)); got[0] != "admin" || got[1] != "reply" || got[2] != "reply" {
		t.Errorf("after 44 s: %v, want the admin's answer, then replies", got)
	}
	// 45 s: the refusal is class 0 too, and older than the replies.
	if got := first(start.Add(45 * time.Second)); got[0] != "admin" || got[1] != "refusal" || got[2] != "reply" {
		t.Errorf("after 45 s: %v, want the admin's answer and the refusal, then replies", got)
	}
	due, err := db.DueMessages(ctx, start.Add(10*time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	if last := due[len(due)-1]; last.Text != "reminder" {
		t.Errorf("after 10 min the reminder is %q's place: %v; a reminder never moves ahead of answers", last.Text, due)
	}
}

// A refusal (the lowest class of answer) to someone with a reminder queued goes before
// the reminder: behind it, it waited as long as the reminder, which waits for everyone's
// answers (the long soak: a focal point's unknown command went unanswered for minutes).
func TestDueMessagesAnswerBeforeReminderInItsChat(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start }
	if err := db.Update(ctx, func(tx *Tx) error {
		for _, m := range []Outgoing{
			{ChatID: 7, Priority: PriorityBulk, Text: "reminder"},
			{ChatID: 7, Priority: PriorityStranger, Text: "refusal"},
			{ChatID: 7, Priority: PriorityBulk, Text: "second reminder"},
			{ChatID: 8, Priority: PriorityInteractive, Text: "reply"},
		} {
			if _, _, err := tx.Enqueue(ctx, m); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := dueTexts(t, db, start, 10); len(got) != 2 || got[0] != "reply" || got[1] != "refusal" {
		t.Errorf("due %v, want the reply, then chat 7's refusal (its reminders after it)", got)
	}
}
