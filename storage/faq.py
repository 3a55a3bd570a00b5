"""FAQ storage: each server's own entries, the log of admin changes, and the FTS5 search index.

Every query is scoped by `guild_id`. Built-in topics live in the search index under guild 0 (rewritten at
start from the shipped files); a server's entries are indexed under its own id, and its overrides and
hidden topics mask the built-in rows of the same key for that server only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.connection import Connection, Row
from storage.timestamps import from_epoch, to_epoch

# The index rows of the topics that ship with the bot; no Discord server has id 0.
BUILTIN_GUILD = 0
# bm25 weight per column (guild_id, topic, title, keywords, body): a word in a title or keyword list says
# far more about what a topic is about than the same word somewhere in a long answer.
_BM25_WEIGHTS = "0.0, 0.0, 10.0, 5.0, 1.0"
_KEYWORD_SEPARATOR = ", "


@dataclass(frozen=True)
class FaqEntryRecord:
    """A server's own text for a topic, or its note that a built-in topic is hidden there."""

    guild_id: int
    topic: str
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


@dataclass(frozen=True)
class IndexedTopic:
    """What the search index holds for one topic."""

    topic: str
    title: str
    keywords: tuple[str, ...]
    body: str


_ENTRY_COLUMNS = "guild_id, topic, title, keywords, body, hidden, updated_by, updated_at"


def _entry(row: Row) -> FaqEntryRecord:
    return FaqEntryRecord(
        guild_id=row["guild_id"],
        topic=row["topic"],
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

    async def get(self, guild_id: int, topic: str) -> FaqEntryRecord | None:
        row = await self._conn.fetch_one(
            f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? AND topic = ?",
            (guild_id, topic),
        )
        return _entry(row) if row else None

    async def of_guild(self, guild_id: int) -> list[FaqEntryRecord]:
        return [
            _entry(row)
            for row in await self._conn.fetch_all(
                f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? ORDER BY topic",
                (guild_id,),
            )
        ]

    async def count_visible(self, guild_id: int, *, excluding: Iterable[str] = ()) -> int:
        """How many shown entries the server has, leaving out the given keys (the built-in ones)."""
        skipped = list(excluding)
        placeholders = ", ".join("?" for _ in skipped) or "NULL"
        row = await self._conn.fetch_one(
            "SELECT count(*) FROM faq_entries WHERE guild_id = ? AND hidden = 0"
            f" AND topic NOT IN ({placeholders})",
            (guild_id, *skipped),
        )
        return int(row[0]) if row else 0

    async def save(
        self,
        guild_id: int,
        topic: str,
        *,
        title: str,
        keywords: tuple[str, ...],
        body: str,
        hidden: bool,
        by_user: int,
        now: datetime,
    ) -> None:
        await self._conn.execute(
            f"INSERT INTO faq_entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, topic) DO UPDATE SET title = excluded.title,"
            " keywords = excluded.keywords, body = excluded.body, hidden = excluded.hidden,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (
                guild_id,
                topic,
                title,
                _KEYWORD_SEPARATOR.join(keywords),
                body,
                int(hidden),
                by_user,
                to_epoch(now),
            ),
        )

    async def delete(self, guild_id: int, topic: str) -> bool:
        deleted = await self._conn.execute(
            "DELETE FROM faq_entries WHERE guild_id = ? AND topic = ?", (guild_id, topic)
        )
        return deleted > 0

    async def record_change(
        self, guild_id: int, topic: str, action: str, by_user: int, now: datetime
    ) -> None:
        await self._conn.execute(
            "INSERT INTO faq_changes (guild_id, topic, action, by_user, at) VALUES (?, ?, ?, ?, ?)",
            (guild_id, topic, action, by_user, to_epoch(now)),
        )

    async def changes(self, guild_id: int) -> list[FaqChangeRecord]:
        """The server's change log, oldest first."""
        rows = await self._conn.fetch_all(
            "SELECT guild_id, topic, action, by_user, at FROM faq_changes WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [
            FaqChangeRecord(
                guild_id=row["guild_id"],
                topic=row["topic"],
                action=row["action"],
                by_user=row["by_user"],
                at=from_epoch(row["at"]),
            )
            for row in rows
        ]


