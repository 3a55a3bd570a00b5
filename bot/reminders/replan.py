"""Re-plan a contract's reminders inside the transaction that changed it.

Rows are matched to the plan by identity (kind, what it is about, the event's moment): a row still
planned is left alone, a waiting row no longer planned is cancelled, and a planned reminder with no row
yet (or only cancelled ones) is inserted. A row already sent keeps its identity taken, so nothing is
sent twice however often a contract is re-planned.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.reminders import Identity, ReminderKind, identity_of, plan_contract
from bot.reminders.facts import load_snapshot
from storage.contracts import Contracts
from storage.reminders import NewReminder, ReminderRecord, Reminders, ReminderState
from storage.users import Users

# Far more than one person's contracts can plan (a few per milestone); a bound for one query.
MAX_PENDING_PER_OWNER = 10_000


async def replan_contract(conn: aiosqlite.Connection, owner_id: int, contract_id: int, now: datetime) -> bool:
    """Bring the contract's pending reminders in line with its milestones' state.

    Returns True when a reminder was added, so the caller wakes the scheduler after committing.
    """
    snapshot = await load_snapshot(conn, owner_id, contract_id, now)
    if snapshot is None:  # deleted: its reminders went with it
        return False
    settings = await Users(conn).get(owner_id)
    plan = plan_contract(
        snapshot.facts, snapshot.milestone_facts(), reminders_enabled=settings.reminders_enabled, now=now
    )
    wanted = {reminder.identity: reminder for reminder in plan}
    repo = Reminders(conn)
    rows = await repo.for_contract(owner_id, contract_id)
    taken = {record_identity(row) for row in rows if row.state is not ReminderState.CANCELLED}
    obsolete = [
        row.id for row in rows if row.state is ReminderState.PENDING and record_identity(row) not in wanted
    ]
    await repo.cancel(owner_id, obsolete)
    missing = [
        NewReminder(reminder.milestone_id, reminder.kind.value, reminder.event_at, reminder.due_at)
        for identity, reminder in wanted.items()
        if identity not in taken
    ]
    await repo.add_many(owner_id, contract_id, missing, now)
    return bool(missing)


async def replan_owner(conn: aiosqlite.Connection, owner_id: int, now: datetime) -> bool:
    """Re-plan every contract of the owner (after a settings change such as turning reminders off)."""
    added = False
    for contract in await Contracts(conn).of_owner(owner_id, status="all"):
        added = await replan_contract(conn, owner_id, contract.id, now) or added
    return added


async def undo_deferrals(conn: aiosqlite.Connection, owner_id: int, now: datetime) -> bool:
    """Put reminders held back under the user's old quiet hours or zone back at their planned moments.

    The scheduler applies the current quiet hours when they come due, so nothing waits on a window the
    user no longer has. Returns True when a reminder moved earlier, so the caller wakes the scheduler.
    """
    repo = Reminders(conn)
    moves = []
    for row in await repo.upcoming(owner_id, limit=MAX_PENDING_PER_OWNER):
        identity = record_identity(row)
        if identity is None:
            continue
        planned = max(row.event_at - identity[0].before, now)
        if row.due_at > planned:
            moves.append((row.id, planned))
    await repo.reschedule(owner_id, moves)
    return bool(moves)


def record_identity(row: ReminderRecord) -> Identity | None:
    """A stored row's identity; None for a kind this version no longer plans (it is then cancelled)."""
    try:
        kind = ReminderKind(row.kind)
    except ValueError:
        return None
    assert row.contract_id is not None
    return identity_of(kind, row.contract_id, row.milestone_id, row.event_at)
