"""The command tree: skips interactions too old to answer, and routes every error through one path."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.i18n.speaking import use_locale
from cogs.common.errors import send_error
from cogs.common.freshness import Freshness

if TYPE_CHECKING:
    from bot.app import MilestoneBot

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
        self._use_language(interaction)
        return True

    def _use_language(self, interaction: discord.Interaction) -> None:
        """Answer in the user's language: their `/settings language`, else Discord's. The command runs in
        this task, so it reads what is set here; what it saves remembers Discord's for the user's DMs."""
        bot = cast("MilestoneBot", self.client)
        seen = interaction.locale.value
        chosen = bot.services.settings.languages.of(interaction.user.id)
        use_locale(chosen or seen, heard=(interaction.user.id, seen))

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await send_error(interaction, error)