class FaqSearchIndex:
    """The FTS5 table `faq_search`: built-in rows under guild 0 and each server's own rows."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def replace_builtin(self, topics: Iterable[IndexedTopic]) -> None:
        """Index the shipped topics afresh, so an upgrade's new wording is what search finds."""
        await self._conn.execute("DELETE FROM faq_search WHERE guild_id = ?", (BUILTIN_GUILD,))
        for topic in topics:
            await self._insert(BUILTIN_GUILD, topic)

    async def put(self, guild_id: int, topic: IndexedTopic) -> None:
        await self.remove(guild_id, topic.topic)
        await self._insert(guild_id, topic)

    async def remove(self, guild_id: int, topic: str) -> None:
        await self._conn.execute("DELETE FROM faq_search WHERE guild_id = ? AND topic = ?", (guild_id, topic))

    async def search(self, guild_id: int, words: Sequence[str], limit: int, *, every_word: bool) -> list[str]:
        """Keys of the topics the server sees that hold the words (all, or any), best first.

        A built-in row is skipped when the server has its own entry for that key (an override is searched
        through its own row; a hidden topic has none).
        """
        if not words:
            return []
        if self._conn.dialect == "postgresql":
            sql, params = _postgres_search(words, every_word=every_word)
        else:
            sql = (
                f"SELECT topic, bm25(faq_search, {_BM25_WEIGHTS}) AS score FROM faq_search"
                " WHERE faq_search MATCH ? AND"
            )
            params = [match_expression(words, every_word=every_word)]
        return [
            row["topic"]
            for row in await self._conn.fetch_all(
                f"{sql} {_SEEN_BY_GUILD} ORDER BY score, topic LIMIT ?",
                (*params, guild_id, BUILTIN_GUILD, guild_id, limit),
            )
        ]

    async def _insert(self, guild_id: int, topic: IndexedTopic) -> None:
        await self._conn.execute(
            "INSERT INTO faq_search (guild_id, topic, title, keywords, body) VALUES (?, ?, ?, ?, ?)",
            (guild_id, topic.topic, topic.title, _KEYWORD_SEPARATOR.join(topic.keywords), topic.body),
        )


# The rows a server sees: its own, and the built-in ones it has no entry of its own for.
_SEEN_BY_GUILD = (
    "(guild_id = ? OR (guild_id = ? AND topic NOT IN (SELECT topic FROM faq_entries WHERE guild_id = ?)))"
)
# ts_rank's weights for D, C, B, A (body, -, keywords, title): 1 : 5 : 10 as the bm25 weights above.
_RANK_WEIGHTS = "'{0.1, 0.0, 0.5, 1.0}'"
# How alike a typed word and a word of a title or keyword list must be for a misspelling to find the
# topic (pg_trgm's word_similarity, 0 to 1): "escrw" finds "escrow", "fee" does not find "free".
_SPELLING_LIKENESS = 0.6


def _postgres_search(words: Sequence[str], *, every_word: bool) -> tuple[str, list[object]]:
    """Full-text search (English stemming, as SQLite's porter tokenizer) ranked by ts_rank, best first
    as bm25's lowest score is; searching any word, a title or keyword spelt like one of them (pg_trgm)
    also counts, ranked after every full-text hit. Each word is a parameter, never query syntax."""
    query = (" && " if every_word else " || ").join("plainto_tsquery('english', ?)" for _ in words)
    found = "document @@ q.query"
    score = f"-ts_rank({_RANK_WEIGHTS}, document, q.query)"
    params: list[object] = list(words)
    if not every_word:
        names = "(title || ' ' || keywords)"
        likeness = " OR ".join(f"word_similarity(?, {names}) >= {_SPELLING_LIKENESS}" for _ in words)
        found = f"({found} OR {likeness})"
        score = f"CASE WHEN document @@ q.query THEN {score} ELSE 0 END"
        params += list(words)
    sql = f"SELECT topic, {score} AS score FROM faq_search, (SELECT {query} AS query) AS q WHERE {found} AND"
    return sql, params


def match_expression(words: Sequence[str], *, every_word: bool) -> str:
    """An FTS5 query that looks for the words as plain text, whatever characters they hold.

    Each word becomes a quoted string (inner quotes doubled, NULs dropped), so `AND`, `NOT`, `*`, `:` or
    `(` typed by a user are searched for, never obeyed as FTS5 syntax.
    """
    # FTS5 reads a query as a C string: a NUL would end it inside the quotes.
    quoted = ['"' + word.replace("\x00", "").replace('"', '""') + '"' for word in words]
    return (" AND " if every_word else " OR ").join(quoted)
