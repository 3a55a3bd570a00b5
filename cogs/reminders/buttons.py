"""The buttons and menus under a reminder DM. Their ids carry the action and the reminder, so they keep
working after a restart: discord.py matches each pressed id against the template and rebuilds the item.

A press replaces that reminder's row with its outcome, and the reminder's note with a new one (never
appending, so a DM stays within Discord's limits however often it is pressed). Snooze turns the row into
a menu of times that stop at the reminder's deadline, plus "another time" typed in a modal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.asks import situation_of_reminder
from bot.i18n.speaking import N_, _
from bot.services.delivery import DueReminder
from bot.services.reminders import Pressed, ReminderAction, SnoozeOffer
from cogs.common.answer import answer
from cogs.common.drafts import copy_ready
from cogs.common.errors import reply_ephemeral, send_error
from cogs.common.language import use_language
from cogs.common.pages import send_reply
from cogs.common.render import amount, command, contract_reply, moment
from cogs.reminders.render import (
    ACTION_LABELS,
    DONE_FIELD,
    DONE_FIELDS,
    actions_for,
    outcome_colour,
    outcome_line,
)

if TYPE_CHECKING:
    from bot.app import MilestoneBot

# Only the actions there are, and ids a database can hold: anything else is not one of our buttons.
_ACTIONS = "|".join(action.value for action in ReminderAction)
_ID = r"[0-9]{1,18}"
BUTTON_TEMPLATE = rf"rem:(?P<action>{_ACTIONS}):(?P<reminder>{_ID})"
MENU_TEMPLATE = rf"rem:snoozeto:(?P<reminder>{_ID})"
_DONE = "done"  # a row whose reminder was dealt with keeps one disabled button saying so
ANOTHER_TIME = "other"
SNOOZE_TEXT_MAX = 60

_STYLES = {
    ReminderAction.FUND: discord.ButtonStyle.success,
    ReminderAction.SUBMIT: discord.ButtonStyle.success,
    ReminderAction.RELEASE: discord.ButtonStyle.success,
    ReminderAction.UNMUTE: discord.ButtonStyle.primary,
    ReminderAction.BONUS: discord.ButtonStyle.primary,
}
_DONE_LABELS = {
    ReminderAction.FUND: N_("Marked funded"),
    ReminderAction.SUBMIT: N_("Marked submitted"),
    ReminderAction.RELEASE: N_("Marked released"),
    ReminderAction.NOT_YET: N_("Asked again later"),
    ReminderAction.SNOOZE: N_("Snoozed"),
    ReminderAction.MUTE: N_("Muted"),
    ReminderAction.UNMUTE: N_("Unmuted"),
}
DONE = N_("Done")
ANOTHER_TIME_LABEL = N_("Another time…")


def custom_id(action: ReminderAction | str, reminder_id: int) -> str:
    return f"rem:{action}:{reminder_id}"


def _bot(interaction: discord.Interaction) -> MilestoneBot:
    return interaction.client  # type: ignore[return-value]


class ReminderButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    def __init__(self, action: ReminderAction, reminder_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_(ACTION_LABELS[action]),
                style=_STYLES.get(action, discord.ButtonStyle.secondary),
                custom_id=custom_id(action, reminder_id),
            )
        )
        self.action = action
        self.reminder_id = reminder_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderButton:
        return cls(ReminderAction(match["action"]), int(match["reminder"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        use_language(interaction)  # a press on a DM never passes the command tree
        answer(interaction)  # from here on, a save is noted: an error after it must not deny it
        try:
            await self._press(interaction)
        except Exception as error:  # the one error path: user errors explained, bugs logged with a reference
            await send_error(interaction, error)

    async def _press(self, interaction: discord.Interaction) -> None:
        reminders = _bot(interaction).services.reminders
        owner = interaction.user.id
        action = self.action
        if action is ReminderAction.SNOOZE:
            offer = await reminders.snooze_offer(owner, self.reminder_id)
            await _show_snooze_menu(interaction, offer)
            return
        if action is ReminderAction.VIEW:
            about = await reminders.about(owner, self.reminder_id)
            await send_reply(interaction, contract_reply(about.view))
            return
        if action is ReminderAction.DRAFT:
            about = await reminders.about(owner, self.reminder_id)
            situation = situation_of_reminder(
                about.view.contract, about.milestone, about.topic, about.event_at
            )
            await interaction.response.send_message(
                copy_ready(situation, about.settings.zone), ephemeral=True
            )
            return
        if action is ReminderAction.BONUS:
            await interaction.response.send_modal(BonusModal(self.reminder_id))
            return
        pressed = await reminders.press(owner, self.reminder_id, action)
        if pressed.confirm is not None:
            await reply_ephemeral(
                interaction,
                _(
                    "This milestone is not funded, so submitting it would deliver unprotected work. To do it "
                    "anyway, use {submit} and confirm."
                ).format(submit=command("milestone submit")),
            )
            return
        await _show_outcome(interaction, pressed)


class SnoozeMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=MENU_TEMPLATE):
    """The times a reminder can come back, replacing its row of buttons."""

    def __init__(self, reminder_id: int, options: Sequence[discord.SelectOption] = ()) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"rem:snoozeto:{reminder_id}",
                placeholder=_("Remind me again…"),
                options=list(options)
                or [discord.SelectOption(label=_(ANOTHER_TIME_LABEL), value=ANOTHER_TIME)],
            )
        )
        self.reminder_id = reminder_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SnoozeMenu:
        return cls(int(match["reminder"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        use_language(interaction)
        answer(interaction)
        try:
            chosen = (self.item.values or [ANOTHER_TIME])[0]
            if chosen == ANOTHER_TIME:
                await interaction.response.send_modal(SnoozeModal(self.reminder_id))
                return
            until = datetime.fromtimestamp(int(chosen), tz=UTC)
            pressed = await _bot(interaction).services.reminders.snooze(
                interaction.user.id, self.reminder_id, until=until
            )
            await _show_outcome(interaction, pressed)
        except (ValueError, TypeError):
            await reply_ephemeral(interaction, _("That choice is no longer valid. Press Snooze again."))
        except Exception as error:
            await send_error(interaction, error)


# A form's words are set when it is made, in the language of the press that opens it.
SNOOZE_TITLE = N_("Remind me again at…")
SNOOZE_WHEN = N_("When")
# The catalogs give examples in the reader's language: the date parser reads them in it (bot.domain.date_words).
SNOOZE_EXAMPLE = N_("e.g. tomorrow 9:00, in 2 hours, Dec 3 17:00")


class SnoozeModal(discord.ui.Modal, title=SNOOZE_TITLE):
    when: discord.ui.TextInput[SnoozeModal] = discord.ui.TextInput(
        label=SNOOZE_WHEN, placeholder=SNOOZE_EXAMPLE, max_length=SNOOZE_TEXT_MAX
    )

    def __init__(self, reminder_id: int) -> None:
        super().__init__(title=_(SNOOZE_TITLE))
        self.when.label = _(SNOOZE_WHEN)
        self.when.placeholder = _(SNOOZE_EXAMPLE)
        self.reminder_id = reminder_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        use_language(interaction)
        answer(interaction)
        pressed = await _bot(interaction).services.reminders.snooze(
            interaction.user.id, self.reminder_id, typed=self.when.value
        )
        await _show_outcome(interaction, pressed)

    # discord.py's Modal.on_error takes no item, unlike the View's it derives from.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await send_error(interaction, error)


BONUS_TITLE = N_("Record a bonus")
BONUS_AMOUNT = N_("Amount")
BONUS_EXAMPLE = N_("e.g. 50")
BONUS_PAID = N_("When it was paid")


class BonusModal(discord.ui.Modal, title=BONUS_TITLE):
    amount: discord.ui.TextInput[BonusModal] = discord.ui.TextInput(
        label=BONUS_AMOUNT, placeholder=BONUS_EXAMPLE, max_length=64
    )
    # `today` is what the date parser reads, in every language.
    paid: discord.ui.TextInput[BonusModal] = discord.ui.TextInput(
        label=BONUS_PAID, placeholder="today", required=False, max_length=SNOOZE_TEXT_MAX
    )

    def __init__(self, reminder_id: int) -> None:
        super().__init__(title=_(BONUS_TITLE))
        self.amount.label = _(BONUS_AMOUNT)
        self.amount.placeholder = _(BONUS_EXAMPLE)
        self.paid.label = _(BONUS_PAID)
        self.reminder_id = reminder_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        use_language(interaction)
        answer(interaction)
        view = await _bot(interaction).services.reminders.record_bonus(
            interaction.user.id, self.reminder_id, self.amount.value, self.paid.value or None
        )
        assert view.bonus is not None
        await send_reply(
            interaction,
            contract_reply(
                view, title_prefix=_("Bonus of {amount} recorded: ").format(amount=amount(view.bonus.amount))
            ),
        )

    # discord.py's Modal.on_error takes no item, unlike the View's it derives from.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await send_error(interaction, error)


async def _show_snooze_menu(interaction: discord.Interaction, offer: SnoozeOffer) -> None:
    options = [
        discord.SelectOption(label=_(choice.label), value=str(int(choice.at.timestamp())))
        for choice in offer.choices
    ]
    options.append(discord.SelectOption(label=_(ANOTHER_TIME_LABEL), value=ANOTHER_TIME))
    if offer.deadline is None:
        note = _("Pick when to remind you again.")
    elif offer.choices:
        note = _(
            "Pick when to remind you again. The menu stops before {deadline}, the moment this warns about."
        ).format(deadline=moment(offer.deadline))
    else:
        # Quiet hours (or a near deadline) leave no later moment a reminder could keep: say so, not a bare menu.
        note = _(
            "No later time is left before {deadline}, the moment this warns about, outside your quiet hours: "
            "act on it now, or change them with {quiet_hours}."
        ).format(deadline=moment(offer.deadline), quiet_hours=command("settings quiet-hours"))
    if interaction.message is None:
        await interaction.response.send_message(
            note, view=_view([[SnoozeMenu(offer.reminder_id, options)]]), ephemeral=True
        )
        return
    embeds, rows = _replaced(
        interaction.message, offer.reminder_id, [SnoozeMenu(offer.reminder_id, options)], note
    )
    await interaction.response.edit_message(embeds=embeds, view=_view(rows))


async def _show_outcome(interaction: discord.Interaction, pressed: Pressed) -> None:
    line = outcome_line(pressed)
    if interaction.message is None or not _button_rows(interaction.message):
        await reply_ephemeral(interaction, line)
        return
    row: list[discord.ui.Item[Any]] = [_done_button(pressed.action, pressed.reminder_id)]
    if pressed.action is ReminderAction.MUTE:
        row.append(ReminderButton(ReminderAction.UNMUTE, pressed.reminder_id))
    embeds, rows = _replaced(interaction.message, pressed.reminder_id, row, line, outcome_colour(pressed))
    await interaction.response.edit_message(embeds=embeds, view=_view(rows))


def _view(rows: list[list[discord.ui.Item[Any]]]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for number, items in enumerate(rows):
        for item in items:
            item.row = number
            view.add_item(item)
    # Presses are routed by the registered templates, not by this object: stopping it keeps discord.py
    # from holding one view per DM in memory forever.
    view.stop()
    return view


def reminders_view(reminders: Sequence[DueReminder]) -> discord.ui.View:
    """One row of buttons per reminder, in the order of their embeds."""
    return _view([[ReminderButton(action, r.id) for action in actions_for(r)] for r in reminders])


def _done_button(action: ReminderAction, reminder_id: int) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        label=_(_DONE_LABELS.get(action, DONE)),
        style=discord.ButtonStyle.secondary,
        disabled=True,
        custom_id=custom_id(_DONE, reminder_id),
    )


def _replaced(
    message: discord.Message,
    reminder_id: int,
    new_row: list[discord.ui.Item[Any]],
    note: str,
    colour: discord.Colour | None = None,
) -> tuple[list[discord.Embed], list[list[discord.ui.Item[Any]]]]:
    """The message's embeds and rows with this reminder's row and note replaced (other rows kept as they are)."""
    embeds = list(message.embeds)
    rows: list[list[discord.ui.Item[Any]]] = []
    for number, (row_reminder, items) in enumerate(_button_rows(message)):
        if row_reminder != reminder_id:
            rows.append(items)
            continue
        rows.append(new_row)
        if number < len(embeds):
            embed = embeds[number].copy()
            if colour is not None:
                embed.colour = colour
            kept = [(f.name, f.value, f.inline) for f in embed.fields if f.name not in DONE_FIELDS]
            embed.clear_fields()
            for name, value, inline in kept:
                embed.add_field(name=name or "", value=value or "", inline=inline)
            embed.add_field(name=_(DONE_FIELD), value=note, inline=False)
            embeds[number] = embed
    return embeds, rows


def _button_rows(message: discord.Message) -> list[tuple[int, list[discord.ui.Item[Any]]]]:
    """Each row of the message's reminder items as (reminder id, its items rebuilt), one row per reminder."""
    rows = []
    for component in message.components:
        if not isinstance(component, discord.ActionRow):
            continue
        reminder_id: int | None = None
        items: list[discord.ui.Item[Any]] = []
        for child in component.children:
            found = re.fullmatch(r"rem:(?P<action>[a-z]+):(?P<reminder>[0-9]{1,18})", child.custom_id or "")
            if found is None:
                continue
            reminder_id = int(found["reminder"])
            items.append(_rebuilt(child, found["action"], reminder_id))
        if reminder_id is not None:
            rows.append((reminder_id, items))
    return rows


def _rebuilt(child: Any, action: str, reminder_id: int) -> discord.ui.Item[Any]:
    """Another reminder's item, as it was: live, or disabled if that reminder was dealt with earlier."""
    if action in ReminderAction._value2member_map_ and isinstance(child, discord.Button):
        return ReminderButton(ReminderAction(action), reminder_id)
    if action == "snoozeto" and isinstance(child, discord.SelectMenu):
        return SnoozeMenu(reminder_id, child.options)
    return discord.ui.Button(
        label=getattr(child, "label", None) or _(DONE),
        style=discord.ButtonStyle.secondary,
        disabled=True,
        custom_id=custom_id(_DONE, reminder_id),
    )


def reminder_ids_in(message: discord.Message) -> set[int]:
    """The reminders whose items the message carries (pressed ones included)."""
    return {reminder_id for reminder_id, _ in _button_rows(message)}


__all__ = [
    "BUTTON_TEMPLATE",
    "MENU_TEMPLATE",
    "ReminderButton",
    "SnoozeMenu",
    "reminder_ids_in",
    "reminders_view",
]
