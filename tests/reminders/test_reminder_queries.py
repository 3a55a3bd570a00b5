"""The reminder queries the scheduler, re-planning and the list run use indexes, not scans of every reminder.

The statements are the ones the repository really issues (caught with SQLite's trace callback, their
parameters bound), so a change to a query is checked as written, not a copy of it kept here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.services import Services, Store
from storage.connection import SqliteConnection
from storage.database import Database
from storage.reminders import NewReminder, ReminderRecord, Reminders, ReminderState

pytestmark = pytest.mark.sqlite_only("SQLite's query plans (EXPLAIN QUERY PLAN, its trace callback)")

# The partial index over reminders still to send (pending or claimed): small, whatever the history.
UNSENT_INDEX = "INDEX reminders_pending_due"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ROW = ReminderRecord(
    id=1,
    owner_id=1,
    contract_id=1,
    milestone_id=1,
    topic="unfunded",
    lead_seconds=86400,
    event_at=NOW,
    due_at=NOW,
    intended_at=NOW,
    state=ReminderState.SENT,
    attempts=1,
    snoozed_until=None,
    batch_id=1,
    sent_at=NOW,
    message_id=1,
)

Call = Callable[[Reminders], Awaitable[object]]
CALLS: dict[str, Call] = {
    "next due (scheduler)": lambda r: r.next_due_at(),
    "due now (scheduler)": lambda r: r.due(NOW, limit=200),
    "left claimed (start)": lambda r: r.release_claimed(),
    "claim (scheduler)": lambda r: r.claim([(1, [1, 2])], NOW),
    "mark sent (scheduler)": lambda r: r.mark_sent([1, 2], 7, NOW),
    "mark undeliverable (scheduler)": lambda r: r.mark_undeliverable([1, 2], NOW),
    "retry later (scheduler)": lambda r: r.retry_at([1, 2], NOW),
    "attempts so far (scheduler)": lambda r: r.most_attempts([1, 2]),
    "hold for quiet hours (scheduler)": lambda r: r.defer([1], NOW),
    "a contract's reminders (re-planning)": lambda r: r.for_contract(1, 1),
    "cancel (re-planning)": lambda r: r.cancel(1, [1, 2]),
    "move (re-planning)": lambda r: r.reschedule(1, [(1, NOW)]),
    "add (re-planning)": lambda r: r.add_many(1, 1, [NewReminder(1, "unfunded", 3600, NOW, NOW)], NOW),
    "snooze (a button)": lambda r: r.snooze(ROW, NOW, NOW, NOW),
    "one reminder (a button)": lambda r: r.get(1, 1),
    "a user's upcoming (/reminders list)": lambda r: r.upcoming(1, limit=15),
    "how many upcoming (/reminders list)": lambda r: r.count_upcoming(1),
}


async def _statements(conn: SqliteConnection, call: Call) -> list[str]:
    """The statements `call` runs on reminders, as SQLite saw them."""
    seen: list[str] = []
    await conn.raw.set_trace_callback(seen.append)
    try:
        await call(Reminders(conn))
    finally:
        await conn.raw.set_trace_callback(None)
    return [sql for sql in seen if "reminders" in sql]


async def _plan(conn: SqliteConnection, sql: str) -> list[str]:
    return [row[3] for row in await conn.fetch_all(f"EXPLAIN QUERY PLAN {sql}")]


@pytest.mark.parametrize("name", list(CALLS))
async def test_reminder_query_uses_an_index(db: Database, name: str) -> None:
    services = Services.build(Store(db, ManualClock(NOW)))
    contract = await services.contracts.add(1, title="Logo", client="Dana", price="100")
    await services.milestones.add(1, contract.contract.id, title="Sketches", amount="50", due="in 4 days")
    async with db.write() as conn:
        assert isinstance(conn, SqliteConnection)
        statements = await _statements(conn, CALLS[name])
        assert statements, f"{name} ran no statement on reminders"
        for sql in statements:
            if sql.startswith("INSERT") and "SELECT" not in sql:
                continue  # a plain insert reads nothing
            steps = await _plan(conn, sql)
            plan = " / ".join(steps)
            on_reminders = [step for step in steps if " reminders" in f" {step}"]
            assert on_reminders, f"{sql}\n{plan}"
            for step in on_reminders:
                # SEARCH: a lookup through an index or the row id. A SCAN reads a whole table or index,
                # which is fine only for the partial index that holds nothing but unsent reminders.
                assert step.startswith("SEARCH") or UNSENT_INDEX in step, f"{sql}\n{plan}"
            assert "TEMP B-TREE" not in plan, f"{sql}\n{plan}"
