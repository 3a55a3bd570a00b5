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
from bot.i18n.catalog import COMMANDS as COMMAND_CATALOG
from bot.i18n.catalog import translations
from bot.i18n.commands import OPTION
from bot.i18n.locales import ENGLISH, TRANSLATED, language_of
from bot.i18n.speaking import N_, _, current_locale
from bot.services.delivery import DueBatch, DueReminder
from bot.services.reminders import Pressed, ReminderAction
from bot.services.results import ContractView
from cogs.common import limits
from cogs.common.render import INFO, OK, WARN, amount, command, ending_notes, moment, safe, span_words

LATE = discord.Colour.dark_orange()
# The field a press leaves its note in; found again by its name in any language (the DM may be older
# than the reader's change of language).
DONE_FIELD = N_("Done")
DONE_FIELDS = frozenset(translations(language).gettext(DONE_FIELD) for language in (ENGLISH, *TRANSLATED))

ACTION_LABELS = {
    ReminderAction.FUND: N_("Mark funded"),
    ReminderAction.SUBMIT: N_("Mark submitted"),
    ReminderAction.RELEASE: N_("Mark released"),
    ReminderAction.NOT_YET: N_("Not yet"),
    ReminderAction.SNOOZE: N_("Snooze…"),
    ReminderAction.MUTE: N_("Mute this milestone"),
    ReminderAction.UNMUTE: N_("Unmute"),
    ReminderAction.BONUS: N_("Record a bonus"),
    ReminderAction.VIEW: N_("View the contract"),
    ReminderAction.DRAFT: N_("Message for the client"),
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


def settings_reminders(**options: str) -> str:
    """`/settings reminders enabled:True`: the command and its options by their names in the reader's
    language (`/configurações lembretes ativado:True`), the values as they are typed or picked."""
    words = translations(language_of(current_locale()), COMMAND_CATALOG)
    typed = " ".join(f"{words.pgettext(OPTION, name)}:{value}" for name, value in options.items())
    return f"`{command('settings reminders').strip('`')} {typed}`"


def list_label(topic: Topic, lead: timedelta) -> str:
    """How `/reminders list` names a reminder."""
    ahead = span_words(lead)
    if topic is Topic.UNFUNDED:
        return _("not funded, due in {span}").format(span=ahead)
    if topic is Topic.OVERDUE:
        return _("due date reached, not funded")
    if topic is Topic.SUBMIT:
        return _("past due: submit it on the platform")
    if topic is Topic.REVIEW:
        return (
            _("review ends in {span}").format(span=ahead)
            if lead > timedelta()
            else _("review over: did the payment release?")
        )
    if topic is Topic.REFUND:
        return _("refund request: {span} left to answer").format(span=ahead)
    return _("contract ended with money left")


def notice_embed(reminder: DueReminder) -> discord.Embed:
    contract = reminder.contract
    rules = contract.rules
    milestone = f"**{safe(reminder.milestone.title)}**" if reminder.milestone else ""
    client = safe(contract.client)
    when = moment(reminder.event_at)
    topic, lead = reminder.topic, reminder.lead
    if topic is Topic.UNFUNDED:
        title, deadline_name = _("Due soon and not funded"), _("Due")
        body = _(
            "{milestone} is due {when} and {client} hasn't funded it yet. Escrow protects only money the client "
            "has deposited: ask them to fund it before you deliver."
        ).format(milestone=milestone, when=when, client=client)
    elif topic is Topic.OVERDUE:
        title, deadline_name = _("Past due and still not funded"), _("Was due")
        body = _(
            "{milestone} was due {when} and {client} still hasn't funded it. Don't deliver on an unfunded "
            "milestone: escrow protects only money the client deposited. Ask them to fund it, or move the due "
            "date with {edit}."
        ).format(milestone=milestone, when=when, client=client, edit=command(COMMANDS[EventKind.EDIT]))
    elif topic is Topic.SUBMIT:
        title, deadline_name = _("Past due: submit it on the platform"), _("Was due")
        why = (
            _("so the review period starts and {platform} can release the payment by itself").format(
                platform=rules.name
            )
            if contract.auto_releases
            else _("so the client knows it is done and can release the payment")
        )
        body = _(
            "{milestone} was due {when} and isn't marked submitted. If you sent the work by message, also "
            "submit it through {platform}, {why}."
        ).format(milestone=milestone, when=when, platform=rules.name, why=why)
    elif topic is Topic.REVIEW and lead <= timedelta():
        title, deadline_name = _("Review period over"), _("Review ended")
        if contract.auto_releases:
            body = _(
                "The review of {milestone} ended {when}. {platform} should have released the payment by itself: "
                "did it arrive? Confirm below, or press Not yet. For a partial amount use "
                "{release} with `amount`."
            ).format(
                milestone=milestone,
                when=when,
                platform=rules.name,
                release=command(COMMANDS[EventKind.RELEASE]),
            )
        else:
            body = _(
                "The review period you agreed for {milestone} ended {when}. {platform} doesn't release money by "
                "itself: ask the client to release it, then confirm below."
            ).format(milestone=milestone, when=when, platform=rules.name)
    elif topic is Topic.REVIEW:
        title, deadline_name = _("Review period ending"), _("Review ends")
        then = (
            _("If they do nothing, {platform} releases the payment then.")
            if contract.auto_releases
            else _("{platform} doesn't release it by itself: ask the client to release it.")
        ).format(platform=rules.name)
        body = _(
            "{client} has until the end of the review period, {when}, to approve {milestone} or ask for changes. "
            "{then} If they ask for changes, record it with {changes}."
        ).format(
            client=client,
            when=when,
            milestone=milestone,
            then=then,
            changes=command(COMMANDS[EventKind.REQUEST_CHANGES]),
        )
    elif topic is Topic.REFUND:
        title, deadline_name = _("Refund request: answer in time"), _("Answer by")
        body = _(
            "{client} asked for a refund on {milestone}. Approve it or dispute it on {platform} before {when}: "
            "if you don't answer in time, the money goes back to the client. Then record what happened with "
            "{refund} or {dispute}."
        ).format(
            client=client,
            milestone=milestone,
            platform=rules.name,
            when=when,
            refund=command(COMMANDS[EventKind.REFUND]),
            dispute=command(COMMANDS[EventKind.DISPUTE]),
        )
    else:
        title, deadline_name = (
            _("{contract} ended with money left").format(contract=safe(contract.title)),
            _("Ended"),
        )
        body = " ".join(ending_notes(ContractView(contract, reminder.figures, reminder.intended_at)))
    late = reminder.late
    description = (
        body
        if not late
        else _("⏰ Sent late: this was meant for {when}, while I was offline.").format(
            when=moment(reminder.intended_at)
        )
        + f"\n\n{body}"
    )
    embed = discord.Embed(
        title=title[: limits.TITLE],
        description=description[: limits.DESCRIPTION],
        colour=LATE if late else WARN,
    )
    embed.add_field(
        name=_("Contract"),
        value=f"{safe(contract.title)} · {client} · {rules.name}"[: limits.FIELD_VALUE],
        inline=True,
    )
    if reminder.milestone is not None:
        embed.add_field(name=_("Amount"), value=amount(reminder.milestone.amount), inline=True)
    embed.add_field(name=deadline_name, value=when, inline=True)
    return embed


# Room kept in each reminder's embed for the note a press puts there (it replaces any earlier one): the
# longest is an outcome line naming a milestone whose 100-character title markdown escaping doubled, about
# 290 characters in the longest language (tests/cogs/test_message_budget.py tries each press in each).
NOTE_ROOM = max(map(len, DONE_FIELDS)) + 2 * MAX_TITLE + 200


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
            tuple(reminder for reminder, _embed in group),
            [embed for _reminder, embed in group],
            batch.nonce if number == 0 else f"{batch.nonce}.{number}",
        )
        for number, group in enumerate(groups)
    ]


