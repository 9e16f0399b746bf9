-- Hostile users (issue 15).
-- Outbox priority classes: 0 answers to known users, 1 alerts and admin answers,
-- 2 reminders and summaries (were 1), 3 strangers and refusals.
UPDATE outbox SET priority = 2 WHERE priority = 1 AND state IN ('pending', 'sending');

-- Answers that are rationed: a stranger gets one reply per 10 minutes, a refusal in a
-- group one per person per day. Only the chat and user ids are kept, until the key ends.
CREATE TABLE quiet (
	key   TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) STRICT;
CREATE INDEX quiet_until ON quiet (until);

-- Blocker alerts: the first for a unit goes at once; what follows within the window
-- waits here, one line per model (the latest note), and goes as one alert.
CREATE TABLE alert_windows (
	unit  TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) STRICT;
CREATE TABLE alert_queue (
	unit     TEXT NOT NULL,
	model    INTEGER NOT NULL,
	percent  INTEGER NOT NULL DEFAULT -1,
	note     TEXT NOT NULL DEFAULT '',
	reporter INTEGER NOT NULL,
	at       INTEGER NOT NULL,
	PRIMARY KEY (unit, model)
) STRICT;
-- The same blocker (unit, model, note) is alerted once a day at most.
CREATE TABLE alerted (
	unit  TEXT NOT NULL,
	model INTEGER NOT NULL,
	note  TEXT NOT NULL,
	at    INTEGER NOT NULL,
	PRIMARY KEY (unit, model, note)
) STRICT;
CREATE INDEX alerted_at ON alerted (at);

-- Focal points and deputies of units a plan import dropped, once they have been told
-- (with the admins). A unit that comes back loses its row, so a second drop tells again.
CREATE TABLE orphan_notices (
	unit    TEXT NOT NULL,
	role    TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	at      INTEGER NOT NULL,
	PRIMARY KEY (unit, role, user_id)
) STRICT;
