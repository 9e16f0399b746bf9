-- Scheduled slots already acted on. A slot's row is inserted in the same transaction
-- that queues its messages, so a crash never queues a slot twice and never drops one.
CREATE TABLE slots (
	key     TEXT PRIMARY KEY, -- reminders.Slot.Key(), or "manual@…" for /nhacnho
	job     TEXT NOT NULL,
	cycle   TEXT NOT NULL,
	at      INTEGER NOT NULL, -- scheduled fire time
	done_at INTEGER NOT NULL
) STRICT;
CREATE INDEX slots_cycle ON slots (cycle, job);
