"""/privacy export and /privacy delete: the caller's own data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.privacy.cog import PrivacyCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(PrivacyCommands(bot))
