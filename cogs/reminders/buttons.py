"""The buttons under a reminder DM. Their ids carry the action and the reminder, so they keep working
after a restart: discord.py matches each pressed id against the template and rebuilds the button.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.reminders.batches import DueBatch
from bot.reminders.notices import ReminderAction, actions_for
from bot.reminders.service import Pressed, ReminderService
from bot.services.milestones import ConfirmationNeeded
from cogs.common.errors import reply_ephemeral, send_error
from cogs.reminders.render import outcome_colour, outcome_line

if TYPE_CHECKING:
    from bot.app import MilestoneBot

TEMPLATE = r"rem:(?P<action>[a-z]+):(?P<reminder>[0-9]{1,19})"
_PARSE = re.compile(TEMPLATE)
# A row whose reminder was dealt with keeps one disabled button saying so (a row can't be empty).
_DONE = "done"

_STYLES = {
    ReminderAction.FUND: discord.ButtonStyle.success,
    ReminderAction.SUBMIT: discord.ButtonStyle.success,
    ReminderAction.RELEASE: discord.ButtonStyle.success,
    ReminderAction.SNOOZE: discord.ButtonStyle.secondary,
    ReminderAction.MUTE: discord.ButtonStyle.secondary,
    ReminderAction.UNMUTE: discord.ButtonStyle.primary,
}
_DONE_LABELS = {
    ReminderAction.FUND: "Marked funded",
    ReminderAction.SUBMIT: "Marked submitted",
    ReminderAction.RELEASE: "Marked released",
    ReminderAction.SNOOZE: "Snoozed",
    ReminderAction.MUTE: "Muted",
    ReminderAction.UNMUTE: "Unmuted",
}


def custom_id(action: ReminderAction | str, reminder_id: int) -> str:
    return f"rem:{action}:{reminder_id}"


def parse_custom_id(value: str) -> tuple[str, int] | None:
    found = _PARSE.fullmatch(value)
    return (found["action"], int(found["reminder"])) if found else None


class ReminderButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    def __init__(self, action: ReminderAction, reminder_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=action.label, style=_STYLES[action], custom_id=custom_id(action, reminder_id)
            ),
            row=row,
        )
        self.action = action
        self.reminder_id = reminder_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderButton:
        action = ReminderAction(match["action"])  # "done" buttons are disabled and never pressed
        return cls(action, int(match["reminder"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: MilestoneBot = interaction.client  # type: ignore[assignment]
        service = ReminderService(bot.context, bot.milestones)
        try:
            pressed = await service.press(interaction.user.id, self.reminder_id, self.action)
        except ConfirmationNeeded as needed:
            await reply_ephemeral(
                interaction, f"{needed.warning}\n\nTo submit it anyway, use `/milestone submit` and confirm."
            )
            return
        except Exception as error:  # the one error path: user errors explained, bugs logged with a reference
            await send_error(interaction, error)
            return
        if interaction.message is None:
            await reply_ephemeral(interaction, outcome_line(pressed))
            return
        embeds, view = updated_message(interaction.message, pressed)
        await interaction.response.edit_message(embeds=embeds, view=view)


def _view(rows: list[list[discord.ui.Item[Any]]]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for number, items in enumerate(rows):
        for item in items:
            item.row = number
            view.add_item(item)
    # Presses are routed by the registered template, not by this object: stopping it keeps discord.py
    # from holding one view per DM in memory forever.
    view.stop()
    return view


def batch_view(batch: DueBatch) -> discord.ui.View:
    rows: list[list[discord.ui.Item[Any]]] = [
        [ReminderButton(action, reminder.id) for action in actions_for(reminder.kind)]
        for reminder in batch.reminders
    ]
    return _view(rows)


def _done_button(action: ReminderAction, reminder_id: int) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        label=_DONE_LABELS[action],
        style=discord.ButtonStyle.secondary,
        disabled=True,
        custom_id=custom_id(_DONE, reminder_id),
    )


def updated_message(
    message: discord.Message, pressed: Pressed
) -> tuple[list[discord.Embed], discord.ui.View]:
    """The DM after a press: the reminder's embed says what happened, its buttons give way to the outcome."""
    embeds = list(message.embeds)
    rows: list[list[discord.ui.Item[Any]]] = []
    for number, buttons in enumerate(_button_rows(message)):
        reminder_id = buttons[0][1]
        if reminder_id != pressed.reminder_id:
            rows.append([_rebuilt(action, rid, label) for action, rid, label in buttons])
            continue
        row: list[discord.ui.Item[Any]] = [_done_button(pressed.action, reminder_id)]
        if pressed.action is ReminderAction.MUTE:
            row.append(ReminderButton(ReminderAction.UNMUTE, reminder_id))
        rows.append(row)
        if number < len(embeds):
            embed = embeds[number].copy()
            embed.colour = outcome_colour(pressed)
            embed.add_field(name="Done", value=outcome_line(pressed), inline=False)
            embeds[number] = embed
    return embeds, _view(rows)


def _button_rows(message: discord.Message) -> list[list[tuple[str, int, str]]]:
    """Each row of the message's reminder buttons as (action, reminder id, label), one row per reminder."""
    rows = []
    for component in message.components:
        if not isinstance(component, discord.ActionRow):
            continue
        buttons = []
        for child in component.children:
            parsed = parse_custom_id(child.custom_id or "") if isinstance(child, discord.Button) else None
            if parsed is not None and isinstance(child, discord.Button):
                buttons.append((parsed[0], parsed[1], child.label or ""))
        if buttons:
            rows.append(buttons)
    return rows


def reminder_ids_in(message: discord.Message) -> set[int]:
    """The reminders whose buttons the message carries (pressed ones included)."""
    return {reminder_id for row in _button_rows(message) for _, reminder_id, _ in row}


def _rebuilt(action: str, reminder_id: int, label: str) -> discord.ui.Item[Any]:
    """Another reminder's button, as it was: live, or disabled if that reminder was dealt with earlier."""
    if action == _DONE or action not in ReminderAction._value2member_map_:
        return discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.secondary,
            disabled=True,
            custom_id=custom_id(_DONE, reminder_id),
        )
    return ReminderButton(ReminderAction(action), reminder_id)
