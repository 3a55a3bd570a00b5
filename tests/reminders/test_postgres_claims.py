"""Several processes on one PostgreSQL database: each due reminder is claimed by one of them only, and a
reminder planned in one process wakes the scheduler of another.

Two `PostgresDatabase` objects on one database stand for two processes: separate pools, separate
connections, the server's own row locks between them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.services import Services, Store
from bot.services.delivery import ReminderQueue
from storage.postgres import PostgresDatabase
from tests.postgres import fresh_database
from tests.reminders.conftest import START

PEOPLE = 40
GUARD = 60.0  # seconds: against a hung test, not a bound on speed


@pytest.fixture
async def two_processes() -> AsyncIterator[tuple[PostgresDatabase, PostgresDatabase]]:
    async with fresh_database() as url:
        first = await PostgresDatabase.open(url)
        second = await PostgresDatabase.open(url)
        try:
            yield first, second
        finally:
            await first.close()
            await second.close()


async def _plan_reminders(services: Services) -> None:
    """Each person: a contract with three unfunded milestones due soon, so reminders come due together."""
    for person in range(1, PEOPLE + 1):
        added = await services.contracts.add(person, title="Logo", client="Dana", price="300")
        for part in range(3):
            await services.milestones.add(
                person, added.contract.id, title=f"Part {part}", amount="100", due="in 2 days"
            )


async def _claim_all(queue: ReminderQueue, now: datetime) -> list[int]:
    claimed: list[int] = []
    while batches := await queue.claim_due(now):
        claimed.extend(reminder_id for batch in batches for reminder_id in batch.ids)
        await asyncio.sleep(0)  # let the other process in between rounds
    return claimed


async def test_two_schedulers_claiming_at_once_never_claim_a_reminder_twice(
    two_processes: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    first, second = two_processes
    await _plan_reminders(Services.build(Store(first, ManualClock(START))))
    later = START + timedelta(days=3)  # every reminder planned is due by then
    async with first.read() as conn:
        due = {row[0] for row in await conn.fetch_all("SELECT id FROM reminders WHERE state = 'pending'")}
    assert len(due) >= PEOPLE

    # Claiming rounds of both at once, each a few at a time (CLAIM_LIMIT rows a round).
    by_first, by_second = await asyncio.gather(
        _claim_all(ReminderQueue(first), later), _claim_all(ReminderQueue(second), later)
    )
    assert not set(by_first) & set(by_second), "a reminder was claimed by both processes"
    assert len(by_first) == len(set(by_first)) and len(by_second) == len(set(by_second))
    async with second.read() as conn:
        rows = await conn.fetch_all("SELECT id, state FROM reminders")
    claimed = {row[0] for row in rows if row[1] == "claimed"}
    # Claimed, or dropped by the claim because its event is no longer true: none is left behind.
    assert claimed == set(by_first) | set(by_second)
    assert all(row[1] in ("claimed", "cancelled") for row in rows if row[0] in due)


async def test_a_reminder_planned_in_one_process_wakes_the_scheduler_of_another(
    two_processes: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    first, second = two_processes
    heard: asyncio.Queue[datetime | None] = asyncio.Queue()
    await second.listen_for_reminders(heard.put_nowait)
    services = Services.build(Store(first, ManualClock(START)))
    added = await services.contracts.add(7, title="Logo", client="Dana", price="300")
    assert heard.empty()  # a contract alone plans nothing
    await services.milestones.add(7, added.contract.id, title="Sketches", amount="100", due="in 4 days")
    due_at = await asyncio.wait_for(heard.get(), GUARD)
    async with first.read() as conn:
        soonest = await conn.fetch_one("SELECT min(due_at) FROM reminders WHERE state = 'pending'")
    assert soonest is not None and due_at is not None and int(due_at.timestamp()) == soonest[0]
