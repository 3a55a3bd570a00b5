"""Milestone actions: add, edit, the lifecycle steps (fund, submit, release...), mute, remove.

Each action is one unit of work: the contract is loaded once, the step applied by the domain, the
milestone and its history saved, and the contract's reminders planned from the same object.
"""

from __future__ import annotations

from dataclasses import replace

from bot.domain import contracts as rules
from bot.domain.errors import Command, InvalidInput, NotAllowed, NotFound
from bot.domain.lifecycle import (
    TAKES_AMOUNT,
    EventKind,
    Milestone,
    MilestoneStatus,
    Step,
    check_amount_edit,
    step_for_submit,
)
from bot.domain.text import clean_line
from bot.i18n.speaking import N_
from bot.services.contracts import amount_in, view_of
from bot.services.dates import due_date, happened_at
from bot.services.lookup import milestone_id, searchable
from bot.services.results import ConfirmDelivery, MilestoneChange
from bot.services.work import Store, Work
from storage.milestones import edit_detail

# The steps /milestone records, by the name of their subcommand.
STEPS: dict[str, EventKind] = {
    "fund": EventKind.FUND,
    "submit": EventKind.SUBMIT,
    "release": EventKind.RELEASE,
    "changes": EventKind.REQUEST_CHANGES,
    "refund-request": EventKind.REQUEST_REFUND,
    "refund": EventKind.REFUND,
    "dispute": EventKind.DISPUTE,
}

NO_SUCH_MILESTONE = N_("I can't find that milestone in `{contract}`. Pick one from the list as you type.")
MILESTONE_TAKEN = N_("`{contract}` already has a milestone called `{title}`.")


