"""The /privacy commands: a JSON file of your data, or deleting all of it after a confirmation."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n.speaking import N_, _, ngettext
from cogs.common.answer import SLOW, answer
from cogs.common.confirm import ConfirmView
from cogs.common.render import WARN
from cogs.privacy.files import DEFAULT_LIMIT, export_files, messages_of

if TYPE_CHECKING:
    from bot.app import MilestoneBot


EVERYTHING = N_(
    "Everything I store about you: settings, contracts, milestones, their history, bonuses, reminders, "
    "and the FAQ changes you made in a server."
)
ZIPPED = N_(
    "Everything I store about you: settings, contracts, milestones, their history, bonuses, "
    "reminders, and the FAQ changes you made in a server. It is large, so it comes zipped."
)


class PrivacyCommands(
    commands.GroupCog, group_name="privacy", group_description="Your data: export or delete it"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        self.privacy = bot.services.privacy
        super().__init__()

    @app_commands.command(
        name="export", description="Get a JSON file with everything the bot stores about you", extras=SLOW
    )
    async def export(self, interaction: discord.Interaction) -> None:
        document = await self.privacy.export_document(interaction.user.id)
        limit = min(interaction.filesize_limit or DEFAULT_LIMIT, DEFAULT_LIMIT)
        # Encoding and compressing a heavy user's data takes a while: off the event loop.
        files = await asyncio.to_thread(export_files, document, limit)
        if len(files) > 1:
            text = ngettext(
                "Everything I store about you: settings, contracts, milestones, their history, bonuses, "
                "reminders, and the FAQ changes you made in a server. It is large, so it comes zipped in "
                "{count} part; each is a complete JSON file with a share of every table's rows.",
                "Everything I store about you: settings, contracts, milestones, their history, bonuses, "
                "reminders, and the FAQ changes you made in a server. It is large, so it comes zipped in "
                "{count} parts; each is a complete JSON file with a share of every table's rows.",
                len(files),
            ).format(count=len(files))
        elif files[0][0].endswith(".zip"):
            text = _(ZIPPED)
        else:
            text = _(EVERYTHING)
        for number, group in enumerate(messages_of(files)):
            await answer(interaction).send(
                text if number == 0 else None,
                files=[discord.File(io.BytesIO(content), filename=name) for name, content in group],
            )

    @app_commands.command(
        name="delete", description="Delete everything the bot stores about you (asks to confirm)"
    )
    async def delete(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(
            title=_("Delete all your data?"),
            description=_(
                "Your contracts, milestones, their history, bonuses, reminders and settings. FAQ text you wrote "
                "for a server stays the server's, without your name. This can't be undone."
            ),
            colour=WARN,
        )
        press = await ConfirmView(confirm_label=_("Delete everything")).ask(interaction, embed)
        if press is None:
            return
        count = await self.privacy.delete_everything(interaction.user.id)
        await press.response.edit_message(
            content=ngettext(
                "Done: {count} contract and everything else of yours are deleted.",
                "Done: {count} contracts and everything else of yours are deleted.",
                count,
            ).format(count=count),
            embed=None,
            view=None,
        )
