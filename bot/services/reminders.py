"""What a user sees of their reminders and does with them: `/reminders list`, and the buttons under a DM.

Every button names a reminder by id; a reminder id that is not the presser's is "not found". A step
recorded from a button goes through the milestone service, like the same slash command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.contracts import Attention, Contract, needs_attention
from bot.domain.errors import NotFound
from bot.domain.lifecycle import EventKind, Milestone
from bot.domain.quiet_hours import send_moment
from bot.domain.reminders import Topic, plan_contract
from bot.domain.snooze import SnoozeChoice, check_snooze_until, snooze_choices
from bot.domain.users import UserSettings
from bot.i18n.speaking import N_
from bot.services.contracts import ContractService, view_of
from bot.services.dates import due_date
from bot.services.milestones import MilestoneService
from bot.services.planning import record_identity
from bot.services.results import ConfirmDelivery, ContractView, MilestoneChange
from bot.services.work import Reading, Store
from storage.reminders import ReminderRecord

LISTED = 100  # shown in pages; more than this is counted, not listed
# "Not yet" on a review that ended without a release: ask again after this long.
ASK_AGAIN = timedelta(days=1)


class ReminderAction(StrEnum):
    """A button under a reminder. The value is part of the button's id: keep values stable."""

    FUND = "fund"
    SUBMIT = "submit"
    RELEASE = "release"
    NOT_YET = "notyet"  # the review ended and the money has not arrived yet
    SNOOZE = "snooze"
    MUTE = "mute"
    UNMUTE = "unmute"
    BONUS = "bonus"  # the contract ended with money left: record a bonus the client paid
    VIEW = "view"  # show the contract the reminder is about
    DRAFT = "draft"  # a message for the client about it, ready to copy


_STEP_OF_ACTION = {
    ReminderAction.FUND: EventKind.FUND,
    ReminderAction.SUBMIT: EventKind.SUBMIT,
    ReminderAction.RELEASE: EventKind.RELEASE,
}


@dataclass(frozen=True)
class Upcoming:
    topic: Topic
    lead: timedelta
    due_at: datetime
    event_at: datetime
    contract: Contract
    milestone: Milestone | None


@dataclass(frozen=True)
class RemindersOverview:
    upcoming: list[Upcoming]
    total: int
    attention: list[Attention]
    settings: UserSettings


@dataclass(frozen=True)
class About:
    """A reminder with its contract as it now stands."""

    topic: Topic
    lead: timedelta
    event_at: datetime
    view: ContractView
    milestone: Milestone | None
    settings: UserSettings


@dataclass(frozen=True)
class SnoozeOffer:
    reminder_id: int
    milestone_title: str | None
    deadline: datetime | None
    choices: list[SnoozeChoice]


@dataclass(frozen=True)
class Pressed:
    """The outcome of a DM button: what changed, to show in place of the buttons."""

    action: ReminderAction
    reminder_id: int
    milestone_title: str | None
    change: MilestoneChange | None = None
    confirm: ConfirmDelivery | None = None  # submitting it would deliver unfunded work: ask first
    snoozed_until: datetime | None = None
    no_longer_applies: bool = False


