-- Core: the plan, handled updates, and the outbox every outgoing message goes through.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE units (
	code   TEXT PRIMARY KEY,
	name   TEXT NOT NULL,
	tags   TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE models (
	number    INTEGER PRIMARY KEY,
	grp       TEXT NOT NULL,
	title     TEXT NOT NULL,
	deadline  TEXT NOT NULL DEFAULT '',
	due       TEXT NOT NULL DEFAULT '',
	platforms TEXT NOT NULL DEFAULT '',
	active    INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE assignments (
	model INTEGER NOT NULL REFERENCES models (number),
	unit  TEXT NOT NULL REFERENCES units (code),
	role  TEXT NOT NULL CHECK (role IN ('lead', 'support')),
	PRIMARY KEY (model, unit)
) STRICT;
CREATE INDEX assignments_unit ON assignments (unit);

-- Telegram users as last seen; identity is the numeric id, names are refreshed.
CREATE TABLE users (
	id         INTEGER PRIMARY KEY,
	first_name TEXT NOT NULL DEFAULT '',
	last_name  TEXT NOT NULL DEFAULT '',
	username   TEXT NOT NULL DEFAULT '',
	seen_at    INTEGER NOT NULL
) STRICT;

-- An update id is recorded in the transaction that commits its effects; a redelivered
-- update is then skipped. Rows older than Telegram's 24 h retention are pruned.
CREATE TABLE handled_updates (
	update_id  INTEGER PRIMARY KEY,
	handled_at INTEGER NOT NULL
) STRICT;
CREATE INDEX handled_updates_at ON handled_updates (handled_at);

CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	dedupe_key      TEXT UNIQUE,
	chat_id         INTEGER NOT NULL,
	priority        INTEGER NOT NULL DEFAULT 0,
	kind            TEXT NOT NULL CHECK (kind IN ('text', 'document', 'photo', 'edit')),
	purpose         TEXT NOT NULL DEFAULT '',
	text            TEXT NOT NULL DEFAULT '',
	reply_markup    BLOB,
	reply_to        INTEGER NOT NULL DEFAULT 0,
	edit_message_id INTEGER NOT NULL DEFAULT 0,
	file_name       TEXT NOT NULL DEFAULT '',
	file            BLOB,
	unit            TEXT NOT NULL DEFAULT '',
	cycle           TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'sending', 'sent', 'blocked', 'dead')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_try_at     INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	tg_message_id   INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX outbox_queue ON outbox (chat_id, priority, id) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_due ON outbox (priority, id) WHERE state = 'pending';
CREATE INDEX outbox_message ON outbox (chat_id, tg_message_id) WHERE tg_message_id <> 0;

-- Chats that answered 403: nothing more is sent there until they write to the bot again.
CREATE TABLE unreachable_chats (
	chat_id  INTEGER PRIMARY KEY,
	since    INTEGER NOT NULL,
	reason   TEXT NOT NULL DEFAULT '',
	notified INTEGER NOT NULL DEFAULT 0
) STRICT;
