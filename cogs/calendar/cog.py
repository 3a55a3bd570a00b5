"""/calendar: the caller's upcoming deadlines as an .ics attachment."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n.speaking import _, ngettext
from cogs.calendar.ics import FILENAME, calendar_bytes
from cogs.common.answer import answer
from cogs.common.render import command

if TYPE_CHECKING:
    from bot.app import MilestoneBot


class CalendarCommand(commands.Cog):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="calendar",
        description="Your upcoming deadlines as a calendar file (.ics); importing it again updates it",
    )
    async def calendar(self, interaction: discord.Interaction) -> None:
        file = await self.bot.services.exports.calendar(interaction.user.id)
        data = calendar_bytes(file)
        count = len(file.events)
        if count:
            text = ngettext(
                "Your calendar: {count} deadline ahead, in UTC with your zone ({zone}) noted. Import the file "
                "into Google Calendar, Apple Calendar or Outlook. After a change, run {calendar} again and "
                "import the new file: events are updated in place, not doubled. Alarms follow your reminder "
                "times ({reminders}).",
                "Your calendar: {count} deadlines ahead, in UTC with your zone ({zone}) noted. Import the file "
                "into Google Calendar, Apple Calendar or Outlook. After a change, run {calendar} again and "
                "import the new file: events are updated in place, not doubled. Alarms follow your reminder "
                "times ({reminders}).",
                count,
            ).format(
                count=count,
                zone=file.settings.timezone,
                calendar=command("calendar"),
                reminders=command("settings reminders"),
            )
        else:
            text = _(
                "No deadlines ahead yet: due dates, reviews and refund requests appear here once you record "
                "them. The file is empty but valid."
            )
        await answer(interaction).send(text, file=discord.File(io.BytesIO(data), filename=FILENAME))
