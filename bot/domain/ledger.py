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

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Movement(StrEnum):
    """What a ledger entry did with money. The values are the events that record them."""

    DEPOSIT = "fund"  # the client funded the milestone: money into escrow
    RELEASE = "release"  # escrow paid out to the freelancer
    REFUND = "refund"  # escrow paid back to the client
    VOID = "void"  # the contract ended with this part never funded: nobody will collect it


class Flow(StrEnum):
    """Where the money of an entry went, as a statement lists it. The values are written in exports."""

    DEPOSIT = "deposit"  # into escrow
    RELEASE = "release"  # out of escrow to the freelancer
    EXTRA = "extra"  # released beyond what was held: paid on top
    REFUND = "refund"  # out of escrow back to the client
    VOID = "void"  # never funded, written off when the contract ended


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
        if not self.entries:
            return  # every total is 0: most milestones /summary maps have no entries yet
        totals = dict.fromkeys(Flow, 0)
        for flow, amount, _ in self.flows():
            totals[flow] += amount
        object.__setattr__(self, "deposited", totals[Flow.DEPOSIT])
        object.__setattr__(self, "released", totals[Flow.RELEASE])
        object.__setattr__(self, "extra", totals[Flow.EXTRA])
        object.__setattr__(self, "refunded", totals[Flow.REFUND])
        object.__setattr__(self, "never_funded", totals[Flow.VOID])

    def flows(self) -> Iterator[tuple[Flow, int, datetime]]:
        """Each entry as the money it moved, oldest first: a release beyond what was held is split into
        the part released from escrow and the extra paid on top. Every total of the ledger is their sum."""
        held = 0
        for entry in self.entries:
            movement, amount = entry.movement, entry.amount_minor
            if movement is Movement.DEPOSIT:
                held += amount
                yield Flow.DEPOSIT, amount, entry.at
            elif movement is Movement.RELEASE:
                # A release beyond what is held is paid on top of the milestone, not out of escrow.
                from_escrow = min(amount, held)
                held -= from_escrow
                if from_escrow:
                    yield Flow.RELEASE, from_escrow, entry.at
                if amount > from_escrow:
                    yield Flow.EXTRA, amount - from_escrow, entry.at
            elif movement is Movement.REFUND:
                if amount > held:
                    raise ValueError(f"a refund of {amount} from {held} held")
                held -= amount
                yield Flow.REFUND, amount, entry.at
            else:
                yield Flow.VOID, amount, entry.at

    @property
    def held(self) -> int:
        """Still in escrow: deposited and neither released nor refunded."""
        return self.deposited - self.released - self.refunded

    def add(self, entry: Entry) -> Ledger:
        return Ledger((*self.entries, entry))

    def releases(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.movement is Movement.RELEASE)


EMPTY_LEDGER = Ledger()  # shared: a ledger is immutable, and most milestones start with none
