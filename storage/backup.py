"""Online backup of the database: a consistent copy taken while the bot keeps running and writing.

SQLite's backup API copies one committed snapshot; in WAL mode the bot's writes go on meanwhile. The copy
is written beside the target and renamed into place only once it passed `PRAGMA integrity_check`, so an
interrupted backup never leaves a half-written file at the target. It is a single self-contained file
(rollback journal, no -wal sidecar), readable by its owner only, like the database itself.

A backup that would report success for a copy missing data is refused instead (`DatabaseProblem`): the
source is checked as the bot checks it at start (`storage.preflight`, `storage.walguard`: no empty or
foreign file, no missing or replaced write-ahead log) and a copy at schema version 0 is not kept.

A backup killed half way leaves its `.partial` file; it holds an advisory lock (flock) on it while it
works, so the next backup into the same folder knows a dead one's file from a live one's and removes it.

Restore: stop the bot, delete the database's `-wal`, `-shm` and `.guard` files if any are left, copy the
backup over the database file, start the bot (docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from storage import preflight, walguard
from storage.problems import DatabaseUnusable

PARTIAL_SUFFIX = ".milestone-bot-partial"


class BackupError(Exception):
    """The backup could not be made; the message says why. Nothing was written at the target."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    schema_version: int
    stale_partials_removed: int = 0


def backup_database(source: str | Path, target: str | Path) -> BackupReport:
    """Copy the database at `source` to `target` (replacing it) and check the copy."""
    source_path, target_path = Path(source), Path(target)
    if not source_path.is_file():  # sqlite3.connect would quietly create an empty database
        raise BackupError(f"there is no database at {source_path}")
    if target_path.resolve() == source_path.resolve():
        raise BackupError("the backup must go to another file than the database")
    preflight.examine(source_path, create=False, initialise=False, write=False)
    walguard.check_before_open(source_path)
    partial = target_path.with_name(f".{target_path.name}{PARTIAL_SUFFIX}")
    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        removed = remove_stale_partials(target_path.parent)
        lock = _create_private_locked(partial)
    except OSError as error:
        raise BackupError(f"can't write the backup at {target_path}: {error.strerror or error}") from error
    try:
        version = _copy(source_path, partial)
        if version == 0:
            raise DatabaseUnusable(
                f"{source_path} holds no schema (version 0): its data is missing, so there is nothing to back "
                "up; restore the latest good backup instead (docs/RELIABILITY.md)"
            )
        os.replace(partial, target_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    finally:
        os.close(lock)
    walguard.settle_after_reading(source_path)
    return BackupReport(target_path, target_path.stat().st_size, version, removed)


def remove_stale_partials(folder: Path) -> int:
    """Delete the partial files of backups that died (no process holds their lock); returns how many."""
    removed = 0
    for candidate in folder.glob(f".*{PARTIAL_SUFFIX}"):
        try:
            fd = os.open(candidate, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a backup at work
        else:
            candidate.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def _copy(source: Path, partial: Path) -> int:
    # Closed explicitly: sqlite3's context manager only ends transactions.
    reader = sqlite3.connect(source)
    try:
        copy = sqlite3.connect(partial)
        try:
            try:
                reader.backup(copy)  # all pages in one step: one snapshot, and WAL lets writers go on
            except sqlite3.Error as error:
                raise BackupError(f"could not read {source}: {error}") from error
            copy.execute("PRAGMA journal_mode = DELETE")
            checked = copy.execute("PRAGMA integrity_check").fetchall()
            if checked != [("ok",)]:
                raise BackupError(f"the copy failed its integrity check: {checked[:3]}")
            return int(copy.execute("PRAGMA user_version").fetchone()[0])
        finally:
            copy.close()
    finally:
        reader.close()


def _create_private_locked(path: Path) -> int:
    """An empty file readable by its owner only (a backup holds the same contracts as the database), and
    an open descriptor holding its lock until the backup ends."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd
