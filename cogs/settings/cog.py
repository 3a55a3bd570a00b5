"""/settings: view, timezone (autocompleted over IANA zone names), currency, quiet-hours, reminders (on or off,
and each kind's lead times), language."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.quiet_hours import format_minutes
from bot.domain.users import UserSettings
from bot.i18n.speaking import _, ngettext, speaking
from bot.services.settings import KindChange, SettingsService
from cogs.common.answer import answer
from cogs.common.render import INFO, KIND_NAMES, OK, command, leads_words, reminder_times_lines
from cogs.reminders.render import settings_reminders

if TYPE_CHECKING:
    from bot.app import MilestoneBot


KIND_CHOICES = [app_commands.Choice(name=name, value=topic.value) for topic, name in KIND_NAMES.items()]
AUTOMATIC = "auto"
# Each language named in itself, as people look for their own; "automatic" follows Discord's language.
LANGUAGE_CHOICES = [
    app_commands.Choice(name="English", value="en-US"),
    app_commands.Choice(name="Português (Brasil)", value="pt-BR"),
    app_commands.Choice(name="Español (España)", value="es-ES"),
    app_commands.Choice(name="automatic (Discord's language)", value=AUTOMATIC),
]


def settings_embed(settings: UserSettings, local_time: str) -> discord.Embed:
    embed = discord.Embed(title=_("Your settings"), colour=INFO)
    embed.add_field(
        name=_("Time zone"),
        value=_("{zone} (it is {time} there now)").format(zone=settings.timezone, time=local_time),
        inline=False,
    )
    embed.add_field(name=_("Default currency"), value=settings.currency, inline=True)
    embed.add_field(
        name=_("Reminder DMs"), value=_("on") if settings.reminders_enabled else _("off"), inline=True
    )
    embed.add_field(
        name=_("Quiet hours"), value=_quiet(settings.quiet_start, settings.quiet_end), inline=True
    )
    embed.add_field(name=_("Language"), value=_language(settings), inline=True)
    embed.add_field(
        name=_("Reminder times"), value="\n".join(reminder_times_lines(settings.reminder_times)), inline=False
    )
    # A footer shows no markdown: the command is named as Discord lists it, without backticks.
    change = settings_reminders(kind="…", lead="…").strip("`")
    embed.set_footer(
        text=_(
            "Dates you type are read in your time zone; quiet hours follow it too. "
            "Change reminder times with {command}"
        ).format(command=change)
    )
    return embed


def _language(settings: UserSettings) -> str:
    """The chosen language by its name, or automatic with the Discord language last seen."""
    names = {choice.value: choice.name for choice in LANGUAGE_CHOICES}
    if settings.language is not None:
        return names.get(settings.language, settings.language)
    if settings.last_locale:
        return _("automatic ({locale})").format(locale=settings.last_locale)
    return _("automatic")


def _quiet(start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return _("none")
    return _("{start} to {end}").format(start=format_minutes(start), end=format_minutes(end))


async def zone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in SettingsService.zone_choices(current)]


class SettingsCommands(
    commands.GroupCog, group_name="settings", group_description="Your time zone, currency and reminders"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        self.service = bot.services.settings
        super().__init__()

    @app_commands.command(name="view", description="Show your settings")
    async def view(self, interaction: discord.Interaction) -> None:
        settings = await self.service.view(interaction.user.id)
        local = self.bot.clock.now().astimezone(ZoneInfo(settings.timezone)).strftime("%H:%M")
        await answer(interaction).send(embeds=[settings_embed(settings, local)])

    @app_commands.command(
        name="timezone", description="Set your time zone, used to read dates and for quiet hours"
    )
    @app_commands.describe(zone="An IANA zone name such as Europe/Berlin or America/New_York")
    @app_commands.autocomplete(zone=zone_choices)
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        name = await self.service.set_timezone(interaction.user.id, zone)
        local = self.bot.clock.now().astimezone(ZoneInfo(name)).strftime("%H:%M")
        await _done(
            interaction,
            _("Time zone set to **{zone}** (it is {time} there now).").format(zone=name, time=local),
        )

    @app_commands.command(name="currency", description="Set the currency used when an amount names none")
    @app_commands.describe(code="A three-letter ISO 4217 code such as USD, EUR or GBP")
    async def currency(self, interaction: discord.Interaction, code: str) -> None:
        currency = await self.service.set_currency(interaction.user.id, code)
        await _done(
            interaction,
            _("Default currency set to **{currency}**. Existing contracts keep theirs.").format(
                currency=currency
            ),
        )

    @app_commands.command(name="quiet-hours", description="Hold reminder DMs during these hours of your day")
    @app_commands.describe(
        start="When quiet hours begin, e.g. 22:00 (or off)", end="When they end, e.g. 7:00 (or off)"
    )
    async def quiet_hours(self, interaction: discord.Interaction, start: str, end: str) -> None:
        change = await self.service.set_quiet_hours(interaction.user.id, start, end)
        if change.start is None or change.end is None:
            await _done(interaction, _("Quiet hours are off: reminders arrive whenever they are due."))
            return
        await _done(
            interaction,
            _(
                "Quiet hours set: {start} to {end} in your time zone. Reminders due then arrive when they end."
            ).format(start=format_minutes(change.start), end=format_minutes(change.end)),
        )

    @app_commands.command(
        name="reminders", description="Turn reminder DMs on or off, or set when one kind of reminder comes"
    )
    @app_commands.describe(
        enabled="True to get reminder DMs (of this kind), False to stop them",
        kind="Which kind of reminder (default: all reminder DMs)",
        lead='When to remind before the moment, e.g. "3d, 1d, 2h" (at most 5, 15 minutes to 30 days; "default" resets)',
    )
    @app_commands.choices(kind=KIND_CHOICES)
    async def reminders(
        self,
        interaction: discord.Interaction,
        enabled: bool,
        kind: str | None = None,
        lead: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        if kind is not None or lead is not None:
            change = await self.service.set_reminder_kind(interaction.user.id, kind, enabled, lead)
            await _done(interaction, _kind_text(change))
            return
        waiting = await self.service.set_reminders(interaction.user.id, enabled)
        if enabled:
            text = ngettext(
                "Reminders are on. {count} planned: {list} shows them.",
                "Reminders are on. {count} planned: {list} shows them.",
                waiting,
            ).format(count=waiting, list=command("reminders list"))
        else:
            text = _("Reminders are off: I won't DM you. Your contracts and milestones are kept as they are.")
        await _done(interaction, text)

    @app_commands.command(name="language", description="The language I answer and send reminders in")
    @app_commands.describe(language="A language, or automatic to follow your Discord language")
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def language(self, interaction: discord.Interaction, language: str) -> None:
        chosen = None if language == AUTOMATIC else language
        await self.service.set_language(interaction.user.id, chosen)
        with speaking(chosen or interaction.locale.value):
            if chosen is None:
                text = _("I'll answer in your Discord language, and send reminders in the last one you used.")
            else:
                text = _("I'll answer and send reminders in English.")
            await _done(interaction, text)


def _kind_text(change: KindChange) -> str:
    name = _(KIND_NAMES[change.kind])
    leads = change.times.before(change.kind)
    if not leads:
        text = _(
            "**{name}** reminders are off. The others stay as they are; turn this kind on again with "
            "{command}."
        ).format(name=name, command=settings_reminders(enabled="True", kind=change.kind.value))
    else:
        text = (
            _("**{name}** reminders: {leads} the moment.").format(name=name, leads=leads_words(leads))
            + " "
            + ngettext("{count} reminder planned.", "{count} reminders planned.", change.waiting).format(
                count=change.waiting
            )
        )
    if not change.reminders_enabled:
        text += " " + _("Reminder DMs are off overall: {command} turns them on.").format(
            command=settings_reminders(enabled="True")
        )
    return text


async def _done(interaction: discord.Interaction, text: str) -> None:
    await answer(interaction).send(embeds=[discord.Embed(description=text, colour=OK)])
