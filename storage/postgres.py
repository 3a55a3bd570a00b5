"""The PostgreSQL backend (asyncpg): the same `write()`, `read()` and `glance()` as SQLite's `Database`.

Several bot processes may share one PostgreSQL database, so what SQLite gets from having one writer is
had here from the server:

- An owner's action (`write(owner_id)`) first takes a transaction-level advisory lock on that owner:
  two processes answering the same person load-check-save one after the other, as in one process.
  Other writes (the scheduler's claims and outcomes, a server's FAQ) lock only the rows they change; due
  reminders are claimed with `FOR UPDATE SKIP LOCKED` (`storage.reminders`), so no two processes claim one.
- Reads are `REPEATABLE READ, READ ONLY` transactions: one snapshot for the block, as on SQLite.
- A new reminder is announced with `NOTIFY` (sent by PostgreSQL at commit); `listen_for_reminders` hears
  every process's announcements, so a scheduler asleep elsewhere wakes for it.
- Migrations run at start under a session advisory lock: processes starting together migrate once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from storage.connection import Dialect, Row
from storage.gate import CLOSE_GRACE_SECONDS, WorkGate
from storage.migrations import available_migrations
from storage.problems import DatabaseMissing, DatabaseUnreachable, DatabaseUnusable
from storage.reminders import REMINDERS_CHANNEL
from storage.timestamps import from_epoch

log = logging.getLogger(__name__)

POOL_SIZE = 10  # connections per process: a few commands read side by side while others write
CONNECT_TIMEOUT = 10.0
# A pooled connection or a lone one: asyncpg's proxy stands in for its connection.
Raw = asyncpg.Connection | PoolConnectionProxy
# Session advisory lock held while migrating (any number no other lock of the bot uses).
_MIGRATION_LOCK = 0x6D696772  # "migr"
_VERSION_TABLE = "schema_version"
_STATUS_COUNT = re.compile(r"(\d+)$")


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def without_password(url: str) -> str:
    """The URL as it may be shown and logged."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, ...` (the repositories put no `?` inside literals)."""
    count = 0

    def next_number(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return re.sub(r"\?", next_number, sql)


def _storable(params: Sequence[Any]) -> Sequence[Any]:
    """PostgreSQL's text can't hold NUL. What the bot stores refuses control characters before it gets
    here, so only a lookup of typed text may carry one: as U+FFFD it finds nothing, as on SQLite."""
    if not any(isinstance(p, str) and "\x00" in p for p in params):
        return params
    return [p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params]


def _count(status: str) -> int:
    """Rows changed, from a command status such as `UPDATE 3` or `INSERT 0 1`."""
    match = _STATUS_COUNT.search(status)
    return int(match.group(1)) if match else 0


class PostgresConnection:
    """An asyncpg connection as a `Connection`."""

    dialect: Dialect = "postgresql"

    def __init__(self, raw: Raw) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return _count(await self.raw.execute(numbered(sql), *_storable(params)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.raw.executemany(numbered(sql), [_storable(row) for row in rows])

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self.raw.fetchrow(numbered(sql), *_storable(params))
        return row

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self.raw.fetch(numbered(sql), *_storable(params)))


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database. Open with `await PostgresDatabase.open(url)`."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, pool: asyncpg.Pool) -> None:
        self.url = url
        self.path = without_password(url)  # what messages name, as SQLite's file path
        self._pool = pool
        self._listener: asyncpg.Connection | None = None
        # Work in progress (reads and writes): closing waits for it, and refuses new work meanwhile.
        self._gate = WorkGate(self.path)

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresDatabase:
        """Connect and migrate. The database itself must exist (`createdb`); an empty one is set up as a
        new store. A database holding other tables, or newer than this version, is refused."""
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=pool_size, timeout=CONNECT_TIMEOUT, command_timeout=None
            )
        except asyncpg.InvalidCatalogNameError as error:
            raise DatabaseMissing(
                f"{without_password(url)}: no such database: create it first (createdb), then start again"
            ) from error
        except asyncpg.InvalidAuthorizationSpecificationError as error:
            raise DatabaseUnusable(
                f"{without_password(url)}: the server refused the login ({error})"
            ) from error
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            raise DatabaseUnreachable(
                f"can't reach the database server of {without_password(url)}: {error or type(error).__name__}"
            ) from error
        try:
            async with pool.acquire() as conn:
                await _migrate(conn, without_password(url))
        except BaseException:
            await pool.close()
            raise
        return cls(url, pool)

    @asynccontextmanager
    async def write(self, owner_id: int | None = None) -> AsyncIterator[PostgresConnection]:
        """One transaction, committed when the block ends; with `owner_id`, one at a time per owner."""
        with self._gate.work():
            async with self._pool.acquire() as raw, raw.transaction():
                if owner_id is not None:
                    await raw.execute("SELECT pg_advisory_xact_lock($1)", owner_id)
                yield PostgresConnection(raw)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[PostgresConnection]:
        """A consistent snapshot of committed data for the length of the block."""
        with self._gate.work():
            async with (
                self._pool.acquire() as raw,
                raw.transaction(isolation="repeatable_read", readonly=True),
            ):
                yield PostgresConnection(raw)

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[PostgresConnection]:
        """A connection for single statements, each its own snapshot."""
        with self._gate.work():
            async with self._pool.acquire() as raw:
                yield PostgresConnection(raw)

    async def listen_for_reminders(self, heard: Callable[[datetime | None], None]) -> None:
        """Call `heard(due_at)` for every reminder planned by any process, once its change is committed."""

        def on_notify(_conn: object, _pid: int, _channel: str, payload: object) -> None:
            heard(from_epoch(int(payload)) if isinstance(payload, str) and payload.isdigit() else None)

        if self._listener is None:
            self._listener = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)
        await self._listener.add_listener(REMINDERS_CHANNEL, on_notify)

    async def checkpoint(self) -> bool:
        """Deleted rows are reclaimed by PostgreSQL's autovacuum; forcing a VACUUM per deletion would
        rewrite whole tables (docs/RELIABILITY.md says what the operator does instead)."""
        return False

    async def close(self) -> None:
        """Refuse new work, let the work in progress finish (a short while at most), then close."""
        await self._gate.shut()
        if self._listener is not None:
            with contextlib.suppress(OSError, asyncpg.PostgresError):
                await self._listener.close()
            self._listener = None
        try:
            await asyncio.wait_for(self._pool.close(), timeout=CLOSE_GRACE_SECONDS)
        except TimeoutError:
            self._pool.terminate()


