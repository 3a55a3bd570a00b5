"""/export: the caller's money movements as a CSV or JSON file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.export.cog import ExportCommand

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(ExportCommand(bot))
