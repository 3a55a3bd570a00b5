"""/calendar: every upcoming deadline as an .ics file to import into any calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.calendar.cog import CalendarCommand

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(CalendarCommand(bot))
