"""FAQ storage: each server's own entries, the log of admin changes, and the FTS5 search index.

Every query is scoped by `guild_id`. Built-in topics live in the search index under guild 0, once per
language (rewritten at start from the shipped files); a server's entries are indexed under its own id, each
for one language (`en-US`, `pt-BR`, `es-ES`) or for all of them (`*`). For a reader of one language, the
server's entry in that language masks its entry for all languages, which masks the built-in row of the
same key, for that server only.

Text search: SQLite's FTS5 tables (one per reading language, so that bm25 counts how common a word is
among that language's rows only) read every language with `porter unicode61`: diacritics are dropped
("deposito" finds "depósito") and Porter's English suffix rules are applied alike to the text and to the
query, so a Portuguese or Spanish word still finds itself and its plural. PostgreSQL stems each row with its
language's own configuration (english, portuguese, spanish; `faq_text_config` in the schema) and a server's
text for all languages with 'simple', as it may be written in any language; the query is built per row with
the same configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.connection import Connection, Row
from storage.timestamps import from_epoch, to_epoch

# The index rows of the topics that ship with the bot; no Discord server has id 0.
BUILTIN_GUILD = 0
# A server's entry for readers of every language (the others name one: `pt-BR`).
ALL_LANGUAGES = "*"
# SQLite's full-text table for the readers of each language (see FaqSearchIndex).
SQLITE_SEARCH_TABLES = {"en-US": "faq_search", "pt-BR": "faq_search_pt_br", "es-ES": "faq_search_es_es"}
# bm25 weight per column (guild_id, language, topic, title, keywords, body): a word in a title or keyword list says
# far more about what a topic is about than the same word somewhere in a long answer.
_BM25_WEIGHTS = "0.0, 0.0, 0.0, 10.0, 5.0, 1.0"
_KEYWORD_SEPARATOR = ", "


@dataclass(frozen=True)
class FaqEntryRecord:
    """A server's own text for a topic, or its note that a built-in topic is hidden there."""

    guild_id: int
    topic: str
    language: str  # en-US, pt-BR, es-ES, or ALL_LANGUAGES
    title: str
    keywords: tuple[str, ...]
    body: str
    hidden: bool
    updated_by: int
    updated_at: datetime


@dataclass(frozen=True)
class FaqChangeRecord:
    guild_id: int
    topic: str
    action: str
    by_user: int
    at: datetime
    language: str = ALL_LANGUAGES


@dataclass(frozen=True)
class IndexedTopic:
    """What the search index holds for one topic."""

    topic: str
    title: str
    keywords: tuple[str, ...]
    body: str


_ENTRY_COLUMNS = "guild_id, topic, language, title, keywords, body, hidden, updated_by, updated_at"


def _entry(row: Row) -> FaqEntryRecord:
    return FaqEntryRecord(
        guild_id=row["guild_id"],
        topic=row["topic"],
        language=row["language"],
        title=row["title"],
        keywords=_split_keywords(row["keywords"]),
        body=row["body"],
        hidden=bool(row["hidden"]),
        updated_by=row["updated_by"],
        updated_at=from_epoch(row["updated_at"]),
    )


