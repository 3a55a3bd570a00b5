"""Contract actions: add, list, view, end, delete, and the summary across contracts."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain import warnings
from bot.domain.errors import NotAllowed
from bot.domain.lifecycle import EventKind, MilestoneState, MilestoneStatus
from bot.domain.money import Money, normalize_currency, parse_money
from bot.domain.platforms import parse_platform, review_days_for, validate_review_days
from bot.domain.reconciliation import MilestoneFigures, reconcile, totals_by_currency
from bot.domain.text import clean_line
from bot.records import milestone_state
from bot.services.context import ServiceContext
from bot.services.dates import parse_user_date
from bot.services.lookup import find_contract, searchable
from bot.services.milestone_events import record_event
from bot.services.models import Contract, ContractDetail, ContractTotals, Deadline, Milestone, Summary
from storage.contracts import Contracts, NewContract
from storage.milestones import Milestones
from storage.users import Users

MAX_DEADLINES = 5


class ContractService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    async def add(
        self,
        owner_id: int,
        *,
        title: str,
        client: str,
        price: str,
        currency: str | None = None,
        platform: str | None = None,
        review_days: int | None = None,
        started: str | None = None,
    ) -> ContractDetail:
        async with self._context.change(owner_id) as change:
            settings = await Users(change.conn).get(owner_id)
            clean_title = clean_line(title, "contract title")
            clean_client = clean_line(client, "client name")
            chosen_platform = parse_platform(platform or "upwork")
            default_currency = normalize_currency(currency) if currency else settings.currency
            agreed = parse_money(price, default_currency)
            if currency and agreed.currency != default_currency:
                raise NotAllowed(f"The price says {agreed.currency} but `currency` says {default_currency}.")
            if review_days is not None:
                validate_review_days(review_days)
            started_at = parse_user_date(started, settings.timezone, change.now) if started else change.now
            contracts = Contracts(change.conn)
            if await contracts.title_taken(owner_id, clean_title):
                raise NotAllowed(f"You already have a contract called `{clean_title}`. Pick another title.")
            await Users(change.conn).ensure(owner_id, change.now)
            record = await contracts.add(
                NewContract(
                    owner_id=owner_id,
                    title=clean_title,
                    client=clean_client,
                    platform=chosen_platform.value,
                    currency=agreed.currency,
                    price_minor=agreed.minor,
                    review_days=review_days_for(chosen_platform, review_days),
                    started_at=started_at,
                ),
                change.now,
            )
            change.contract_id = record.id
            return await load_detail(change.conn, owner_id, record.id, change.now)

    async def list_contracts(self, owner_id: int, status: str = "active") -> list[ContractDetail]:
        now = self._context.clock.now()
        async with self._context.db.read() as conn:
            records = await Contracts(conn).of_owner(owner_id, status=status)
            return await _details(conn, owner_id, [Contract.from_record(r) for r in records], now)

    async def view(self, owner_id: int, contract: str) -> ContractDetail:
        now = self._context.clock.now()
        async with self._context.db.read() as conn:
            record = await find_contract(conn, owner_id, contract)
            detail = await load_detail(conn, owner_id, record.id, now)
        mismatch = warnings.totals_mismatch(detail.reconciliation)
        return ContractDetail(
            detail.contract, detail.milestones, detail.reconciliation, [mismatch] if mismatch else []
        )

    async def end(self, owner_id: int, contract: str, date: str | None = None) -> ContractDetail:
        """End the contract; unfunded milestones are voided, and the reply says what is still owed."""
        async with self._context.change(owner_id) as change:
            record = await find_contract(change.conn, owner_id, contract)
            change.contract_id = record.id
            if record.ended_at is not None:
                raise NotAllowed(f"`{record.title}` has already ended.")
            settings = await Users(change.conn).get(owner_id)
            ended_at = parse_user_date(date, settings.timezone, change.now) if date else change.now
            if ended_at < record.started_at:
                raise NotAllowed("The end date is before the contract started.")
            await Contracts(change.conn).end(owner_id, record.id, ended_at)
            contract_model = Contract.from_record(record)
            for row in await Milestones(change.conn).for_contract(owner_id, record.id):
                if row.status == MilestoneStatus.UNFUNDED:
                    milestone = Milestone.from_record(row, record.currency)
                    await record_event(change, contract_model, milestone, EventKind.VOID, ended_at)
            detail = await load_detail(change.conn, owner_id, record.id, change.now)
        notes = warnings.ending(detail.contract.rules, detail.reconciliation)
        return ContractDetail(detail.contract, detail.milestones, detail.reconciliation, notes)

    async def describe_for_delete(self, owner_id: int, contract: str) -> Contract:
        """The contract a delete would remove, so the user can confirm it."""
        async with self._context.db.read() as conn:
            return Contract.from_record(await find_contract(conn, owner_id, contract))

    async def delete(self, owner_id: int, contract_id: int) -> bool:
        """Remove the contract with its milestones, events and reminders (after the user confirmed)."""
        async with self._context.change(owner_id) as change:
            return await Contracts(change.conn).delete(owner_id, contract_id)

    async def summary(self, owner_id: int) -> Summary:
        """Every active contract's money and the next deadlines, straight from the rows: a busy
        freelancer has hundreds of milestones, so no per-milestone model is built here."""
        now = self._context.clock.now()
        async with self._context.db.read() as conn:
            contracts = [
                Contract.from_record(r) for r in await Contracts(conn).of_owner(owner_id, status="active")
            ]
            rows = await Milestones(conn).for_contracts(owner_id, [c.id for c in contracts])
        figures: dict[int, list[MilestoneFigures]] = {c.id: [] for c in contracts}
        titles = {c.id: c.title for c in contracts}
        currency = {c.id: c.price.currency for c in contracts}
        deadlines = []
        for row in rows:
            state = milestone_state(row)
            figures[row.contract_id].append(
                MilestoneFigures(Money(row.amount_minor, currency[row.contract_id]), state, row.due_at)
            )
            deadline = next_deadline(state, row.due_at)
            if deadline is not None and deadline[0] >= now:
                deadlines.append(Deadline(deadline[0], deadline[1], titles[row.contract_id], row.title))
        totals = [ContractTotals(c, reconcile(c.price, figures[c.id], now)) for c in contracts]
        deadlines.sort(key=lambda d: d.at)
        return Summary(
            totals, totals_by_currency([t.reconciliation for t in totals]), deadlines[:MAX_DEADLINES]
        )

    async def choices(self, owner_id: int, typed: str) -> list[Contract]:
        """The caller's contracts for autocomplete, best matches first."""
        async with self._context.db.read() as conn:
            records = await Contracts(conn).search(owner_id, searchable(typed), limit=25)
        return [Contract.from_record(r) for r in records]


