-- A user's own reminder lead times per kind (`/settings reminders kind:... lead:...`), as JSON:
-- {"own": {"review": [259200, 86400]}, "off": ["refund"]} with leads in seconds. NULL: the defaults.
ALTER TABLE users ADD COLUMN reminder_times TEXT;
