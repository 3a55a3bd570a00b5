"""A scheduler on a real database with a clock the test moves, delivering into an inbox that acts like Discord.

The inbox keeps one message per nonce, as Discord does when `enforce_nonce` is set, so a test can tell
"sent twice" (two attempts) from "shown twice" (two messages).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from bot.reminders.batches import Delivered, DeliveryResult, DueBatch
from bot.reminders.queue import ReminderQueue

from bot.clock import ManualClock
from bot.scheduler import Scheduler
from bot.services import ContractService, MilestoneService, ServiceContext
from storage.contracts import Contracts
from storage.database import Database
from storage.reminders import ReminderRecord, Reminders
from storage.users import Users

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ALICE, BOB = 1001, 2002


@dataclass
class Attempt:
    at: datetime
    batch: DueBatch


@dataclass
class Inbox:
    """Records every attempt; answers `Delivered` unless told otherwise for the next attempts."""

    clock: ManualClock
    attempts: list[Attempt] = field(default_factory=list)
    shown: dict[str, DueBatch] = field(default_factory=dict)  # nonce -> the message the user sees
    answers: list[DeliveryResult] = field(default_factory=list)
    hold: asyncio.Event | None = None  # while set to an unset event, sends hang (a process about to die)

    async def __call__(self, batch: DueBatch) -> DeliveryResult:
        self.attempts.append(Attempt(self.clock.now(), batch))
        if self.answers:
            return self.answers.pop(0)
        self.shown.setdefault(batch.nonce, batch)
        if self.hold is not None:
            await self.hold.wait()
        return Delivered(message_id=batch.batch_id + 10_000, dm_channel_id=batch.owner_id + 5)

    def kinds(self) -> list[list[str]]:
        return [[r.kind.value for r in attempt.batch.reminders] for attempt in self.attempts]


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = ManualClock(START)
        self.inbox = Inbox(self.clock)
        self.scheduler = self.new_scheduler()
        context = ServiceContext(db, self.clock, lambda: self.scheduler.wake())
        self.contracts = ContractService(context)
        self.milestones = MilestoneService(context)

    def new_scheduler(self) -> Scheduler:
        return Scheduler(ReminderQueue(self.db), self.clock, self.inbox)

    async def settle(self) -> None:
        await asyncio.wait_for(self.scheduler.settled(), timeout=5)

    async def advance(self, delta: timedelta) -> None:
        self.clock.advance(delta)
        await self.settle()

    async def restart(self) -> None:
        """A new process: a fresh scheduler over the same database."""
        await self.scheduler.stop()
        self.scheduler = self.new_scheduler()
        self.scheduler.start()
        await self.settle()

    async def contract(self, title: str = "Logo", owner: int = ALICE, platform: str = "upwork") -> None:
        await self.contracts.add(owner, title=title, client="Dana", price="1000", platform=platform)

    async def milestone(
        self, title: str, due: str | None = None, owner: int = ALICE, contract: str = "Logo"
    ) -> None:
        await self.milestones.add(owner, contract=contract, title=title, amount="50", due=due)
        if self.scheduler.running:
            await self.settle()

    async def rows(self, owner: int = ALICE) -> list[ReminderRecord]:
        found: list[ReminderRecord] = []
        async with self.db.read() as conn:
            for contract in await Contracts(conn).of_owner(owner):
                found.extend(await Reminders(conn).for_contract(owner, contract.id))
        return found

    async def set_user(self, owner: int = ALICE, **changes: object) -> None:
        async with self.db.write() as conn:
            await Users(conn).update(owner, self.clock.now(), **changes)


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    world = World(db)
    world.scheduler.start()
    await world.settle()
    yield world
    await world.scheduler.stop()
