"""A statement of a user's money: one row per movement (deposit, release, extra, refund, void, bonus).

For taxes and spreadsheets (`/export`). The rows come from each milestone's ledger (`Ledger.flows`, the
fold every figure is derived from) and the contracts' bonuses, so per contract and currency they add up
to the figures the bot shows: releases to "released", extras to "extra pay", refunds to "refunded",
voids to "never funded", bonuses to "bonuses", and deposits minus releases and refunds to what is held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.contracts import Contract
from bot.domain.lifecycle import Milestone
from bot.domain.money import Money


class RowKind(StrEnum):
    """The values are written in exports: keep them."""

    DEPOSIT = "deposit"
    RELEASE = "release"
    REFUND = "refund"
    VOID = "void"
    EXTRA = "extra"
    BONUS = "bonus"


@dataclass(frozen=True, slots=True)
class StatementRow:
    at: datetime
    contract: Contract
    milestone: Milestone | None  # None for a bonus, which is paid on the contract
    kind: RowKind
    amount: Money


def statement_of(contracts: Iterable[Contract]) -> list[StatementRow]:
    """Every movement of money on these contracts, oldest first."""
    rows: list[tuple[tuple[datetime, int, int, int], StatementRow]] = []
    for contract in contracts:
        for milestone in contract.milestones:
            for index, (flow, amount, at) in enumerate(milestone.ledger.flows()):
                row = StatementRow(at, contract, milestone, RowKind(flow.value), milestone.money(amount))
                rows.append(((at, contract.id, milestone.position, index), row))
        for bonus in contract.bonuses:
            row = StatementRow(bonus.at, contract, None, RowKind.BONUS, bonus.amount)
            rows.append(((bonus.at, contract.id, 1 << 30, bonus.id), row))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]
