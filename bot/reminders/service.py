"""What a user does with reminders: list what is coming, and the DM buttons (record a step, snooze, mute).

Every action is checked against the presser: a reminder id that is not theirs is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.domain.errors import NotFound
from bot.domain.reminders import ReminderKind
from bot.reminders.notices import ReminderAction
from bot.reminders.replan import record_identity
from bot.services.context import ServiceContext
from bot.services.milestones import MilestoneService
from bot.services.models import MilestoneChange
from storage.contracts import Contracts
from storage.milestones import Milestones
from storage.reminders import ReminderRecord, Reminders, ReminderState
from storage.users import Users

SNOOZE = timedelta(days=1)
LISTED = 15


@dataclass(frozen=True)
class UpcomingReminder:
    kind: ReminderKind
    due_at: datetime
    event_at: datetime
    contract_title: str
    milestone_title: str | None


@dataclass(frozen=True)
class RemindersOverview:
    upcoming: list[UpcomingReminder]
    total: int
    enabled: bool
    timezone: str
    quiet_start: int | None
    quiet_end: int | None


@dataclass(frozen=True)
class Pressed:
    """The outcome of a DM button: what changed, to show in place of the buttons."""

    action: ReminderAction
    reminder_id: int
    milestone_title: str | None
    change: MilestoneChange | None = None
    snoozed_until: datetime | None = None
    no_longer_applies: bool = False


class ReminderService:
    def __init__(self, context: ServiceContext, milestones: MilestoneService) -> None:
        self._context = context
        self._milestones = milestones

    async def overview(self, owner_id: int, *, limit: int = LISTED) -> RemindersOverview:
        async with self._context.db.read() as conn:
            settings = await Users(conn).get(owner_id)
            repo = Reminders(conn)
            rows = await repo.upcoming(owner_id, limit=limit)
            total = await repo.count_upcoming(owner_id)
            upcoming = [await _describe(row, conn) for row in rows]
        return RemindersOverview(
            [u for u in upcoming if u is not None],
            total,
            settings.reminders_enabled,
            settings.timezone,
            settings.quiet_start,
            settings.quiet_end,
        )

    async def press(self, owner_id: int, reminder_id: int, action: ReminderAction) -> Pressed:
        """Apply a DM button. Raises NotFound for someone else's reminder, NotAllowed for an illegal step."""
        async with self._context.db.read() as conn:
            row = await Reminders(conn).get(owner_id, reminder_id)
            milestone = (
                await Milestones(conn).get(owner_id, row.milestone_id) if row and row.milestone_id else None
            )
        if row is None or row.contract_id is None:
            raise NotFound("I can't find that reminder among yours any more.")
        title = milestone.title if milestone else None
        if action is ReminderAction.SNOOZE:
            return await self._snooze(owner_id, row, title)
        if milestone is None:
            raise NotFound("That milestone no longer exists.")
        if action in (ReminderAction.MUTE, ReminderAction.UNMUTE):
            await self._milestones.set_muted(owner_id, milestone.id, action is ReminderAction.MUTE)
            return Pressed(action, reminder_id, title)
        change = await self._milestones.act(
            owner_id, action.value, contract=f"#{row.contract_id}", milestone=f"#{milestone.id}"
        )
        return Pressed(action, reminder_id, title, change=change)

    async def _snooze(self, owner_id: int, row: ReminderRecord, title: str | None) -> Pressed:
        """Send this reminder again a day from now, if what it is about is still true then."""
        assert row.contract_id is not None
        identity = record_identity(row)
        async with self._context.change(owner_id, row.contract_id) as change:
            repo = Reminders(change.conn)
            same = [
                r
                for r in await repo.for_contract(owner_id, row.contract_id)
                if record_identity(r) == identity
            ]
            waiting = [r for r in same if r.state is ReminderState.PENDING]
            if waiting:  # pressed twice, or snoozed already: one reminder tomorrow is enough
                return Pressed(ReminderAction.SNOOZE, row.id, title, snoozed_until=waiting[0].due_at)
            until = change.now + SNOOZE
            again = await repo.add(
                owner_id, row.contract_id, row.milestone_id, row.kind, row.event_at, until, change.now
            )
        # Re-planning in the same transaction cancelled it if the reminder no longer applies.
        async with self._context.db.read() as conn:
            added = await Reminders(conn).get(owner_id, again)
        if added is None or added.state is not ReminderState.PENDING:
            return Pressed(ReminderAction.SNOOZE, row.id, title, no_longer_applies=True)
        self._context.wake_scheduler()
        return Pressed(ReminderAction.SNOOZE, row.id, title, snoozed_until=until)


async def _describe(row: ReminderRecord, conn: aiosqlite.Connection) -> UpcomingReminder | None:
    if row.contract_id is None:
        return None
    contract = await Contracts(conn).get(row.owner_id, row.contract_id)
    if contract is None:
        return None
    milestone = await Milestones(conn).get(row.owner_id, row.milestone_id) if row.milestone_id else None
    try:
        kind = ReminderKind(row.kind)
    except ValueError:
        return None
    return UpcomingReminder(
        kind, row.due_at, row.event_at, contract.title, milestone.title if milestone else None
    )
