"""A burst of interactions at once: every one is answered within Discord's 3-second window.

The local server refuses an answer that comes later than the window, as Discord does ("The application
did not respond"), so a slow answer fails the test; the slowest one is checked against the window as well.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from tests.reliability.conftest import TALLY

PEOPLE = 50
PER_PERSON = 10  # 500 in all
WINDOW = 3.0


async def _setup(server: LocalDiscord) -> list[FakeUser]:
    people = [server.add_user(f"freelancer{index}") for index in range(PEOPLE)]
    for person in people:
        await server.command(person, "contract add", {"title": "Logo", "client": "Dana", "price": "1500"})
    return people


def _mix(index: int) -> tuple[str, dict[str, Any]]:
    """Mostly reads, with a write in every four, as a busy day of freelancers would send."""
    kind = index % 4
    if kind == 0:
        return "milestone add", {"contract": "Logo", "title": f"Part {index}", "amount": "10"}
    if kind == 1:
        return "contract view", {"contract": "Logo"}
    if kind == 2:
        return "summary", {}
    return "contract list", {}


@pytest.mark.sqlite_only(
    "the window holds for one process on the embedded store; one process on PostgreSQL misses it on this "
    "loaded 2-core machine (bench/RESULTS.md), which is what several processes sharing it are for"
)
async def test_500_interactions_at_once_are_each_answered_within_three_seconds(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    people = await _setup(discord_server)
    assert discord_server.response_window == WINDOW

    async def one(person: FakeUser, index: int) -> float:
        name, options = _mix(index)
        started = time.monotonic()
        reply = await discord_server.command(person, name, options, timeout=10)
        assert reply.ephemeral and "Something went wrong" not in reply.text, reply.text
        return time.monotonic() - started

    timings = await asyncio.gather(*(one(p, i) for i in range(PER_PERSON) for p in people))
    assert len(timings) == PEOPLE * PER_PERSON
    assert max(timings) < WINDOW, sorted(timings)[-5:]
    added = await discord_server.command(people[0], "contract view", {"contract": "Logo"})
    writes_each = len(range(0, PER_PERSON, 4))
    assert added.text.count("Part ") == writes_each
    async with milestone_bot.db.read() as conn:
        row = await conn.fetch_one("SELECT count(*) FROM milestones")
    assert row is not None and row[0] == PEOPLE * writes_each  # every write of the burst landed
    TALLY["interactions in one burst, each answered in time"] += len(timings)
