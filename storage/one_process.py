"""One bot process per SQLite file: a second one is refused at start, with what to use instead.

Two bots on one file would both claim and send the same reminders and both answer for the same servers;
SQLite has no way to share that work between processes. An exclusive `flock` on `<file>.lock`, held for the
life of the process, says a bot is serving the file. The kernel drops it when the process ends, however it
ends (SIGKILL included), so a crash never leaves a stale lock for a person to delete. Backups and
`db version` don't take it: they run beside the bot by design.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from storage.problems import DatabaseNeedsServer

USE_A_SERVER = "run several processes on PostgreSQL (DATABASE_URL=postgresql://…, docs/SCALING.md)"


class ServingLock:
    """Held while this process serves the file; `release()` (or the process ending) lets another start."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            os.close(descriptor)  # closing the last descriptor drops the flock


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def serve_alone(database: Path) -> ServingLock:
    """Takes the file's serving lock, or raises DatabaseNeedsServer when another process holds it."""
    path = lock_path(database)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise DatabaseNeedsServer(
            f"{database} is in use by another bot process (SQLite serves one process); {USE_A_SERVER}"
        ) from None
    except BaseException:
        os.close(descriptor)
        raise
    return ServingLock(descriptor)


def refuse_shard_range(database: Path, described: str) -> DatabaseNeedsServer:
    """The refusal for a shard range on SQLite: the other shards would need a second process."""
    return DatabaseNeedsServer(
        f"{described} on SQLite ({database}): the other shards need another process; {USE_A_SERVER}"
    )
