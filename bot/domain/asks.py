"""What a freelancer may need to ask the client, given where a contract stands: the situations a message
for the client is drafted for (the wording lives with the cogs; nothing is ever sent on the user's behalf).

- **fund**: a milestone the client hasn't funded, on an active contract (before the work starts);
- **release**: work in review whose review period ended without a recorded release, or work submitted
  where nobody releases automatically (no review clock);
- **refund**: an open refund request, to answer before its window closes;
- **bonus**: work never funded when the contract ended, not yet paid as a bonus;
- **submitted** (from a reminder only): the work was submitted on the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.contracts import Contract
from bot.domain.dates import add_days_utc
from bot.domain.lifecycle import Milestone, MilestoneStatus
from bot.domain.money import Money
from bot.domain.reminders import Topic

_UNFUNDED = frozenset({MilestoneStatus.UNFUNDED, MilestoneStatus.DELIVERED_UNFUNDED})


class Ask(StrEnum):
    """The values are part of button ids: keep them."""

    FUND = "fund"
    RELEASE = "release"
    REFUND = "refund"
    BONUS = "bonus"
    SUBMITTED = "submitted"


@dataclass(frozen=True, slots=True)
class Situation:
    ask: Ask
    contract: Contract
    milestone: Milestone | None  # None for a bonus, which is asked for the contract
    amount: Money  # the milestone's amount, what is held, or what was never funded and is unpaid
    at: datetime | None  # due date, review end (or submission), answer-by, or when bonuses stop

    @property
    def about_id(self) -> int:
        return self.milestone.id if self.milestone is not None else 0


def situations(contract: Contract, now: datetime) -> list[Situation]:
    """Every message the contract calls for now, in the order of its milestones, the bonus last."""
    found: list[Situation] = []
    for milestone in contract.milestones:
        status = milestone.status
        if status in _UNFUNDED and contract.active:
            found.append(Situation(Ask.FUND, contract, milestone, milestone.amount, milestone.due_at))
        elif milestone.in_review and milestone.held:
            ends = contract.review_ends_at(milestone)
            if ends is None or ends <= now:
                at = ends if ends is not None else milestone.stage_at
                found.append(Situation(Ask.RELEASE, contract, milestone, milestone.money(milestone.held), at))
        elif status is MilestoneStatus.REFUND_REQUESTED:
            held = milestone.money(milestone.held)
            found.append(Situation(Ask.REFUND, contract, milestone, held, contract.answer_by(milestone)))
    bonus = bonus_situation(contract)
    if bonus is not None:
        found.append(bonus)
    return found


def bonus_situation(contract: Contract) -> Situation | None:
    """Work never funded and not yet paid as a bonus, on an ended contract."""
    never_funded = sum(m.ledger.never_funded for m in contract.milestones)
    unpaid = never_funded - sum(bonus.amount.minor for bonus in contract.bonuses)
    if contract.ended_at is None or unpaid <= 0:
        return None
    days = contract.rules.bonus_after_end_days
    closes = add_days_utc(contract.ended_at, days) if days else None
    return Situation(Ask.BONUS, contract, None, contract.money(unpaid), closes)


def situation_of_reminder(
    contract: Contract, milestone: Milestone | None, topic: Topic, event_at: datetime
) -> Situation:
    """The message a reminder's [Message for the client] drafts: about what the reminder is about."""
    if milestone is None or topic is Topic.ENDED:
        bonus = bonus_situation(contract)
        if bonus is not None:
            return bonus
        never = sum(m.ledger.never_funded for m in contract.milestones)
        return Situation(Ask.BONUS, contract, None, contract.money(never), None)
    ask = {
        Topic.UNFUNDED: Ask.FUND,
        Topic.OVERDUE: Ask.FUND,
        Topic.REVIEW: Ask.RELEASE,
        Topic.REFUND: Ask.REFUND,
        Topic.SUBMIT: Ask.SUBMITTED,
    }[topic]
    amount = milestone.amount if ask in (Ask.FUND, Ask.SUBMITTED) else milestone.money(milestone.held)
    return Situation(ask, contract, milestone, amount, event_at)
