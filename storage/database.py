"""The SQLite connections: WAL, foreign keys, a busy timeout, one writer at a time, a few readers.

Writes go through `Database.write()`, a `BEGIN IMMEDIATE` transaction on the writer connection behind an
asyncio lock, so a service's load-check-save happens as one unit. Reads take one of a few reader
connections, which in WAL mode see only committed data and never wait for the writer.

Opening guards the store (`storage.preflight`, `storage.walguard`): a missing file becomes a new database
only when the caller may create one, an empty, foreign, cut-short or schema-less file is refused, so is a
write-ahead log that went missing or was replaced, and every refusal is a `DatabaseProblem` of one line.
A new database is migrated in a temporary file and renamed into place, so the path never holds half a
schema. While open, the log is watched (`walguard.WalWatch`): if it is deleted or replaced, every
committed change is copied into the database file before anyone is told it is saved.

`secure_delete` is on: deleted rows are overwritten, not left in free pages; `checkpoint()` then clears
them from the log too (the privacy delete calls it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import aiosqlite

from storage import preflight
from storage.connection import Connection, Dialect, SqliteConnection
from storage.gate import WorkGate
from storage.migrations import apply_migrations, schema_version
from storage.preflight import Found
from storage.problems import DatabaseProblem, DatabaseUnusable, from_os_error, from_sqlite_error
from storage.query import fetch_one
from storage.walguard import WATCH_INTERVAL, WalWatch, check_before_open

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
READERS = 3
DRAIN_TIMEOUT = 2.0  # seconds a rescue waits for reads in progress before trying again later
# At close, work already under way gets this long to finish: an answer being saved should be saved.


def database_path(url: str) -> str:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db`, `sqlite://:memory:` or a plain path."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    if url.startswith("sqlite://"):
        return url.removeprefix("sqlite://")
    if url.startswith(("postgresql://", "postgres://")):
        return url  # PostgreSQL (storage.postgres): the URL is where the store is
    if "://" in url:
        raise ValueError(
            f"unsupported database URL {url!r}: use sqlite:///path/to/file.db, a file path or postgresql://..."
        )
    return url


async def _configure(conn: aiosqlite.Connection) -> None:
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA synchronous = NORMAL")
    # Deleted rows (a /privacy delete, a removed milestone) are overwritten with zeros, not left readable in
    # free pages of the file.
    await conn.execute("PRAGMA secure_delete = ON")


class Database:
    """Both connections to one SQLite file. Open with `await Database.open(path)`."""

    dialect: Dialect = "sqlite"

    def __init__(
        self,
        path: str,
        writer: aiosqlite.Connection,
        readers: list[aiosqlite.Connection],
        watch: WalWatch | None = None,
    ) -> None:
        self.path = path
        self._writer = writer
        self._write_lock = asyncio.Lock()
        self._unfinished = False  # a write's transaction may still be open (its task was cancelled)
        # Each read holds one reader connection for its snapshot; a few let commands read side by side.
        self._readers = readers
        self._idle_readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._idle_readers.put_nowait(reader)
        self._watch = watch
        self._watching: asyncio.Task[None] | None = None
        self._detached: str | None = None  # why the log at the path is not the one in use, until mended
        self._broken: str | None = None  # set only if the connections could not be opened again
        # Work in progress (reads and writes): closing waits for it, and refuses new work meanwhile.
        self._gate = WorkGate(self.path)

    @classmethod
    async def open(
        cls, path: str, *, readers: int = READERS, create: bool = True, initialise: bool = False
    ) -> Database:
        """Open, creating and migrating if needed; raises a one-line `DatabaseProblem` when the file can't be
        used, leaving no connection thread behind to keep the process alive.

        `create`: a missing file becomes a new database (not for `db version` or `backup`).
        `initialise`: an empty file, or a database with no tables and no schema version, is set up as a new
        one (`db migrate`); otherwise it is refused, since data was expected there.
        """
        if path == ":memory:":
            writer, reader_connections = await _connect_all(path, readers, initialise=True)
            return cls(path, writer, reader_connections)
        file = Path(path)
        found = preflight.examine(file, create=create, initialise=initialise)
        check_before_open(file)
        if found is not Found.DATABASE:
            await _create(file)
        preflight.tighten(file)
        writer, reader_connections = await _connect_all(path, readers, initialise=initialise)
        watch = WalWatch(file)
        try:
            watch.attach()
            preflight.tighten(file)  # the -wal and -shm SQLite just made, should the database's mode be odd
        except OSError as error:
            await _close_all([writer, *reader_connections])
            raise from_os_error(file, error) from error
        database = cls(path, writer, reader_connections, watch)
        database._watching = asyncio.create_task(database._keep_watch(), name=f"watch {file.name}")
        return database

    def connections(self) -> list[aiosqlite.Connection]:
        """Every connection, writer first (benchmarks trace the statements they run)."""
        return [self._writer, *self._readers]

    async def close(self) -> None:
        """Refuse new work, let the work in progress finish (a short while at most), then close."""
        await self._gate.shut()
        if self._watching is not None:
            self._watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watching
            self._watching = None
        if self._watch is not None:
            self._watch.closing()
        await _close_all([*self._readers, self._writer])
        if self._watch is not None:
            self._watch.closed()

    async def listen_for_reminders(self, heard: Callable[[datetime | None], None]) -> None:
        """Only this process writes the file: its own scheduler hears of new reminders directly."""

    async def checkpoint(self) -> bool:
        """Copy every committed change into the database file and empty the write-ahead log, so that
        deleted data is gone from both (with `secure_delete`). False if a reader elsewhere kept it from
        finishing within the busy timeout; the data is safe either way."""
        async with self._write_lock:
            row = await fetch_one(self._writer, "PRAGMA wal_checkpoint(TRUNCATE)")
            done = row is not None and row[0] == 0
            if done and self._watch is not None and self._detached is None:
                self._watch.note_checkpointed()
            return done

    @asynccontextmanager
    async def write(self, owner_id: int | None = None) -> AsyncIterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises. One at a time
        whoever the owner (`owner_id` matters to PostgreSQL only)."""
        with self._gate.work():
            async with self._locked_write() as conn:
                yield SqliteConnection(conn)

    @asynccontextmanager
    async def _locked_write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            if self._broken is not None:
                raise DatabaseUnusable(self._broken)
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
            # Before the caller tells anyone the change is saved: is it in a log SQLite can find again?
            await asyncio.shield(self._after_commit())

    async def _finish_abandoned_transaction(self) -> None:
        """A write was cancelled between BEGIN and the end of COMMIT or ROLLBACK: settle it."""
        await self._writer.execute("SELECT 1")  # runs after whatever that write left queued
        if self._writer.in_transaction:
            await self._writer.execute("ROLLBACK")
        self._unfinished = False

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[Connection]:
        """A reader for single statements, each its own snapshot: no transaction around them.

        For lookups that run one query (a title to an id): BEGIN and COMMIT would triple their cost.
        """
        with self._gate.work():
            reader = await self._idle_readers.get()
            try:
                yield SqliteConnection(reader)
            finally:
                self._idle_readers.put_nowait(reader)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Connection]:
        """A consistent snapshot of committed data for the length of the block."""
        if self._broken is not None:
            raise DatabaseUnusable(self._broken)
        with self._gate.work():
            reader = await self._idle_readers.get()
            try:
                await reader.execute("BEGIN")
                try:
                    yield SqliteConnection(reader)
                finally:
                    await reader.execute("COMMIT")
            finally:
                self._idle_readers.put_nowait(reader)

    # -- the write-ahead log's watch (storage/walguard.py says why) ----------------------------------------

    async def _after_commit(self) -> None:
        if self._watch is None:
            return
        change = self._watch.moved()
        if change is None:
            self._watch.note_commit()
        else:
            await self._rescue(change)

    async def _keep_watch(self) -> None:
        """Between commits too: a log deleted while nothing is written still holds the last changes."""
        while True:
            await asyncio.sleep(WATCH_INTERVAL)
            if self._watch is None or self._watch.moved() is None:
                continue
            try:
                async with self._write_lock:
                    change = self._watch.moved()
                    if change is not None:
                        await self._rescue(change)
            except Exception:
                log.exception("could not mend the write-ahead log of %s; trying again shortly", self.path)

    async def _rescue(self, change: str) -> None:
        """With the write lock held: save every committed change into the database file through the log
        SQLite still has open, then reopen the connections so that a new log is made at the path."""
        assert self._watch is not None
        if self._detached is None:
            log.error(
                "%s: copying every saved change into %s and starting a new write-ahead log", change, self.path
            )
        self._detached = change
        row = await fetch_one(self._writer, "PRAGMA wal_checkpoint(FULL)")
        if row is None or row[0] != 0:
            raise DatabaseUnusable(
                f"{change}, and its changes could not be copied into {self.path} (a reader held it): "
                "the latest changes are at risk until the bot is stopped cleanly"
            )
        self._watch.note_checkpointed()
        # Reopening needs every connection closed at once, so the new ones share no stale -shm index.
        borrowed: list[aiosqlite.Connection] = []
        try:
            async with asyncio.timeout(DRAIN_TIMEOUT):
                while len(borrowed) < len(self._readers):
                    borrowed.append(await self._idle_readers.get())
        except TimeoutError:
            for reader in borrowed:
                self._idle_readers.put_nowait(reader)
            log.warning(
                "reads in progress on %s: each change is copied into the file until a new log can be made",
                self.path,
            )
            return
        await _close_all([*borrowed, self._writer])
        try:
            self._writer, self._readers = await _connect_all(self.path, len(borrowed), initialise=False)
        except BaseException as error:
            self._broken = f"{change}, and the database could not be opened again ({error})"
            log.critical("%s: stop the bot and start it again", self._broken)
            raise DatabaseUnusable(self._broken) from error
        for reader in self._readers:
            self._idle_readers.put_nowait(reader)
        self._watch.attach()
        self._detached = None
        log.warning("%s has a new write-ahead log; every change saved before is in the file", self.path)


