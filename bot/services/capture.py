"""Track as milestone: a chat message read into a milestone form, checked, then added on confirmation.

Three steps, and nothing is saved before the last: `read` (the message, the caller's settings and active
contracts, one read), `check` (what the form says, validated as `/milestone add` would, without a
contract yet) and `add` (the chosen contract, through the same service as `/milestone add`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.capture import CapturedMilestone, read_milestone
from bot.domain.contracts import Contract
from bot.domain.money import parse_money
from bot.domain.text import clean_line
from bot.domain.users import UserSettings
from bot.i18n.speaking import current_locale
from bot.services.dates import due_date
from bot.services.milestones import MilestoneService
from bot.services.results import MilestoneChange
from bot.services.work import Store

MAX_CONTRACTS = 25  # the options of one select menu


@dataclass(frozen=True)
class CaptureStart:
    captured: CapturedMilestone
    contracts: list[Contract]  # the caller's active contracts, newest first (at most MAX_CONTRACTS)
    more_contracts: bool
    settings: UserSettings


@dataclass(frozen=True)
class CheckedMilestone:
    """What the form said, validated: the amount as typed (read in the chosen contract's currency)."""

    title: str
    amount: str
    due_at: datetime | None


class CaptureService:
    def __init__(self, store: Store, milestones: MilestoneService) -> None:
        self._store = store
        self._milestones = milestones

    async def read(self, owner_id: int, text: str, written_at: datetime | None) -> CaptureStart:
        async with self._store.read(owner_id) as reading:
            settings = await reading.settings()
            active = await reading.contracts.of_owner(owner_id, "active")
        captured = read_milestone(
            text,
            zone=settings.zone,
            now=reading.now,
            default_currency=settings.currency,
            written_at=written_at,
            locale=current_locale(),
        )
        return CaptureStart(captured, active[:MAX_CONTRACTS], len(active) > MAX_CONTRACTS, settings)

    async def check(self, owner_id: int, *, title: str, amount: str, due: str | None) -> CheckedMilestone:
        """The form's values, refused with the same messages as `/milestone add` when they won't do."""
        async with self._store.read(owner_id) as reading:
            settings = await reading.settings()
        clean_title = clean_line(title, "milestone title")
        parse_money(amount, settings.currency, current_locale())
        due_at = due_date(due, settings, reading.now) if due and due.strip() else None
        return CheckedMilestone(clean_title, amount.strip(), due_at)

    async def add(self, owner_id: int, contract: int, checked: CheckedMilestone) -> MilestoneChange:
        due = checked.due_at.isoformat() if checked.due_at is not None else None
        return await self._milestones.add(
            owner_id, contract, title=checked.title, amount=checked.amount, due=due
        )
