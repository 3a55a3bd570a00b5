"""A contract as one unit: its terms, its milestones, its bonuses, and the dates that follow from the platform.

`Contract` is the aggregate a user action loads once, changes through these functions and saves. The
derived dates (review ends, answer a refund request by, funds available) come from the contract's own
review window and the platform table, so correcting either corrects every date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.domain.dates import add_days_utc, as_utc
from bot.domain.errors import NotAllowed
from bot.domain.ledger import Entry
from bot.domain.lifecycle import EventKind, Milestone, MilestoneStatus, Step, apply_step
from bot.domain.money import Money
from bot.domain.platforms import PLATFORMS, Platform, PlatformRules
from bot.i18n.speaking import N_


@dataclass(frozen=True, slots=True)
class Bonus:
    """Money the client paid on top of the milestones, during the contract or after it ended."""

    id: int
    amount: Money
    at: datetime


@dataclass(frozen=True, slots=True)
class Contract:
    id: int
    owner_id: int
    title: str
    client: str
    platform: Platform
    price: Money
    review_days: int | None  # the contract's own review window; None: nobody releases automatically
    started_at: datetime
    ended_at: datetime | None = None
    milestones: tuple[Milestone, ...] = ()
    bonuses: tuple[Bonus, ...] = ()

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def currency(self) -> str:
        return self.price.currency

    @property
    def rules(self) -> PlatformRules:
        return PLATFORMS[self.platform]

    @property
    def auto_releases(self) -> bool:
        """Whether money in review is released by itself when the review window ends."""
        return self.rules.auto_release and self.review_days is not None

    def milestone(self, milestone_id: int) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def with_milestone(self, milestone: Milestone) -> Contract:
        """The contract with `milestone` replacing the one of the same id, or added at the end."""
        kept = tuple(milestone if m.id == milestone.id else m for m in self.milestones)
        if not any(m.id == milestone.id for m in self.milestones):
            kept = (*kept, milestone)
        return replace(self, milestones=kept)

    def without_milestone(self, milestone_id: int) -> Contract:
        return replace(self, milestones=tuple(m for m in self.milestones if m.id != milestone_id))

    def money(self, minor: int) -> Money:
        return Money(minor, self.currency)

    # Derived dates.

    def review_ends_at(self, milestone: Milestone) -> datetime | None:
        """When the review of work in review ends (counted in whole UTC days, as the platforms do)."""
        if not milestone.in_review or self.review_days is None or milestone.stage_at is None:
            return None
        return add_days_utc(milestone.stage_at, self.review_days)

    def answer_by(self, milestone: Milestone) -> datetime | None:
        """When an open refund request must be answered, if the platform has such a window."""
        days = self.rules.refund_response_days
        if (
            milestone.status is not MilestoneStatus.REFUND_REQUESTED
            or days is None
            or milestone.stage_at is None
        ):
            return None
        return add_days_utc(milestone.stage_at, days)

    def funds_available_at(self, release: Entry) -> datetime | None:
        """When released money can be withdrawn, after the platform's hold."""
        days = self.rules.hold_days
        return None if days is None else add_days_utc(release.at, days)


def record_step(
    contract: Contract, milestone_id: int, kind: EventKind, at: datetime, amount_minor: int | None = None
) -> tuple[Contract, Milestone, Step]:
    """Apply one lifecycle step to one milestone of the contract."""
    milestone = contract.milestone(milestone_id)
    if milestone is None:
        raise ValueError(f"milestone {milestone_id} is not part of contract {contract.id}")
    changed, step = apply_step(milestone, kind, at, amount_minor)
    return contract.with_milestone(changed), changed, step


def start_by(contract: Contract, at: datetime) -> Contract:
    """The contract starting no later than `at`: a step recorded before the start moves the start back."""
    at = as_utc(at)
    return contract if at >= contract.started_at else replace(contract, started_at=at)


