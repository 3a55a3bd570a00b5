"""Reminder DMs as the user reads them: one embed per reminder, in the order of their rows of buttons.

What a reminder says about releases, holds and windows comes from the platform table and the contract:
a platform that doesn't release by itself is never said to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import discord

from bot.domain.lifecycle import COMMANDS, EventKind
from bot.domain.reminders import Topic
from bot.domain.text import MAX_TITLE
from bot.services.delivery import DueBatch, DueReminder
from bot.services.reminders import Pressed, ReminderAction
from bot.services.results import ContractView
from cogs.common import limits
from cogs.common.render import INFO, OK, WARN, command, ending_notes, moment, safe, span_words

LATE = discord.Colour.dark_orange()
DONE_FIELD = "Done"

ACTION_LABELS = {
    ReminderAction.FUND: "Mark funded",
    ReminderAction.SUBMIT: "Mark submitted",
    ReminderAction.RELEASE: "Mark released",
    ReminderAction.NOT_YET: "Not yet",
    ReminderAction.SNOOZE: "Snooze…",
    ReminderAction.MUTE: "Mute this milestone",
    ReminderAction.UNMUTE: "Unmute",
    ReminderAction.BONUS: "Record a bonus",
    ReminderAction.VIEW: "View the contract",
    ReminderAction.DRAFT: "Message for the client",
}


def actions_for(reminder: DueReminder) -> tuple[ReminderAction, ...]:
    """The buttons under a reminder: the step it is about, then snooze and mute."""
    topic = reminder.topic
    if topic is Topic.ENDED:
        return (ReminderAction.BONUS, ReminderAction.VIEW, ReminderAction.DRAFT)
    if topic is Topic.REVIEW and reminder.lead <= timedelta():
        return (ReminderAction.RELEASE, ReminderAction.NOT_YET, ReminderAction.MUTE)
    step = {
        Topic.UNFUNDED: ReminderAction.FUND,
        Topic.OVERDUE: ReminderAction.FUND,
        Topic.SUBMIT: ReminderAction.SUBMIT,
        Topic.REVIEW: ReminderAction.RELEASE,
    }.get(topic)
    return (*((step,) if step else ()), ReminderAction.SNOOZE, ReminderAction.MUTE)


def list_label(topic: Topic, lead: timedelta) -> str:
    """How `/reminders list` names a reminder."""
    ahead = span_words(lead)
    if topic is Topic.UNFUNDED:
        return f"not funded, due in {ahead}"
    if topic is Topic.OVERDUE:
        return "due date reached, not funded"
    if topic is Topic.SUBMIT:
        return "past due: submit it on the platform"
    if topic is Topic.REVIEW:
        return f"review ends in {ahead}" if lead > timedelta() else "review over: did the payment release?"
    if topic is Topic.REFUND:
        return f"refund request: {ahead} left to answer"
    return "contract ended with money left"


def notice_embed(reminder: DueReminder) -> discord.Embed:
    contract = reminder.contract
    rules = contract.rules
    milestone = f"**{safe(reminder.milestone.title)}**" if reminder.milestone else ""
    client = safe(contract.client)
    when = moment(reminder.event_at)
    topic, lead = reminder.topic, reminder.lead
    if topic is Topic.UNFUNDED:
        title, deadline_name = "Due soon and not funded", "Due"
        body = (
            f"{milestone} is due {when} and {client} hasn't funded it yet. Escrow protects only money the client "
            "has deposited: ask them to fund it before you deliver."
        )
    elif topic is Topic.OVERDUE:
        title, deadline_name = "Past due and still not funded", "Was due"
        body = (
            f"{milestone} was due {when} and {client} still hasn't funded it. Don't deliver on an unfunded "
            "milestone: escrow protects only money the client deposited. Ask them to fund it, or move the due "
            f"date with {command(COMMANDS[EventKind.EDIT])}."
        )
    elif topic is Topic.SUBMIT:
        title, deadline_name = "Past due: submit it on the platform", "Was due"
        why = (
            f"so the review period starts and {rules.name} can release the payment by itself"
            if contract.auto_releases
            else "so the client knows it is done and can release the payment"
        )
        body = (
            f"{milestone} was due {when} and isn't marked submitted. If you sent the work by message, also "
            f"submit it through {rules.name}, {why}."
        )
    elif topic is Topic.REVIEW and lead <= timedelta():
        title, deadline_name = "Review period over", "Review ended"
        if contract.auto_releases:
            body = (
                f"The review of {milestone} ended {when}. {rules.name} should have released the payment by itself: "
                "did it arrive? Confirm below, or press Not yet. For a partial amount use "
                f"{command(COMMANDS[EventKind.RELEASE])} with `amount`."
            )
        else:
            body = (
                f"The review period you agreed for {milestone} ended {when}. {rules.name} doesn't release money by "
                "itself: ask the client to release it, then confirm below."
            )
    elif topic is Topic.REVIEW:
        title, deadline_name = "Review period ending", "Review ends"
        then = (
            f"If they do nothing, {rules.name} releases the payment then."
            if contract.auto_releases
            else f"{rules.name} doesn't release it by itself: ask the client to release it."
        )
        body = (
            f"{client} has until the end of the review period, {when}, to approve {milestone} or ask for changes. "
            f"{then} If they ask for changes, record it with {command(COMMANDS[EventKind.REQUEST_CHANGES])}."
        )
    elif topic is Topic.REFUND:
        title, deadline_name = "Refund request: answer in time", "Answer by"
        body = (
            f"{client} asked for a refund on {milestone}. Approve it or dispute it on {rules.name} before {when}: "
            "if you don't answer in time, the money goes back to the client. Then record what happened with "
            f"{command(COMMANDS[EventKind.REFUND])} or {command(COMMANDS[EventKind.DISPUTE])}."
        )
    else:
        title, deadline_name = f"{safe(contract.title)} ended with money left", "Ended"
        body = " ".join(ending_notes(ContractView(contract, reminder.figures, reminder.intended_at)))
    late = reminder.late
    description = (
        body
        if not late
        else f"⏰ Sent late: this was meant for {moment(reminder.intended_at)}, while I was offline.\n\n{body}"
    )
    embed = discord.Embed(
        title=title[: limits.TITLE],
        description=description[: limits.DESCRIPTION],
        colour=LATE if late else WARN,
    )
    embed.add_field(
        name="Contract",
        value=f"{safe(contract.title)} · {client} · {rules.name}"[: limits.FIELD_VALUE],
        inline=True,
    )
    if reminder.milestone is not None:
        embed.add_field(name="Amount", value=str(reminder.milestone.amount), inline=True)
    embed.add_field(name=deadline_name, value=when, inline=True)
    return embed


# Room kept in each reminder's embed for the note a press puts there (it replaces any earlier one): the
# longest is an outcome line naming a milestone whose 100-character title markdown escaping doubled.
NOTE_ROOM = len(DONE_FIELD) + 2 * MAX_TITLE + 200


@dataclass(frozen=True)
class DmPart:
    """One DM of a batch: its reminders, their embeds, and a nonce of its own."""

    reminders: tuple[DueReminder, ...]
    embeds: list[discord.Embed]
    nonce: str


def dm_parts(batch: DueBatch) -> list[DmPart]:
    """The batch's reminders in as few DMs as Discord's limits allow (room kept for each press's note):
    one DM unless the reminders' text would pass the 6,000-character total."""
    groups: list[list[tuple[DueReminder, discord.Embed]]] = [[]]
    used = 0
    for reminder in batch.reminders:
        embed = notice_embed(reminder)
        cost = limits.embed_size(embed) + NOTE_ROOM
        group = groups[-1]
        if group and (used + cost > limits.EMBED_TOTAL or len(group) >= limits.ACTION_ROWS):
            groups.append([])
            used = 0
        groups[-1].append((reminder, embed))
        used += cost
    # The first part keeps the batch's nonce, so a DM sent before this split existed is still recognised.
    return [
        DmPart(
            tuple(r for r, _ in group),
            [e for _, e in group],
            batch.nonce if number == 0 else f"{batch.nonce}.{number}",
        )
        for number, group in enumerate(groups)
    ]


def outcome_line(pressed: Pressed) -> str:
    """What a pressed button did, in a line shown where the buttons were."""
    milestone = f"**{safe(pressed.milestone_title)}**" if pressed.milestone_title else "This"
    action = pressed.action
    if action in (ReminderAction.SNOOZE, ReminderAction.NOT_YET):
        if pressed.no_longer_applies:
            return "Nothing to snooze: this no longer applies."
        assert pressed.snoozed_until is not None
        if action is ReminderAction.NOT_YET:
            return (
                f"I'll ask again {moment(pressed.snoozed_until)}. If the review ended and nothing arrived, ask the "
                "client, or the platform's support."
            )
        return f"💤 I'll remind you again {moment(pressed.snoozed_until)}."
    if action is ReminderAction.MUTE:
        return f"🔕 {milestone} is muted: no more reminders about it until you unmute it."
    if action is ReminderAction.UNMUTE:
        return f"🔔 {milestone} is unmuted: its reminders are back."
    done = {
        ReminderAction.FUND: "funded",
        ReminderAction.SUBMIT: "submitted",
        ReminderAction.RELEASE: "released",
    }
    line = f"✅ {milestone} is marked {done.get(action, action.value)}."
    if action is ReminderAction.FUND:
        line += " I cancelled its funding reminders."
    return line


def outcome_colour(pressed: Pressed) -> discord.Colour:
    return (
        OK if pressed.action in (ReminderAction.FUND, ReminderAction.SUBMIT, ReminderAction.RELEASE) else INFO
    )
