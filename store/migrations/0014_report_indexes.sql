-- Every report is written into each index of reports, inside the reply's transaction.
-- Two of them served only what latest_reports and open_blockers now answer: the time a
-- unit last reported (from its latest reports) and a unit's history of one model.
DROP INDEX IF EXISTS reports_received;
DROP INDEX IF EXISTS reports_unit_model;
