"""What a reminder DM says: a headline, what to do, the facts, and which buttons fit.

Plain text with Discord markup; user-typed titles pass through `escape`, which the caller supplies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from bot.domain import warnings
from bot.domain.dates import discord_timestamp
from bot.domain.platforms import PLATFORMS, PlatformRules
from bot.domain.reminders import ReminderKind, Topic
from bot.reminders.batches import DueReminder


class ReminderAction(StrEnum):
    """A button under a reminder. The value is part of the button's id: keep values stable."""

    FUND = "fund"
    SUBMIT = "submit"
    RELEASE = "release"
    SNOOZE = "snooze"
    MUTE = "mute"
    UNMUTE = "unmute"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Mapping[ReminderAction, str] = MappingProxyType(
    {
        ReminderAction.FUND: "Mark funded",
        ReminderAction.SUBMIT: "Mark submitted",
        ReminderAction.RELEASE: "Mark released",
        ReminderAction.SNOOZE: "Snooze 1 day",
        ReminderAction.MUTE: "Mute this milestone",
        ReminderAction.UNMUTE: "Unmute",
    }
)

# The milestone step each topic's button records (the /milestone action of the same name).
STEP_OF_TOPIC: Mapping[Topic, ReminderAction] = MappingProxyType(
    {
        Topic.UNFUNDED: ReminderAction.FUND,
        Topic.SUBMIT: ReminderAction.SUBMIT,
        Topic.REVIEW: ReminderAction.RELEASE,
    }
)

# How /reminders list names each kind.
KIND_LABELS: Mapping[ReminderKind, str] = MappingProxyType(
    {
        ReminderKind.UNFUNDED_72H: "not funded, due in 3 days",
        ReminderKind.UNFUNDED_24H: "not funded, due tomorrow",
        ReminderKind.SUBMIT_OVERDUE: "past due: submit it on the platform",
        ReminderKind.REVIEW_ENDS_3D: "review ends in 3 days",
        ReminderKind.REVIEW_ENDS_1D: "review ends tomorrow",
        ReminderKind.REVIEW_ENDED: "review over: payment should be released",
        ReminderKind.REFUND_2D: "refund request: 2 days left to answer",
        ReminderKind.REFUND_12H: "refund request: 12 hours left to answer",
        ReminderKind.CONTRACT_OWED: "contract ended with money owed",
    }
)


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    fields: tuple[tuple[str, str], ...]
    actions: tuple[ReminderAction, ...]
    late_note: str | None = None


def when(at: datetime) -> str:
    return f"{discord_timestamp(at, 'f')} ({discord_timestamp(at, 'R')})"


def actions_for(kind: ReminderKind) -> tuple[ReminderAction, ...]:
    if kind.topic is Topic.OWED:
        return (ReminderAction.SNOOZE,)
    step = STEP_OF_TOPIC.get(kind.topic)
    return (*((step,) if step else ()), ReminderAction.SNOOZE, ReminderAction.MUTE)


def notice_for(reminder: DueReminder, escape: Callable[[str], str] = str) -> Notice:
    rules = PLATFORMS[reminder.platform]
    contract = escape(reminder.contract_title)
    client = escape(reminder.client)
    milestone = escape(reminder.milestone_title or "")
    event = reminder.event_at
    title, body, deadline_name = _wording(reminder.kind, rules, milestone, client, event)
    if reminder.kind is ReminderKind.CONTRACT_OWED:
        outstanding = reminder.reconciliation.outstanding
        title = f"{contract} ended with {outstanding} still owed"
        body = " ".join(warnings.ending(rules, reminder.reconciliation))
    fields: list[tuple[str, str]] = [("Contract", f"{contract} · {client} · {rules.name}")]
    if reminder.amount is not None:
        fields.append(("Amount", str(reminder.amount)))
    fields.append((deadline_name, when(event)))
    late = (
        f"Sent late: this was meant for {when(reminder.intended_at)}, while I was offline."
        if reminder.late
        else None
    )
    return Notice(title[:256], body, tuple(fields), actions_for(reminder.kind), late)


def _wording(
    kind: ReminderKind, rules: PlatformRules, milestone: str, client: str, event: datetime
) -> tuple[str, str, str]:
    """Headline, what to do, and the name of the deadline field."""
    relative = discord_timestamp(event, "R")
    topic = kind.topic
    if topic is Topic.UNFUNDED:
        return (
            "Due soon and not funded",
            f"**{milestone}** is due {relative} and {client} hasn't funded it yet. Escrow protects only money "
            "the client has deposited: ask them to fund it before you deliver.",
            "Due",
        )
    if topic is Topic.SUBMIT:
        why = (
            f"so the review period starts and {rules.name} can release the payment by itself"
            if rules.auto_release
            else "so the client knows it is done and can release the payment"
        )
        return (
            "Past due: submit it on the platform",
            f"**{milestone}** was due {relative} and isn't marked submitted. If you sent the work by message, "
            f"also submit it through {rules.name}, {why}.",
            "Was due",
        )
    if kind is ReminderKind.REVIEW_ENDED:
        return (
            "Review period over",
            f"The review of **{milestone}** ended {relative}. {rules.name} should have released the payment "
            "automatically: check, then confirm it here. For a partial amount use `/milestone release`.",
            "Review ended",
        )
    if topic is Topic.REVIEW:
        return (
            "Review period ending",
            f"{client} has until the end of the review period, {relative}, to approve **{milestone}** or ask "
            f"for changes. If they do nothing, {rules.name} should release the payment then. If they ask for "
            "changes, record it with `/milestone changes`.",
            "Review ends",
        )
    if topic is Topic.REFUND:
        return (
            "Refund request: answer in time",
            f"{client} asked for a refund on **{milestone}**. Approve it or dispute it on {rules.name} before "
            f"the deadline, {relative}: if you don't answer, it is usually refunded. Then record what happened "
            "with `/milestone refund` or `/milestone dispute`.",
            "Answer by",
        )
    return ("Contract ended", "", "Ended")
