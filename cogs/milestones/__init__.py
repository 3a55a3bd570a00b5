"""/milestone add, edit, fund, submit, release, changes, refund-request, refund, dispute, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.milestones.cog import MilestoneCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(MilestoneCommands(bot))
