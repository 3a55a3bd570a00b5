-- The user's language. `last_locale`: the Discord locale of their last interaction (`pt-BR`, `de`), which
-- reminder DMs follow; `language`: what `/settings language` chose instead (NULL: automatic).
ALTER TABLE users ADD COLUMN last_locale TEXT;
ALTER TABLE users ADD COLUMN language TEXT;