async def stored_version(url: str) -> int:
    """The version of the store at `url`, changing nothing (`db version`)."""
    try:
        conn = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
    except asyncpg.InvalidCatalogNameError as error:
        raise DatabaseMissing(f"{without_password(url)}: no such database") from error
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        raise DatabaseUnreachable(
            f"can't reach the database server of {without_password(url)}: {error}"
        ) from error
    try:
        return await schema_version(conn)
    finally:
        await conn.close()


async def schema_version(conn: Raw) -> int:
    """The version stored in the database; 0 for a database with no store in it."""
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", _VERSION_TABLE)
    if not exists:
        return 0
    return int(await conn.fetchval(f"SELECT version FROM {_VERSION_TABLE}"))


async def _migrate(conn: Raw, where: str) -> list[str]:
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        return await apply_migrations(conn, where)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)


async def apply_migrations(conn: Raw, where: str, *, target: int | None = None) -> list[str]:
    """Bring the schema up to `target` (default: the newest), each file in one transaction with its
    version. A database with tables but no version is not ours, and is left alone."""
    current = await schema_version(conn)
    migrations = available_migrations("postgresql")
    if current == 0:
        tables = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        if tables:
            raise DatabaseUnusable(
                f"{where} holds tables but no schema version: it is not a Milestone Bot database"
            )
    elif current > migrations[-1].version:
        raise DatabaseUnusable(
            f"{where} is at schema version {current}, newer than this version of the bot knows "
            f"({migrations[-1].version}): upgrade the bot"
        )
    applied = []
    for migration in migrations:
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        async with conn.transaction():
            await conn.execute(migration.sql)
            if current == 0:
                await conn.execute(f"CREATE TABLE {_VERSION_TABLE} (version INTEGER NOT NULL)")
                await conn.execute(f"INSERT INTO {_VERSION_TABLE} VALUES ($1)", migration.version)
            else:
                await conn.execute(f"UPDATE {_VERSION_TABLE} SET version = $1", migration.version)
        current = migration.version
        applied.append(migration.name)
    return applied
