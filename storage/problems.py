"""Why the database can't be used, as one line for the person running the bot, sorted by what to do about it.

- `DatabaseMissing`: nothing at the path, for a command that must not create a database (a mistyped path).
- `DatabaseUnusable`: the file is there but can't be trusted as it is: not a database, empty, damaged or cut
  short, no schema where data was expected, its write-ahead log gone or replaced. Someone must repair or
  restore it; starting again changes nothing.
- `DatabaseUnreachable`: the PostgreSQL server does not answer (down, restarting, a network fault): starting
  again later may well work.
- `DatabaseUnwritable`: the folder or the disk refuses to write: read-only, full, no permission. Someone must
  make room or fix the mount; starting again changes nothing either.
- `DatabaseNeedsServer`: a second bot process on one SQLite file; the setup must change to PostgreSQL.

They subclass `sqlite3.DatabaseError`, so code that already handles SQLite's own refusal to open a file
(the offline console, for one) handles these the same way.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


class DatabaseProblem(sqlite3.DatabaseError):
    """The database can't be used; `str()` is one line saying what is wrong and what to do."""


class DatabaseMissing(DatabaseProblem):
    pass


class DatabaseUnusable(DatabaseProblem):
    pass


class DatabaseUnwritable(DatabaseProblem):
    pass


class DatabaseUnreachable(DatabaseProblem):
    pass


class DatabaseNeedsServer(DatabaseProblem):
    """SQLite was asked to serve more than one process (a second bot on the file, or a shard range):
    only a database server (PostgreSQL) is shared between processes."""


# SQLite's primary result codes (https://www.sqlite.org/rescode.html) that mean the place can't be written.
_UNWRITABLE_CODES = {
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
}
_UNUSABLE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_UNWRITABLE_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.EIO,
}


def from_sqlite_error(path: Path, error: sqlite3.Error) -> DatabaseProblem | None:
    """The problem behind an error SQLite raised while opening or setting up `path`; None when it is not
    about the file or the disk (a bug, then, to be shown as such)."""
    if isinstance(error, DatabaseProblem):
        return error
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_FULL or (primary in _UNWRITABLE_CODES and _disk_full(path)):
        # SQLite reports a full disk met while sizing its -shm index as a plain I/O error.
        return DatabaseUnwritable(f"the disk holding {path} is full: make room, then start again")
    if primary in _UNWRITABLE_CODES:
        return DatabaseUnwritable(f"can't write the database {path}: {error}")
    if primary in _UNUSABLE_CODES:
        return DatabaseUnusable(
            f"{path} is damaged or not a database ({error}): restore the latest backup (docs/RELIABILITY.md)"
        )
    return None


def _disk_full(path: Path) -> bool:
    try:
        space = os.statvfs(path.parent)
    except OSError:
        return False
    return space.f_bavail == 0


def from_os_error(path: Path, error: OSError) -> DatabaseProblem:
    """A file-system refusal met while preparing the database's folder or files."""
    where = error.filename or path
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DatabaseUnwritable(f"no room to write {where} ({reason}): make room, then start again")
    if error.errno in _UNWRITABLE_ERRNOS:
        return DatabaseUnwritable(f"can't write {where} ({reason})")
    return DatabaseUnusable(f"can't use {where} ({reason})")
