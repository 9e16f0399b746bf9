-- A button press's answer (the toast) is kept with its update id. If a crash comes between
-- the commit and the answer, Telegram delivers the press again; it is recognised as
-- handled, and this answer is sent again instead of none.
ALTER TABLE handled_updates ADD COLUMN callback_answer TEXT;
