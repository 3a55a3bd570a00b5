"""What services hand back to the cogs: the domain objects an action produced, and the facts to mention.

No sentences here: the cogs word each fact for the user (and the catalog translates it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.asks import Situation
from bot.domain.contracts import Attention, Bonus, Contract, Deadline
from bot.domain.lifecycle import EventKind, Milestone, Step
from bot.domain.reconciliation import Figures
from bot.domain.users import UserSettings


@dataclass(frozen=True)
class ContractView:
    """A contract as it now stands, with its figures as of `now`."""

    contract: Contract
    figures: Figures
    now: datetime
    # The start moved back to here because a step was dated before it (from the previous start).
    start_moved_from: datetime | None = None
    voided: tuple[Milestone, ...] = ()  # milestones voided by this action (the contract ended)
    bonus: Bonus | None = None  # the bonus this action recorded


@dataclass(frozen=True)
class MilestoneChange:
    """A milestone after an action, and its contract as it now stands."""

    kind: EventKind
    milestone: Milestone
    view: ContractView
    step: Step | None = None  # the lifecycle step recorded, with the money it moved

    @property
    def contract(self) -> Contract:
        return self.view.contract


@dataclass(frozen=True)
class ConfirmDelivery:
    """Submitting an unfunded milestone means delivering unprotected work: the user must say yes first."""

    contract: Contract
    milestone: Milestone


@dataclass(frozen=True)
class Summary:
    """Everything that still involves money: active contracts, and ended ones with money still held."""

    views: list[ContractView]
    totals: dict[str, Figures]
    upcoming: list[Deadline]  # future deadlines, soonest first
    attention: list[Attention] = field(default_factory=list)


@dataclass(frozen=True)
class ClientAsks:
    """What the user may want to write to a contract's client now, and the settings to word it in."""

    contract: Contract
    situations: list[Situation]
    settings: UserSettings
