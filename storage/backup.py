"""Online backup of the database: a consistent copy taken while the bot keeps running and writing.

SQLite's backup API copies one committed snapshot; in WAL mode the bot's writes go on meanwhile. The copy
is written beside the target and renamed into place only once it passed `PRAGMA integrity_check`, so an
interrupted backup never leaves a half-written file at the target. It is a single self-contained file
(rollback journal, no -wal sidecar), readable by its owner only, like the database itself.

Restore: stop the bot, delete the database's `-wal` and `-shm` files if any are left, copy the backup
over the database file, start the bot (docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    """The backup could not be made; the message says why. Nothing was written at the target."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    schema_version: int


def backup_database(source: str | Path, target: str | Path) -> BackupReport:
    """Copy the database at `source` to `target` (replacing it) and check the copy."""
    source_path, target_path = Path(source), Path(target)
    if not source_path.is_file():  # sqlite3.connect would quietly create an empty database
        raise BackupError(f"there is no database at {source_path}")
    if target_path.resolve() == source_path.resolve():
        raise BackupError("the backup must go to another file than the database")
    partial = target_path.with_name(f".{target_path.name}.partial")
    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(partial)
    except OSError as error:
        raise BackupError(f"can't write the backup at {target_path}: {error.strerror or error}") from error
    try:
        version = _copy(source_path, partial)
        os.replace(partial, target_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return BackupReport(target_path, target_path.stat().st_size, version)


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


def _create_private(path: Path) -> None:
    """An empty file readable by its owner only: a backup holds the same contracts as the database."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR))
