"""The command tree: skips interactions too old to answer, and routes every error through one path."""

from __future__ import annotations

import logging
import time
from typing import Any

import discord
from discord import app_commands

from bot.metrics import Metrics
from cogs.common.answer import FORM, start_answer
from cogs.common.errors import send_error
from cogs.common.freshness import STALE_AFTER_SECONDS, Freshness
from cogs.common.language import remember_locale, use_language

log = logging.getLogger(__name__)


class MilestoneTree(app_commands.CommandTree[discord.Client]):
    def __init__(self, client: discord.Client, **options: Any) -> None:
        super().__init__(client, **options)
        self.freshness = Freshness()
        self.metrics: Metrics | None = None  # set by the bot: commands by name, time taken, errors

    async def _call(self, interaction: discord.Interaction[discord.Client]) -> None:
        """Every command, menu item and autocomplete passes here: timed by name for /metrics."""
        started = time.perf_counter()
        try:
            await super()._call(interaction)
        finally:
            if self.metrics is not None and interaction.type is discord.InteractionType.application_command:
                name = interaction.command.qualified_name if interaction.command else "unknown"
                self.metrics.command_seconds.labels(name).observe(time.perf_counter() - started)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """False (the tree then drops it silently) for an interaction Discord no longer waits for; else the
        defer policy is armed from how long it already waited."""
        waited = self.freshness.waited(interaction.created_at, discord.utils.utcnow())
        if waited > STALE_AFTER_SECONDS:
            log.warning("skipped interaction %s: it waited too long to be answered in time", interaction.id)
            return False
        use_language(interaction)
        if interaction.type is discord.InteractionType.application_command:
            answering = await start_answer(interaction, waited)  # the defer timer runs from here
            opens_a_form = (
                interaction.command is not None and interaction.command.extras.get("answer") == FORM["answer"]
            )
            if answering and not opens_a_form:  # a form must open at once; what it saves records the locale
                await remember_locale(interaction)
            return answering
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        if self.metrics is not None:
            name = interaction.command.qualified_name if interaction.command else "unknown"
            self.metrics.command_errors.labels(name).inc()
        await send_error(interaction, error)
