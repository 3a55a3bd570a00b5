"""A milestone's money as a ledger: the dated movements into and out of escrow, and what follows from them.

Every money figure the bot shows about a milestone is derived here, from the entries alone:

- deposited: what the client put in escrow for it;
- released: what came out of escrow to the freelancer (a release may be partial, and there may be several);
- extra: what a client released beyond what was held, paid on top like a bonus (never a negative remainder);
- refunded: what went back to the client (whole or part);
- held = deposited - released - refunded, never negative: still in escrow (or in review);
- never funded: the part voided when the contract ended without it being funded.

With the milestone's amount, `not funded = amount - deposited - never funded`, and the identity
`amount = released + refunded + held + not funded + never funded` holds for every ledger the rules accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Movement(StrEnum):
    """What a ledger entry did with money. The values are the events that record them."""

    DEPOSIT = "fund"  # the client funded the milestone: money into escrow
    RELEASE = "release"  # escrow paid out to the freelancer
    REFUND = "refund"  # escrow paid back to the client
    VOID = "void"  # the contract ended with this part never funded: nobody will collect it


@dataclass(frozen=True, slots=True)
class Entry:
    movement: Movement
    amount_minor: int
    at: datetime

    def __post_init__(self) -> None:
        if type(self.amount_minor) is not int or self.amount_minor <= 0:
            raise ValueError(f"a ledger entry moves a positive int amount, not {self.amount_minor!r}")


@dataclass(frozen=True, slots=True)
class Ledger:
    """The entries of one milestone, oldest first, and their totals in minor units."""

    entries: tuple[Entry, ...] = ()
    deposited: int = field(init=False, default=0)
    released: int = field(init=False, default=0)
    extra: int = field(init=False, default=0)
    refunded: int = field(init=False, default=0)
    never_funded: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        deposited = released = extra = refunded = never_funded = 0
        for entry in self.entries:
            held = deposited - released - refunded
            movement, amount = entry.movement, entry.amount_minor
            if movement is Movement.DEPOSIT:
                deposited += amount
            elif movement is Movement.RELEASE:
                # A release beyond what is held is paid on top of the milestone, not out of escrow.
                from_escrow = min(amount, held)
                released += from_escrow
                extra += amount - from_escrow
            elif movement is Movement.REFUND:
                if amount > held:
                    raise ValueError(f"a refund of {amount} from {held} held")
                refunded += amount
            else:
                never_funded += amount
        object.__setattr__(self, "deposited", deposited)
        object.__setattr__(self, "released", released)
        object.__setattr__(self, "extra", extra)
        object.__setattr__(self, "refunded", refunded)
        object.__setattr__(self, "never_funded", never_funded)

    @property
    def held(self) -> int:
        """Still in escrow: deposited and neither released nor refunded."""
        return self.deposited - self.released - self.refunded

    def add(self, entry: Entry) -> Ledger:
        return Ledger((*self.entries, entry))

    def releases(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.movement is Movement.RELEASE)