def _split_keywords(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


class FaqEntries:
    """One server's own topics and hidden built-ins, plus the record of who changed what."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, guild_id: int, topic: str, language: str) -> FaqEntryRecord | None:
        row = await self._conn.fetch_one(
            f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? AND topic = ? AND language = ?",
            (guild_id, topic, language),
        )
        return _entry(row) if row else None

    async def of_guild(self, guild_id: int) -> list[FaqEntryRecord]:
        return [
            _entry(row)
            for row in await self._conn.fetch_all(
                f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? ORDER BY topic, language",
                (guild_id,),
            )
        ]

    async def count_visible(self, guild_id: int, *, excluding: Iterable[str] = ()) -> int:
        """How many topics the server shows in some language, leaving out the given keys (the built-in ones)."""
        skipped = list(excluding)
        placeholders = ", ".join("?" for _ in skipped) or "NULL"
        row = await self._conn.fetch_one(
            "SELECT count(DISTINCT topic) FROM faq_entries WHERE guild_id = ? AND hidden = 0"
            f" AND topic NOT IN ({placeholders})",
            (guild_id, *skipped),
        )
        return int(row[0]) if row else 0

    async def save(
        self,
        guild_id: int,
        topic: str,
        language: str,
        *,
        title: str,
        keywords: tuple[str, ...],
        body: str,
        hidden: bool,
        by_user: int,
        now: datetime,
    ) -> None:
        await self._conn.execute(
            f"INSERT INTO faq_entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, topic, language) DO UPDATE SET title = excluded.title,"
            " keywords = excluded.keywords, body = excluded.body, hidden = excluded.hidden,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (
                guild_id,
                topic,
                language,
                title,
                _KEYWORD_SEPARATOR.join(keywords),
                body,
                int(hidden),
                by_user,
                to_epoch(now),
            ),
        )

    async def delete(self, guild_id: int, topic: str, language: str | None = None) -> bool:
        """Delete the server's entry of one language (ALL_LANGUAGES included), or with None every one."""
        if language is None:
            deleted = await self._conn.execute(
                "DELETE FROM faq_entries WHERE guild_id = ? AND topic = ?", (guild_id, topic)
            )
        else:
            deleted = await self._conn.execute(
                "DELETE FROM faq_entries WHERE guild_id = ? AND topic = ? AND language = ?",
                (guild_id, topic, language),
            )
        return deleted > 0

    async def record_change(
        self, guild_id: int, topic: str, action: str, by_user: int, now: datetime, language: str
    ) -> None:
        await self._conn.execute(
            "INSERT INTO faq_changes (guild_id, topic, language, action, by_user, at) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, topic, language, action, by_user, to_epoch(now)),
        )

    async def changes(self, guild_id: int) -> list[FaqChangeRecord]:
        """The server's change log, oldest first."""
        rows = await self._conn.fetch_all(
            "SELECT guild_id, topic, language, action, by_user, at FROM faq_changes WHERE guild_id = ?"
            " ORDER BY id",
            (guild_id,),
        )
        return [
            FaqChangeRecord(
                guild_id=row["guild_id"],
                topic=row["topic"],
                action=row["action"],
                by_user=row["by_user"],
                at=from_epoch(row["at"]),
                language=row["language"],
            )
            for row in rows
        ]


class FaqSearchIndex:
    """The search index: built-in rows under guild 0, a set per language, and each server's own rows.

    PostgreSQL has one table, `faq_search`. SQLite has one FTS5 table per reading language (bm25 weighs a
    word by how many rows of its table hold it, so one language's rows must not count in another's):
    `faq_search` for English readers, `faq_search_pt_br` and `faq_search_es_es`; a server's text for all
    languages is in each of them.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _tables(self, language: str | None) -> tuple[str, ...]:
        """The tables holding the rows of a language (ALL_LANGUAGES or None: every table)."""
        if self._conn.dialect == "postgresql":
            return ("faq_search",)
        if language is None or language == ALL_LANGUAGES:
            return tuple(SQLITE_SEARCH_TABLES.values())
        return (SQLITE_SEARCH_TABLES[language],)

    async def replace_builtin(self, topics: Iterable[tuple[str, IndexedTopic]]) -> None:
        """Index the shipped topics afresh, (language, topic) each, so an upgrade's new wording is what
        search finds."""
        for table in self._tables(None):
            await self._conn.execute(f"DELETE FROM {table} WHERE guild_id = ?", (BUILTIN_GUILD,))
        for language, topic in topics:
            await self._insert(BUILTIN_GUILD, language, topic)

    async def put(self, guild_id: int, language: str, topic: IndexedTopic) -> None:
        await self.remove(guild_id, topic.topic, language)
        await self._insert(guild_id, language, topic)

    async def remove(self, guild_id: int, topic: str, language: str | None = None) -> None:
        """Remove the server's row of one language (ALL_LANGUAGES included), or with None every one."""
        for table in self._tables(language):
            if language is None:
                await self._conn.execute(
                    f"DELETE FROM {table} WHERE guild_id = ? AND topic = ?", (guild_id, topic)
                )
            else:
                await self._conn.execute(
                    f"DELETE FROM {table} WHERE guild_id = ? AND topic = ? AND language = ?",
                    (guild_id, topic, language),
                )

    async def search(
        self, guild_id: int, language: str, words: Sequence[str], limit: int, *, every_word: bool
    ) -> list[str]:
        """Keys of the topics a reader of `language` sees in the server that hold the words (all, or any),
        best first.

        A row is skipped where the server has an entry that comes before it for that reader: its entry in
        the reader's language masks its entry for all languages, and either masks the built-in row (a
        hidden topic has an entry but no row).
        """
        if not words:
            return []
        if self._conn.dialect == "postgresql":
            sql, params = _postgres_search(language, words, every_word=every_word)
        else:
            (table,) = self._tables(language)
            sql = (
                f"SELECT topic, bm25({table}, {_BM25_WEIGHTS}) AS score FROM {table}"
                f" WHERE {table} MATCH ? AND"
            )
            params = [match_expression(words, every_word=every_word)]
        seen = (guild_id, language, guild_id, ALL_LANGUAGES, guild_id, language)
        seen_builtin = (BUILTIN_GUILD, language, guild_id, language, ALL_LANGUAGES)
        return [
            row["topic"]
            for row in await self._conn.fetch_all(
                f"{sql} {_SEEN_BY_READER} ORDER BY score, topic LIMIT ?",
                (*params, *seen, *seen_builtin, limit),
            )
        ]

    async def _insert(self, guild_id: int, language: str, topic: IndexedTopic) -> None:
        for table in self._tables(language):
            await self._conn.execute(
                f"INSERT INTO {table} (guild_id, language, topic, title, keywords, body) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    language,
                    topic.topic,
                    topic.title,
                    _KEYWORD_SEPARATOR.join(topic.keywords),
                    topic.body,
                ),
            )


