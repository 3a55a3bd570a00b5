"""/reminders list, and the notice after any command when reminders could not reach the user by DM."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.quiet_hours import format_minutes
from bot.reminders.notices import KIND_LABELS, when
from bot.reminders.service import ReminderService, RemindersOverview
from bot.reminders.undelivered import take_undelivered_notice
from cogs.common.render import INFO, safe
from storage.users import Users

if TYPE_CHECKING:
    from bot.app import MilestoneBot


def overview_embed(overview: RemindersOverview) -> discord.Embed:
    embed = discord.Embed(title="Your upcoming reminders", colour=INFO)
    lines = []
    for item in overview.upcoming:
        about = (
            f"**{safe(item.milestone_title)}** in {safe(item.contract_title)}"
            if item.milestone_title
            else f"**{safe(item.contract_title)}**"
        )
        lines.append(f"{when(item.due_at)} · {about}: {KIND_LABELS[item.kind]}")
    if not lines:
        lines.append(
            "Nothing planned. Reminders appear when a milestone has a due date, is in review, or has a refund request."
        )
    elif overview.total > len(overview.upcoming):
        lines.append(f"…and {overview.total - len(overview.upcoming)} more.")
    embed.description = "\n".join(lines)[:4096]
    notes = []
    if not overview.enabled:
        notes.append("Reminders are **off**: turn them on with `/settings reminders enabled:True`.")
    if overview.quiet_start is not None and overview.quiet_end is not None:
        notes.append(
            f"Quiet hours {format_minutes(overview.quiet_start)} to {format_minutes(overview.quiet_end)} "
            f"({overview.timezone}): reminders due then wait until they end."
        )
    if notes:
        embed.add_field(name="Settings", value="\n".join(notes), inline=False)
    return embed


class ReminderCommands(commands.GroupCog, group_name="reminders", group_description="Your reminder DMs"):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def service(self) -> ReminderService:
        return ReminderService(self.bot.context, self.bot.milestones)

    @app_commands.command(name="list", description="The reminders I will send you, soonest first")
    async def list(self, interaction: discord.Interaction) -> None:
        overview = await self.service.overview(interaction.user.id)
        await interaction.response.send_message(embed=overview_embed(overview), ephemeral=True)

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction, command: object) -> None:
        """After any command: if reminders could not reach the user by DM, say so once, privately."""
        user_id = interaction.user.id
        async with self.bot.db.read() as conn:
            if not (await Users(conn).get(user_id)).undelivered:
                return
        async with self.bot.db.write() as conn:
            notice = await take_undelivered_notice(conn, user_id)
        if notice is None:
            return
        if interaction.response.is_done():
            await interaction.followup.send(notice, ephemeral=True)
        else:
            await interaction.response.send_message(notice, ephemeral=True)
