"""Reminder planning: from a contract's milestones and the user's settings, which reminders exist and when.

A reminder is identified by its kind, what it is about (a milestone, or the contract for contract-level
kinds) and the moment of the event it is about (`event_at`). Re-planning compares identities, so a reminder
that is still planned is left alone and never sent twice, and one that is no longer planned is cancelled.

Offsets are exact durations in UTC: "24 h before due" is 86,400 seconds before the stored moment, whatever
the user's clocks do in between, so a daylight-saving change never moves a reminder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.domain.dates import as_utc
from bot.domain.lifecycle import MilestoneState, MilestoneStatus


class Topic(StrEnum):
    """What a reminder is about; the reminders of one topic for one event form a chain."""

    UNFUNDED = "unfunded"  # due soon, and the client has not funded it
    SUBMIT = "submit"  # past due, funded, not submitted on the platform
    REVIEW = "review"  # the review period is ending or has ended
    REFUND = "refund"  # a refund request must be answered before a deadline
    OWED = "owed"  # the contract ended with money still owed


class ReminderKind(StrEnum):
    UNFUNDED_72H = "unfunded_72h"
    UNFUNDED_24H = "unfunded_24h"
    SUBMIT_OVERDUE = "submit_overdue"
    REVIEW_ENDS_3D = "review_ends_3d"
    REVIEW_ENDS_1D = "review_ends_1d"
    REVIEW_ENDED = "review_ended"
    REFUND_2D = "refund_2d"
    REFUND_12H = "refund_12h"
    CONTRACT_OWED = "contract_owed"

    @property
    def topic(self) -> Topic:
        return KIND_RULES[self].topic

    @property
    def before(self) -> timedelta:
        """How long before its event the reminder goes out (negative: after the event)."""
        return KIND_RULES[self].before


@dataclass(frozen=True)
class KindRule:
    topic: Topic
    before: timedelta


KIND_RULES: Mapping[ReminderKind, KindRule] = MappingProxyType(
    {
        ReminderKind.UNFUNDED_72H: KindRule(Topic.UNFUNDED, timedelta(hours=72)),
        ReminderKind.UNFUNDED_24H: KindRule(Topic.UNFUNDED, timedelta(hours=24)),
        ReminderKind.SUBMIT_OVERDUE: KindRule(Topic.SUBMIT, -timedelta(hours=24)),
        ReminderKind.REVIEW_ENDS_3D: KindRule(Topic.REVIEW, timedelta(days=3)),
        ReminderKind.REVIEW_ENDS_1D: KindRule(Topic.REVIEW, timedelta(days=1)),
        ReminderKind.REVIEW_ENDED: KindRule(Topic.REVIEW, timedelta()),
        ReminderKind.REFUND_2D: KindRule(Topic.REFUND, timedelta(days=2)),
        ReminderKind.REFUND_12H: KindRule(Topic.REFUND, timedelta(hours=12)),
        ReminderKind.CONTRACT_OWED: KindRule(Topic.OWED, timedelta()),
    }
)

_CHAINS: Mapping[Topic, tuple[ReminderKind, ...]] = MappingProxyType(
    {topic: tuple(kind for kind in ReminderKind if kind.topic is topic) for topic in Topic}
)


@dataclass(frozen=True)
class MilestoneFacts:
    """What planning needs to know about one milestone."""

    id: int
    state: MilestoneState
    due_at: datetime | None
    muted: bool = False


@dataclass(frozen=True)
class ContractFacts:
    """What planning needs to know about the contract: whether it ended and what is still owed."""

    id: int
    ended_at: datetime | None
    outstanding_minor: int

    @property
    def active(self) -> bool:
        return self.ended_at is None


Identity = tuple[ReminderKind, int, int | None, int]


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    contract_id: int
    milestone_id: int | None  # None for contract-level reminders
    event_at: datetime
    due_at: datetime

    @property
    def identity(self) -> Identity:
        return identity_of(self.kind, self.contract_id, self.milestone_id, self.event_at)


def identity_of(
    kind: ReminderKind, contract_id: int, milestone_id: int | None, event_at: datetime
) -> Identity:
    """Whole seconds, as stored, so a planned reminder and a stored row compare equal."""
    return (kind, contract_id, milestone_id, int(as_utc(event_at).timestamp()))


def plan_contract(
    contract: ContractFacts,
    milestones: Iterable[MilestoneFacts],
    *,
    reminders_enabled: bool,
    now: datetime,
) -> list[PlannedReminder]:
    """Every reminder the contract should have as of `now`, soonest first."""
    if not reminders_enabled:
        return []
    now = as_utc(now)
    planned: list[PlannedReminder] = []
    for milestone in milestones:
        planned.extend(plan_milestone(contract, milestone, now=now))
    if contract.ended_at is not None and contract.outstanding_minor > 0:
        planned.extend(_chain(Topic.OWED, as_utc(contract.ended_at), contract.id, None, now))
    return sorted(planned, key=lambda r: (r.due_at, r.event_at, r.kind.value, r.milestone_id or 0))


def plan_milestone(
    contract: ContractFacts, milestone: MilestoneFacts, *, now: datetime
) -> list[PlannedReminder]:
    """The reminders one milestone should have as of `now` (a muted milestone has none)."""
    if milestone.muted:
        return []
    now = as_utc(now)
    planned: list[PlannedReminder] = []
    for topic, event_at in _events(contract, milestone):
        planned.extend(_chain(topic, as_utc(event_at), contract.id, milestone.id, now))
    return planned


def _events(contract: ContractFacts, milestone: MilestoneFacts) -> list[tuple[Topic, datetime]]:
    """The deadlines this milestone's state makes worth a reminder."""
    state = milestone.state
    status = state.status
    found: list[tuple[Topic, datetime]] = []
    # Funding and submitting matter only while the work goes on: an ended contract voids unfunded milestones.
    if contract.active and milestone.due_at is not None:
        if status is MilestoneStatus.UNFUNDED:
            found.append((Topic.UNFUNDED, milestone.due_at))
        elif status is MilestoneStatus.FUNDED:
            found.append((Topic.SUBMIT, milestone.due_at))
    # A review or a refund request runs on the platform's clock even after the contract ended.
    if status is MilestoneStatus.SUBMITTED and state.review_ends_at is not None:
        found.append((Topic.REVIEW, state.review_ends_at))
    if status is MilestoneStatus.REFUND_REQUESTED and state.refund_deadline_at is not None:
        found.append((Topic.REFUND, state.refund_deadline_at))
    return found


def _chain(
    topic: Topic, event_at: datetime, contract_id: int, milestone_id: int | None, now: datetime
) -> list[PlannedReminder]:
    """The reminders of one event.

    Those meant before the event: once the event has passed, none (a later one in the chain says it
    better); while it is ahead, a moment already passed is due now, but only the last passed one, so
    someone who records a deadline two hours away gets one reminder, not three. Those meant at or after
    the event are due at their moment, or now if it has passed.
    """
    planned: list[PlannedReminder] = []
    passed_before: ReminderKind | None = None
    for kind in _CHAINS[topic]:  # ordered from furthest ahead of the event to latest
        moment = event_at - kind.before
        if kind.before > timedelta():
            if event_at <= now:
                continue
            if moment <= now:
                passed_before = kind
                continue
        planned.append(PlannedReminder(kind, contract_id, milestone_id, event_at, max(moment, now)))
    if passed_before is not None:
        planned.append(PlannedReminder(passed_before, contract_id, milestone_id, event_at, now))
    return planned


def planned_identities(reminders: Sequence[PlannedReminder]) -> set[Identity]:
    return {reminder.identity for reminder in reminders}