_DONE_LINES = {
    ReminderAction.FUND: N_("✅ {milestone} is marked funded."),
    ReminderAction.SUBMIT: N_("✅ {milestone} is marked submitted."),
    ReminderAction.RELEASE: N_("✅ {milestone} is marked released."),
}
_DONE_LINE = N_("✅ {milestone} is done.")


def outcome_line(pressed: Pressed) -> str:
    """What a pressed button did, in a line shown where the buttons were."""
    milestone = f"**{safe(pressed.milestone_title)}**" if pressed.milestone_title else _("This")
    action = pressed.action
    if action in (ReminderAction.SNOOZE, ReminderAction.NOT_YET):
        if pressed.no_longer_applies:
            return _("Nothing to snooze: this no longer applies.")
        assert pressed.snoozed_until is not None
        if action is ReminderAction.NOT_YET:
            return _(
                "I'll ask again {when}. If the review ended and nothing arrived, ask the "
                "client, or the platform's support."
            ).format(when=moment(pressed.snoozed_until))
        return _("💤 I'll remind you again {when}.").format(when=moment(pressed.snoozed_until))
    if action is ReminderAction.MUTE:
        return _("🔕 {milestone} is muted: no more reminders about it until you unmute it.").format(
            milestone=milestone
        )
    if action is ReminderAction.UNMUTE:
        return _("🔔 {milestone} is unmuted: its reminders are back.").format(milestone=milestone)
    line = _(_DONE_LINES.get(action, _DONE_LINE)).format(milestone=milestone)
    if action is ReminderAction.FUND:
        line += " " + _("I cancelled its funding reminders.")
    return line


def outcome_colour(pressed: Pressed) -> discord.Colour:
    return (
        OK if pressed.action in (ReminderAction.FUND, ReminderAction.SUBMIT, ReminderAction.RELEASE) else INFO
    )
