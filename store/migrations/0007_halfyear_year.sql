-- Decree 09/2019/NĐ-CP Art. 12 half-year (15/12–14/06) and year (15/12–14/12) periods.
-- They end where a month ends, so a report's half-year and year follow from its month id
-- ("2024-01".."2024-06" → "2024-H1", "2024-07".."2024-12" → "2024-H2"; year "2024").
ALTER TABLE reports ADD COLUMN half_year TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN year TEXT NOT NULL DEFAULT '';
UPDATE reports SET
	half_year = substr(month, 1, 4) || CASE WHEN CAST(substr(month, 6, 2) AS INTEGER) <= 6 THEN '-H1' ELSE '-H2' END,
	year = substr(month, 1, 4)
WHERE length(month) = 7;
CREATE INDEX reports_half_year ON reports (half_year, unit, model, id);
CREATE INDEX reports_year ON reports (year, unit, model, id);
