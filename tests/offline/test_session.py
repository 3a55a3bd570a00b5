"""The session in this process: DMs that arrive while you are idle are drawn as they come."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

from rich.console import Console

from bot.offline.session import OfflineSession


async def test_a_reminder_that_comes_due_while_you_are_idle_is_drawn_at_once() -> None:
    out = io.StringIO()
    async with OfflineSession(Console(file=out, width=100, color_system=None)) as session:
        assert await session.handle("/contract add title:Logo client:Ann price:90")
        assert await session.handle("/milestone add contract:Logo title:Sketches amount:30 due:in 5 days")
        assert "DM from" not in out.getvalue()

        # Two days pass with nobody typing: the 72-hour reminder goes out on its own.
        session.clock.advance(timedelta(days=2, minutes=1))
        await session.server.wait_for_dm(session.user)
        for _ in range(3):
            await asyncio.sleep(0)  # the drawing is scheduled right after the DM is stored

        shown = out.getvalue().split("Added: Sketches", 1)[1]
        assert "✉ DM from Milestone Bot" in shown
        assert "Sketches is due" in shown and "(in 3 days)" in shown
        assert "[1] Mark funded" in shown
        assert await session.handle("1")
        assert "Sketches is marked funded" in out.getvalue()
        assert session.failures == 0