async def load_detail(
    conn: aiosqlite.Connection, owner_id: int, contract_id: int, now: datetime
) -> ContractDetail:
    record = await Contracts(conn).get(owner_id, contract_id)
    assert record is not None
    return (await _details(conn, owner_id, [Contract.from_record(record)], now))[0]


async def _details(
    conn: aiosqlite.Connection, owner_id: int, contracts: list[Contract], now: datetime
) -> list[ContractDetail]:
    rows = await Milestones(conn).for_contracts(owner_id, [c.id for c in contracts])
    by_contract: dict[int, list[Milestone]] = {c.id: [] for c in contracts}
    currency = {c.id: c.price.currency for c in contracts}
    for row in rows:
        by_contract[row.contract_id].append(Milestone.from_record(row, currency[row.contract_id]))
    details = []
    for contract in contracts:
        milestones = by_contract[contract.id]
        figures = [MilestoneFigures(m.amount, m.state, m.due_at) for m in milestones]
        details.append(ContractDetail(contract, milestones, reconcile(contract.price, figures, now)))
    return details


def next_deadline(state: MilestoneState, due_at: datetime | None) -> tuple[datetime, str] | None:
    """The date that matters next for a milestone in this state, and what happens then."""
    status = state.status
    if due_at and status in (MilestoneStatus.UNFUNDED, MilestoneStatus.FUNDED):
        return due_at, "due"
    if state.review_ends_at and status is MilestoneStatus.SUBMITTED:
        return state.review_ends_at, "review ends"
    if state.refund_deadline_at and status is MilestoneStatus.REFUND_REQUESTED:
        return state.refund_deadline_at, "refund answer due"
    return None
