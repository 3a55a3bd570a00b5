"""Bring a contract's stored reminders in line with its plan, inside the transaction that changed it.

Rows are matched to the plan by identity (topic, lead, what it is about, the event's moment): a row still
planned is left alone, a waiting row no longer planned is cancelled, and a planned reminder with no row
yet is inserted. A warning already sent stays sent: one planned again for the same milestone and topic
whose event moved by less than the warning's lead (a date edited back and forth, or nudged) is the same
warning, and is not sent twice. Each due moment already honours the user's quiet hours, moved earlier
rather than past the moment the reminder warns about.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.contracts import Contract
from bot.domain.quiet_hours import send_moment
from bot.domain.reminders import Identity, PlannedReminder, Topic, identity_of, plan_contract
from bot.domain.users import UserSettings
from storage.connection import Connection
from storage.reminders import NewReminder, ReminderRecord, Reminders, ReminderState

# A warning whose event moved by less than this is still the same warning (for leads shorter than it).
SAME_WARNING = timedelta(days=1)


async def replan_contract(
    conn: Connection, contract: Contract, settings: UserSettings, now: datetime
) -> datetime | None:
    """Sync the contract's reminder rows with its plan; the soonest due moment added or moved, if any."""
    plan = plan_contract(
        contract, now=now, enabled=settings.reminders_enabled, leads=settings.reminder_times.leads
    )
    quiet = settings.quiet_hours
    wanted = {
        reminder.identity: (reminder, send_moment(reminder.due_at, reminder.deadline, quiet, now).at)
        for reminder in plan
    }
    repo = Reminders(conn)
    rows = await repo.for_contract(contract.owner_id, contract.id)
    live = [row for row in rows if row.state is not ReminderState.CANCELLED]
    taken = {identity for row in live if (identity := record_identity(row)) is not None}
    sent = [row for row in live if row.state is not ReminderState.PENDING]

    obsolete: list[int] = []
    moves: list[tuple[int, datetime]] = []
    for row in rows:
        if row.state is not ReminderState.PENDING:
            continue
        planned = wanted.get(record_identity(row))  # type: ignore[arg-type]
        if planned is None:
            obsolete.append(row.id)
            continue
        reminder, due = planned
        if row.snoozed_until is not None:  # the user's chosen moment stands in for the planned one
            due = send_moment(row.snoozed_until, reminder.deadline, quiet, now).at
        if (
            row.attempts == 0 and row.due_at != due
        ):  # quiet hours or the zone changed; a retry keeps its back-off
            moves.append((row.id, due))
    await repo.cancel(contract.owner_id, obsolete)
    await repo.reschedule(contract.owner_id, moves)

    missing = [
        NewReminder(
            reminder.milestone_id, reminder.topic.value, _seconds(reminder.lead), reminder.event_at, due
        )
        for identity, (reminder, due) in wanted.items()
        if identity not in taken and not _already_warned(reminder, sent)
    ]
    await repo.add_many(contract.owner_id, contract.id, missing, now)
    changed = [due for _, due in moves] + [reminder.due_at for reminder in missing]
    return min(changed, default=None)


def _already_warned(reminder: PlannedReminder, sent: list[ReminderRecord]) -> bool:
    """The same warning went out already for nearly the same moment (the date moved, then back)."""
    tolerance = max(abs(reminder.lead), SAME_WARNING)
    lead = _seconds(reminder.lead)
    return any(
        row.topic == reminder.topic.value
        and row.lead_seconds == lead
        and row.milestone_id == reminder.milestone_id
        and abs(row.event_at - reminder.event_at) < tolerance
        for row in sent
    )


def record_identity(row: ReminderRecord) -> Identity | None:
    """A stored row's identity; None for a topic this version no longer plans (it is then cancelled)."""
    try:
        topic = Topic(row.topic)
    except ValueError:
        return None
    assert row.contract_id is not None
    return identity_of(
        topic, timedelta(seconds=row.lead_seconds), row.contract_id, row.milestone_id, row.event_at
    )


def _seconds(lead: timedelta) -> int:
    return int(lead.total_seconds())
