"""Where a contract's money stands, per currency: every milestone's amount in exactly one category.

The categories come straight from each milestone's ledger and always add up to the milestones' total:

    released + in escrow + in review + refunded + not yet funded + never funded = in milestones

That total is shown beside the agreed price; when they differ the difference is a warning, never hidden.
Bonuses and extra pay (a release beyond what was held) are paid on top and shown apart. "Unprotected" is
a flag over "not yet funded", not a category: work delivered, or due, on money nobody put in escrow.
Totals across contracts are added one currency at a time, never across currencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from bot.domain.contracts import Contract
from bot.domain.lifecycle import MilestoneStatus
from bot.domain.money import Money


@dataclass(frozen=True, slots=True)
class Figures:
    """One contract's money in one currency, or the sum of several contracts in the same currency."""

    agreed: Money
    in_milestones: Money
    released: Money
    in_escrow: Money  # held, waiting for a release, a refund or a dispute (not in review)
    in_review: Money  # held while a review clock runs
    refunded: Money
    not_yet_funded: Money
    never_funded: Money  # voided when the contract ended: no platform can collect it
    extra: Money  # released beyond what was held
    bonuses: Money
    unprotected: Money  # part of not_yet_funded: delivered, or due, with nothing in escrow

    @property
    def currency(self) -> str:
        return self.agreed.currency

    @property
    def held(self) -> Money:
        return self.in_escrow + self.in_review

    @property
    def mismatch(self) -> Money | None:
        """Milestones minus the agreed price, or None when they match."""
        difference = self.in_milestones - self.agreed
        return None if difference.is_zero() else difference

    @property
    def paid(self) -> Money:
        """Everything the freelancer was paid: released, extra and bonuses."""
        return self.released + self.extra + self.bonuses

    def categories(self) -> tuple[Money, ...]:
        """The categories that add up to `in_milestones`, in the order they are shown."""
        return (
            self.released,
            self.in_escrow,
            self.in_review,
            self.refunded,
            self.not_yet_funded,
            self.never_funded,
        )

    def __add__(self, other: Figures) -> Figures:
        """Totals of two in the same currency (ValueError across currencies)."""
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def figures_of(contract: Contract, now: datetime) -> Figures:
    """The contract's figures as of `now` (which decides what is overdue, and so unprotected).

    One pass in integer minor units: /summary reconciles hundreds of milestones per call.
    """
    in_milestones = released = in_escrow = in_review = refunded = not_yet_funded = never_funded = 0
    extra = unprotected = 0
    active = contract.active
    for milestone in contract.milestones:
        ledger = milestone.ledger
        in_milestones += milestone.amount.minor
        released += ledger.released
        extra += ledger.extra
        refunded += ledger.refunded
        never_funded += ledger.never_funded
        held = ledger.held
        if milestone.in_review:
            in_review += held
        else:
            in_escrow += held
        not_funded = milestone.not_funded
        not_yet_funded += not_funded
        if not_funded and active:
            delivered = milestone.status is MilestoneStatus.DELIVERED_UNFUNDED
            overdue = milestone.due_at is not None and milestone.due_at <= now
            if delivered or overdue:
                unprotected += not_funded
    money = contract.money
    return Figures(
        agreed=contract.price,
        in_milestones=money(in_milestones),
        released=money(released),
        in_escrow=money(in_escrow),
        in_review=money(in_review),
        refunded=money(refunded),
        not_yet_funded=money(not_yet_funded),
        never_funded=money(never_funded),
        extra=money(extra),
        bonuses=money(sum(bonus.amount.minor for bonus in contract.bonuses)),
        unprotected=money(unprotected),
    )


def totals_by_currency(all_figures: Iterable[Figures]) -> dict[str, Figures]:
    """Add figures up per currency; amounts in different currencies are never mixed."""
    grouped: dict[str, list[Figures]] = {}
    for item in all_figures:
        grouped.setdefault(item.currency, []).append(item)
    # Summed in minor units, a field at a time: /summary adds up dozens of contracts per call.
    return {
        currency: Figures(
            *(Money(sum(getattr(item, name).minor for item in items), currency) for name in _FIELD_NAMES)
        )
        for currency, items in grouped.items()
    }


_FIELD_NAMES = tuple(f.name for f in fields(Figures))
