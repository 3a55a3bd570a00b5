"""Buttons are pressed by number: a number keeps meaning the button it was shown on for the whole session."""

from __future__ import annotations

import io
import re

from rich.console import Console

from bot.offline.session import OfflineSession

BUTTON = re.compile(r"\[(\d+)\] ([^\[\]]+?)(?=  \[|\s*$)", re.MULTILINE)


def _buttons(shown: str) -> list[tuple[int, str]]:
    return [(int(number), label.strip()) for number, label in BUTTON.findall(shown)]


async def test_an_older_button_still_works_by_its_number_after_newer_messages_arrived() -> None:
    out = io.StringIO()
    async with OfflineSession(Console(file=out, width=100, color_system=None)) as session:

        async def run(line: str) -> str:
            before = len(out.getvalue())
            assert await session.handle(line)
            return out.getvalue()[before:]

        await run("/contract add title:Logo client:Ann price:90")
        await run("/milestone add contract:Logo title:Sketches amount:30 due:in 5 days")
        await run("/milestone add contract:Logo title:Final files amount:60 due:in 12 days")
        first_dm = _buttons(await run(":advance 2d"))  # Sketches is due in 3 days and not funded
        labels = {label: n for n, label in first_dm}
        mark_sketches_funded = labels["Mark funded"]

        asked = await run("/milestone remove contract:Logo milestone:Final files")
        prompt = {label: n for n, label in _buttons(asked)}
        assert "Removed" not in await run(str(prompt["Cancel"]))

        # A week of reminders later: each new button has a number never shown before.
        later = _buttons(await run(":advance 7d"))
        assert later, "the reminders of that week came with buttons"
        shown_before = {n for n, _ in first_dm} | set(prompt.values())
        assert not shown_before & {n for n, _ in later}

        # The cancelled prompt's Remove is gone: its number presses nothing else.
        refused = await run(str(prompt["Remove"]))
        assert f"button [{prompt['Remove']}] (Remove) is no longer there" in refused
        assert "Removed Final files" not in out.getvalue()

        # The first DM's Mark funded, pressed by the number it was shown with, marks Sketches funded.
        pressed = await run(str(mark_sketches_funded))
        assert "Sketches is marked funded" in pressed
