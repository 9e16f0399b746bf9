-- Blockers as tickets: one open ticket per unit and model, with every step kept; and the
-- people a roster names (phones for the directory, the seat an invite was made for).
CREATE TABLE tickets (
	id              INTEGER PRIMARY KEY,
	unit            TEXT NOT NULL REFERENCES units (code),
	model           INTEGER NOT NULL REFERENCES models (number),
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
CREATE UNIQUE INDEX tickets_open ON tickets (unit, model) WHERE state <> 'resolved';
CREATE INDEX tickets_state ON tickets (state, opened_at);

CREATE TABLE ticket_events (
	id         INTEGER PRIMARY KEY,
	ticket     INTEGER NOT NULL REFERENCES tickets (id),
	at         INTEGER NOT NULL,
	actor      INTEGER NOT NULL DEFAULT 0,
	action     TEXT NOT NULL,
	unit       TEXT NOT NULL DEFAULT '', -- assigned: the unit; otherwise empty
	text       TEXT NOT NULL DEFAULT '',
	chat_id    INTEGER NOT NULL DEFAULT 0, -- a reply: where the message carrying it was sent
	message_id INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket, id);

-- Messages about a ticket as delivered (outbox rows), so a reply to one is threaded back.
CREATE TABLE ticket_messages (
	outbox_id INTEGER PRIMARY KEY,
	ticket    INTEGER NOT NULL REFERENCES tickets (id)
) STRICT;

CREATE TABLE people (
	unit       TEXT NOT NULL REFERENCES units (code),
	role       TEXT NOT NULL CHECK (role IN ('focal', 'deputy')),
	name       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	username   TEXT NOT NULL DEFAULT '',
	invite     TEXT NOT NULL DEFAULT '', -- token hash of the link made for this person
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (unit, role)
) STRICT;

-- Blockers open before tickets existed become tickets, opened when the blocker began.
INSERT INTO tickets (unit, model, state, note, opened_by, opened_at, last_action, last_at)
SELECT r.unit, r.model, 'open', r.note, r.reporter,
	(SELECT min(b.received_at) FROM reports b WHERE b.unit = l.unit AND b.model = l.model
		AND b.id > coalesce((SELECT max(n.id) FROM reports n WHERE n.unit = l.unit
			AND n.model = l.model AND n.status <> 'blocked'), 0)),
	'opened', r.received_at
FROM latest_reports l JOIN reports r ON r.id = l.report_id WHERE r.status = 'blocked';
INSERT INTO ticket_events (ticket, at, actor, action, text)
SELECT id, opened_at, opened_by, 'opened', note FROM tickets;
