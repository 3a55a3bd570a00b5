-- Claimed reminders are found by id, never by batch: this index only cost a write per claim.
DROP INDEX IF EXISTS reminders_claimed_batch;
