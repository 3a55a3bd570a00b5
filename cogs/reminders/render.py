"""Reminder DMs as embeds: one embed per reminder, in the order of their rows of buttons."""

from __future__ import annotations

import discord

from bot.domain.dates import discord_timestamp
from bot.reminders.batches import DueBatch
from bot.reminders.notices import Notice, ReminderAction, notice_for
from bot.reminders.service import Pressed
from cogs.common.render import INFO, OK, WARN, safe

LATE = discord.Colour.dark_orange()


def notice_embed(notice: Notice) -> discord.Embed:
    description = notice.body if notice.late_note is None else f"⏰ {notice.late_note}\n\n{notice.body}"
    embed = discord.Embed(
        title=notice.title, description=description[:4096], colour=LATE if notice.late_note else WARN
    )
    for name, value in notice.fields:
        embed.add_field(name=name, value=value[:1024], inline=True)
    return embed


def batch_embeds(batch: DueBatch) -> list[discord.Embed]:
    return [notice_embed(notice_for(reminder, safe)) for reminder in batch.reminders]


def outcome_line(pressed: Pressed) -> str:
    """What a pressed button did, in a line shown where the buttons were."""
    milestone = f"**{safe(pressed.milestone_title)}**" if pressed.milestone_title else "This"
    if pressed.action is ReminderAction.SNOOZE:
        if pressed.no_longer_applies:
            return "Nothing to snooze: this no longer applies."
        assert pressed.snoozed_until is not None
        return f"💤 I'll remind you again {discord_timestamp(pressed.snoozed_until, 'R')}."
    if pressed.action is ReminderAction.MUTE:
        return f"🔕 {milestone} is muted: no more reminders about it until you unmute it."
    if pressed.action is ReminderAction.UNMUTE:
        return f"🔔 {milestone} is unmuted: its reminders are back."
    done = {
        ReminderAction.FUND: "funded",
        ReminderAction.SUBMIT: "submitted",
        ReminderAction.RELEASE: "released",
    }
    line = f"✅ {milestone} is marked {done[pressed.action]}."
    if pressed.action is ReminderAction.FUND:
        line += " I cancelled its funding reminders."
    return line


def outcome_colour(pressed: Pressed) -> discord.Colour:
    return (
        OK if pressed.action in (ReminderAction.FUND, ReminderAction.SUBMIT, ReminderAction.RELEASE) else INFO
    )
