"""Noticing that the database's write-ahead log was deleted or replaced, while the bot runs and at start.

Why: in WAL mode each committed change lives in `<db>-wal` until a checkpoint copies it into the database
file. SQLite holds the log open, so when the file is deleted, or another file is put in its place, SQLite
goes on writing into a file nobody can reach by name. A clean stop still saves everything (the last close
checkpoints through the open handle), but a kill or a crash then loses every change since the last
checkpoint, and the next start serves what is left without a word (found by attack: 60 acknowledged
contracts gone, a database back at schema version 0). SQLite does not record which log belongs to which
database file, so the bot keeps watch itself, with SQLite's own facts:

- **While running: file identity.** The connections hold the log and its `-shm` index open, so no other
  file can take their inode numbers; `os.stat` of either path giving another (device, inode), or nothing,
  means the path no longer names the file SQLite writes. Checked after every commit, before the caller is
  told its change is saved, and every `WATCH_INTERVAL` seconds. `Database` then rescues the changes: a
  FULL checkpoint through the open handle copies every committed page into the database file, then all
  connections are reopened so that new changes go to a log at the path again.
- **Across a stop: the log header's salts.** An inode number means nothing once the process is gone, and
  a copy has another one. The 32-byte header of a log holds two salts: the first is incremented each time
  the log starts over after a checkpoint, the second is random, and each frame carries them, so a stale or
  foreign log shows other salts (https://www.sqlite.org/fileformat2.html#walformat). The bot keeps the
  salts of the log that holds changes not yet in the database file, with whether it stopped cleanly, in a
  sidecar, `<db>.guard`. It is rewritten at open, at close and when the log starts over (about once per
  thousand pages written), never per commit.
- **At start, before SQLite opens the file** (SQLite would apply whatever log lies there): after a stop
  that did not close the database, the log with the recorded salts must be there, or the one after it (the
  first salt one higher: a restart the sidecar had not caught up with). Missing or empty means the changes
  it held are gone; other salts mean it was replaced. Both are refused, with what to do. After a clean stop
  SQLite itself removed the log, and nothing is expected.

Not chosen: `PRAGMA data_version` changes when another connection commits, not when a file is swapped
under the connections; a counter written per commit (in the database and the sidecar) would be exact but
costs a write and a statement on every commit. What this cannot see: a log replaced by an earlier copy of
itself from the same restart (same salts, fewer frames), and the loss of the one commit that first writes
a new log's header if the log is deleted in the microseconds before the sidecar records it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from storage.preflight import shm_path, wal_path
from storage.problems import DatabaseUnusable

log = logging.getLogger(__name__)

WATCH_INTERVAL = 1.0  # seconds between checks when no commit comes
_WAL_MAGIC = (0x377F0682, 0x377F0683)  # big- and little-endian checksums (fileformat2.html#walformat)
_WAL_HEADER = 32
_OPEN, _CLOSING, _CLOSED = "open", "closing", "closed"


@dataclass(frozen=True)
class Salts:
    """The two salts of a write-ahead log's header: which log, and which restart of it."""

    first: int
    second: int

    def follows(self, earlier: Salts) -> bool:
        """This log is the one `earlier` became when it started over once more."""
        return self.first == (earlier.first + 1) % 2**32


