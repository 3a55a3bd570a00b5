"""The command tree: routes every app command error through the one error path."""

from __future__ import annotations

import discord
from discord import app_commands

from cogs.common.errors import send_error


class MilestoneTree(app_commands.CommandTree[discord.Client]):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await send_error(interaction, error)
