"""Reminder DMs: `/reminders list`, the DM sender the scheduler uses, and the DM buttons and menus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.reminders.buttons import ReminderButton, SnoozeMenu
from cogs.reminders.cog import ReminderCommands

if TYPE_CHECKING:
    from bot.app import MilestoneBot


async def setup(bot: MilestoneBot) -> None:
    await bot.add_cog(ReminderCommands(bot))
    bot.add_dynamic_items(ReminderButton, SnoozeMenu)


async def teardown(bot: MilestoneBot) -> None:
    bot.remove_dynamic_items(ReminderButton, SnoozeMenu)
