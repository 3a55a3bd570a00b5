"""The deadlines of a user's calendar file (`/calendar`): every moment still ahead that matters for money.

One event per thing it is about, with a key that stays the same across exports (`due-7`, `review-7`,
`refund-7`, `bonus-3`), so a calendar that imports the file again updates each event in place:

- **due**: a milestone's due date. While it is unfunded the event says to get it funded first (alarms at the
  user's leads for "unfunded milestone due", then at the due date); once funded it is a due date (an alarm
  a day after, as the "submit it" reminder); once delivered or settled it stays as a plain date without
  alarms, so an earlier import loses its now pointless alarms.
- **review**: when the review period of work in review ends (alarms at the user's "review ending" leads and
  at the end), whether the platform releases the money by itself then or the client has to.
- **refund**: when an open refund request must be answered (alarms at the user's "refund answer" leads).
- **bonus**: when the platform's window for a bonus closes, for an ended contract with work never funded
  (and not yet paid as a bonus) on a platform that has bonuses.

Alarms are the planner's leads (`ReminderTimes.leads`): positive before the moment, negative after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.contracts import Contract
from bot.domain.dates import add_days_utc, as_utc
from bot.domain.lifecycle import Milestone, MilestoneStatus
from bot.domain.money import Money
from bot.domain.reminders import Topic

UID_DOMAIN = "milestone-bot"
# A bonus window has no reminder kind of its own: the calendar reminds a month and a week before it closes.
BONUS_WINDOW_ALARMS = (timedelta(days=30), timedelta(days=7))

_UNFUNDED = frozenset({MilestoneStatus.UNFUNDED, MilestoneStatus.DELIVERED_UNFUNDED})
_TO_SUBMIT = frozenset({MilestoneStatus.FUNDED, MilestoneStatus.CHANGES_REQUESTED})


class CalendarKind(StrEnum):
    """What an event is about; the value starts its UID."""

    DUE = "due"
    REVIEW = "review"
    REFUND = "refund"
    BONUS = "bonus"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    kind: CalendarKind
    at: datetime
    contract: Contract
    milestone: Milestone | None  # None for a contract's bonus window
    alarms: tuple[timedelta, ...]  # before the moment (negative: after it), furthest ahead first
    amount: Money  # the money at stake: the milestone's, what is in review, or what was never funded
    status: MilestoneStatus | None = None  # the milestone's, for a due date

    @property
    def key(self) -> str:
        """What the event is about, the same in every export: `review-7`."""
        about = self.milestone.id if self.milestone is not None else self.contract.id
        return f"{self.kind.value}-{about}"

    @property
    def uid(self) -> str:
        return f"{self.key}@{UID_DOMAIN}"

    @property
    def funding_needed(self) -> bool:
        return self.kind is CalendarKind.DUE and self.status in _UNFUNDED and self.contract.active


def calendar_events(
    contracts: Iterable[Contract], *, now: datetime, leads: Mapping[Topic, tuple[timedelta, ...]]
) -> list[CalendarEvent]:
    """Every deadline still ahead at `now`, soonest first."""
    now = as_utc(now)
    events: list[CalendarEvent] = []
    for contract in contracts:
        for milestone in contract.milestones:
            events.extend(_milestone_events(contract, milestone, leads))
        bonus = _bonus_window(contract)
        if bonus is not None:
            events.append(bonus)
    ahead = [event for event in events if event.at > now]
    return sorted(ahead, key=lambda e: (e.at, e.kind.value, e.key))


def _milestone_events(
    contract: Contract, milestone: Milestone, leads: Mapping[Topic, tuple[timedelta, ...]]
) -> Iterable[CalendarEvent]:
    status = milestone.status
    # A voided milestone keeps its due date too, without alarms: importing again then replaces the "fund
    # before due" event an earlier export made, instead of leaving it (and its alarms) in the calendar.
    if milestone.due_at is not None:
        if not contract.active:
            alarms: tuple[timedelta, ...] = ()
        elif status in _UNFUNDED:
            alarms = _alarms(leads, Topic.UNFUNDED, Topic.OVERDUE)
        elif status in _TO_SUBMIT:
            alarms = _alarms(leads, Topic.SUBMIT)
        else:
            alarms = ()
        yield CalendarEvent(
            CalendarKind.DUE, milestone.due_at, contract, milestone, alarms, milestone.amount, status
        )
    review_ends = contract.review_ends_at(milestone)
    if review_ends is not None:
        yield CalendarEvent(
            CalendarKind.REVIEW,
            review_ends,
            contract,
            milestone,
            _alarms(leads, Topic.REVIEW),
            milestone.money(milestone.held),
            status,
        )
    answer_by = contract.answer_by(milestone)
    if answer_by is not None:
        yield CalendarEvent(
            CalendarKind.REFUND,
            answer_by,
            contract,
            milestone,
            _alarms(leads, Topic.REFUND),
            milestone.money(milestone.held),
            status,
        )


def _bonus_window(contract: Contract) -> CalendarEvent | None:
    """The last day a bonus can pay for work never funded, while some of it is still unpaid."""
    days = contract.rules.bonus_after_end_days
    if contract.ended_at is None or not days:
        return None
    never_funded = sum(m.ledger.never_funded for m in contract.milestones)
    unpaid = never_funded - sum(bonus.amount.minor for bonus in contract.bonuses)
    if unpaid <= 0:
        return None
    closes = add_days_utc(contract.ended_at, days)
    return CalendarEvent(
        CalendarKind.BONUS, closes, contract, None, BONUS_WINDOW_ALARMS, contract.money(unpaid)
    )


def _alarms(leads: Mapping[Topic, tuple[timedelta, ...]], *topics: Topic) -> tuple[timedelta, ...]:
    found = {lead for topic in topics for lead in leads.get(topic, ())}
    return tuple(sorted(found, reverse=True))
