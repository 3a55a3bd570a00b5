-- The FAQ per language, as SQLite's 0009: a server's text for a topic is for one language (`en-US`,
-- `pt-BR`, `es-ES`) or for all of them (`*`); every entry written before this was for everyone: `*`.
ALTER TABLE faq_entries ADD COLUMN language TEXT NOT NULL DEFAULT '*';
ALTER TABLE faq_entries DROP CONSTRAINT faq_entries_pkey;
ALTER TABLE faq_entries ADD PRIMARY KEY (guild_id, topic, language);

ALTER TABLE faq_changes ADD COLUMN language TEXT NOT NULL DEFAULT '*';

-- Which text-search configuration reads a row of each language: the language's own stemmer for the
-- built-in topics and a server's text for one language; 'simple' (lower case, no stemming, no stop words
-- dropped) for a server's text for all languages, which may be written in any of them, so no one
-- language's stemmer may cut its words. The search builds its query with the same configuration.
CREATE FUNCTION faq_text_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE language
        WHEN 'en-US' THEN 'english'::regconfig
        WHEN 'pt-BR' THEN 'portuguese'::regconfig
        WHEN 'es-ES' THEN 'spanish'::regconfig
        ELSE 'simple'::regconfig
    END
$$;

ALTER TABLE faq_search ADD COLUMN language TEXT NOT NULL DEFAULT '*';
UPDATE faq_search SET language = 'en-US' WHERE guild_id = 0;  -- the built-in rows were English (rewritten at start)
ALTER TABLE faq_search DROP COLUMN document;  -- and its index
ALTER TABLE faq_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(faq_text_config(language), title), 'A')
    || setweight(to_tsvector(faq_text_config(language), keywords), 'B')
    || setweight(to_tsvector(faq_text_config(language), body), 'D')
) STORED;
CREATE INDEX faq_search_document ON faq_search USING gin (document);
DROP INDEX faq_search_guild;
CREATE INDEX faq_search_guild ON faq_search (guild_id, topic, language);
