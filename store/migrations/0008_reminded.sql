-- Reminders sent to a chat, by time: a person gets one reminder a week in an ordinary
-- week, so the monthly fan-out looks up whether the weekly one already went.
CREATE INDEX outbox_reminded ON outbox (chat_id, created_at) WHERE purpose = 'reminder';
