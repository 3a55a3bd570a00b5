"""/contract add, list, view, end, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.contracts.cog import ContractCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(ContractCommands(bot))
