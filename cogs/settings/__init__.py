"""/settings view, timezone, currency, quiet-hours, reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.settings.cog import SettingsCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(SettingsCommands(bot))
