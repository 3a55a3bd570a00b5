"""Reminder planning: from a contract as it stands and the user's settings, which reminders exist and when.

A reminder is a topic (what it warns about) and a lead time before the topic's event (negative: after it).
It is identified by its topic, lead, what it is about (a milestone, or the contract for contract-level
topics) and the moment of the event (`event_at`). Re-planning compares identities, so a reminder that is
still planned is left alone and never sent twice, and one that is no longer planned is cancelled.

Leads are exact durations in UTC: "24 h before due" is 86,400 seconds before the stored moment, whatever
the user's clocks do in between, so a daylight-saving change never moves a reminder. A reminder that
warns *before* its event has that event as its deadline: delivery may move it earlier, never past it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.domain.contracts import Contract
from bot.domain.dates import as_utc
from bot.domain.lifecycle import Milestone, MilestoneStatus


class Topic(StrEnum):
    """What a reminder is about. Values are stored."""

    UNFUNDED = "unfunded"  # due soon, and the client has not funded it
    OVERDUE = "overdue"  # due date passed, still not funded
    SUBMIT = "submit"  # past due, funded, not submitted on the platform
    REVIEW = "review"  # the review period is ending, or has ended
    REFUND = "refund"  # a refund request must be answered before a deadline
    ENDED = "ended"  # the contract ended with money in escrow or never funded


HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# When each topic reminds, as leads before its event, furthest ahead first (0: at the event).
DEFAULT_LEADS: Mapping[Topic, tuple[timedelta, ...]] = MappingProxyType(
    {
        Topic.UNFUNDED: (72 * HOUR, 24 * HOUR),
        Topic.OVERDUE: (timedelta(),),
        Topic.SUBMIT: (-24 * HOUR,),
        Topic.REVIEW: (3 * DAY, DAY, timedelta()),
        Topic.REFUND: (2 * DAY, 12 * HOUR),
        Topic.ENDED: (timedelta(),),
    }
)

# Statuses in which the client still has to fund the work, and in which the work still has to be submitted.
_UNFUNDED = frozenset({MilestoneStatus.UNFUNDED, MilestoneStatus.DELIVERED_UNFUNDED})
_TO_SUBMIT = frozenset({MilestoneStatus.FUNDED, MilestoneStatus.CHANGES_REQUESTED})

Identity = tuple[Topic, int, int, int | None, int]


def identity_of(
    topic: Topic, lead: timedelta, contract_id: int, milestone_id: int | None, event_at: datetime
) -> Identity:
    """Whole seconds, as stored, so a planned reminder and a stored row compare equal."""
    return (topic, int(lead.total_seconds()), contract_id, milestone_id, int(as_utc(event_at).timestamp()))


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    topic: Topic
    lead: timedelta
    contract_id: int
    milestone_id: int | None  # None for contract-level reminders
    event_at: datetime
    due_at: datetime

    @property
    def identity(self) -> Identity:
        return identity_of(self.topic, self.lead, self.contract_id, self.milestone_id, self.event_at)

    @property
    def deadline(self) -> datetime | None:
        """The moment this reminder warns about, for one sent before it; None for one at or after its event."""
        return self.event_at if self.lead > timedelta() else None


def plan_contract(
    contract: Contract,
    *,
    now: datetime,
    enabled: bool = True,
    leads: Mapping[Topic, tuple[timedelta, ...]] = DEFAULT_LEADS,
) -> list[PlannedReminder]:
    """Every reminder the contract should have as of `now`, soonest first."""
    if not enabled:
        return []
    now = as_utc(now)
    planned: list[PlannedReminder] = []
    for milestone in contract.milestones:
        if milestone.muted:
            continue
        for topic, event_at in _events(contract, milestone):
            planned.extend(_chain(topic, leads[topic], event_at, contract.id, milestone.id, now))
    if contract.ended_at is not None and _money_left(contract):
        planned.extend(_chain(Topic.ENDED, leads[Topic.ENDED], contract.ended_at, contract.id, None, now))
    return sorted(planned, key=lambda r: (r.due_at, r.event_at, r.topic.value, -r.lead, r.milestone_id or 0))


def _money_left(contract: Contract) -> bool:
    """Money in escrow the platform still has to settle, or work never funded that a bonus could pay."""
    return any(m.held or m.ledger.never_funded for m in contract.milestones)


def _events(contract: Contract, milestone: Milestone) -> Iterable[tuple[Topic, datetime]]:
    """The moments this milestone's state makes worth a reminder."""
    status = milestone.status
    # Funding and submitting matter only while the work goes on: an ended contract voids unfunded milestones.
    if contract.active and milestone.due_at is not None:
        if status in _UNFUNDED:
            yield Topic.UNFUNDED, milestone.due_at
            yield Topic.OVERDUE, milestone.due_at
        elif status in _TO_SUBMIT:
            yield Topic.SUBMIT, milestone.due_at
    # A review or a refund request runs on the platform's clock even after the contract ended.
    review_ends = contract.review_ends_at(milestone)
    if review_ends is not None:
        yield Topic.REVIEW, review_ends
    answer_by = contract.answer_by(milestone)
    if answer_by is not None:
        yield Topic.REFUND, answer_by


def _chain(
    topic: Topic,
    leads: tuple[timedelta, ...],
    event_at: datetime,
    contract_id: int,
    milestone_id: int | None,
    now: datetime,
) -> list[PlannedReminder]:
    """The reminders of one event.

    Those meant before the event: once the event has passed, none (a later one in the chain says it
    better); while it is ahead, a moment already passed is due now, but only the last passed one, so
    someone who records a deadline two hours away gets one reminder, not three. Those meant at or after
    the event are due at their moment, or now if it has passed.
    """
    event_at = as_utc(event_at)
    planned: list[PlannedReminder] = []
    passed_before: timedelta | None = None
    for lead in sorted(leads, reverse=True):  # furthest ahead of the event first
        moment = event_at - lead
        if lead > timedelta():
            if event_at <= now:
                continue
            if moment <= now:
                passed_before = lead
                continue
        planned.append(PlannedReminder(topic, lead, contract_id, milestone_id, event_at, max(moment, now)))
    if passed_before is not None:
        planned.append(PlannedReminder(topic, passed_before, contract_id, milestone_id, event_at, now))
    return planned
