"""**Track as milestone** (a message menu item, in servers and DMs, for server and user installs).

On any message: the message is read for a title, an amount and a due date; a form opens prefilled with
what was found (with a note on what was left empty, and why); once the form is sent, the user picks one
of their active contracts in a menu and presses Add milestone. Nothing is saved before that press. The
prompt answers only the person who opened it, and says so when it expires, like every Confirm prompt.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.capture import Note, NoteKind
from bot.domain.contracts import Contract
from bot.domain.errors import UserFacingError
from bot.domain.money import Money
from bot.domain.text import MAX_TITLE
from bot.i18n.formatting import format_moment
from bot.i18n.locales import ENGLISH, language_of
from bot.i18n.speaking import N_, _, current_locale
from bot.services.capture import CaptureStart, CheckedMilestone
from cogs.common import limits
from cogs.common.answer import FORM, answer
from cogs.common.confirm import PROMPT_TIMEOUT, ConfirmView
from cogs.common.errors import send_error, user_message
from cogs.common.language import use_language
from cogs.common.layout import layout
from cogs.common.render import INFO, amount, command, menu_name, moment, safe
from cogs.milestones.cog import change_reply

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MENU_NAME = "Track as milestone"  # the menu item's name: Discord shows it translated (commands catalog)
FORM_TITLE = N_("Track as milestone")
ADD_LABEL = N_("Add milestone")
AMOUNT_MAX = 64
DUE_MAX = 60
NO_CONTRACT = N_(
    "You have no active contract to add this milestone to. Add one with {add}, then use **{menu}** on "
    "the message again."
)


def _bot(interaction: discord.Interaction) -> MilestoneBot:
    return interaction.client  # type: ignore[return-value]


def _local(at: datetime, zone: ZoneInfo) -> str:
    """A moment in the user's zone and words (a form shows no Discord timestamps): `Tue 15 Jan 2030 23:59`."""
    local = at.astimezone(zone)
    if language_of(current_locale()) == ENGLISH:
        return local.strftime("%a %d %b %Y %H:%M")
    return format_moment(local, "f", current_locale())


def note_text(note: Note, zone: ZoneInfo) -> str:
    """One note about the reading, in words (dates in the user's zone: forms show no Discord timestamps)."""
    values = [
        _local(v, zone)
        if isinstance(v, datetime)
        else amount(v)
        if isinstance(v, Money)
        else f"\u201c{v}\u201d"
        for v in note.values
    ]
    listed = ", ".join(values)
    kind = note.kind
    if kind is NoteKind.SEVERAL_AMOUNTS:
        text = _("The message names several amounts ({listed}), so the amount is left for you to fill in.")
    elif kind is NoteKind.AMOUNT_NOT_READ:
        text = _(
            "{listed} looks like an amount, but not one I can read exactly: type it as 150, $150 or 150 EUR."
        )
    elif kind is NoteKind.SEVERAL_DATES:
        text = _("The message names several dates ({listed}), so the due date is left for you to fill in.")
    elif kind is NoteKind.DATE_IN_PAST:
        text = _("The date in the message ({listed}) has already passed, so it is left out.")
    elif kind is NoteKind.DATE_NOT_READ:
        text = _("{listed} looks like a date I can't read: type it as Dec 12 17:00 or in 3 days.")
    elif kind is NoteKind.TITLE_SHORTENED:
        return _("The title is cut to {count} characters.").format(count=MAX_TITLE)
    else:
        return _("Nothing in the message names the work: give the milestone a title.")
    return text.format(listed=listed)


def _amount_text(money: Money | None) -> str:
    """The amount as the user's locale writes it (`R$ 50,00`), which the form reads back exactly."""
    return "" if money is None else amount(money)


def _due_text(due_at: datetime | None, zone: ZoneInfo) -> str:
    return "" if due_at is None else due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def message_text(message: discord.Message) -> str:
    """What a person reads in the message: its text, and the titles and text of its embeds."""
    parts = [message.content]
    for embed in message.embeds:
        parts.extend(part for part in (embed.title, embed.description) if part)
    return "\n".join(part for part in parts if part)


