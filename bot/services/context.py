"""What every service needs: the database, the clock, and a way to wake the reminder scheduler."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiosqlite

from bot.clock import Clock
from bot.reminders.replan import replan_contract
from storage.database import Database


def _nothing() -> None:
    return None


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    wake_scheduler: Callable[[], None] = field(default=_nothing)

    @asynccontextmanager
    async def change(self, owner_id: int, contract_id: int | None = None) -> AsyncIterator[Change]:
        """A write transaction that re-plans the contract's reminders before it commits."""
        change = Change(self, owner_id, contract_id)
        async with self.db.write() as conn:
            change.conn = conn
            yield change
            if change.contract_id is not None:
                change.woke = await replan_contract(conn, owner_id, change.contract_id, change.now)
        if change.woke:
            self.wake_scheduler()


class Change:
    """The open transaction of one user action; `contract_id` may be set once the contract is known."""

    def __init__(self, context: ServiceContext, owner_id: int, contract_id: int | None) -> None:
        self.owner_id = owner_id
        self.contract_id = contract_id
        self.now = context.clock.now()
        self.woke = False
        self._conn: aiosqlite.Connection | None = None

    @property
    def conn(self) -> aiosqlite.Connection:
        assert self._conn is not None
        return self._conn

    @conn.setter
    def conn(self, value: aiosqlite.Connection) -> None:
        self._conn = value
