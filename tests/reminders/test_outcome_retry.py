"""An outcome the database refuses is written again while the bot runs, not only after a restart.

The case from issue 15: Discord answers a DM with 503 while another process holds the database's write
lock past the busy timeout, so the first write of "try again later" fails. The reminder must not stay
claimed until a restart: the scheduler writes the outcome again once the lock is gone, and the reminder
goes out at its retry, once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest

from bot.services.delivery import RetryLater
from storage.database import BUSY_TIMEOUT_MS
from storage.reminders import ReminderState
from tests.reminders.conftest import World

# Held a little past the busy timeout, so the first write of the outcome fails as it did in production.
LOCK_SECONDS = BUSY_TIMEOUT_MS / 1000 + 1.5


@pytest.mark.sqlite_only("another process holding SQLite's file lock")
async def test_a_503_met_while_another_process_holds_the_lock_is_retried_without_a_restart(
    world: World,
) -> None:
    other_process = sqlite3.connect(world.db.path, timeout=30, isolation_level=None, check_same_thread=False)
    released: list[asyncio.Task[None]] = []

    async def release_later() -> None:
        await asyncio.sleep(LOCK_SECONDS)
        await asyncio.to_thread(other_process.execute, "COMMIT")

    async def take_the_lock() -> None:
        await asyncio.to_thread(other_process.execute, "BEGIN IMMEDIATE")
        released.append(asyncio.create_task(release_later()))

    world.inbox.before = take_the_lock
    world.inbox.answers = [RetryLater("503")]
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")  # due now: sent, answered 503, lock held

    await asyncio.gather(*released)
    # A claiming round that met the lock meanwhile tries again after its pause (on the bot's clock).
    await world.advance(timedelta(seconds=5))
    (row,) = [r for r in await world.rows() if r.topic == "unfunded"]
    assert row.state is ReminderState.PENDING  # the outcome was written once the lock was gone
    assert len(world.inbox.attempts) == 1

    await world.advance(timedelta(seconds=30))  # the first retry after a 503
    (row,) = [r for r in await world.rows() if r.topic == "unfunded"]
    assert row.state is ReminderState.SENT
    assert len(world.inbox.attempts) == 2 and len(world.inbox.shown) == 1
    other_process.close()
