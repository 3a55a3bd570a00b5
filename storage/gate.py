"""Work under way on a store, so that closing it waits for that work and refuses new work meanwhile.

Both backends (SQLite's `Database`, `PostgresDatabase`) close the same way: an answered command is saved,
and nothing reads a connection that is already closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

# How long closing waits for work under way before it closes anyway.
CLOSE_GRACE_SECONDS = 3.0


class DatabaseClosed(RuntimeError):
    """Work asked of a database that is closing or closed (the bot is shutting down)."""


class WorkGate:
    def __init__(self, name: str) -> None:
        self._name = name
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.closing = False

    @contextlib.contextmanager
    def work(self) -> Iterator[None]:
        """One piece of work; DatabaseClosed once closing has begun."""
        if self.closing:
            raise DatabaseClosed(f"{self._name} is closing: the bot is shutting down")
        self._busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def shut(self) -> None:
        """Refuse new work and wait for the work under way to finish (a short while at most)."""
        self.closing = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=CLOSE_GRACE_SECONDS)
