"""The command tree: skips interactions too old to answer, and routes every error through one path."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from cogs.common.errors import send_error
from cogs.common.freshness import Freshness

log = logging.getLogger(__name__)


class MilestoneTree(app_commands.CommandTree[discord.Client]):
    def __init__(self, client: discord.Client, **options: Any) -> None:
        super().__init__(client, **options)
        self.freshness = Freshness()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """False (the tree then drops it silently) for an interaction Discord no longer waits for."""
        if self.freshness.is_stale(interaction.created_at, discord.utils.utcnow()):
            log.warning("skipped interaction %s: it waited too long to be answered in time", interaction.id)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await send_error(interaction, error)
