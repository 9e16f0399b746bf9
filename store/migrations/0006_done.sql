-- Models a unit has reported done, and when: a done model carries forward into later
-- cycles (it is not asked for again) until a later report says otherwise.
CREATE TABLE done_models (
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	done_at   INTEGER NOT NULL,
	PRIMARY KEY (unit, model)
) STRICT;
INSERT INTO done_models (unit, model, report_id, done_at)
	SELECT l.unit, l.model, r.id, r.received_at FROM latest_reports l
	JOIN reports r ON r.id = l.report_id WHERE r.status = 'done';

