"""Where a contract's money stands: agreed, in escrow, in review, released, still owed, unprotected.

Figures are per contract and per currency; totals across contracts add up one currency at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.dates import as_utc
from bot.domain.lifecycle import MilestoneState, MilestoneStatus
from bot.domain.money import Money, sum_money

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


@dataclass(frozen=True)
class MilestoneFigures:
    """What reconciliation needs to know about one milestone."""

    amount: Money
    state: MilestoneState
    due_at: datetime | None

    def __post_init__(self) -> None:
        if self.amount.minor != self.state.amount_minor:
            raise ValueError("the milestone's amount and its state disagree")

    def money(self, minor: int) -> Money:
        return Money(minor, self.amount.currency)


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
    """Reconcile a contract's agreed price with its milestones as of `now`."""
    now = as_utc(now)
    currency = price.currency
    for figures in milestones:
        if figures.amount.currency != currency:
            raise ValueError(f"a {figures.amount.currency} milestone on a {currency} contract")

    def total(items: Iterable[Money]) -> Money:
        return sum_money(items, currency)

    def amounts(*statuses: MilestoneStatus) -> Money:
        return total(m.amount for m in milestones if m.state.status in statuses)

    in_milestones = total(m.amount for m in milestones)
    released = total(m.money(m.state.released_minor) for m in milestones)
    mismatch = in_milestones - price
    return Reconciliation(
        agreed=price,
        in_milestones=in_milestones,
        in_escrow=total(m.amount for m in milestones if m.state.funded and m.state.status in _HELD_IN_ESCROW),
        in_review=amounts(MilestoneStatus.SUBMITTED),
        released=released,
        refunded=total(m.money(m.state.refunded_minor) for m in milestones),
        voided=amounts(MilestoneStatus.VOIDED),
        unfunded=total(m.amount for m in milestones if not m.state.funded and m.state.status not in _CLOSED),
        outstanding=price - released,
        unprotected=total(m.amount for m in milestones if _unprotected(m, now)),
        mismatch=None if mismatch.is_zero() else mismatch,
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