# The rows a reader of one language sees in a server: the server's own in that language; its own for all
# languages where it has none in that language; the built-in ones in that language where it has neither.
_SEEN_BY_READER = (
    "((guild_id = ? AND language = ?)"
    " OR (guild_id = ? AND language = ?"
    " AND topic NOT IN (SELECT topic FROM faq_entries WHERE guild_id = ? AND language = ?))"
    " OR (guild_id = ? AND language = ?"
    " AND topic NOT IN (SELECT topic FROM faq_entries WHERE guild_id = ? AND language IN (?, ?))))"
)
# ts_rank's weights for D, C, B, A (body, -, keywords, title): 1 : 5 : 10 as the bm25 weights above.
_RANK_WEIGHTS = "'{0.1, 0.0, 0.5, 1.0}'"
# How alike a typed word and a word of a title or keyword list must be for a misspelling to find the
# topic (pg_trgm's word_similarity, 0 to 1): "escrw" finds "escrow", "fee" does not find "free".
_SPELLING_LIKENESS = 0.6


def _postgres_search(language: str, words: Sequence[str], *, every_word: bool) -> tuple[str, list[object]]:
    """Full-text search ranked by ts_rank, best first as bm25's lowest score is. A row is matched with the
    query built in its own text-search configuration: the reader's language's stemmer for the rows in that
    language, 'simple' for a server's text for all languages (`faq_text_config`, in the schema). Searching
    any word, a title or keyword list spelt like one of them (pg_trgm) also counts, ranked after every
    full-text hit. Each word is a parameter, never query syntax."""
    joined = " && " if every_word else " || "
    stemmed = joined.join("plainto_tsquery(faq_text_config(?), ?)" for _ in words)
    simple = joined.join("plainto_tsquery('simple', ?)" for _ in words)
    params: list[object] = [value for word in words for value in (language, word)]
    params += list(words)
    query = "(CASE WHEN faq_search.language = '*' THEN q.simple ELSE q.stemmed END)"
    found = f"document @@ {query}"
    score = f"-ts_rank({_RANK_WEIGHTS}, document, {query})"
    if not every_word:
        names = "(title || ' ' || keywords)"
        likeness = " OR ".join(f"word_similarity(?, {names}) >= {_SPELLING_LIKENESS}" for _ in words)
        score = f"CASE WHEN {found} THEN {score} ELSE 0 END"
        found = f"({found} OR {likeness})"
    sql = (
        f"SELECT topic, {score} AS score FROM faq_search, (SELECT {stemmed} AS stemmed, {simple} AS simple) AS q"
        f" WHERE {found} AND"
    )
    if not every_word:
        params += list(words)
    return sql, params


def match_expression(words: Sequence[str], *, every_word: bool) -> str:
    """An FTS5 query that looks for the words as plain text, whatever characters they hold.

    Each word becomes a quoted string (inner quotes doubled, NULs dropped), so `AND`, `NOT`, `*`, `:` or
    `(` typed by a user are searched for, never obeyed as FTS5 syntax.
    """
    # FTS5 reads a query as a C string: a NUL would end it inside the quotes.
    quoted = ['"' + word.replace("\x00", "").replace('"', '""') + '"' for word in words]
    return (" AND " if every_word else " OR ").join(quoted)
