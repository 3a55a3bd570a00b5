"""The /privacy commands: a JSON file of your data, or deleting all of it after a confirmation."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs.common.confirm import ConfirmView
from cogs.common.render import WARN

if TYPE_CHECKING:
    from bot.app import MilestoneBot


class PrivacyCommands(
    commands.GroupCog, group_name="privacy", group_description="Your data: export or delete it"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        self.privacy = bot.services.privacy
        super().__init__()

    @app_commands.command(
        name="export", description="Get a JSON file with everything the bot stores about you"
    )
    async def export(self, interaction: discord.Interaction) -> None:
        data = await self.privacy.export(interaction.user.id)
        file = discord.File(io.BytesIO(data), filename="milestone-bot-data.json")
        await interaction.response.send_message(
            "Everything I store about you: settings, contracts, milestones, their history, bonuses, reminders, "
            "and the FAQ changes you made in a server.",
            file=file,
            ephemeral=True,
        )

    @app_commands.command(
        name="delete", description="Delete everything the bot stores about you (asks to confirm)"
    )
    async def delete(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(
            title="Delete all your data?",
            description=(
                "Your contracts, milestones, their history, bonuses, reminders and settings. FAQ text you wrote "
                "for a server stays the server's, without your name. This can't be undone."
            ),
            colour=WARN,
        )
        press = await ConfirmView(confirm_label="Delete everything").ask(interaction, embed)
        if press is None:
            return
        count = await self.privacy.delete_everything(interaction.user.id)
        await press.response.edit_message(
            content=f"Done: {count} contracts and everything else of yours are deleted.",
            embed=None,
            view=None,
        )
