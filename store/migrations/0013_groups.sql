-- Working groups (issue 17): one deployment serves a province's working group and every
-- commune's. Every table that belongs to a group is rebuilt with the group's id as its
-- first column (and first in its key); the data of a database made before groups moves
-- into group 1, "default", with the plan that was in force. Old foreign keys to units and
-- models go: a unit code is unique only within its group, and the plan tables are
-- rewritten whole by each import.
CREATE TABLE groups (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL DEFAULT '',
	parent       INTEGER NOT NULL DEFAULT 0, -- 0: a top-level group (a province)
	plan         TEXT NOT NULL DEFAULT '',   -- the plan file in force, as imported
	plan_version INTEGER NOT NULL DEFAULT 0,
	installed_at INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX groups_parent ON groups (parent);
INSERT INTO groups (id, code, name, plan, plan_version, installed_at, created_at)
SELECT 1, 'default', '',
	coalesce((SELECT value FROM meta WHERE key = 'plan'), ''),
	coalesce(CAST((SELECT value FROM meta WHERE key = 'plan_version') AS INTEGER), 0),
	coalesce(CAST((SELECT value FROM meta WHERE key = 'installed_at') AS INTEGER), 0),
	unixepoch()
WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'plan');
DELETE FROM meta WHERE key IN ('plan', 'plan_version', 'installed_at');

-- The group a person last worked in, for those who belong to several.
CREATE TABLE group_focus (
	user_id  INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL,
	at       INTEGER NOT NULL
) STRICT;

-- Messages from someone in several groups who has not said which one they work in: kept
-- until they pick the group with a button, then handled there.
CREATE TABLE group_questions (
	id         INTEGER PRIMARY KEY,
	chat_id    INTEGER NOT NULL,
	user_id    INTEGER NOT NULL,
	message_id INTEGER NOT NULL,
	text       TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

-- Outgoing messages keep the group they were made for (0: none, e.g. a stranger's
-- answer): a button pressed on a message works in that message's group, whatever its
-- data says.
ALTER TABLE outbox ADD COLUMN group_id INTEGER NOT NULL DEFAULT 0;

CREATE TABLE units_new (
	group_id INTEGER NOT NULL,
	code   TEXT NOT NULL,
	name   TEXT NOT NULL,
	tags   TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (group_id, code)
) STRICT;
INSERT INTO units_new (group_id, code, name, tags, active) SELECT 1, code, name, tags, active FROM units;

CREATE TABLE models_new (
	group_id INTEGER NOT NULL,
	number    INTEGER NOT NULL,
	grp       TEXT NOT NULL,
	title     TEXT NOT NULL,
	deadline  TEXT NOT NULL DEFAULT '',
	due       TEXT NOT NULL DEFAULT '',
	platforms TEXT NOT NULL DEFAULT '',
	active    INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (group_id, number)
) STRICT;
INSERT INTO models_new (group_id, number, grp, title, deadline, due, platforms, active) SELECT 1, number, grp, title, deadline, due, platforms, active FROM models;

CREATE TABLE assignments_new (
	group_id INTEGER NOT NULL,
	model INTEGER NOT NULL,
	unit  TEXT NOT NULL,
	role  TEXT NOT NULL CHECK (role IN ('lead', 'support')),
	PRIMARY KEY (group_id, model, unit)
) STRICT;
INSERT INTO assignments_new (group_id, model, unit, role) SELECT 1, model, unit, role FROM assignments;

CREATE TABLE members_new (
	group_id INTEGER NOT NULL,
	unit    TEXT NOT NULL,
	role    TEXT NOT NULL CHECK (role IN ('focal', 'deputy')),
	user_id INTEGER NOT NULL,
	since   INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, role)
) STRICT;
INSERT INTO members_new (group_id, unit, role, user_id, since) SELECT 1, unit, role, user_id, since FROM members;

CREATE TABLE admins_new (
	group_id INTEGER NOT NULL,
	user_id    INTEGER NOT NULL,
	invited_by INTEGER NOT NULL DEFAULT 0,
	since      INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)
) STRICT;
INSERT INTO admins_new (group_id, user_id, invited_by, since) SELECT 1, user_id, invited_by, since FROM admins;

