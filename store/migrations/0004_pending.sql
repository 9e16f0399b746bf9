-- Reports waiting for one more answer: free text from someone serving several units
-- (which unit?), or a status chosen with buttons (the optional note). Kept in SQLite so a
-- restart between two taps loses nothing.
CREATE TABLE pending_reports (
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('text', 'note')),
	chat_id       INTEGER NOT NULL,
	user_id       INTEGER NOT NULL,
	unit          TEXT NOT NULL DEFAULT '',
	model         INTEGER NOT NULL DEFAULT 0,
	status        TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL DEFAULT '',
	message_id    INTEGER NOT NULL DEFAULT 0, -- text: the user's message; note: the keyboard
	week          TEXT NOT NULL DEFAULT '',   -- cycles fixed when the report started
	month         TEXT NOT NULL DEFAULT '',
	quarter       TEXT NOT NULL DEFAULT '',
	prompt_outbox INTEGER NOT NULL DEFAULT 0, -- note: the ForceReply prompt's outbox row
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_reports_chat ON pending_reports (chat_id, kind, id);
CREATE INDEX pending_reports_prompt ON pending_reports (prompt_outbox) WHERE prompt_outbox <> 0;
