"""Autocomplete for `contract` and `milestone` options: only the caller's own items, never anyone else's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.services.lookup import choice_value

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MAX_NAME = 100  # Discord's limit on a choice's name


def _bot(interaction: discord.Interaction) -> MilestoneBot:
    return interaction.client  # type: ignore[return-value]


async def contract_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    contracts = await _bot(interaction).contracts.choices(interaction.user.id, current)
    return [
        app_commands.Choice(
            name=f"{c.title} · {c.price} · {'active' if c.active else 'ended'}"[:MAX_NAME],
            value=choice_value(c.id),
        )
        for c in contracts
    ]


async def milestone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    contract = str(getattr(interaction.namespace, "contract", "") or "")
    milestones = await _bot(interaction).milestones.choices(interaction.user.id, contract, current)
    return [
        app_commands.Choice(
            name=f"{m.title} · {m.amount} · {m.status.label}"[:MAX_NAME], value=choice_value(m.id)
        )
        for m in milestones
    ]
