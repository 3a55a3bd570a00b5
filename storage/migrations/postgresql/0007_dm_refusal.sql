-- Why Discord last refused the user's reminder DMs, so the bot can tell them how to get DMs again:
-- 'closed' (50007, DMs closed to the bot) or 'no_mutual_server' (50278, they share no server with it).
-- NULL once a DM gets through.
ALTER TABLE users ADD COLUMN dm_refusal TEXT;
