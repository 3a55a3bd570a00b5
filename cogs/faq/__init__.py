"""/faq (anyone) and /faq-admin (Manage Server): the server help FAQ, sharing one FAQ service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.faq.admin import FaqAdminCommands
from cogs.faq.cog import FaqCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    faq = bot.services.faq
    await bot.add_cog(FaqCommands(bot, faq))
    await bot.add_cog(FaqAdminCommands(bot, faq))
