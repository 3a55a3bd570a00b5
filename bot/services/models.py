"""What services return: contracts and milestones in domain terms, ready to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.lifecycle import EventKind, MilestoneState, MilestoneStatus
from bot.domain.money import Money
from bot.domain.platforms import PLATFORMS, Platform, PlatformRules
from bot.domain.reconciliation import Reconciliation
from bot.records import milestone_state
from storage.contracts import ContractRecord
from storage.milestones import MilestoneRecord


@dataclass(frozen=True)
class Contract:
    id: int
    title: str
    client: str
    platform: Platform
    price: Money
    review_days: int | None
    started_at: datetime
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def rules(self) -> PlatformRules:
        return PLATFORMS[self.platform]

    @classmethod
    def from_record(cls, record: ContractRecord) -> Contract:
        return cls(
            id=record.id,
            title=record.title,
            client=record.client,
            platform=Platform(record.platform),
            price=Money(record.price_minor, record.currency),
            review_days=record.review_days,
            started_at=record.started_at,
            ended_at=record.ended_at,
        )


@dataclass(frozen=True, slots=True)
class Milestone:
    id: int
    contract_id: int
    position: int
    title: str
    amount: Money
    due_at: datetime | None
    state: MilestoneState
    muted: bool

    @property
    def status(self) -> MilestoneStatus:
        return self.state.status

    @classmethod
    def from_record(cls, record: MilestoneRecord, currency: str) -> Milestone:
        state = milestone_state(record)
        return cls(
            id=record.id,
            contract_id=record.contract_id,
            position=record.position,
            title=record.title,
            amount=Money(record.amount_minor, currency),
            due_at=record.due_at,
            state=state,
            muted=record.muted,
        )


@dataclass(frozen=True)
class ContractDetail:
    """A contract with its milestones, its reconciliation and what the user should know right now."""

    contract: Contract
    milestones: list[Milestone]
    reconciliation: Reconciliation
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MilestoneChange:
    """The outcome of a milestone action: what happened and the contract as it now stands."""

    kind: EventKind
    milestone: Milestone
    detail: ContractDetail
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Deadline:
    at: datetime
    what: str
    contract_title: str
    milestone_title: str | None


@dataclass(frozen=True)
class ContractTotals:
    """A contract and its money, without its milestones: all that /summary shows of each one."""

    contract: Contract
    reconciliation: Reconciliation


@dataclass(frozen=True)
class Summary:
    contracts: list[ContractTotals]
    totals: dict[str, Reconciliation]
    deadlines: list[Deadline]
