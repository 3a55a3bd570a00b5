"""Shared by the reliability tests: the end-to-end fixtures, and a tally of inputs fuzzed and cross-user
probes tried, shown after the run."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.app import MilestoneBot

# The real bot against the local Discord server, as the e2e tests run it.
from tests.e2e.conftest import alice, bob, clock, discord_server, milestone_bot, settings  # noqa: F401

# Filled by the tests as they run; read by the terminal summary below.
TALLY: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY:
        figures = ", ".join(f"{count} {what}" for what, count in sorted(TALLY.items()))
        terminalreporter.write_line(f"reliability: {figures}")


async def reminders_settled(bot: MilestoneBot) -> None:
    """Waits until every reminder due by now has gone out and been recorded."""
    for _ in range(1500):  # generous: a loaded machine may take a while; a failure says so
        async with bot.db.read() as conn:
            rows = await conn.fetch_all(
                "SELECT count(*) FROM reminders WHERE state IN ('pending', 'claimed') AND due_at <= ?",
                (int(bot.clock.now().timestamp()) + 1,),
            )
        if rows[0][0] == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("reminders due now were never sent")