CREATE TABLE invites_new (
	group_id INTEGER NOT NULL,
	token_hash TEXT PRIMARY KEY,
	unit       TEXT NOT NULL DEFAULT '',
	role       TEXT NOT NULL CHECK (role IN ('focal', 'deputy', 'admin')),
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_by    INTEGER NOT NULL DEFAULT 0,
	used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO invites_new (group_id, token_hash, unit, role, created_by, created_at, expires_at, used_by, used_at) SELECT 1, token_hash, unit, role, created_by, created_at, expires_at, used_by, used_at FROM invites;

CREATE TABLE absences_new (
	group_id INTEGER NOT NULL,
	id           INTEGER PRIMARY KEY,
	unit         TEXT NOT NULL,
	user_id      INTEGER NOT NULL,
	from_day     TEXT NOT NULL, -- yyyy-mm-dd, inclusive, in the plan's timezone
	to_day       TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	cancelled_at INTEGER NOT NULL DEFAULT 0,
	notified     INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO absences_new (group_id, id, unit, user_id, from_day, to_day, reason, created_at, cancelled_at, notified) SELECT 1, id, unit, user_id, from_day, to_day, reason, created_at, cancelled_at, notified FROM absences;

CREATE TABLE group_chats_new (
	group_id INTEGER NOT NULL,
	chat_id       INTEGER PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	registered_by INTEGER NOT NULL DEFAULT 0, -- 0: seen but not registered
	registered_at INTEGER NOT NULL DEFAULT 0,
	told_at       INTEGER NOT NULL DEFAULT 0 -- when an unregistered group got its one message
) STRICT;
INSERT INTO group_chats_new (group_id, chat_id, title, registered_by, registered_at, told_at) SELECT 1, chat_id, title, registered_by, registered_at, told_at FROM group_chats;

CREATE TABLE audit_new (
	group_id INTEGER NOT NULL,
	id      INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	actor   INTEGER NOT NULL,
	action  TEXT NOT NULL,
	unit    TEXT NOT NULL DEFAULT '',
	subject INTEGER NOT NULL DEFAULT 0,
	detail  TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO audit_new (group_id, id, at, actor, action, unit, subject, detail) SELECT 1, id, at, actor, action, unit, subject, detail FROM audit;

CREATE TABLE reports_new (
	group_id INTEGER NOT NULL,
	id          INTEGER PRIMARY KEY,
	unit        TEXT NOT NULL,
	model       INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'not_started', 'blocked')),
	percent     INTEGER NOT NULL DEFAULT -1 CHECK (percent BETWEEN -1 AND 100),
	note        TEXT NOT NULL DEFAULT '',
	reporter    INTEGER NOT NULL,
	chat_id     INTEGER NOT NULL DEFAULT 0,
	message_id  INTEGER NOT NULL DEFAULT 0,
	line        INTEGER NOT NULL DEFAULT 0,
	source      TEXT NOT NULL DEFAULT 'text',
	received_at INTEGER NOT NULL,
	week        TEXT NOT NULL,
	month       TEXT NOT NULL,
	quarter     TEXT NOT NULL,
	half_year TEXT NOT NULL DEFAULT '',
	year TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO reports_new (group_id, id, unit, model, status, percent, note, reporter, chat_id, message_id, line, source, received_at, week, month, quarter, half_year, year) SELECT 1, id, unit, model, status, percent, note, reporter, chat_id, message_id, line, source, received_at, week, month, quarter, half_year, year FROM reports;

CREATE TABLE latest_reports_new (
	group_id INTEGER NOT NULL,
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, model)
) STRICT;
INSERT INTO latest_reports_new (group_id, unit, model, report_id) SELECT 1, unit, model, report_id FROM latest_reports;

CREATE TABLE pending_reports_new (
	group_id INTEGER NOT NULL,
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('text', 'note')),
	chat_id       INTEGER NOT NULL,
	user_id       INTEGER NOT NULL,
	unit          TEXT NOT NULL DEFAULT '',
	model         INTEGER NOT NULL DEFAULT 0,
	status        TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL DEFAULT '',
	message_id    INTEGER NOT NULL DEFAULT 0, -- text: the user's message; note: the keyboard
	week          TEXT NOT NULL DEFAULT '', -- cycles fixed when the report started
	month         TEXT NOT NULL DEFAULT '',
	quarter       TEXT NOT NULL DEFAULT '',
	prompt_outbox INTEGER NOT NULL DEFAULT 0, -- note: the ForceReply prompt's outbox row
	created_at    INTEGER NOT NULL
) STRICT;
INSERT INTO pending_reports_new (group_id, id, kind, chat_id, user_id, unit, model, status, text, message_id, week, month, quarter, prompt_outbox, created_at) SELECT 1, id, kind, chat_id, user_id, unit, model, status, text, message_id, week, month, quarter, prompt_outbox, created_at FROM pending_reports;

CREATE TABLE slots_new (
	group_id INTEGER NOT NULL,
	key     TEXT NOT NULL, -- reminders.Slot.Key(), or "manual@…" for /nhacnho
	job     TEXT NOT NULL,
	cycle   TEXT NOT NULL,
	at      INTEGER NOT NULL, -- scheduled fire time
	done_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, key)
) STRICT;
INSERT INTO slots_new (group_id, key, job, cycle, at, done_at) SELECT 1, key, job, cycle, at, done_at FROM slots;

