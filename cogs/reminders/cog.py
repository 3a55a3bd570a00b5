"""/reminders list, and the notice after any command when reminders could not reach the user by DM."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.quiet_hours import format_minutes
from bot.domain.users import DmRefusal
from bot.i18n.speaking import N_, _, ngettext
from bot.services.reminders import RemindersOverview
from cogs.common.answer import answer
from cogs.common.layout import Reply
from cogs.common.pages import send_reply
from cogs.common.render import INFO, command, moment, reminder_times_lines, safe
from cogs.reminders.render import list_label, settings_reminders
from cogs.summary.cog import attention_line

if TYPE_CHECKING:
    from bot.app import MilestoneBot

HOW_TO_SHARE_A_SERVER = N_(
    "Discord only lets me send you direct messages when we share a server: join a server I am in, or ask "
    "a server's admin to add me. Until then, {list} shows what is coming up."
)
HOW_TO_OPEN_DMS = N_(
    "To get them, allow direct messages from this server: open the server menu, choose Privacy Settings and "
    "turn on Direct Messages (or in User Settings, Content & Social, allow DMs from server members). "
    "{list} shows what is coming up."
)


def _how_to_get_dms(refusal: DmRefusal | None) -> str:
    how = HOW_TO_SHARE_A_SERVER if refusal is DmRefusal.NO_MUTUAL_SERVER else HOW_TO_OPEN_DMS
    return _(how).format(list=command("reminders list"))


def undelivered_notice(count: int, refusal: DmRefusal | None) -> str:
    if refusal is DmRefusal.NO_MUTUAL_SERVER:
        told = ngettext(
            "⚠️ I couldn't deliver {count} reminder to you because we share no server.",
            "⚠️ I couldn't deliver {count} reminders to you because we share no server.",
            count,
        )
    else:
        told = ngettext(
            "⚠️ I couldn't deliver {count} reminder to you: Discord told me your direct messages are closed to me.",
            "⚠️ I couldn't deliver {count} reminders to you: Discord told me your direct messages are closed to me.",
            count,
        )
    return f"{told.format(count=count)} {_how_to_get_dms(refusal)}"


def dm_refusal_note(refusal: DmRefusal) -> str:
    """For /reminders list while reminder DMs are refused: how to get them."""
    if refusal is DmRefusal.NO_MUTUAL_SERVER:
        why = _("Your reminders can't reach you by DM: we share no server.")
    else:
        why = _("Your reminders can't reach you by DM: your direct messages are closed to me.")
    return f"{why} {_how_to_get_dms(refusal)}"


def overview_reply(overview: RemindersOverview) -> Reply:
    reply = Reply(title=_("Your upcoming reminders"), colour=INFO)
    lines = []
    for item in overview.upcoming:
        about = (
            _("**{milestone}** in {contract}").format(
                milestone=safe(item.milestone.title), contract=safe(item.contract.title)
            )
            if item.milestone
            else f"**{safe(item.contract.title)}**"
        )
        lines.append(f"{moment(item.due_at)} · {about}: {list_label(item.topic, item.lead)}")
    if not lines:
        lines.append(
            _(
                "Nothing planned. Reminders appear when a milestone has a due date, is in review, or has a "
                "refund request."
            )
        )
    elif overview.total > len(overview.upcoming):
        more = overview.total - len(overview.upcoming)
        lines.append(ngettext("…and {count} more.", "…and {count} more.", more).format(count=more))
    reply.description = "\n".join(lines)
    if overview.attention:
        reply.add(_("⚠️ Needs attention now"), *(attention_line(a) for a in overview.attention))
    settings = overview.settings
    notes = []
    if not settings.reminders_enabled:
        notes.append(
            _("Reminders are **off**: turn them on with {command}.").format(
                command=settings_reminders(enabled="True")
            )
        )
    if settings.quiet_start is not None and settings.quiet_end is not None:
        notes.append(
            _(
                "Quiet hours {start} to {end} ({zone}): reminders due then wait until they end, or come before "
                "they start when waiting would pass their deadline."
            ).format(
                start=format_minutes(settings.quiet_start),
                end=format_minutes(settings.quiet_end),
                zone=settings.timezone,
            )
        )
    if settings.dm_refusal is not None:
        notes.append("⚠️ " + dm_refusal_note(settings.dm_refusal))
    if notes:
        reply.add(_("Settings"), *notes)
    reply.add(
        _("Reminder times"),
        *reminder_times_lines(settings.reminder_times),
        _("Change them with {command}").format(command=settings_reminders(kind="…", lead="…")),
    )
    return reply


class ReminderCommands(commands.GroupCog, group_name="reminders", group_description="Your reminder DMs"):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="list", description="The reminders I will send you, soonest first")
    async def list(self, interaction: discord.Interaction) -> None:
        overview = await self.bot.services.reminders.overview(interaction.user.id)
        await send_reply(interaction, overview_reply(overview))

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction, command: object) -> None:
        """After any command: if reminders could not reach the user by DM, say so once, privately."""
        if self.bot.is_closed():
            return
        untold = await self.bot.services.undelivered.take(interaction.user.id)
        if not untold.reminders:
            return
        notice = undelivered_notice(untold.reminders, untold.refusal)
        await answer(interaction).send(notice)
