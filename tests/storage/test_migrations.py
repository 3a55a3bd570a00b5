"""The schema is built by numbered migrations and the database file is private."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from pathlib import Path

import aiosqlite
import pytest

from storage.connection import SqliteConnection
from storage.database import Database
from storage.migrations import apply_migrations, available_migrations, schema_version


@pytest.mark.sqlite_only("PRAGMA user_version and sqlite_master (tests/storage/test_postgres_migrations.py)")
async def test_new_database_is_at_the_newest_version(db: Database) -> None:
    async with db.read() as conn:
        assert isinstance(conn, SqliteConnection)
        assert await schema_version(conn.raw) == len(available_migrations())
        rows = await conn.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in rows}
    assert {"users", "contracts", "milestones", "milestone_events", "reminders", "faq_entries"} <= tables


async def test_reopening_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = str(tmp_path / "keep.db")
    first = await Database.open(path)
    async with first.write() as conn:
        await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('k', 'v')")
    await first.close()

    async with aiosqlite.connect(path) as conn:
        assert await apply_migrations(conn) == []
        async with conn.execute("SELECT value FROM bot_meta WHERE key = 'k'") as cur:
            assert tuple(await cur.fetchone()) == ("v",)


async def test_database_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "private.db"
    database = await Database.open(str(path))
    await database.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_failed_write_leaves_nothing_behind(db: Database) -> None:
    try:
        async with db.write() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('half', 'written')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with db.read() as conn:
        row = await conn.fetch_one("SELECT count(*) FROM bot_meta WHERE key = 'half'")
    assert row is not None and row[0] == 0


@pytest.mark.sqlite_only("SQLite's settings: PostgreSQL always enforces foreign keys and logs ahead")
async def test_foreign_keys_and_wal_are_on(db: Database) -> None:
    async with db.read() as conn:
        assert [tuple(row) for row in await conn.fetch_all("PRAGMA foreign_keys")] == [(1,)]
        assert [tuple(row) for row in await conn.fetch_all("PRAGMA journal_mode")] == [("wal",)]


async def test_reads_run_side_by_side_without_nesting_transactions(db: Database) -> None:
    async def read_slowly() -> int:
        async with db.read() as conn:
            await asyncio.sleep(0.01)
            row = await conn.fetch_one("SELECT count(*) FROM contracts")
        assert row is not None
        return int(row[0])

    assert await asyncio.gather(*(read_slowly() for _ in range(10))) == [0] * 10


async def test_a_file_that_is_not_a_database_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        await asyncio.wait_for(Database.open(str(path)), timeout=5)


async def test_a_write_cancelled_midway_leaves_no_transaction_open(db: Database) -> None:
    started = asyncio.Event()

    async def slow_write() -> None:
        async with db.write() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('cancelled', 'yes')")
            started.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(slow_write())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with db.write() as conn:
        await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('next', 'ok')")
    async with db.read() as conn:
        rows = await conn.fetch_all("SELECT key FROM bot_meta ORDER BY key")
    assert [row[0] for row in rows] == ["next"]
