"""/contract add, list, view, edit, end, bonus, delete, and [Draft a message] under a contract's view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.contracts.cog import ContractCommands
from cogs.contracts.drafting import DraftButton, DraftChoice

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(ContractCommands(bot))
    bot.add_dynamic_items(DraftButton, DraftChoice)


async def teardown(bot: MilestoneBot) -> None:
    bot.remove_dynamic_items(DraftButton, DraftChoice)
