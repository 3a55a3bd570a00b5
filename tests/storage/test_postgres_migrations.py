"""PostgreSQL's schema: migrated at start from every version it can be at, equal to SQLite's, guarded.

PostgreSQL's migrations start from a baseline numbered as the SQLite version it equals; each later
number is one file in each folder, so `db version` means the same schema on both.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from storage.database import Database
from storage.migrations import available_migrations, newest_version
from storage.postgres import PostgresDatabase, apply_migrations, schema_version
from storage.problems import DatabaseUnusable
from tests.postgres import fresh_database

PG_VERSIONS = [m.version for m in available_migrations("postgresql")]


def test_both_backends_reach_the_same_newest_version() -> None:
    """A SQLite migration without its PostgreSQL twin (or the other way round) fails here."""
    assert newest_version("postgresql") == newest_version("sqlite")


@pytest.mark.parametrize("start", [0, *PG_VERSIONS])
async def test_opening_migrates_from_every_version_to_the_newest_and_keeps_data(start: int) -> None:
    async with fresh_database() as url:
        if start:
            conn = await asyncpg.connect(url)
            try:
                await apply_migrations(conn, url, target=start)
                await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('kept', 'yes')")
            finally:
                await conn.close()
        db = await PostgresDatabase.open(url)
        try:
            async with db.read() as conn:
                assert await schema_version(conn.raw) == newest_version("postgresql")
                kept = await conn.fetch_all("SELECT value FROM bot_meta WHERE key = 'kept'")
                extensions = await conn.fetch_all("SELECT extname FROM pg_extension")
            assert [tuple(row) for row in kept] == ([("yes",)] if start else [])
            assert "pg_trgm" in {row[0] for row in extensions}
        finally:
            await db.close()


async def test_processes_starting_together_migrate_once() -> None:
    async with fresh_database() as url:
        opened = await asyncio.gather(*(PostgresDatabase.open(url) for _ in range(3)))
        try:
            async with opened[0].read() as conn:
                assert await schema_version(conn.raw) == newest_version("postgresql")
        finally:
            for db in opened:
                await db.close()


async def test_a_database_holding_other_tables_is_refused_and_left_alone() -> None:
    async with fresh_database() as url:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("CREATE TABLE photos (id integer PRIMARY KEY)")
            with pytest.raises(DatabaseUnusable, match="not a Milestone Bot database"):
                await PostgresDatabase.open(url)
            tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        finally:
            await conn.close()
        assert [row[0] for row in tables] == ["photos"]


async def test_a_schema_newer_than_this_bot_is_refused() -> None:
    async with fresh_database() as url:
        db = await PostgresDatabase.open(url)
        await db.close()
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("UPDATE schema_version SET version = version + 1")
        finally:
            await conn.close()
        with pytest.raises(DatabaseUnusable, match="upgrade the bot"):
            await PostgresDatabase.open(url)


async def test_the_schema_is_sqlites_table_for_table_and_column_for_column(tmp_path: Path) -> None:
    sqlite = await Database.open(str(tmp_path / "same.db"))
    try:
        async with sqlite.read() as conn:
            rows = await conn.fetch_all(
                "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c"
                " WHERE m.type = 'table' AND m.name NOT LIKE 'faq_search_%'"
            )
        on_sqlite = {(table, column) for table, column in rows}
    finally:
        await sqlite.close()
    async with fresh_database() as url:
        db = await PostgresDatabase.open(url)
        try:
            async with db.read() as conn:
                rows = await conn.fetch_all(
                    "SELECT table_name, column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema()"
                )
        finally:
            await db.close()
    # Beyond SQLite's: the version's own table, and the search document PostgreSQL computes from a row.
    on_postgres = {(t, c) for t, c in rows} - {("schema_version", "version"), ("faq_search", "document")}
    assert on_postgres == on_sqlite