class CaptureForm(discord.ui.Modal):
    def __init__(self, start: CaptureStart) -> None:
        super().__init__(title=_(FORM_TITLE), timeout=PROMPT_TIMEOUT)
        captured, zone = start.captured, start.settings.zone
        self.contracts = start.contracts
        self.notes = [note_text(note, zone) for note in captured.notes]
        self.more_contracts = start.more_contracts
        if self.notes:
            self.add_item(discord.ui.TextDisplay("\n".join(f"-# {n}" for n in self.notes)))
        self.name: discord.ui.TextInput[CaptureForm] = discord.ui.TextInput(
            label=_("Milestone title"), default=captured.title, max_length=MAX_TITLE
        )
        self.amount: discord.ui.TextInput[CaptureForm] = discord.ui.TextInput(
            label=_("Amount"),
            default=_amount_text(captured.amount) or None,
            placeholder=_("e.g. 150, $150 or 150 EUR (the contract's currency unless you name one)"),
            max_length=AMOUNT_MAX,
        )
        self.due: discord.ui.TextInput[CaptureForm] = discord.ui.TextInput(
            label=_("Due date (optional)"),
            default=_due_text(captured.due_at, zone) or None,
            placeholder=_("e.g. Dec 12 17:00, friday, in 3 days (your time zone)"),
            required=False,
            max_length=DUE_MAX,
        )
        for item in (self.name, self.amount, self.due):
            self.add_item(item)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        use_language(interaction)  # a form's submission never passes the command tree
        return True

    async def on_submit(self, interaction: discord.Interaction) -> None:
        owner = interaction.user.id
        services = _bot(interaction).services
        checked = await services.capture.check(
            owner, title=self.name.value, amount=self.amount.value, due=self.due.value or None
        )
        prompt = ContractPrompt(self.contracts)
        preview = _preview(checked, self.notes, prompt)
        if self.more_contracts:
            more = _("The menu lists your {count} newest active contracts; for another one, use {add}.")
            add = command("milestone add")
            preview.add_field(
                name=_("Contracts"), value=more.format(count=len(self.contracts), add=add), inline=False
            )
        press = await prompt.ask(interaction, preview)
        if press is None or prompt.chosen is None:
            return
        try:
            change = await services.capture.add(owner, prompt.chosen, checked)
        except UserFacingError as refused:
            await press.response.edit_message(
                content=_("{error} Nothing was saved: use **{menu}** on the message again.").format(
                    error=user_message(refused), menu=menu_name(MENU_NAME)
                ),
                embed=None,
                view=None,
            )
            return
        await press.response.edit_message(content=None, embeds=layout(change_reply(change)), view=None)

    # discord.py's Modal.on_error takes no item, unlike the View's it derives from.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await send_error(interaction, error)


class ContractPrompt(ConfirmView):
    """Add milestone / Cancel, with a menu of the user's active contracts above (one is chosen already
    when there is only one)."""

    def __init__(self, contracts: list[Contract]) -> None:
        super().__init__(confirm_label=_(ADD_LABEL))
        self.chosen: int | None = contracts[0].id if len(contracts) == 1 else None
        self.menu: discord.ui.Select[ContractPrompt] = discord.ui.Select(
            placeholder=_("Which contract?"),
            options=[
                discord.SelectOption(
                    label=c.title[:100],
                    value=str(c.id),
                    description=f"{c.client} · {c.rules.name} · {amount(c.price)}"[:100],
                    default=c.id == self.chosen,
                )
                for c in contracts
            ],
            row=0,
        )
        self.menu.callback = self._picked  # type: ignore[method-assign]
        # The menu goes above the buttons ConfirmView laid out: take them out, then add all three in rows.
        self.remove_item(self.confirm).remove_item(self.cancel)
        self.confirm.row = self.cancel.row = 1
        self.add_item(self.menu).add_item(self.confirm).add_item(self.cancel)
        self.confirm.style = discord.ButtonStyle.success
        self.confirm.disabled = self.chosen is None

    async def _picked(self, interaction: discord.Interaction) -> None:
        self.chosen = int(self.menu.values[0])
        for option in self.menu.options:
            option.default = option.value == self.menu.values[0]
        self.confirm.disabled = False
        await interaction.response.edit_message(view=self)


def _preview(checked: CheckedMilestone, notes: list[str], prompt: ContractPrompt) -> discord.Embed:
    typed = safe(checked.amount)
    description = (
        _("Amount **{amount}** · due {when}").format(amount=typed, when=moment(checked.due_at))
        if checked.due_at is not None
        else _("Amount **{amount}** · no due date").format(amount=typed)
    )
    embed = discord.Embed(
        title=_("Add {title}?").format(title=safe(checked.title))[: limits.TITLE],
        description=description,
        colour=INFO,
    )
    if notes:
        embed.add_field(
            name=_("Read from the message"), value="\n".join(notes)[: limits.FIELD_VALUE], inline=False
        )
    footer = (
        _("Press Add milestone. Nothing is saved before that.")
        if prompt.chosen is not None
        else _("Pick the contract, then press Add milestone. Nothing is saved before that.")
    )
    embed.set_footer(text=footer)
    return embed


class CaptureMenu(commands.Cog):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        self.menu: app_commands.ContextMenu = app_commands.ContextMenu(
            name=MENU_NAME, callback=self.track, extras=FORM
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def track(self, interaction: discord.Interaction, message: discord.Message) -> None:
        start: CaptureStart = await self.bot.services.capture.read(
            interaction.user.id, message_text(message), message.created_at
        )
        if not start.contracts:
            add = command("contract add")
            await answer(interaction).send(_(NO_CONTRACT).format(add=add, menu=menu_name(MENU_NAME)))
            return
        await interaction.response.send_modal(CaptureForm(start))


__all__ = ["MENU_NAME", "CaptureMenu"]
