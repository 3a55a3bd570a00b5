"""/summary: every active contract, totals per currency, what is owed and the next deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs.common.render import INFO, moment, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MAX_CONTRACTS = 15


class SummaryCommand(commands.Cog):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="summary", description="Your active contracts: totals, what you are owed, next deadlines"
    )
    async def summary(self, interaction: discord.Interaction) -> None:
        summary = await self.bot.contracts.summary(interaction.user.id)
        embed = discord.Embed(title="Your summary", colour=INFO)
        if not summary.contracts:
            embed.description = "No active contracts. Add one with `/contract add`."
        for currency, rec in sorted(summary.totals.items()):
            embed.add_field(
                name=f"Totals in {currency}",
                value=(
                    f"Agreed **{rec.agreed}** · released **{rec.released}**\n"
                    f"In escrow **{rec.in_escrow}** · in review **{rec.in_review}**\n"
                    f"Outstanding **{rec.outstanding}** · unprotected **{rec.unprotected}**"
                ),
                inline=False,
            )
        lines = [
            f"**{safe(d.contract.title)}** · outstanding {d.reconciliation.outstanding}"
            for d in summary.contracts[:MAX_CONTRACTS]
        ]
        if lines:
            embed.add_field(name="Contracts", value="\n".join(lines)[:1024], inline=False)
        deadlines = [
            f"{moment(d.at)} · {d.what} · {safe(d.milestone_title or '')} ({safe(d.contract_title)})"
            for d in summary.deadlines
        ]
        embed.add_field(
            name="Next deadlines", value="\n".join(deadlines)[:1024] or "Nothing coming up.", inline=False
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)
