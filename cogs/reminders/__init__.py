"""Reminder DMs: `/reminders list`, the DM sender the scheduler uses, and the DM buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.reminders.buttons import ReminderButton
from cogs.reminders.cog import ReminderCommands
from cogs.reminders.delivery import DmSender

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(ReminderCommands(bot))
    bot.add_dynamic_items(ReminderButton)
    bot.reminder_delivery = DmSender(bot)


async def teardown(bot: MilestoneBot) -> None:
    bot.remove_dynamic_items(ReminderButton)
    bot.reminder_delivery = None
