-- A view that rolls up child groups (a province's /tonghop, /xuat …) takes a second or
-- more to build. The update that asks for it only records the request here; a worker
-- builds the answer on a read snapshot, then queues it and deletes the request in one
-- transaction, so a crash in between builds it again and the answer is queued once.
CREATE TABLE view_requests (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL, -- the group viewed (a child group when drilled down)
	chat_id      INTEGER NOT NULL,
	user_id      INTEGER NOT NULL,
	command      TEXT NOT NULL,
	args         TEXT NOT NULL,
	label        TEXT NOT NULL,    -- heads the answer (bot/groups.go)
	priority     INTEGER NOT NULL,
	requested_at INTEGER NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0
) STRICT;