class MilestoneService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def add(
        self, owner_id: int, contract: int, *, title: str, amount: str, due: str | None = None
    ) -> MilestoneChange:
        async with self._store.work(owner_id) as work:
            current = await work.contract(contract)
            if not current.active:
                raise NotAllowed(
                    N_("`{title}` has ended; milestones can't be added to it."), title=current.title
                )
            clean_title = clean_line(title, "milestone title")
            money = amount_in(current, amount)
            due_at = due_date(due, await work.settings(), work.now) if due and due.strip() else None
            if await work.milestones.find_by_title(owner_id, current.id, clean_title) is not None:
                raise NotAllowed(MILESTONE_TAKEN, contract=current.title, title=clean_title)
            new_id, position = await work.milestones.add(
                owner_id, current.id, clean_title, money.minor, due_at, work.now
            )
            added = Milestone(new_id, current.id, position, clean_title, money, due_at, changed_at=work.now)
            await work.milestones.record(
                owner_id, new_id, Step(EventKind.CREATED, work.now, money.minor), work.now
            )
            changed = current.with_milestone(added)
            work.replan(changed)
        return MilestoneChange(EventKind.CREATED, added, view_of(changed, work.now))

    async def edit(
        self,
        owner_id: int,
        contract: int,
        milestone: int,
        *,
        title: str | None = None,
        amount: str | None = None,
        due: str | None = None,
    ) -> MilestoneChange:
        if title is None and amount is None and due is None:
            raise InvalidInput(N_("Give at least one of `title`, `amount` or `due` to change."))
        async with self._store.work(owner_id) as work:
            current, before = await _target(work, contract, milestone)
            after = before
            if title is not None:
                new_title = clean_line(title, "milestone title")
                same = await work.milestones.find_by_title(owner_id, current.id, new_title)
                if same is not None and same != before.id:
                    raise NotAllowed(MILESTONE_TAKEN, contract=current.title, title=new_title)
                after = replace(after, title=new_title)
            if amount is not None:
                new_amount = amount_in(current, amount)
                if new_amount != before.amount:
                    check_amount_edit(before, new_amount)
                after = replace(after, amount=new_amount)
            if due is not None:
                if before.status.is_final:
                    # A whole sentence for each final status, so each language words the status itself.
                    if before.status is MilestoneStatus.RELEASED:
                        settled = N_("`{title}` is released, so its due date no longer matters.")
                    elif before.status is MilestoneStatus.REFUNDED:
                        settled = N_("`{title}` is refunded, so its due date no longer matters.")
                    else:
                        settled = N_("`{title}` is voided, so its due date no longer matters.")
                    raise NotAllowed(settled, title=before.title)
                after = replace(
                    after, due_at=due_date(due, await work.settings(), work.now) if due.strip() else None
                )
            await work.milestones.save(owner_id, after)
            step = Step(EventKind.EDIT, work.now, after.amount.minor)
            await work.milestones.record(
                owner_id, after.id, step, work.now, detail=edit_detail(before, after)
            )
            changed = current.with_milestone(after)
            work.replan(changed)
        return MilestoneChange(EventKind.EDIT, after, view_of(changed, work.now))

    async def act(
        self,
        owner_id: int,
        contract: int,
        milestone: int,
        kind: EventKind,
        *,
        date: str | None = None,
        amount: str | None = None,
        confirmed: bool = False,
    ) -> MilestoneChange | ConfirmDelivery:
        """Record a lifecycle step. Submitting an unfunded milestone asks first (`ConfirmDelivery`); once
        the user confirms, the same call with `confirmed=True` records the unprotected delivery."""
        if amount is not None and kind not in TAKES_AMOUNT:
            raise InvalidInput(N_("Only `release` and `refund` take an amount."))
        async with self._store.work(owner_id) as work:
            current, target = await _target(work, contract, milestone)
            if kind is EventKind.SUBMIT:
                kind = step_for_submit(target)
                if kind is EventKind.DELIVER and not confirmed:
                    return ConfirmDelivery(current, target)
            at = happened_at(date, await work.settings(), work.now)
            amount_minor = amount_in(current, amount).minor if amount is not None else None
            moved_from = current.started_at if at < current.started_at else None
            current = rules.start_by(current, at)
            changed, after, step = rules.record_step(current, target.id, kind, at, amount_minor)
            if moved_from is not None:
                await work.contracts.save(changed)
            await work.milestones.save(owner_id, after)
            await work.milestones.record(owner_id, after.id, step, work.now)
            work.replan(changed)
        return MilestoneChange(kind, after, view_of(changed, work.now, start_moved_from=moved_from), step)

    async def set_muted(self, owner_id: int, contract: int, milestone: int, muted: bool) -> Milestone:
        async with self._store.work(owner_id) as work:
            current, target = await _target(work, contract, milestone)
            after = replace(target, muted=muted)
            await work.milestones.save(owner_id, after)
            work.replan(current.with_milestone(after))
        return after

    async def remove(self, owner_id: int, contract: int, milestone: int) -> bool:
        """Delete a milestone with its history and reminders (after the user confirmed)."""
        async with self._store.work(owner_id) as work:
            current = await work.contract(contract)
            if current.milestone(milestone) is None:
                return False
            removed = await work.milestones.delete(owner_id, milestone)
            work.replan(current.without_milestone(milestone))
        return removed

    async def choices(self, owner_id: int, contract: int | None, typed: str) -> list[Milestone]:
        """The caller's milestones of the chosen contract whose title contains `typed`; none without one."""
        if contract is None:
            return []
        wanted = searchable(typed).casefold()
        async with self._store.read(owner_id) as reading:
            loaded = await reading.contracts.load(owner_id, contract)
        if loaded is None:
            return []
        return [m for m in loaded.milestones if wanted in m.title.casefold()][:25]

    async def resolve(self, owner_id: int, contract: int, text: str) -> int:
        """The id of the milestone of the caller's contract that `text` names (autocomplete value or title)."""
        async with self._store.glance(owner_id) as reading:
            return await milestone_id(reading, contract, text)


def no_such_milestone(contract: rules.Contract) -> NotFound:
    """A milestone id that is not one of this contract's (the caller's own, as loading it checked)."""
    return NotFound(NO_SUCH_MILESTONE, contract=contract.title)


async def _target(work: Work, contract: int, milestone: int) -> tuple[rules.Contract, Milestone]:
    current = await work.contract(contract)
    target = current.milestone(milestone)
    if target is None:
        raise no_such_milestone(current)
    return current, target


__all__ = ["STEPS", "Command", "MilestoneService"]
