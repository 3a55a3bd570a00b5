"""Where a contract's money stands: agreed, in escrow, in review, released, still owed, unprotected.

Figures are per contract and per currency; totals across contracts add up one currency at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.dates import as_utc
from bot.domain.lifecycle import MilestoneState, MilestoneStatus
from bot.domain.money import Money

# Money the client has put in escrow and that has not come out again.
_HELD_IN_ESCROW = frozenset(
    {
        MilestoneStatus.FUNDED,
        MilestoneStatus.SUBMITTED,
        MilestoneStatus.REFUND_REQUESTED,
        MilestoneStatus.DISPUTED,
    }
)
_CLOSED = frozenset({MilestoneStatus.RELEASED, MilestoneStatus.REFUNDED, MilestoneStatus.VOIDED})


@dataclass(frozen=True, slots=True)
class MilestoneFigures:
    """What reconciliation needs to know about one milestone."""

    amount: Money
    state: MilestoneState
    due_at: datetime | None

    def __post_init__(self) -> None:
        if self.amount.minor != self.state.amount_minor:
            raise ValueError("the milestone's amount and its state disagree")


@dataclass(frozen=True)
class Reconciliation:
    """One contract's money in one currency (or a sum of several contracts in the same currency).

    - `agreed`: the contract's fixed price.
    - `in_milestones`: every milestone's amount, voided ones included: the plan as it was agreed.
    - `in_escrow`: funded money not yet released or refunded (funded, submitted, refund requested,
      disputed).
    - `in_review`: amounts of submitted milestones, funded or not.
    - `released`, `refunded`: what actually moved (a release may be partial or larger than the amount).
    - `voided`: amounts of milestones voided when the contract ended unfunded.
    - `unfunded`: amounts of open milestones with no money in escrow.
    - `outstanding`: agreed minus released; negative when the client paid more than agreed.
    - `unprotected`: unfunded milestones whose work was submitted or whose due date has passed.
    - `mismatch`: in_milestones minus agreed, or None when they match. Voided milestones count, because
      they are part of the plan; otherwise every ended contract with a voided milestone would "mismatch".
    """

    agreed: Money
    in_milestones: Money
    in_escrow: Money
    in_review: Money
    released: Money
    refunded: Money
    voided: Money
    unfunded: Money
    outstanding: Money
    unprotected: Money
    mismatch: Money | None

    @property
    def currency(self) -> str:
        return self.agreed.currency

    def __add__(self, other: Reconciliation) -> Reconciliation:
        """Totals of two reconciliations in the same currency (ValueError across currencies)."""
        zero = Money.zero(self.currency)
        mismatch = (self.mismatch or zero) + (other.mismatch or zero)
        return Reconciliation(
            agreed=self.agreed + other.agreed,
            in_milestones=self.in_milestones + other.in_milestones,
            in_escrow=self.in_escrow + other.in_escrow,
            in_review=self.in_review + other.in_review,
            released=self.released + other.released,
            refunded=self.refunded + other.refunded,
            voided=self.voided + other.voided,
            unfunded=self.unfunded + other.unfunded,
            outstanding=self.outstanding + other.outstanding,
            unprotected=self.unprotected + other.unprotected,
            mismatch=None if mismatch.is_zero() else mismatch,
        )


def reconcile(price: Money, milestones: Sequence[MilestoneFigures], now: datetime) -> Reconciliation:
    """Reconcile a contract's agreed price with its milestones as of `now`.

    One pass in integer minor units, wrapped as Money at the end: /summary reconciles hundreds of
    milestones per call.
    """
    now = as_utc(now)
    currency = price.currency
    in_milestones = in_escrow = in_review = released = refunded = voided = unfunded = unprotected = 0
    for figures in milestones:
        if figures.amount.currency != currency:
            raise ValueError(f"a {figures.amount.currency} milestone on a {currency} contract")
        state, amount = figures.state, figures.amount.minor
        status = state.status
        in_milestones += amount
        released += state.released_minor
        refunded += state.refunded_minor
        if state.funded and status in _HELD_IN_ESCROW:
            in_escrow += amount
        if status is MilestoneStatus.SUBMITTED:
            in_review += amount
        elif status is MilestoneStatus.VOIDED:
            voided += amount
        if not state.funded and status not in _CLOSED:
            unfunded += amount
        if _unprotected(figures, now):
            unprotected += amount
    mismatch = in_milestones - price.minor

    def money(minor: int) -> Money:
        return Money(minor, currency)

    return Reconciliation(
        agreed=price,
        in_milestones=money(in_milestones),
        in_escrow=money(in_escrow),
        in_review=money(in_review),
        released=money(released),
        refunded=money(refunded),
        voided=money(voided),
        unfunded=money(unfunded),
        outstanding=money(price.minor - released),
        unprotected=money(unprotected),
        mismatch=money(mismatch) if mismatch else None,
    )


def _unprotected(figures: MilestoneFigures, now: datetime) -> bool:
    """Work delivered, or due, on money the client never put in escrow."""
    state = figures.state
    if state.funded or state.status in _CLOSED:
        return False
    delivered = state.status is MilestoneStatus.SUBMITTED or state.submitted_at is not None
    overdue = figures.due_at is not None and as_utc(figures.due_at) <= now
    return delivered or overdue


def totals_by_currency(reconciliations: Iterable[Reconciliation]) -> dict[str, Reconciliation]:
    """Add reconciliations up per currency; amounts in different currencies are never mixed."""
    totals: dict[str, Reconciliation] = {}
    for item in reconciliations:
        previous = totals.get(item.currency)
        totals[item.currency] = item if previous is None else previous + item
    return totals
