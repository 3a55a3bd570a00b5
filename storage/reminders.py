"""Reminder rows: planned, claimed for sending, sent, cancelled or undeliverable.

Rows a user acts on are read and written within the owner's scope. The scheduler's queries (what is due
next, what a dead process left claimed) span every owner: delivering everyone's reminders is its job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.connection import Connection, Row
from storage.timestamps import from_epoch, from_epoch_or_none, to_epoch


class ReminderState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    CANCELLED = "cancelled"
    UNDELIVERABLE = "undeliverable"


@dataclass(frozen=True)
class ReminderRecord:
    id: int
    owner_id: int
    contract_id: int | None
    milestone_id: int | None
    topic: str
    lead_seconds: int  # before the event; negative: after it
    event_at: datetime
    due_at: datetime
    intended_at: datetime  # when the user should have got it; due_at is the next attempt
    state: ReminderState
    attempts: int
    snoozed_until: datetime | None  # the moment the user chose, if they snoozed it
    batch_id: int | None
    sent_at: datetime | None
    message_id: int | None


@dataclass(frozen=True)
class NewReminder:
    milestone_id: int | None
    topic: str
    lead_seconds: int
    event_at: datetime
    due_at: datetime


_COLUMNS = (
    "id, owner_id, contract_id, milestone_id, kind, lead_seconds, event_at, due_at, coalesce(intended_at, due_at) AS intended,"
    " state, attempts, snoozed_until, batch_id, sent_at, message_id"
)
# PostgreSQL: the NOTIFY channel on which a planned reminder's due moment (epoch seconds) is announced.
REMINDERS_CHANNEL = "reminders_planned"
_ROWS_PER_INSERT = 1000  # 9 parameters a row; SQLite allows 32,766 in one statement
# The partial index over unsent rows serves these queries only when they name its condition.
_UNSENT = "state IN ('pending', 'claimed')"


def _record(row: Row) -> ReminderRecord:
    return ReminderRecord(
        id=row["id"],
        owner_id=row["owner_id"],
        contract_id=row["contract_id"],
        milestone_id=row["milestone_id"],
        topic=row["kind"],
        lead_seconds=row["lead_seconds"],
        event_at=from_epoch(row["event_at"]),
        due_at=from_epoch(row["due_at"]),
        intended_at=from_epoch(row["intended"]),
        state=ReminderState(row["state"]),
        attempts=row["attempts"],
        snoozed_until=from_epoch_or_none(row["snoozed_until"]),
        batch_id=row["batch_id"],
        sent_at=from_epoch_or_none(row["sent_at"]),
        message_id=row["message_id"],
    )


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class Reminders:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # planning (one owner's contract)

    async def for_contract(self, owner_id: int, contract_id: int) -> list[ReminderRecord]:
        """Every row of the contract, sent and cancelled ones too: re-planning must not repeat a sent one."""
        return [
            _record(row)
            for row in await self._conn.fetch_all(  # `+owner_id` keeps SQLite on the contract's index: an owner may have far more rows than a contract.
                f"SELECT {_COLUMNS} FROM reminders WHERE +owner_id = ? AND contract_id = ?",
                (owner_id, contract_id),
            )
        ]

    async def add_many(
        self, owner_id: int, contract_id: int, planned: Sequence[NewReminder], now: datetime
    ) -> None:
        """Insert a contract's planned reminders in one statement (a contract plans a handful; a huge one
        takes a statement per `_ROWS_PER_INSERT`, under SQLite's limit on parameters)."""
        for start in range(0, len(planned), _ROWS_PER_INSERT):
            await self._insert(owner_id, contract_id, planned[start : start + _ROWS_PER_INSERT], now)
        if planned:
            await self._announce(min(r.due_at for r in planned))

    async def _announce(self, due_at: datetime) -> None:
        """PostgreSQL: tell every process's scheduler, when this transaction commits, that a reminder is
        due at `due_at` (on SQLite the one process's services ring its scheduler themselves)."""
        if self._conn.dialect == "postgresql":
            await self._conn.execute("SELECT pg_notify(?, ?)", (REMINDERS_CHANNEL, str(to_epoch(due_at))))

    async def _insert(
        self, owner_id: int, contract_id: int, rows: Sequence[NewReminder], now: datetime
    ) -> None:
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
        params = [
            value
            for r in rows
            for value in (
                owner_id,
                contract_id,
                r.milestone_id,
                r.topic,
                r.lead_seconds,
                to_epoch(r.event_at),
                to_epoch(r.due_at),
                to_epoch(r.due_at),
                to_epoch(now),
            )
        ]
        await self._conn.execute(
            "INSERT INTO reminders (owner_id, contract_id, milestone_id, kind, lead_seconds, event_at, due_at,"
            f" intended_at, created_at) VALUES {values}",
            params,
        )

    async def snooze(self, row: ReminderRecord, until: datetime, go_at: datetime, now: datetime) -> None:
        """The same reminder again, as the user chose `until` (going out at `go_at`, which quiet hours may
        have moved): a waiting copy moves there, or a new one is added."""
        moved = await self._conn.execute(
            "UPDATE reminders SET due_at = ?, intended_at = ?, snoozed_until = ? WHERE owner_id = ? AND contract_id = ?"
            " AND milestone_id IS NOT DISTINCT FROM ? AND kind = ? AND lead_seconds = ? AND event_at = ? AND state = 'pending'",
            (
                to_epoch(go_at),
                to_epoch(go_at),
                to_epoch(until),
                row.owner_id,
                row.contract_id,
                row.milestone_id,
                row.topic,
                row.lead_seconds,
                to_epoch(row.event_at),
            ),
        )
        await self._announce(go_at)
        if moved:
            return
        await self._conn.execute(
            "INSERT INTO reminders (owner_id, contract_id, milestone_id, kind, lead_seconds, event_at, due_at,"
            " intended_at, snoozed_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.owner_id,
                row.contract_id,
                row.milestone_id,
                row.topic,
                row.lead_seconds,
                to_epoch(row.event_at),
                to_epoch(go_at),
                to_epoch(go_at),
                to_epoch(until),
                to_epoch(now),
            ),
        )

    async def cancel(self, owner_id: int, ids: Sequence[int]) -> int:
        """Cancel rows still waiting; a row already claimed is being sent and is left to the scheduler."""
        if not ids:
            return 0
        return await self._conn.execute(
            f"UPDATE reminders SET state = 'cancelled' WHERE owner_id = ? AND state = 'pending'"
            f" AND id IN ({_marks(ids)})",
            (owner_id, *ids),
        )

    # what a user sees and does

    async def get(self, owner_id: int, reminder_id: int) -> ReminderRecord | None:
        row = await self._conn.fetch_one(
            f"SELECT {_COLUMNS} FROM reminders WHERE owner_id = ? AND id = ?",
            (owner_id, reminder_id),
        )
        return _record(row) if row else None

    async def upcoming(self, owner_id: int, *, limit: int) -> list[ReminderRecord]:
        return [
            _record(row)
            for row in await self._conn.fetch_all(
                f"SELECT {_COLUMNS} FROM reminders WHERE owner_id = ? AND state = 'pending'"
                " ORDER BY due_at, id LIMIT ?",
                (owner_id, limit),
            )
        ]

    async def count_upcoming(self, owner_id: int) -> int:
        row = await self._conn.fetch_one(
            "SELECT count(*) FROM reminders WHERE owner_id = ? AND state = 'pending'", (owner_id,)
        )
        return int(row[0]) if row else 0

    # the scheduler (every owner)

    async def next_due_at(self) -> datetime | None:
        row = await self._conn.fetch_one(
            f"SELECT due_at FROM reminders WHERE {_UNSENT} AND state = 'pending' ORDER BY due_at LIMIT 1",
        )
        return from_epoch(row[0]) if row else None

    async def due(self, until: datetime, *, limit: int) -> list[ReminderRecord]:
        """Pending rows due at or before `until`, oldest first, for claiming in this transaction.

        On PostgreSQL they are locked until it ends, skipping rows another process is claiming: each row is
        claimed by one process only (on SQLite the one writer at a time sees to that).
        """
        lock = " FOR UPDATE SKIP LOCKED" if self._conn.dialect == "postgresql" else ""
        return [
            _record(row)
            for row in await self._conn.fetch_all(
                f"SELECT {_COLUMNS} FROM reminders WHERE {_UNSENT} AND state = 'pending' AND due_at <= ?"
                f" ORDER BY due_at, id LIMIT ?{lock}",
                (to_epoch(until), limit),
            )
        ]

    async def release_claimed(self) -> int:
        """Put every claimed row back in line (at start: no send is in flight), keeping its batch."""
        return await self._conn.execute(
            f"UPDATE reminders SET state = 'pending' WHERE {_UNSENT} AND state = 'claimed'"
        )

    async def most_attempts(self, ids: Sequence[int]) -> int:
        row = await self._conn.fetch_one(
            f"SELECT max(attempts) FROM reminders WHERE id IN ({_marks(ids)})", tuple(ids)
        )
        return int(row[0] or 0) if row else 0

    async def claim(self, batches: Sequence[tuple[int, Sequence[int]]], now: datetime) -> None:
        """Mark rows as being sent: each (batch id, its reminder ids) is one DM."""
        at = to_epoch(now)
        await self._conn.executemany(
            "UPDATE reminders SET state = 'claimed', claimed_at = ?, batch_id = ?, attempts = attempts + 1"
            " WHERE id = ? AND state = 'pending'",
            [(at, batch_id, reminder_id) for batch_id, ids in batches for reminder_id in ids],
        )

    async def mark_sent(self, ids: Sequence[int], message_id: int, now: datetime) -> None:
        await self._conn.execute(
            f"UPDATE reminders SET state = 'sent', sent_at = ?, message_id = ? WHERE id IN ({_marks(ids)})"
            " AND state = 'claimed'",
            (to_epoch(now), message_id, *ids),
        )

    async def mark_undeliverable(self, ids: Sequence[int], now: datetime) -> None:
        await self._conn.execute(
            f"UPDATE reminders SET state = 'undeliverable', sent_at = ? WHERE id IN ({_marks(ids)})"
            " AND state = 'claimed'",
            (to_epoch(now), *ids),
        )

    async def retry_at(self, ids: Sequence[int], at: datetime) -> None:
        """Back to waiting after a failed attempt, in the same batch, keeping when it was meant to arrive."""
        await self._conn.execute(
            f"UPDATE reminders SET state = 'pending', intended_at = coalesce(intended_at, due_at), due_at = ?"
            f" WHERE id IN ({_marks(ids)}) AND state = 'claimed'",
            (to_epoch(at), *ids),
        )

    async def reschedule(self, owner_id: int, moves: Sequence[tuple[int, datetime]]) -> None:
        """Give waiting rows a new moment to go out, which is also when they are meant to arrive."""
        await self._conn.executemany(
            "UPDATE reminders SET due_at = ?, intended_at = ? WHERE owner_id = ? AND id = ? AND state = 'pending'",
            [(to_epoch(at), to_epoch(at), owner_id, reminder_id) for reminder_id, at in moves],
        )
        if moves:
            await self._announce(min(at for _, at in moves))

    async def defer(self, ids: Sequence[int], until: datetime) -> None:
        """Move rows to the end of the user's quiet hours: that is when they are meant to arrive now."""
        await self._conn.execute(
            f"UPDATE reminders SET due_at = ?, intended_at = ? WHERE id IN ({_marks(ids)}) AND state = 'pending'",
            (to_epoch(until), to_epoch(until), *ids),
        )
