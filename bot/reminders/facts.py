"""Load what reminder planning and delivery need about one contract, from storage, in domain terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.money import Money
from bot.domain.reconciliation import MilestoneFigures, Reconciliation, reconcile
from bot.domain.reminders import ContractFacts, MilestoneFacts
from bot.records import milestone_state
from storage.contracts import ContractRecord, Contracts
from storage.milestones import MilestoneRecord, Milestones


@dataclass(frozen=True)
class ContractSnapshot:
    """A contract with its milestones as stored, and the facts the planner reads from them."""

    contract: ContractRecord
    milestones: dict[int, MilestoneRecord]
    reconciliation: Reconciliation

    @property
    def facts(self) -> ContractFacts:
        return ContractFacts(
            id=self.contract.id,
            ended_at=self.contract.ended_at,
            outstanding_minor=self.reconciliation.outstanding.minor,
        )

    def milestone_facts(self) -> list[MilestoneFacts]:
        return [
            MilestoneFacts(id=row.id, state=milestone_state(row), due_at=row.due_at, muted=row.muted)
            for row in self.milestones.values()
        ]


async def load_snapshot(
    conn: aiosqlite.Connection, owner_id: int, contract_id: int, now: datetime
) -> ContractSnapshot | None:
    """The owner's contract as it stands, or None when it no longer exists."""
    contract = await Contracts(conn).get(owner_id, contract_id)
    if contract is None:
        return None
    rows = await Milestones(conn).for_contract(owner_id, contract_id)
    figures = [
        MilestoneFigures(Money(row.amount_minor, contract.currency), milestone_state(row), row.due_at)
        for row in rows
    ]
    reconciliation = reconcile(Money(contract.price_minor, contract.currency), figures, now)
    return ContractSnapshot(contract, {row.id: row for row in rows}, reconciliation)
