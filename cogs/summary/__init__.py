"""/summary: all active contracts at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.summary.cog import SummaryCommand

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(SummaryCommand(bot))
