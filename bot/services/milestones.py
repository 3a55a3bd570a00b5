"""Milestone actions: add, edit, the lifecycle steps (fund, submit, release...), mute, remove."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import warnings
from bot.domain.dates import END_OF_DAY, discord_timestamp
from bot.domain.errors import InvalidInput, NotAllowed, UserFacingError
from bot.domain.lifecycle import EventKind, MilestoneStatus, needs_unfunded_warning
from bot.domain.lifecycle import MilestoneEvent as DomainEvent
from bot.domain.money import Money, parse_money
from bot.domain.text import clean_line
from bot.services.context import Change, ServiceContext
from bot.services.contracts import load_detail
from bot.services.dates import parse_user_date
from bot.services.lookup import find_contract, find_milestone, searchable
from bot.services.milestone_events import record_event
from bot.services.models import Contract, Milestone, MilestoneChange
from storage.contracts import ContractRecord
from storage.milestones import Milestones
from storage.users import Users

# The option names of /milestone's lifecycle commands, and the event each one records.
ACTIONS: dict[str, EventKind] = {
    "fund": EventKind.FUND,
    "submit": EventKind.SUBMIT,
    "release": EventKind.RELEASE,
    "changes": EventKind.REQUEST_CHANGES,
    "refund-request": EventKind.REQUEST_REFUND,
    "refund": EventKind.REFUND,
    "dispute": EventKind.DISPUTE,
}
FINISHED = frozenset({MilestoneStatus.RELEASED, MilestoneStatus.REFUNDED, MilestoneStatus.VOIDED})
# A little slack for clocks that disagree: "now" typed on a phone may be a minute ahead.
FUTURE_SLACK = timedelta(minutes=5)


class ConfirmationNeeded(Exception):
    """The action is allowed but risky; the user must confirm it (the warning says why)."""

    def __init__(self, warning: str, milestone: Milestone) -> None:
        super().__init__(warning)
        self.warning = warning
        self.milestone = milestone


class MilestoneService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    async def add(
        self, owner_id: int, *, contract: str, title: str, amount: str, due: str | None = None
    ) -> MilestoneChange:
        async with self._context.change(owner_id) as change:
            record = await find_contract(change.conn, owner_id, contract)
            change.contract_id = record.id
            if record.ended_at is not None:
                raise NotAllowed(f"`{record.title}` has ended; milestones can't be added to it.")
            clean_title = clean_line(title, "milestone title")
            money = _amount_in(amount, record)
            due_at = await _due(change, due)
            repo = Milestones(change.conn)
            if await repo.title_taken(owner_id, record.id, clean_title):
                raise NotAllowed(f"`{record.title}` already has a milestone called `{clean_title}`.")
            row = await repo.add(
                owner_id, record.id, clean_title, money.minor, due_at, MilestoneStatus.UNFUNDED, change.now
            )
            await repo.add_event(
                owner_id, row.id, EventKind.CREATED.value, change.now, change.now, amount_minor=money.minor
            )
            detail = await load_detail(change.conn, owner_id, record.id, change.now)
        milestone = next(m for m in detail.milestones if m.id == row.id)
        notes = []
        mismatch = detail.reconciliation.mismatch
        if mismatch is not None and mismatch.is_positive():
            notes.append(warnings.totals_mismatch(detail.reconciliation) or "")
        return MilestoneChange(EventKind.CREATED, milestone, detail, notes)

    async def edit(
        self,
        owner_id: int,
        *,
        contract: str,
        milestone: str,
        title: str | None = None,
        amount: str | None = None,
        due: str | None = None,
    ) -> MilestoneChange:
        if title is None and amount is None and due is None:
            raise InvalidInput("Give at least one of `title`, `amount` or `due` to change.")
        async with self._context.change(owner_id) as change:
            record = await find_contract(change.conn, owner_id, contract)
            change.contract_id = record.id
            row = await find_milestone(change.conn, owner_id, record, milestone)
            current = Milestone.from_record(row, record.currency)
            if current.status in FINISHED:
                raise NotAllowed(f"`{current.title}` is {current.status.label}; it can't be edited any more.")
            new_title = clean_line(title, "milestone title") if title is not None else current.title
            new_amount = _amount_in(amount, record) if amount is not None else current.amount
            new_due = await _due(change, due) if due is not None else current.due_at
            repo = Milestones(change.conn)
            if new_title.casefold() != current.title.casefold() and await repo.title_taken(
                owner_id, record.id, new_title, except_id=row.id
            ):
                raise NotAllowed(f"`{record.title}` already has a milestone called `{new_title}`.")
            await repo.edit(owner_id, row.id, title=new_title, amount_minor=new_amount.minor, due_at=new_due)
            changes = {
                key: value
                for key, value, old in (
                    ("title", new_title, current.title),
                    ("amount_minor", new_amount.minor, current.amount.minor),
                    (
                        "due_at",
                        new_due.isoformat() if new_due else None,
                        current.due_at.isoformat() if current.due_at else None,
                    ),
                )
                if value != old
            }
            await repo.add_event(
                owner_id,
                row.id,
                EventKind.EDIT.value,
                change.now,
                change.now,
                amount_minor=new_amount.minor,
                detail=changes,
            )
            detail = await load_detail(change.conn, owner_id, record.id, change.now)
        edited = next(m for m in detail.milestones if m.id == row.id)
        mismatch = warnings.totals_mismatch(detail.reconciliation)
        return MilestoneChange(EventKind.EDIT, edited, detail, [mismatch] if mismatch else [])

    async def act(
        self,
        owner_id: int,
        action: str,
        *,
        contract: str,
        milestone: str,
        date: str | None = None,
        amount: str | None = None,
        confirmed: bool = False,
    ) -> MilestoneChange:
        """Record a lifecycle step. Submitting an unfunded milestone raises ConfirmationNeeded first."""
        kind = ACTIONS[action]
        if amount is not None and kind not in (EventKind.RELEASE, EventKind.REFUND):
            raise InvalidInput("Only `release` takes an amount.")
        async with self._context.change(owner_id) as change:
            record = await find_contract(change.conn, owner_id, contract)
            change.contract_id = record.id
            row = await find_milestone(change.conn, owner_id, record, milestone)
            contract_model = Contract.from_record(record)
            current = Milestone.from_record(row, record.currency)
            at = await _event_date(change, date, record)
            amount_minor = _amount_in(amount, record).minor if amount is not None else None
            if not confirmed and needs_unfunded_warning(current.state, DomainEvent(kind, at, amount_minor)):
                raise ConfirmationNeeded(warnings.unfunded_submit(current.amount), current)
            await record_event(change, contract_model, current, kind, at, amount_minor=amount_minor)
            detail = await load_detail(change.conn, owner_id, record.id, change.now)
        changed = next(m for m in detail.milestones if m.id == row.id)
        return MilestoneChange(kind, changed, detail, _after(kind, changed))

    async def set_muted(self, owner_id: int, milestone_id: int, muted: bool) -> Milestone:
        async with self._context.change(owner_id) as change:
            row = await Milestones(change.conn).get(owner_id, milestone_id)
            if row is None or not await Milestones(change.conn).set_muted(owner_id, milestone_id, muted):
                raise NotAllowed("That milestone no longer exists.")
            change.contract_id = row.contract_id
            record = await load_detail(change.conn, owner_id, row.contract_id, change.now)
        return next(m for m in record.milestones if m.id == milestone_id)

    async def describe_for_remove(self, owner_id: int, *, contract: str, milestone: str) -> Milestone:
        async with self._context.db.read() as conn:
            record = await find_contract(conn, owner_id, contract)
            return Milestone.from_record(
                await find_milestone(conn, owner_id, record, milestone), record.currency
            )

    async def remove(self, owner_id: int, milestone_id: int) -> bool:
        """Delete a milestone with its history and reminders (after the user confirmed)."""
        async with self._context.change(owner_id) as change:
            row = await Milestones(change.conn).get(owner_id, milestone_id)
            if row is None:
                return False
            change.contract_id = row.contract_id
            return await Milestones(change.conn).delete(owner_id, milestone_id)

    async def choices(self, owner_id: int, contract: str, typed: str) -> list[Milestone]:
        """The caller's milestones of the chosen contract for autocomplete; none if the contract is unknown."""
        async with self._context.db.read() as conn:
            try:
                record = await find_contract(conn, owner_id, contract)
            except UserFacingError:  # no contract chosen yet, or not one of theirs
                return []
            rows = await Milestones(conn).search(owner_id, record.id, searchable(typed))
        return [Milestone.from_record(r, record.currency) for r in rows]


