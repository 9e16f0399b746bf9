-- Numbers reported against a model's indicators (chỉ tiêu), one row per indicator of a
-- report: the report row gives the unit, model and cycles, so a number is kept, counted
-- and superseded exactly as its report is.
CREATE TABLE indicator_values (
	report_id INTEGER NOT NULL REFERENCES reports (id),
	indicator TEXT NOT NULL DEFAULT '', -- the indicator's folded key; '' for a model's only one
	value     REAL NOT NULL CHECK (value >= 0),
	PRIMARY KEY (report_id, indicator)
) STRICT;
