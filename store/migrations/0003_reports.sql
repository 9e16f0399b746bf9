-- Status reports. Every report is kept (history); the latest per unit and model in a
-- cycle is the one that counts. The cycle ids are worked out by the calendar when the
-- report arrives (a reply to a reminder counts for the reminder's cycle).
CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	unit        TEXT NOT NULL REFERENCES units (code),
	model       INTEGER NOT NULL REFERENCES models (number),
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
	quarter     TEXT NOT NULL
) STRICT;
CREATE INDEX reports_week ON reports (week, unit, model, id);
CREATE INDEX reports_month ON reports (month, unit, model, id);
CREATE INDEX reports_quarter ON reports (quarter, unit, model, id);
CREATE INDEX reports_received ON reports (received_at);
CREATE INDEX reports_message ON reports (chat_id, message_id) WHERE message_id <> 0;
CREATE INDEX reports_unit_model ON reports (unit, model, id);

-- The latest report of each unit and model over all time: open blockers, "giữ nguyên".
CREATE TABLE latest_reports (
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	PRIMARY KEY (unit, model)
) STRICT;