def read_salts(wal: Path) -> Salts | None:
    """The salts of the log at `wal`; None when there is no file, or no header yet (an empty log)."""
    try:
        with wal.open("rb") as file:
            header = file.read(_WAL_HEADER)
    except FileNotFoundError:
        return None
    if len(header) < _WAL_HEADER or int.from_bytes(header[0:4], "big") not in _WAL_MAGIC:
        return None
    return Salts(int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big"))


@dataclass(frozen=True)
class Record:
    """What the sidecar says: how the last run left the database, and the log holding changes not yet in
    the database file (None: every change is in the file)."""

    state: str
    log: Salts | None
    file: tuple[int, int] | None = None  # the database file's (mtime in ns, size) when this was written


class Sidecar:
    """`<db>.guard`: a small JSON file beside the database, written whole (a rename) and private."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".guard")

    def read(self) -> Record | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            salts = data.get("log")
            file = data.get("file")
            return Record(str(data["state"]), Salts(*salts) if salts else None, tuple(file) if file else None)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.warning("ignoring %s, which can't be read (%s)", self.path, error)
            return None

    def write(self, state: str, salts: Salts | None, *, durable: bool = True) -> None:
        """`durable=False` for updates while running: written on the event loop, they must not wait for the
        disk; the page cache keeps them through a kill, and the next open or close syncs."""
        file = _file_state(self.path.with_name(self.path.name.removesuffix(".guard")))
        text = json.dumps(
            {
                "state": state,
                "log": [salts.first, salts.second] if salts else None,
                "file": list(file) if file else None,
            }
        )
        partial = self.path.with_name(f".{self.path.name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
        try:
            os.write(fd, text.encode())
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, self.path)


def check_before_open(database: Path) -> None:
    """Refuse a database whose write-ahead log went missing or was replaced since the bot last wrote it."""
    sidecar = Sidecar(database)
    recorded = sidecar.read()
    if recorded is None:
        return
    if not database.exists():
        raise DatabaseUnusable(
            f"the database {database} is gone, though the bot kept one there ({sidecar.path}): restore the "
            f"latest backup (docs/RELIABILITY.md), or delete {sidecar.path} to start a new, empty database"
        )
    if recorded.state == _CLOSED or recorded.log is None:
        return
    wal = wal_path(database)
    present = read_salts(wal)
    if present is None:
        if recorded.state == _CLOSING and not wal.exists():
            return  # the last close checkpointed the log and SQLite removed it
        if not wal.exists() and recorded.file is not None and _file_state(database) != recorded.file:
            # Another program opened the database after the stop (the sqlite3 shell, a test, a copy): its
            # clean close applied the log to the database file, which changed, and removed the log.
            log.warning(
                "%s was applied to %s by another program after the last stop, and removed", wal, database
            )
            return
        raise DatabaseUnusable(
            f"{wal} is {'empty' if wal.exists() else 'missing'} after the bot stopped without closing the "
            f"database: the changes it held since the last checkpoint are lost from {database}. Restore the "
            f"latest backup (docs/RELIABILITY.md), or delete {sidecar.path} to carry on with what "
            f"{database} holds"
        )
    if present != recorded.log and not present.follows(recorded.log):
        raise DatabaseUnusable(
            f"{wal} is not the write-ahead log the bot was writing (it was replaced), and SQLite would apply "
            f"it to {database}. Put the right one back, or restore the latest backup (docs/RELIABILITY.md)"
        )


def settle_after_reading(database: Path) -> None:
    """For the command line's own short connections (backup, db version): when the log was there and
    checked, and is gone after they closed, their close was the last and SQLite checkpointed and removed
    it; the sidecar says so, so that the next start does not take it for a lost log."""
    sidecar = Sidecar(database)
    recorded = sidecar.read()
    if recorded is not None and recorded.state != _CLOSED and not wal_path(database).exists():
        sidecar.write(_CLOSED, None)


def _file_state(path: Path) -> tuple[int, int] | None:
    """(mtime in ns, size) of a file: a checkpoint writes into the database file, a deleted log does not."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_size


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


class WalWatch:
    """The running side: which log and index the open connections use, and the sidecar kept up to date."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._sidecar = Sidecar(database)
        self._files = (wal_path(database), shm_path(database))
        self._identities: tuple[tuple[int, int] | None, ...] = ()
        self._recorded: Salts | None = None

    def attach(self) -> None:
        """Called once the connections are open (they have created the log and its index)."""
        self._identities = tuple(_identity(file) for file in self._files)
        self._recorded = read_salts(self._files[0])
        self._sidecar.write(_OPEN, self._recorded)

    def moved(self) -> str | None:
        """What happened to the log or its index, if the paths no longer name the files in use."""
        for file, known in zip(self._files, self._identities, strict=True):
            if known is None:
                continue
            now = _identity(file)
            if now != known:
                return f"{file} was {'deleted' if now is None else 'replaced'} while the bot was running"
        return None

    def note_commit(self) -> None:
        """After a commit: when the log has started over, the sidecar learns its new salts."""
        salts = read_salts(self._files[0])
        if salts is not None and salts != self._recorded:
            self._sidecar.write(_OPEN, salts, durable=False)
            self._recorded = salts

    def note_checkpointed(self) -> None:
        """Every committed change is in the database file now."""
        if self._recorded is not None:
            self._sidecar.write(_OPEN, None, durable=False)
            self._recorded = None

    def closing(self) -> None:
        with contextlib.suppress(OSError):
            self._sidecar.write(_CLOSING, self._recorded)

    def closed(self) -> None:
        with contextlib.suppress(OSError):
            self._sidecar.write(_CLOSED, None)