CREATE TABLE done_models_new (
	group_id INTEGER NOT NULL,
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	done_at   INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, model)
) STRICT;
INSERT INTO done_models_new (group_id, unit, model, report_id, done_at) SELECT 1, unit, model, report_id, done_at FROM done_models;

CREATE TABLE alert_windows_new (
	group_id INTEGER NOT NULL,
	unit  TEXT NOT NULL,
	until INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit)
) STRICT;
INSERT INTO alert_windows_new (group_id, unit, until) SELECT 1, unit, until FROM alert_windows;

CREATE TABLE alert_queue_new (
	group_id INTEGER NOT NULL,
	unit     TEXT NOT NULL,
	model    INTEGER NOT NULL,
	percent  INTEGER NOT NULL DEFAULT -1,
	note     TEXT NOT NULL DEFAULT '',
	reporter INTEGER NOT NULL,
	at       INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, model)
) STRICT;
INSERT INTO alert_queue_new (group_id, unit, model, percent, note, reporter, at) SELECT 1, unit, model, percent, note, reporter, at FROM alert_queue;

CREATE TABLE alerted_new (
	group_id INTEGER NOT NULL,
	unit  TEXT NOT NULL,
	model INTEGER NOT NULL,
	note  TEXT NOT NULL,
	at    INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, model, note)
) STRICT;
INSERT INTO alerted_new (group_id, unit, model, note, at) SELECT 1, unit, model, note, at FROM alerted;

CREATE TABLE orphan_notices_new (
	group_id INTEGER NOT NULL,
	unit    TEXT NOT NULL,
	role    TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	at      INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, role, user_id)
) STRICT;
INSERT INTO orphan_notices_new (group_id, unit, role, user_id, at) SELECT 1, unit, role, user_id, at FROM orphan_notices;

CREATE TABLE indicator_values_new (
	group_id INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	indicator TEXT NOT NULL DEFAULT '', -- the indicator's folded key; '' for a model's only one
	value     REAL NOT NULL CHECK (value >= 0),
	PRIMARY KEY (report_id, indicator)
) STRICT;
INSERT INTO indicator_values_new (group_id, report_id, indicator, value) SELECT 1, report_id, indicator, value FROM indicator_values;

CREATE TABLE open_blockers_new (
	group_id INTEGER NOT NULL,
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	since     INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, model)
) STRICT;
INSERT INTO open_blockers_new (group_id, unit, model, report_id, since) SELECT 1, unit, model, report_id, since FROM open_blockers;

