"""The message menu **Track as milestone**: a chat message read into a milestone form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.capture.cog import CaptureMenu

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(CaptureMenu(bot))
