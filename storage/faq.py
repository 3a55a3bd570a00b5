"""FAQ storage: each server's own entries, the log of admin changes, and the FTS5 search index.

Every query is scoped by `guild_id`. Built-in topics live in the search index under guild 0 (rewritten at
start from the shipped files); a server's entries are indexed under its own id, and its overrides and
hidden topics mask the built-in rows of the same key for that server only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import fetch_all, fetch_one
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


def _entry(row: aiosqlite.Row) -> FaqEntryRecord:
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

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, guild_id: int, topic: str) -> FaqEntryRecord | None:
        row = await fetch_one(
            self._conn,
            f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? AND topic = ?",
            (guild_id, topic),
        )
        return _entry(row) if row else None

    async def of_guild(self, guild_id: int) -> list[FaqEntryRecord]:
        return [
            _entry(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_ENTRY_COLUMNS} FROM faq_entries WHERE guild_id = ? ORDER BY topic",
                (guild_id,),
            )
        ]

    async def count_visible(self, guild_id: int, *, excluding: Iterable[str] = ()) -> int:
        """How many shown entries the server has, leaving out the given keys (the built-in ones)."""
        skipped = list(excluding)
        placeholders = ", ".join("?" for _ in skipped) or "NULL"
        row = await fetch_one(
            self._conn,
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
        async with self._conn.execute(
            "DELETE FROM faq_entries WHERE guild_id = ? AND topic = ?", (guild_id, topic)
        ) as cur:
            return cur.rowcount > 0

    async def record_change(
        self, guild_id: int, topic: str, action: str, by_user: int, now: datetime
    ) -> None:
        await self._conn.execute(
            "INSERT INTO faq_changes (guild_id, topic, action, by_user, at) VALUES (?, ?, ?, ?, ?)",
            (guild_id, topic, action, by_user, to_epoch(now)),
        )

    async def changes(self, guild_id: int) -> list[FaqChangeRecord]:
        """The server's change log, oldest first."""
        async with self._conn.execute(
            "SELECT guild_id, topic, action, by_user, at FROM faq_changes WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        ) as cur:
            return [
                FaqChangeRecord(
                    guild_id=row["guild_id"],
                    topic=row["topic"],
                    action=row["action"],
                    by_user=row["by_user"],
                    at=from_epoch(row["at"]),
                )
                for row in await cur.fetchall()
            ]


class FaqSearchIndex:
    """The FTS5 table `faq_search`: built-in rows under guild 0 and each server's own rows."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
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
        return [
            row["topic"]
            for row in await fetch_all(
                self._conn,
                f"SELECT topic, bm25(faq_search, {_BM25_WEIGHTS}) AS score FROM faq_search"
                " WHERE faq_search MATCH ? AND (guild_id = ?"
                "  OR (guild_id = ? AND topic NOT IN (SELECT topic FROM faq_entries WHERE guild_id = ?)))"
                " ORDER BY score, topic LIMIT ?",
                (match_expression(words, every_word=every_word), guild_id, BUILTIN_GUILD, guild_id, limit),
            )
        ]

    async def _insert(self, guild_id: int, topic: IndexedTopic) -> None:
        await self._conn.execute(
            "INSERT INTO faq_search (guild_id, topic, title, keywords, body) VALUES (?, ?, ?, ?, ?)",
            (guild_id, topic.topic, topic.title, _KEYWORD_SEPARATOR.join(topic.keywords), topic.body),
        )


def match_expression(words: Sequence[str], *, every_word: bool) -> str:
    """An FTS5 query that looks for the words as plain text, whatever characters they hold.

    Each word becomes a quoted string (inner quotes doubled, NULs dropped), so `AND`, `NOT`, `*`, `:` or
    `(` typed by a user are searched for, never obeyed as FTS5 syntax.
    """
    # FTS5 reads a query as a C string: a NUL would end it inside the quotes.
    quoted = ['"' + word.replace("\x00", "").replace('"', '""') + '"' for word in words]
    return (" AND " if every_word else " OR ").join(quoted)
