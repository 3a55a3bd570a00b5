"""/export [format]: one row per money movement, for taxes and spreadsheets."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n.speaking import _, ngettext
from cogs.common.answer import answer
from cogs.common.render import command
from cogs.export.files import CSV_FILENAME, JSON_FILENAME, statement_csv, statement_json

if TYPE_CHECKING:
    from bot.app import MilestoneBot

FORMAT_CHOICES = [
    app_commands.Choice(name="csv (spreadsheets, taxes)", value="csv"),
    app_commands.Choice(name="json", value="json"),
]


class ExportCommand(commands.Cog):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="export",
        description="Your money movements as a file: one row per deposit, release, refund, bonus",
    )
    @app_commands.describe(format="csv (default) for spreadsheets and taxes, or json")
    @app_commands.choices(format=FORMAT_CHOICES)
    async def export(self, interaction: discord.Interaction, format: str = "csv") -> None:
        statement = await self.bot.services.exports.statement(interaction.user.id)
        if format == "json":
            data, filename = statement_json(statement), JSON_FILENAME
        else:
            data, filename = statement_csv(statement), CSV_FILENAME
        count = len(statement.rows)
        # The file's columns and values stay English whatever the language: they are a data interface.
        text = (
            ngettext(
                "Your money, {count} movement: deposits, releases, extra pay, refunds, voids and bonuses, "
                "dated in UTC, amounts in each contract's currency. Everything I store about you is in {privacy}.",
                "Your money, {count} movements: deposits, releases, extra pay, refunds, voids and bonuses, "
                "dated in UTC, amounts in each contract's currency. Everything I store about you is in {privacy}.",
                count,
            )
            if count
            else _(
                "No money recorded yet: the file has the columns only. Everything I store about you is in "
                "{privacy}."
            )
        ).format(count=count, privacy=command("privacy export"))
        await answer(interaction).send(text, file=discord.File(io.BytesIO(data), filename=filename))