def end_contract(contract: Contract, at: datetime) -> tuple[Contract, list[tuple[Milestone, Step]]]:
    """The contract ended at `at`: each milestone never funded is voided (nobody will collect it).

    Money still in escrow stays there: the platform decides what happens to it, and the user records it.
    """
    at = as_utc(at)
    if contract.ended_at is not None:
        raise NotAllowed(N_("`{title}` has already ended."), title=contract.title)
    if at < contract.started_at:
        raise NotAllowed(
            N_("The end date is before the contract started ({started}). Give a later date."),
            started=contract.started_at,
        )
    voided: list[tuple[Milestone, Step]] = []
    ended = replace(contract, ended_at=at)
    for milestone in contract.milestones:
        if milestone.status in (MilestoneStatus.UNFUNDED, MilestoneStatus.DELIVERED_UNFUNDED):
            changed, step = apply_step(milestone, EventKind.VOID, max(at, milestone.changed_at))
            ended = ended.with_milestone(changed)
            voided.append((changed, step))
    return ended, voided


class DeadlineKind(StrEnum):
    DUE = "due"
    REVIEW_ENDS = "review_ends"
    ANSWER_BY = "answer_by"


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    at: datetime
    contract: Contract
    milestone: Milestone


# Statuses in which the due date still matters: the work is not delivered through the platform yet.
_DUE_MATTERS = frozenset(
    {
        MilestoneStatus.UNFUNDED,
        MilestoneStatus.DELIVERED_UNFUNDED,
        MilestoneStatus.FUNDED,
        MilestoneStatus.CHANGES_REQUESTED,
    }
)


def deadline_of(contract: Contract, milestone: Milestone) -> Deadline | None:
    """The date that matters next for a milestone, whether it has passed or not."""
    review_ends = contract.review_ends_at(milestone)
    if review_ends is not None:
        return Deadline(DeadlineKind.REVIEW_ENDS, review_ends, contract, milestone)
    # The status is derived from the ledger each time it is read: /summary asks this of every milestone.
    status = milestone.status
    if status is MilestoneStatus.REFUND_REQUESTED:
        answer_by = contract.answer_by(milestone)
        if answer_by is not None:
            return Deadline(DeadlineKind.ANSWER_BY, answer_by, contract, milestone)
    if contract.active and milestone.due_at is not None and status in _DUE_MATTERS:
        return Deadline(DeadlineKind.DUE, milestone.due_at, contract, milestone)
    return None


def deadlines(contract: Contract) -> Iterator[Deadline]:
    for milestone in contract.milestones:
        deadline = deadline_of(contract, milestone)
        if deadline is not None:
            yield deadline


class AttentionKind(StrEnum):
    """Something that needs the user now, not at a future date."""

    OVERDUE_UNFUNDED = "overdue_unfunded"  # due date passed, and the client never funded it
    DELIVERED_UNFUNDED = "delivered_unfunded"  # work sent with no money in escrow
    REVIEW_ENDED = "review_ended"  # the review ended and no release is recorded: did it release?
    REFUND_REQUESTED = "refund_requested"  # answer it before the window closes
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Attention:
    kind: AttentionKind
    contract: Contract
    milestone: Milestone
    at: datetime | None  # the moment that makes it urgent (due date, review end, answer-by)


def needs_attention(contract: Contract, now: datetime) -> Iterator[Attention]:
    """What the user should act on now, milestone by milestone, in the order of the contract."""
    for milestone in contract.milestones:
        status = milestone.status
        if status is MilestoneStatus.DELIVERED_UNFUNDED and contract.active:
            yield Attention(AttentionKind.DELIVERED_UNFUNDED, contract, milestone, milestone.stage_at)
        elif (
            status is MilestoneStatus.UNFUNDED
            and contract.active
            and milestone.due_at
            and milestone.due_at <= now
        ):
            yield Attention(AttentionKind.OVERDUE_UNFUNDED, contract, milestone, milestone.due_at)
        elif status is MilestoneStatus.REFUND_REQUESTED:
            yield Attention(
                AttentionKind.REFUND_REQUESTED, contract, milestone, contract.answer_by(milestone)
            )
        elif status is MilestoneStatus.DISPUTED:
            yield Attention(AttentionKind.DISPUTED, contract, milestone, milestone.stage_at)
        else:
            review_ends = contract.review_ends_at(milestone)
            if review_ends is not None and review_ends <= now:
                yield Attention(AttentionKind.REVIEW_ENDED, contract, milestone, review_ends)
