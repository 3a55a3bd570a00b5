"""Waiting on the real bot's reminder scheduler: until everything due by its clock is handled.

A test that moves the bot's clock asks `settled` before counting DMs, so "no other DM came" is a fact
about what the bot did, not about how long the test waited.
"""

from __future__ import annotations

import asyncio

from bot.app import MilestoneBot
from bot.localdiscord import LocalDiscord

SEND_DM = "POST /channels/{id}/messages"
# A guard against a hung test, not a bound on speed: a loaded machine may take long to answer.
GUARD = 60.0


async def settled(bot: MilestoneBot) -> None:
    """Every reminder due by the bot's clock is handled and the scheduler sleeps again."""
    assert bot.scheduler is not None
    await asyncio.wait_for(bot.scheduler.settled(), timeout=GUARD)


def dm_sends(server: LocalDiscord) -> list[float]:
    """When the bot asked the server to make a DM, each time (the server's monotonic seconds)."""
    return [request.when for request in server.requests if request.kind == SEND_DM]
