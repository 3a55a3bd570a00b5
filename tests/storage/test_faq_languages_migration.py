"""Migration 0009 gives the FAQ a language, on both backends: a server's entries and its search rows written
before it become its text for all languages, the change log keeps its rows, and every member, whatever
their language, still reads and finds what the server wrote."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import asyncpg

from bot.clock import ManualClock
from bot.services.faq import ALL_LANGUAGES, FaqService
from bot.services.work import Store
from storage.backend import Backend, open_backend
from storage.copy import copy_store
from storage.database import Database
from storage.migrations import apply_migrations
from storage.postgres import apply_migrations as apply_postgres_migrations
from storage.postgres import schema_version
from tests.postgres import fresh_database

HOME = 1001
ADA = 11
T = 1_790_000_000
BEFORE = 8  # the schema version before the FAQ had languages

# As the bot wrote them at version 8: an override of a built-in topic, a topic of the server's own, a
# hidden built-in topic, their search rows (the built-in ones under guild 0, then English only), the log.
OLD_ROWS = [
    (
        "INSERT INTO faq_entries (guild_id, topic, title, keywords, body, hidden, updated_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (HOME, "review-period", "Review here", "review, auto-release", "Ask a mentor first.", 0, ADA, T),
            (HOME, "late-payments", "Late payments", "", "Chase politely after three days.", 0, ADA, T),
            (HOME, "bonuses", "Bonuses", "bonus", "Built-in text kept.", 1, ADA, T),
        ],
    ),
    (
        "INSERT INTO faq_search (guild_id, topic, title, keywords, body) VALUES (?, ?, ?, ?, ?)",
        [
            (0, "milestones", "Milestones", "milestone", "How milestones work."),
            (HOME, "review-period", "Review here", "review, auto-release", "Ask a mentor first."),
            (HOME, "late-payments", "Late payments", "", "Chase politely after three days."),
        ],
    ),
    (
        "INSERT INTO faq_changes (guild_id, topic, action, by_user, at) VALUES (?, ?, ?, ?, ?)",
        [(HOME, "review-period", "set", ADA, T), (HOME, "bonuses", "remove", ADA, T + 1)],
    ),
]


async def _every_reader_still_sees_what_the_server_wrote(db: Backend) -> None:
    async with db.read() as conn:
        languages = await conn.fetch_all("SELECT DISTINCT language FROM faq_entries")
        logged = await conn.fetch_all("SELECT topic, language FROM faq_changes ORDER BY id")
        indexed = await conn.fetch_all(
            "SELECT guild_id, topic, language FROM faq_search ORDER BY guild_id, topic"
        )
    assert [tuple(row) for row in languages] == [(ALL_LANGUAGES,)]
    assert [tuple(row) for row in logged] == [("review-period", "*"), ("bonuses", "*")]
    assert [tuple(row) for row in indexed] == [
        (0, "milestones", "en-US"),
        (HOME, "late-payments", "*"),
        (HOME, "review-period", "*"),
    ]

    faq = FaqService(Store(db, ManualClock(datetime(2026, 11, 30, tzinfo=UTC))))
    await faq.load_builtin()
    for language in ("en-US", "pt-BR", "es-ES"):
        shown = await faq.show(HOME, "review-period", language=language)
        assert (shown.title, shown.builtin) == ("Review here", False), language
        keys = [topic.key for topic in await faq.topics(HOME, language=language)]
        assert "bonuses" not in keys and keys[-1] == "late-payments", language
        found = await faq.search(HOME, "chase", language=language)
        assert [topic.key for topic in found.topics] == ["late-payments"], language
    assert (await faq.show(HOME, "milestones", language="pt-BR")).title.startswith("Como funcionam")
    assert [(change.topic, change.language) for change in await faq.changes(HOME)] == [
        ("review-period", ALL_LANGUAGES),
        ("bonuses", ALL_LANGUAGES),
    ]


async def test_sqlite_keeps_every_faq_row_as_the_servers_text_for_all_languages(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    async with aiosqlite.connect(path) as conn:
        await apply_migrations(conn, target=BEFORE)
        for sql, rows in OLD_ROWS:
            await conn.executemany(sql, rows)
        await conn.commit()
    db = await Database.open(path)
    try:
        await _every_reader_still_sees_what_the_server_wrote(db)
    finally:
        await db.close()


async def test_postgresql_keeps_every_faq_row_as_the_servers_text_for_all_languages() -> None:
    async with fresh_database() as url:
        conn = await asyncpg.connect(url)
        try:
            await apply_postgres_migrations(conn, url, target=BEFORE)
            assert await schema_version(conn) == BEFORE
            for sql, rows in OLD_ROWS:
                numbered = sql
                for number in range(1, sql.count("?") + 1):
                    numbered = numbered.replace("?", f"${number}", 1)
                await conn.executemany(numbered, rows)
        finally:
            await conn.close()
        db = await open_backend(url)
        try:
            await _every_reader_still_sees_what_the_server_wrote(db)
        finally:
            await db.close()


async def test_a_copy_to_postgresql_keeps_each_languages_text_searchable(tmp_path: Path) -> None:
    """SQLite holds a server's text for all languages once per reading language; the copy holds it once."""
    path = str(tmp_path / "source.db")
    source = await Database.open(path)
    try:
        faq = FaqService(Store(source, ManualClock(datetime(2026, 11, 30, tzinfo=UTC))))
        await faq.load_builtin()
        await faq.set(HOME, ADA, "review-period", "Revisão aqui", "Um mentor revisa antes.", "pt-BR")
        await faq.set(HOME, ADA, "late-payments", "Late payments", "Chase politely after three days.")
    finally:
        await source.close()
    async with fresh_database() as url:
        report = await copy_store(path, url)
        assert report.rows["faq_search"] == 3 * 10 + 2  # the built-in topics in 3 languages, 2 server texts
        target = await open_backend(url)
        try:
            faq = FaqService(Store(target, ManualClock(datetime(2026, 11, 30, tzinfo=UTC))))
            for language in ("en-US", "pt-BR", "es-ES"):
                found = await faq.search(HOME, "chase", language=language)
                assert [topic.key for topic in found.topics] == ["late-payments"], language
            found = await faq.search(HOME, "mentor", language="pt-BR")
            assert [topic.key for topic in found.topics] == ["review-period"]
            assert (await faq.search(HOME, "mentor", language="es-ES")).fuzzy
        finally:
            await target.close()
