-- Open blockers: a (unit, model) whose latest report says blocked, since the first of the
-- run of blocked reports that ends with it. Kept with each report, so listing them does
-- not walk the reports' history.
CREATE TABLE IF NOT EXISTS open_blockers (
	unit      TEXT NOT NULL,
	model     INTEGER NOT NULL,
	report_id INTEGER NOT NULL,
	since     INTEGER NOT NULL,
	PRIMARY KEY (unit, model)
) STRICT;
INSERT OR IGNORE INTO open_blockers (unit, model, report_id, since)
	SELECT l.unit, l.model, r.id,
		(SELECT min(b.received_at) FROM reports b WHERE b.unit = l.unit AND b.model = l.model
			AND b.id > coalesce((SELECT max(n.id) FROM reports n WHERE n.unit = l.unit
				AND n.model = l.model AND n.status <> 'blocked'), 0))
	FROM latest_reports l JOIN reports r ON r.id = l.report_id WHERE r.status = 'blocked';