def _amount_in(text: str, record: ContractRecord) -> Money:
    money = parse_money(text, record.currency)
    if money.currency != record.currency:
        raise InvalidInput(f"`{record.title}` is in {record.currency}; give the amount in {record.currency}.")
    return money


async def _due(change: Change, text: str | None) -> datetime | None:
    if text is None or not text.strip():
        return None
    settings = await Users(change.conn).get(change.owner_id)
    return parse_user_date(text, settings.timezone, change.now, date_only_time=END_OF_DAY)


async def _event_date(change: Change, text: str | None, record: ContractRecord) -> datetime:
    if text is None or not text.strip():
        return change.now
    settings = await Users(change.conn).get(change.owner_id)
    at = parse_user_date(text, settings.timezone, change.now)
    if at > change.now + FUTURE_SLACK:
        raise InvalidInput("That date is in the future. Record a step when it has happened.")
    if at < record.started_at - timedelta(days=1):
        raise InvalidInput("That date is before the contract started.")
    return at


def _after(kind: EventKind, milestone: Milestone) -> list[str]:
    """A line on what happens next, where there is something to know."""
    state = milestone.state
    if kind == EventKind.SUBMIT and state.review_ends_at is None:
        return ["This platform does not release payment by itself: ask the client to release it."]
    if kind == EventKind.RELEASE and state.released_minor != state.amount_minor:
        return [f"Released {Money(state.released_minor, milestone.amount.currency)} of {milestone.amount}."]
    if kind == EventKind.REQUEST_REFUND:
        if state.refund_deadline_at is None:
            return [
                "Answer the request on the platform: approve it, or dispute it if the work was delivered."
            ]
        return [
            f"Approve or dispute it on the platform by {discord_timestamp(state.refund_deadline_at, 'f')}: "
            "if you do nothing, the money goes back to the client. I'll remind you before then."
        ]
    if kind == EventKind.REQUEST_CHANGES:
        return [
            "The review period is closed. Submit again when the changes are done: a new review period starts then."
        ]
    return []
