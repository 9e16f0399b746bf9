-- Focal points, deputies, invited admins, invites, absences, the working group chat,
-- and the audit log.
CREATE TABLE members (
	unit    TEXT NOT NULL REFERENCES units (code),
	role    TEXT NOT NULL CHECK (role IN ('focal', 'deputy')),
	user_id INTEGER NOT NULL,
	since   INTEGER NOT NULL,
	PRIMARY KEY (unit, role)
) STRICT;
CREATE INDEX members_user ON members (user_id);

CREATE TABLE admins (
	user_id    INTEGER PRIMARY KEY,
	invited_by INTEGER NOT NULL DEFAULT 0,
	since      INTEGER NOT NULL
) STRICT;

-- Only a hash of each token is stored: a database leak does not leak usable links.
CREATE TABLE invites (
	token_hash TEXT PRIMARY KEY,
	unit       TEXT NOT NULL DEFAULT '',
	role       TEXT NOT NULL CHECK (role IN ('focal', 'deputy', 'admin')),
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_by    INTEGER NOT NULL DEFAULT 0,
	used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE absences (
	id           INTEGER PRIMARY KEY,
	unit         TEXT NOT NULL REFERENCES units (code),
	user_id      INTEGER NOT NULL,
	from_day     TEXT NOT NULL, -- yyyy-mm-dd, inclusive, in the plan's timezone
	to_day       TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	cancelled_at INTEGER NOT NULL DEFAULT 0,
	notified     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX absences_unit ON absences (unit, from_day);

CREATE TABLE group_chats (
	chat_id       INTEGER PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	registered_by INTEGER NOT NULL DEFAULT 0, -- 0: seen but not registered
	registered_at INTEGER NOT NULL DEFAULT 0,
	told_at       INTEGER NOT NULL DEFAULT 0  -- when an unregistered group got its one message
) STRICT;

CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	actor   INTEGER NOT NULL,
	action  TEXT NOT NULL,
	unit    TEXT NOT NULL DEFAULT '',
	subject INTEGER NOT NULL DEFAULT 0,
	detail  TEXT NOT NULL DEFAULT ''
) STRICT;