async def _connect_all(
    path: str, readers: int, *, initialise: bool
) -> tuple[aiosqlite.Connection, list[aiosqlite.Connection]]:
    """The writer (schema checked and migrated) and the readers; a one-line problem if the file refuses."""
    opened: list[aiosqlite.Connection] = []
    try:
        writer = await _connect(path, opened)
        if path != ":memory:" and await schema_version(writer) == 0 and not initialise:
            if await _has_tables(writer):
                raise DatabaseUnusable(
                    f"{path} holds tables but no schema version: it is not a Milestone Bot database"
                )
            raise DatabaseUnusable(
                f"{path} holds no schema (version 0) where data was expected: its changes are lost (was its "
                "-wal deleted?). Restore the latest backup (docs/RELIABILITY.md)"
            )
        if initialise and await schema_version(writer) == 0 and await _has_tables(writer):
            raise DatabaseUnusable(
                f"{path} holds tables but no schema version: it is not a Milestone Bot database"
            )
        await apply_migrations(writer)
        for _ in range(readers):
            reader = await _connect(path, opened)
            await reader.execute("PRAGMA query_only = ON")
    except BaseException as error:
        await _close_all(opened)
        if isinstance(error, sqlite3.Error) and not isinstance(error, DatabaseProblem):
            problem = from_sqlite_error(Path(path), error)
            if problem is not None:
                raise problem from error
        raise
    return opened[0], opened[1:]


async def _has_tables(conn: aiosqlite.Connection) -> bool:
    row = await fetch_one(conn, "SELECT count(*) FROM sqlite_master")
    return bool(row and row[0])


async def _close_all(connections: list[aiosqlite.Connection]) -> None:
    for connection in connections:
        with contextlib.suppress(sqlite3.Error, ValueError):
            await connection.close()


async def _connect(path: str, opened: list[aiosqlite.Connection]) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    opened.append(connection)
    connection.row_factory = aiosqlite.Row
    await _configure(connection)
    return connection


async def _create(path: Path) -> None:
    """A new database, migrated in a temporary file beside `path` and renamed into place: killed half way,
    it leaves no half-made database that a later start would have to tell from a damaged one."""
    partial = path.with_name(f".{path.name}.new")
    try:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, preflight.PRIVATE))
        async with aiosqlite.connect(partial, isolation_level=None) as conn:
            await apply_migrations(conn)
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(error, OSError):
            raise from_os_error(path, error) from error
        if isinstance(error, sqlite3.Error):
            raise (from_sqlite_error(path, error) or error) from error
        raise
    log.info("created a new database at %s", path)
