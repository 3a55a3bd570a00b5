"""The one storage interface above which nothing knows the backend: `open_backend(location)`.

`location` is a SQLite file path (the default, embedded) or a `postgresql://` URL (a server that several
bot processes share). Both hand out `Connection`s the repositories use alike.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from storage.connection import Connection, Dialect
from storage.database import Database
from storage.postgres import PostgresDatabase, is_postgres_url


class Backend(Protocol):
    dialect: Dialect
    path: str  # the SQLite file, or the URL without its password: what messages name

    def write(self, owner_id: int | None = None) -> AbstractAsyncContextManager[Connection]:
        """One transaction; `owner_id`: an action of this owner's (done one at a time per owner)."""
        ...

    def read(self) -> AbstractAsyncContextManager[Connection]: ...

    def glance(self) -> AbstractAsyncContextManager[Connection]: ...

    async def listen_for_reminders(self, heard: Callable[[datetime | None], None]) -> None:
        """Hear of reminders other processes plan (nothing to hear on SQLite: one process only)."""
        ...

    async def checkpoint(self) -> bool:
        """After a deletion: clear deleted rows from what keeps copies of them, where the backend can."""
        ...

    async def close(self) -> None: ...


async def open_backend(location: str, *, initialise: bool = False) -> Backend:
    """Open (and migrate) the store at `location`, creating a new one where there is none."""
    if is_postgres_url(location):
        return await PostgresDatabase.open(location)
    return await Database.open(location, initialise=initialise)
