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

-- Open blockers: a (unit, model) whose latest report says blocked, since the first of the
-- run of blocked reports that ends with it. Kept with each report, so listing them does
-- not walk the reports' history.
CREATE TABLE open_blockers (
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	since     INTEGER NOT NULL,
	PRIMARY KEY (unit, model)
) STRICT;
INSERT INTO open_blockers (unit, model, report_id, since)
	SELECT l.unit, l.model, r.id,
		(SELECT min(b.received_at) FROM reports b WHERE b.unit = l.unit AND b.model = l.model
			AND b.id > coalesce((SELECT max(n.id) FROM reports n WHERE n.unit = l.unit
				AND n.model = l.model AND n.status <> 'blocked'), 0))
	FROM latest_reports l JOIN reports r ON r.id = l.report_id WHERE r.status = 'blocked';
