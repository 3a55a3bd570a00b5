"""Who still has to be told that reminders could not reach them by DM.

Kept in memory so that finding out costs a command reply no query: filled from the database at start,
noted when a DM is refused, and refreshed now and then (another process may have noted someone).
Taking a user's count is one write, done only for someone in the set.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.domain.users import DmRefusal
from bot.services.work import Store
from storage.gate import DatabaseClosed
from storage.users import Users


class Untold(NamedTuple):
    """Reminders that could not reach the user by DM since they were last told, and why."""

    reminders: int
    refusal: DmRefusal | None


NOTHING_UNTOLD = Untold(0, None)


class Undelivered:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._waiting: set[int] = set()

    async def refresh(self) -> None:
        async with self._store.db.read() as conn:
            self._waiting = set(await Users(conn).with_undelivered())

    def note(self, user_id: int) -> None:
        self._waiting.add(user_id)

    async def take(self, user_id: int) -> Untold:
        """What could not reach the user since they were last told; resets the count."""
        if user_id not in self._waiting:
            return NOTHING_UNTOLD
        try:
            async with self._store.work(user_id) as work:
                untold = Untold(*await work.users.take_undelivered(user_id))
        except DatabaseClosed:  # the bot is shutting down: tell them after the next start
            return NOTHING_UNTOLD
        self._waiting.discard(user_id)
        return untold
