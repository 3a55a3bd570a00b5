"""The SQLite connections: WAL, foreign keys, a busy timeout, one writer at a time, a few readers.

Writes go through `Database.write()`, a `BEGIN IMMEDIATE` transaction on the writer connection behind an
asyncio lock, so a service's load-check-save happens as one unit. Reads take one of a few reader
connections, which in WAL mode see only committed data and never wait for the writer.
"""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.migrations import apply_migrations

BUSY_TIMEOUT_MS = 5000
READERS = 3


def database_path(url: str) -> str:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db`, `sqlite://:memory:` or a plain path."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    if url.startswith("sqlite://"):
        return url.removeprefix("sqlite://")
    if "://" in url:
        raise ValueError(f"unsupported database URL {url!r}: use sqlite:///path/to/file.db or a file path")
    return url


async def _configure(conn: aiosqlite.Connection) -> None:
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA synchronous = NORMAL")


class Database:
    """Both connections to one SQLite file. Open with `await Database.open(path)`."""

    def __init__(self, path: str, writer: aiosqlite.Connection, readers: list[aiosqlite.Connection]) -> None:
        self.path = path
        self._writer = writer
        self._write_lock = asyncio.Lock()
        self._unfinished = False  # a write's transaction may still be open (its task was cancelled)
        # Each read holds one reader connection for its snapshot; a few let commands read side by side.
        self._readers = readers
        self._idle_readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._idle_readers.put_nowait(reader)

    @classmethod
    async def open(cls, path: str, *, readers: int = READERS) -> Database:
        """Open (creating and migrating if needed); a file that is not a usable database raises, leaving
        no connection thread behind to keep the process alive."""
        if path != ":memory:":
            _create_private_file(Path(path))
        opened: list[aiosqlite.Connection] = []
        try:
            writer = await _connect(path, opened)
            await apply_migrations(writer)
            for _ in range(readers):
                reader = await _connect(path, opened)
                await reader.execute("PRAGMA query_only = ON")
        except BaseException:
            for connection in opened:
                await connection.close()
            raise
        return cls(path, opened[0], opened[1:])

    def connections(self) -> list[aiosqlite.Connection]:
        """Every connection, writer first (benchmarks trace the statements they run)."""
        return [self._writer, *self._readers]

    async def close(self) -> None:
        for reader in self._readers:
            await reader.close()
        await self._writer.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self._write_lock:
            if self._unfinished:
                await self._finish_abandoned_transaction()
            self._unfinished = True
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await asyncio.shield(self._writer.execute("ROLLBACK"))
                self._unfinished = False
                raise
            # Shielded: a task cancelled while committing must not leave the commit half-awaited.
            await asyncio.shield(self._writer.execute("COMMIT"))
            self._unfinished = False

    async def _finish_abandoned_transaction(self) -> None:
        """A write was cancelled between BEGIN and the end of COMMIT or ROLLBACK: settle it."""
        await self._writer.execute("SELECT 1")  # runs after whatever that write left queued
        if self._writer.in_transaction:
            await self._writer.execute("ROLLBACK")
        self._unfinished = False

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[aiosqlite.Connection]:
        """A reader for single statements, each its own snapshot: no transaction around them.

        For lookups that run one query (a title to an id): BEGIN and COMMIT would triple their cost.
        """
        reader = await self._idle_readers.get()
        try:
            yield reader
        finally:
            self._idle_readers.put_nowait(reader)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent snapshot of committed data for the length of the block."""
        reader = await self._idle_readers.get()
        try:
            await reader.execute("BEGIN")
            try:
                yield reader
            finally:
                await reader.execute("COMMIT")
        finally:
            self._idle_readers.put_nowait(reader)


async def _connect(path: str, opened: list[aiosqlite.Connection]) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    opened.append(connection)
    connection.row_factory = aiosqlite.Row
    await _configure(connection)
    return connection


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only: it holds people's contracts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
