"""A scheduler on a real database with a clock the test moves, delivering into an inbox that acts like Discord.

The services, the queue and the scheduler are wired as the bot wires them (`Services.build` over one
`Store`, one `Doorbell` between the store and the scheduler); only the DM sender is the inbox. The inbox
keeps one message per nonce, as Discord does when `enforce_nonce` is set, so a test can tell "sent
twice" (two attempts) from "shown twice" (two messages).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.domain.lifecycle import EventKind
from bot.scheduler import Doorbell, Scheduler
from bot.services import Services, Store
from bot.services.delivery import Delivered, DeliveryResult, DueBatch
from bot.services.results import MilestoneChange
from storage.database import Database
from storage.reminders import ReminderRecord, Reminders
from storage.users import Users

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ALICE, BOB = 1001, 2002
# A guard against a hung test, not a bound on speed: settling takes milliseconds on an idle machine.
SETTLE_GUARD = 60.0


@dataclass
class Attempt:
    at: datetime
    batch: DueBatch

    @property
    def titles(self) -> list[str | None]:
        return [r.milestone.title if r.milestone else None for r in self.batch.reminders]


@dataclass
class Inbox:
    """Records every attempt; answers `Delivered` unless told otherwise for the next attempts."""

    clock: ManualClock
    attempts: list[Attempt] = field(default_factory=list)
    shown: dict[str, DueBatch] = field(default_factory=dict)  # nonce -> the message the user sees
    answers: list[DeliveryResult] = field(default_factory=list)
    hold: asyncio.Event | None = None  # while set to an unset event, sends hang (a process about to die)
    before: Callable[[], Awaitable[None]] | None = None  # runs once, before the next answer

    async def __call__(self, batch: DueBatch) -> DeliveryResult:
        self.attempts.append(Attempt(self.clock.now(), batch))
        if self.before is not None:
            before, self.before = self.before, None
            await before()
        if self.answers:
            return self.answers.pop(0)
        self.shown.setdefault(batch.nonce, batch)
        if self.hold is not None:
            await self.hold.wait()
        return Delivered(message_id=batch.batch_id + 10_000, dm_channel_id=batch.owner_id + 5)

    def topics(self) -> list[list[tuple[str, float]]]:
        """Each attempt's reminders as (topic, lead in hours)."""
        return [
            [(r.topic.value, r.lead.total_seconds() / 3600) for r in attempt.batch.reminders]
            for attempt in self.attempts
        ]


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = ManualClock(START)
        self.inbox = Inbox(self.clock)
        self.doorbell = Doorbell()
        self.store = Store(db, self.clock, wake=self.doorbell.ring)
        self.services = Services.build(self.store)
        self.contracts = self.services.contracts
        self.milestones = self.services.milestones
        self.reminders = self.services.reminders
        self.settings = self.services.settings
        self.scheduler = self.new_scheduler()
        self.contract_ids: dict[tuple[int, str], int] = {}  # (owner, title) -> id
        self.milestone_ids: dict[tuple[int, str], int] = {}

    def new_scheduler(self) -> Scheduler:
        """A scheduler as a new process builds it: its own doorbell, which the store now rings."""
        self.doorbell = Doorbell()
        self.store.wake = self.doorbell.ring
        return Scheduler(self.services.queue, self.clock, self.inbox, doorbell=self.doorbell)

    async def settle(self) -> None:
        await asyncio.wait_for(self.scheduler.settled(), timeout=SETTLE_GUARD)

    async def advance(self, delta: timedelta) -> None:
        self.clock.advance(delta)
        await self.settle()

    async def advance_to(self, moment: datetime) -> None:
        await self.advance(moment - self.clock.now())

    async def restart(self) -> None:
        """A new process: a fresh scheduler over the same database."""
        await self.scheduler.stop()
        self.scheduler = self.new_scheduler()
        self.scheduler.start()
        await self.settle()

    async def contract(
        self, title: str = "Logo", owner: int = ALICE, platform: str = "upwork", started: str | None = None
    ) -> int:
        view = await self.contracts.add(
            owner, title=title, client="Dana", price="1000", platform=platform, started=started
        )
        self.contract_ids[(owner, title)] = view.contract.id
        return view.contract.id

    async def milestone(
        self, title: str, due: str | None = None, owner: int = ALICE, contract: str = "Logo"
    ) -> int:
        change = await self.milestones.add(
            owner, self.contract_ids[(owner, contract)], title=title, amount="50", due=due
        )
        self.milestone_ids[(owner, title)] = change.milestone.id
        await self.settle()
        return change.milestone.id

    async def act(
        self,
        kind: EventKind,
        milestone: str,
        *,
        owner: int = ALICE,
        contract: str = "Logo",
        date: str | None = None,
    ) -> MilestoneChange:
        outcome = await self.milestones.act(
            owner,
            self.contract_ids[(owner, contract)],
            self.milestone_ids[(owner, milestone)],
            kind,
            date=date,
        )
        assert isinstance(outcome, MilestoneChange), outcome
        await self.settle()
        return outcome

    async def rows(self, owner: int = ALICE) -> list[ReminderRecord]:
        found: list[ReminderRecord] = []
        async with self.db.read() as conn:
            for (row_owner, _), contract_id in self.contract_ids.items():
                if row_owner == owner:
                    found.extend(await Reminders(conn).for_contract(owner, contract_id))
        return sorted(found, key=lambda row: row.id)

    async def set_user(self, owner: int = ALICE, **changes: object) -> None:
        async with self.db.write() as conn:
            await Users(conn).ensure(owner, self.clock.now())
            await Users(conn).update(owner, self.clock.now(), **changes)


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    world = World(db)
    world.scheduler.start()
    await world.settle()
    yield world
    await world.scheduler.stop()