class ReminderService:
    def __init__(self, store: Store, contracts: ContractService, milestones: MilestoneService) -> None:
        self._store = store
        self._contracts = contracts
        self._milestones = milestones

    async def overview(self, owner_id: int, *, limit: int = LISTED) -> RemindersOverview:
        """What is coming, soonest first, and what needs the user now."""
        async with self._store.read(owner_id) as reading:
            settings = await reading.settings()
            rows = await reading.reminders.upcoming(owner_id, limit=limit)
            total = await reading.reminders.count_upcoming(owner_id)
            contracts = {c.id: c for c in await reading.contracts.of_owner(owner_id)}
        upcoming = []
        for row in rows:
            contract = contracts.get(row.contract_id or 0)
            if contract is None:
                continue
            milestone = contract.milestone(row.milestone_id) if row.milestone_id is not None else None
            upcoming.append(
                Upcoming(
                    Topic(row.topic),
                    timedelta(seconds=row.lead_seconds),
                    row.due_at,
                    row.event_at,
                    contract,
                    milestone,
                )
            )
        attention = [a for c in contracts.values() for a in needs_attention(c, reading.now)]
        return RemindersOverview(upcoming, total, attention, settings)

    async def press(self, owner_id: int, reminder_id: int, action: ReminderAction) -> Pressed:
        """Apply a DM button. NotFound for someone else's reminder; NotAllowed for a step that can't happen."""
        async with self._store.read(owner_id) as reading:
            row = await reading.reminders.get(owner_id, reminder_id)
        if row is None or row.contract_id is None:
            raise NotFound(N_("I can't find that reminder among yours any more."))
        if action is ReminderAction.NOT_YET:
            async with self._store.work(owner_id) as work:
                title = await _milestone_title(work, row)
                until = work.now + ASK_AGAIN
                going = send_moment(until, None, (await work.settings()).quiet_hours, work.now).at
                await work.reminders.snooze(row, until, going, work.now)
            self._store.wake(going)
            return Pressed(action, reminder_id, title, snoozed_until=going)
        if row.milestone_id is None:
            raise NotFound(N_("That reminder is about the contract, not a milestone."))
        if action in (ReminderAction.MUTE, ReminderAction.UNMUTE):
            muted = await self._milestones.set_muted(
                owner_id, row.contract_id, row.milestone_id, action is ReminderAction.MUTE
            )
            return Pressed(action, reminder_id, muted.title)
        outcome = await self._milestones.act(
            owner_id, row.contract_id, row.milestone_id, _STEP_OF_ACTION[action]
        )
        if isinstance(outcome, ConfirmDelivery):
            return Pressed(action, reminder_id, outcome.milestone.title, confirm=outcome)
        return Pressed(action, reminder_id, outcome.milestone.title, change=outcome)

    async def about(self, owner_id: int, reminder_id: int) -> About:
        """The reminder and its contract as it now stands (to view it, or to draft a message about it)."""
        async with self._store.read(owner_id) as reading:
            row = await _owned(reading, reminder_id)
            assert row.contract_id is not None
            contract = await reading.contract(row.contract_id)
            settings = await reading.settings()
        milestone = contract.milestone(row.milestone_id) if row.milestone_id is not None else None
        return About(
            Topic(row.topic),
            timedelta(seconds=row.lead_seconds),
            row.event_at,
            view_of(contract, reading.now),
            milestone,
            settings,
        )

    async def record_bonus(
        self, owner_id: int, reminder_id: int, amount: str, date: str | None = None
    ) -> ContractView:
        """A bonus on the contract the reminder is about."""
        async with self._store.read(owner_id) as reading:
            row = await _owned(reading, reminder_id)
        assert row.contract_id is not None
        return await self._contracts.bonus(owner_id, row.contract_id, amount, date)

    async def snooze_offer(self, owner_id: int, reminder_id: int) -> SnoozeOffer:
        """The times this reminder can be snoozed to, none past the moment it warns about."""
        async with self._store.read(owner_id) as reading:
            row = await _owned(reading, reminder_id)
            settings = await reading.settings()
            title = await _milestone_title(reading, row)
        deadline = _deadline(row)
        choices = snooze_choices(reading.now, deadline, settings.zone, settings.quiet_hours)
        return SnoozeOffer(reminder_id, title, deadline, choices)

    async def snooze(
        self, owner_id: int, reminder_id: int, *, until: datetime | None = None, typed: str | None = None
    ) -> Pressed:
        """Send this reminder again at `until` (or the time the user typed), never past its deadline."""
        async with self._store.work(owner_id) as work:
            row = await _owned(work, reminder_id)
            title = await _milestone_title(work, row)
            if typed is not None:
                until = due_date(typed, await work.settings(), work.now)
            assert until is not None
            until = check_snooze_until(until, work.now, _deadline(row))
            assert row.contract_id is not None
            contract = await work.contracts.load(owner_id, row.contract_id)
            enabled = (await work.settings()).reminders_enabled
            planned = plan_contract(contract, now=work.now, enabled=enabled) if contract else []
            if record_identity(row) not in {reminder.identity for reminder in planned}:
                return Pressed(ReminderAction.SNOOZE, reminder_id, title, no_longer_applies=True)
            # Quiet hours still hold a snoozed reminder, never past its deadline.
            going = send_moment(until, _deadline(row), (await work.settings()).quiet_hours, work.now).at
            await work.reminders.snooze(row, until, going, work.now)
        self._store.wake(going)
        return Pressed(ReminderAction.SNOOZE, reminder_id, title, snoozed_until=going)


def _deadline(row: ReminderRecord) -> datetime | None:
    return row.event_at if row.lead_seconds > 0 else None


async def _owned(reading: Reading, reminder_id: int) -> ReminderRecord:
    row = await reading.reminders.get(reading.owner_id, reminder_id)
    if row is None or row.contract_id is None:
        raise NotFound(N_("I can't find that reminder among yours any more."))
    return row


async def _milestone_title(reading: Reading, row: ReminderRecord) -> str | None:
    if row.milestone_id is None or row.contract_id is None:
        return None
    contract = await reading.contracts.load(reading.owner_id, row.contract_id)
    milestone = contract.milestone(row.milestone_id) if contract else None
    return milestone.title if milestone else None
