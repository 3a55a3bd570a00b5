"""The database file, looked at before SQLite opens it.

SQLite makes a new, empty database of a missing or empty file without a word, and takes any file's header
on trust until a query trips over a missing page. A bot that starts on a mistyped path, a failed copy or a
cut-short file would then serve an empty or broken store as if all were well, so these checks come first:

- The folder is created (owner only) when a new database may be made, and must be writable: SQLite keeps
  its `-wal` and `-shm` files beside the database.
- A missing file becomes a new database only when the caller may create one (`run`, `db migrate`), never
  for `db version` or `backup`.
- An empty file is refused unless the caller asks to initialise it (`db migrate`): where a database should
  be, an empty file is far more often a failed copy or a full disk than a wish for a new store.
- The first 16 bytes must be SQLite's header string, and the file must hold as many pages as its header
  says (checked when no write-ahead log is there, which may still hold pages the file lacks).
- The database, `-wal` and `-shm` are made readable by their owner only, also when something else left
  them looser: they hold people's contracts.
"""

from __future__ import annotations

import enum
import logging
import os
import stat
from pathlib import Path

from storage.problems import DatabaseMissing, DatabaseUnusable, DatabaseUnwritable, from_os_error

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
PRIVATE = stat.S_IRUSR | stat.S_IWUSR


class Found(enum.Enum):
    NOTHING = "nothing"  # no file yet: a new database is to be made
    EMPTY = "empty"  # a zero-byte file the caller asked to initialise
    DATABASE = "database"


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def examine(path: Path, *, create: bool, initialise: bool, write: bool = True) -> Found:
    """What is at `path`, or the problem that stops it being used as the bot's database (`write=False`: only
    to be read, as a backup does)."""
    folder = path.parent
    if not folder.is_dir():
        if not create:
            raise DatabaseMissing(f"there is no database at {path} (no folder {folder})")
        try:
            folder.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            raise DatabaseUnusable(f"{folder} is not a folder, so it can't hold the database") from None
        except OSError as error:
            raise from_os_error(path, error) from error
    if write and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnwritable(
            f"can't write in {folder} (read-only or not permitted): the database keeps its -wal and -shm "
            "files beside it"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if not create:
            raise DatabaseMissing(f"there is no database at {path}") from None
        return Found.NOTHING
    except OSError as error:
        raise from_os_error(path, error) from error
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder; name a file in it, such as {path / 'milestone-bot.db'}")
    if write and not os.access(path, os.W_OK):
        raise DatabaseUnwritable(f"can't write the database {path} (read-only or not permitted)")
    if size == 0:
        if initialise:
            return Found.EMPTY
        raise DatabaseUnusable(
            f"{path} is an empty file, not a database: restore the latest backup (docs/RELIABILITY.md), or "
            "run `milestone-bot db migrate` to make it a new, empty database"
        )
    _check_header(path, size)
    return Found.DATABASE


def _check_header(path: Path, size: int) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError as error:
        raise from_os_error(path, error) from error
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseUnusable(f"{path} is not an SQLite database")
    if len(header) < HEADER_BYTES:
        raise DatabaseUnusable(f"{path} is cut short ({size} bytes): restore the latest backup")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = header[24:28]
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is trustworthy only when its "valid for" stamp matches the counter.
    pages_known = header[92:96] == change_counter and pages > 0
    wal = wal_path(path)
    wal_has_pages = wal.exists() and wal.stat().st_size > 0
    if pages_known and not wal_has_pages and size < pages * page_size:
        raise DatabaseUnusable(
            f"{path} is cut short: {size} bytes where its header promises {pages * page_size}: "
            "restore the latest backup (docs/RELIABILITY.md)"
        )


def tighten(path: Path) -> None:
    """The database and its SQLite companions readable by their owner only (SQLite gives a new `-wal` and
    `-shm` the database file's mode, so the database goes first)."""
    for file in (path, wal_path(path), shm_path(path)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & ~PRIVATE:
                os.chmod(file, PRIVATE)
                log.info("made %s readable by its owner only (it was %o)", file, mode)
        except FileNotFoundError:
            continue
        except OSError as error:
            # Not ours to change (another owner): worth a warning, not a refusal to serve.
            log.warning("could not make %s private: %s", file, error.strerror or error)
