-- The FAQ per language. A server's text for a topic is for one language (`en-US`, `pt-BR`, `es-ES`: the
-- languages the bot's catalogs are written in, as bot.i18n.locales names them) or for all of them (`*`).
-- A member reads the server's text for their language, else its text for all languages, else the built-in
-- topic in their language. Every entry written before this was for everyone: it stays `*`.
-- The primary key gains the language, so the table is rebuilt (SQLite cannot change a primary key).
CREATE TABLE faq_entries_by_language (
    guild_id    INTEGER NOT NULL,
    topic       TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT '*',   -- en-US, pt-BR, es-ES, or * for every language
    title       TEXT    NOT NULL,
    keywords    TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    hidden      INTEGER NOT NULL DEFAULT 0,   -- 1 = this server removed the topic (for that language)
    updated_by  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, topic, language)
);
INSERT INTO faq_entries_by_language (guild_id, topic, language, title, keywords, body, hidden, updated_by, updated_at)
    SELECT guild_id, topic, '*', title, keywords, body, hidden, updated_by, updated_at FROM faq_entries;
DROP TABLE faq_entries;
ALTER TABLE faq_entries_by_language RENAME TO faq_entries;
CREATE INDEX faq_entries_author ON faq_entries (updated_by);

-- The change log says which language an admin changed.
ALTER TABLE faq_changes ADD COLUMN language TEXT NOT NULL DEFAULT '*';

-- The search index, one FTS5 table per reading language: bm25 weighs a word by how many rows of its table
-- hold it, and the translations keep some English words (escrow, Upwork): in one table with every language,
-- those would weigh less for an English reader than words only English uses. `faq_search` is read by
-- English readers (and is the table PostgreSQL's one index matches, column for column), `faq_search_pt_br`
-- and `faq_search_es_es` by the others. Each holds the built-in topics in its language (guild 0,
-- rewritten at start), a server's text in its language, and a server's text for all languages (`*`), which
-- is in all three. Each row says its language. FTS5 cannot add a column: a new table takes the rows (the
-- built-in ones were English until now), then the old one's name.
CREATE VIRTUAL TABLE faq_search_by_language USING fts5 (
    guild_id UNINDEXED, language UNINDEXED, topic UNINDEXED, title, keywords, body,
    tokenize = 'porter unicode61'
);
INSERT INTO faq_search_by_language (guild_id, language, topic, title, keywords, body)
    SELECT guild_id, CASE WHEN guild_id = 0 THEN 'en-US' ELSE '*' END, topic, title, keywords, body
    FROM faq_search;
DROP TABLE faq_search;
ALTER TABLE faq_search_by_language RENAME TO faq_search;

CREATE VIRTUAL TABLE faq_search_pt_br USING fts5 (
    guild_id UNINDEXED, language UNINDEXED, topic UNINDEXED, title, keywords, body,
    tokenize = 'porter unicode61'
);
INSERT INTO faq_search_pt_br (guild_id, language, topic, title, keywords, body)
    SELECT guild_id, language, topic, title, keywords, body FROM faq_search WHERE language = '*';
CREATE VIRTUAL TABLE faq_search_es_es USING fts5 (
    guild_id UNINDEXED, language UNINDEXED, topic UNINDEXED, title, keywords, body,
    tokenize = 'porter unicode61'
);
INSERT INTO faq_search_es_es (guild_id, language, topic, title, keywords, body)
    SELECT guild_id, language, topic, title, keywords, body FROM faq_search WHERE language = '*';
