-- Reminder delivery: reminders that go out together in one DM share a batch, and the moment a reminder
-- was meant to reach the user is kept apart from the moment of its next attempt.

-- The first reminder id of the DM this row was claimed for. A retry sends the same batch again, with a
-- nonce derived from it, so Discord shows the user one message even if the first attempt got through.
ALTER TABLE reminders ADD COLUMN batch_id INTEGER;

-- When the user should have got it (quiet hours move it, retries do not); NULL means due_at. A reminder
-- sent well after this says it is late.
ALTER TABLE reminders ADD COLUMN intended_at INTEGER;

CREATE INDEX reminders_claimed_batch ON reminders (batch_id) WHERE state = 'claimed';