CREATE TABLE tickets_new (
	group_id INTEGER NOT NULL,
	id              INTEGER PRIMARY KEY,
	unit            TEXT NOT NULL,
	model           INTEGER NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
	note            TEXT NOT NULL DEFAULT '',
	opened_by       INTEGER NOT NULL DEFAULT 0,
	opened_at       INTEGER NOT NULL,
	acknowledged_by INTEGER NOT NULL DEFAULT 0,
	acknowledged_at INTEGER NOT NULL DEFAULT 0,
	assignee        TEXT NOT NULL DEFAULT '', -- unit code the office passed it to
	resolved_at     INTEGER NOT NULL DEFAULT 0,
	last_action     TEXT NOT NULL DEFAULT '',
	last_at         INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO tickets_new (group_id, id, unit, model, state, note, opened_by, opened_at, acknowledged_by, acknowledged_at, assignee, resolved_at, last_action, last_at) SELECT 1, id, unit, model, state, note, opened_by, opened_at, acknowledged_by, acknowledged_at, assignee, resolved_at, last_action, last_at FROM tickets;

CREATE TABLE ticket_events_new (
	group_id INTEGER NOT NULL,
	id         INTEGER PRIMARY KEY,
	ticket     INTEGER NOT NULL,
	at         INTEGER NOT NULL,
	actor      INTEGER NOT NULL DEFAULT 0,
	action     TEXT NOT NULL,
	unit       TEXT NOT NULL DEFAULT '', -- assigned: the unit; otherwise empty
	text       TEXT NOT NULL DEFAULT '',
	chat_id    INTEGER NOT NULL DEFAULT 0, -- a reply: where the message carrying it was sent
	message_id INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO ticket_events_new (group_id, id, ticket, at, actor, action, unit, text, chat_id, message_id) SELECT 1, id, ticket, at, actor, action, unit, text, chat_id, message_id FROM ticket_events;

CREATE TABLE ticket_messages_new (
	group_id INTEGER NOT NULL,
	outbox_id INTEGER PRIMARY KEY,
	ticket    INTEGER NOT NULL
) STRICT;
INSERT INTO ticket_messages_new (group_id, outbox_id, ticket) SELECT 1, outbox_id, ticket FROM ticket_messages;

CREATE TABLE people_new (
	group_id INTEGER NOT NULL,
	unit       TEXT NOT NULL,
	role       TEXT NOT NULL CHECK (role IN ('focal', 'deputy')),
	name       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	username   TEXT NOT NULL DEFAULT '',
	invite     TEXT NOT NULL DEFAULT '', -- token hash of the link made for this person
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, unit, role)
) STRICT;
INSERT INTO people_new (group_id, unit, role, name, phone, username, invite, updated_by, updated_at) SELECT 1, unit, role, name, phone, username, invite, updated_by, updated_at FROM people;

DROP TABLE indicator_values;
DROP TABLE latest_reports;
DROP TABLE open_blockers;
DROP TABLE done_models;
DROP TABLE ticket_messages;
DROP TABLE ticket_events;
DROP TABLE tickets;
DROP TABLE people;
DROP TABLE reports;
DROP TABLE assignments;
DROP TABLE members;
DROP TABLE absences;
DROP TABLE alert_queue;
DROP TABLE alert_windows;
DROP TABLE alerted;
DROP TABLE orphan_notices;
DROP TABLE pending_reports;
DROP TABLE invites;
DROP TABLE admins;
DROP TABLE group_chats;
DROP TABLE audit;
DROP TABLE slots;
DROP TABLE units;
DROP TABLE models;
ALTER TABLE units_new RENAME TO units;
ALTER TABLE models_new RENAME TO models;
ALTER TABLE assignments_new RENAME TO assignments;
ALTER TABLE members_new RENAME TO members;
ALTER TABLE admins_new RENAME TO admins;
ALTER TABLE invites_new RENAME TO invites;
ALTER TABLE absences_new RENAME TO absences;
ALTER TABLE group_chats_new RENAME TO group_chats;
ALTER TABLE audit_new RENAME TO audit;
ALTER TABLE reports_new RENAME TO reports;
ALTER TABLE latest_reports_new RENAME TO latest_reports;
ALTER TABLE pending_reports_new RENAME TO pending_reports;
ALTER TABLE slots_new RENAME TO slots;
ALTER TABLE done_models_new RENAME TO done_models;
ALTER TABLE alert_windows_new RENAME TO alert_windows;
ALTER TABLE alert_queue_new RENAME TO alert_queue;
ALTER TABLE alerted_new RENAME TO alerted;
ALTER TABLE orphan_notices_new RENAME TO orphan_notices;
ALTER TABLE indicator_values_new RENAME TO indicator_values;
ALTER TABLE open_blockers_new RENAME TO open_blockers;
ALTER TABLE tickets_new RENAME TO tickets;
ALTER TABLE ticket_events_new RENAME TO ticket_events;
ALTER TABLE ticket_messages_new RENAME TO ticket_messages;
ALTER TABLE people_new RENAME TO people;

CREATE INDEX assignments_unit ON assignments (group_id, unit);
CREATE INDEX members_user ON members (user_id);
CREATE INDEX admins_user ON admins (user_id);
CREATE INDEX absences_unit ON absences (group_id, unit, from_day);
CREATE INDEX group_chats_group ON group_chats (group_id);
CREATE INDEX audit_group ON audit (group_id, at);
CREATE INDEX reports_week ON reports (group_id, week, unit, model, id);
CREATE INDEX reports_month ON reports (group_id, month, unit, model, id);
CREATE INDEX reports_quarter ON reports (group_id, quarter, unit, model, id);
CREATE INDEX reports_half_year ON reports (group_id, half_year, unit, model, id);
CREATE INDEX reports_year ON reports (group_id, year, unit, model, id);
CREATE INDEX reports_received ON reports (group_id, received_at);
CREATE INDEX reports_message ON reports (chat_id, message_id) WHERE message_id <> 0;
CREATE INDEX reports_unit_model ON reports (group_id, unit, model, id);
CREATE INDEX pending_reports_chat ON pending_reports (chat_id, kind, id);
CREATE INDEX pending_reports_prompt ON pending_reports (prompt_outbox) WHERE prompt_outbox <> 0;
CREATE INDEX slots_cycle ON slots (group_id, cycle, job);
CREATE INDEX alerted_at ON alerted (at);
CREATE UNIQUE INDEX tickets_open ON tickets (group_id, unit, model) WHERE state <> 'resolved';
CREATE INDEX tickets_state ON tickets (group_id, state, opened_at);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket, id);
CREATE INDEX outbox_group ON outbox (group_id, purpose, created_at) WHERE group_id <> 0;

-- Messages already queued were the one group's; its dedupe keys take the group's prefix
-- (Enqueue adds it), so a key made after the upgrade still matches one made before.
UPDATE outbox SET group_id = 1,
	dedupe_key = CASE WHEN dedupe_key IS NULL THEN NULL ELSE 'g1/' || dedupe_key END
WHERE EXISTS (SELECT 1 FROM groups WHERE id = 1);
