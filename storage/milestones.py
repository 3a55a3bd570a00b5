"""Milestones and their event history, always scoped by owner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import aiosqlite

from storage.query import fetch_all, fetch_one
from storage.timestamps import from_epoch, from_epoch_or_none, to_epoch, to_epoch_or_none


class MilestoneRecord(NamedTuple):
    """A milestone row: the stored state is the fold of its events, kept for fast reads.

    A named tuple rather than a frozen dataclass: /summary makes hundreds per call, and a tuple is built
    several times faster."""

    id: int
    contract_id: int
    owner_id: int
    position: int
    title: str
    amount_minor: int
    due_at: datetime | None
    status: str
    funded: bool
    released_minor: int
    refunded_minor: int
    funded_at: datetime | None
    submitted_at: datetime | None
    review_ends_at: datetime | None
    released_at: datetime | None
    funds_available_at: datetime | None
    refund_requested_at: datetime | None
    refund_deadline_at: datetime | None
    status_changed_at: datetime
    muted: bool


@dataclass(frozen=True)
class MilestoneStateColumns:
    """The columns an event may change."""

    status: str
    funded: bool
    amount_minor: int
    released_minor: int
    refunded_minor: int
    funded_at: datetime | None
    submitted_at: datetime | None
    review_ends_at: datetime | None
    released_at: datetime | None
    funds_available_at: datetime | None
    refund_requested_at: datetime | None
    refund_deadline_at: datetime | None
    status_changed_at: datetime


@dataclass(frozen=True)
class EventRecord:
    id: int
    milestone_id: int
    kind: str
    at: datetime
    amount_minor: int | None
    detail: dict[str, Any] | None
    recorded_at: datetime


_COLUMNS = (
    "id, contract_id, owner_id, position, title, amount_minor, due_at, status, funded, released_minor,"
    " refunded_minor, funded_at, submitted_at, review_ends_at, released_at, funds_available_at, refund_requested_at,"
    " refund_deadline_at, status_changed_at, muted"
)


def _record(row: aiosqlite.Row) -> MilestoneRecord:
    """Positional, in `_COLUMNS` order: /summary decodes hundreds of rows per call."""
    (
        id_,
        contract_id,
        owner_id,
        position,
        title,
        amount_minor,
        due_at,
        status,
        funded,
        released_minor,
        refunded_minor,
        funded_at,
        submitted_at,
        review_ends_at,
        released_at,
        funds_available_at,
        refund_requested_at,
        refund_deadline_at,
        status_changed_at,
        muted,
    ) = row
    return MilestoneRecord(
        id=id_,
        contract_id=contract_id,
        owner_id=owner_id,
        position=position,
        title=title,
        amount_minor=amount_minor,
        due_at=from_epoch_or_none(due_at),
        status=status,
        funded=bool(funded),
        released_minor=released_minor,
        refunded_minor=refunded_minor,
        funded_at=from_epoch_or_none(funded_at),
        submitted_at=from_epoch_or_none(submitted_at),
        review_ends_at=from_epoch_or_none(review_ends_at),
        released_at=from_epoch_or_none(released_at),
        funds_available_at=from_epoch_or_none(funds_available_at),
        refund_requested_at=from_epoch_or_none(refund_requested_at),
        refund_deadline_at=from_epoch_or_none(refund_deadline_at),
        status_changed_at=from_epoch(status_changed_at),
        muted=bool(muted),
    )


class Milestones:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        owner_id: int,
        contract_id: int,
        title: str,
        amount_minor: int,
        due_at: datetime | None,
        status: str,
        now: datetime,
    ) -> MilestoneRecord:
        row = await fetch_one(
            self._conn,
            "INSERT INTO milestones (contract_id, owner_id, position, title, amount_minor, due_at, status,"
            " status_changed_at, created_at)"
            " VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM milestones WHERE contract_id = ?),"
            " ?, ?, ?, ?, ?, ?) RETURNING " + _COLUMNS,
            (
                contract_id,
                owner_id,
                contract_id,
                title,
                amount_minor,
                to_epoch_or_none(due_at),
                status,
                to_epoch(now),
                to_epoch(now),
            ),
        )
        assert row is not None
        return _record(row)

    async def get(self, owner_id: int, milestone_id: int) -> MilestoneRecord | None:
        row = await fetch_one(
            self._conn,
            f"SELECT {_COLUMNS} FROM milestones WHERE owner_id = ? AND id = ?",
            (owner_id, milestone_id),
        )
        return _record(row) if row else None

    async def for_contract(self, owner_id: int, contract_id: int) -> list[MilestoneRecord]:
        return [
            _record(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_COLUMNS} FROM milestones WHERE owner_id = ? AND contract_id = ? ORDER BY position",
                (owner_id, contract_id),
            )
        ]

    async def for_contracts(self, owner_id: int, contract_ids: list[int]) -> list[MilestoneRecord]:
        if not contract_ids:
            return []
        marks = ",".join("?" * len(contract_ids))
        return [
            _record(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_COLUMNS} FROM milestones WHERE owner_id = ? AND contract_id IN ({marks})"
                " ORDER BY contract_id, position",
                (owner_id, *contract_ids),
            )
        ]

    async def search(
        self, owner_id: int, contract_id: int, text: str, *, limit: int = 25
    ) -> list[MilestoneRecord]:
        return [
            _record(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_COLUMNS} FROM milestones WHERE owner_id = ? AND contract_id = ?"
                " AND instr(lower(title), lower(?)) > 0 ORDER BY position LIMIT ?",
                (owner_id, contract_id, text, limit),
            )
        ]

    async def title_taken(
        self, owner_id: int, contract_id: int, title: str, *, except_id: int | None = None
    ) -> bool:
        return (
            await fetch_one(
                self._conn,
                "SELECT 1 FROM milestones WHERE owner_id = ? AND contract_id = ? AND title = ? COLLATE NOCASE"
                " AND id IS NOT ?",
                (owner_id, contract_id, title, except_id),
            )
            is not None
        )

    async def save_state(self, owner_id: int, milestone_id: int, state: MilestoneStateColumns) -> None:
        await self._conn.execute(
            "UPDATE milestones SET status = ?, funded = ?, amount_minor = ?, released_minor = ?,"
            " refunded_minor = ?, funded_at = ?, submitted_at = ?, review_ends_at = ?, released_at = ?,"
            " funds_available_at = ?, refund_requested_at = ?, refund_deadline_at = ?, status_changed_at = ?"
            " WHERE owner_id = ? AND id = ?",
            (
                state.status,
                int(state.funded),
                state.amount_minor,
                state.released_minor,
                state.refunded_minor,
                to_epoch_or_none(state.funded_at),
                to_epoch_or_none(state.submitted_at),
                to_epoch_or_none(state.review_ends_at),
                to_epoch_or_none(state.released_at),
                to_epoch_or_none(state.funds_available_at),
                to_epoch_or_none(state.refund_requested_at),
                to_epoch_or_none(state.refund_deadline_at),
                to_epoch(state.status_changed_at),
                owner_id,
                milestone_id,
            ),
        )

    async def edit(
        self, owner_id: int, milestone_id: int, *, title: str, amount_minor: int, due_at: datetime | None
    ) -> None:
        await self._conn.execute(
            "UPDATE milestones SET title = ?, amount_minor = ?, due_at = ? WHERE owner_id = ? AND id = ?",
            (title, amount_minor, to_epoch_or_none(due_at), owner_id, milestone_id),
        )

    async def set_muted(self, owner_id: int, milestone_id: int, muted: bool) -> bool:
        cur = await self._conn.execute(
            "UPDATE milestones SET muted = ? WHERE owner_id = ? AND id = ?",
            (int(muted), owner_id, milestone_id),
        )
        return cur.rowcount > 0

    async def delete(self, owner_id: int, milestone_id: int) -> bool:
        cur = await self._conn.execute(
            "DELETE FROM milestones WHERE owner_id = ? AND id = ?", (owner_id, milestone_id)
        )
        return cur.rowcount > 0

    async def add_event(
        self,
        owner_id: int,
        milestone_id: int,
        kind: str,
        at: datetime,
        now: datetime,
        *,
        amount_minor: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, amount_minor, detail, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                milestone_id,
                owner_id,
                kind,
                to_epoch(at),
                amount_minor,
                json.dumps(detail) if detail is not None else None,
                to_epoch(now),
            ),
        )

    async def events(self, owner_id: int, milestone_id: int) -> list[EventRecord]:
        rows = await fetch_all(
            self._conn,
            "SELECT id, milestone_id, kind, at, amount_minor, detail, recorded_at FROM milestone_events"
            " WHERE owner_id = ? AND milestone_id = ? ORDER BY id",
            (owner_id, milestone_id),
        )
        return [
            EventRecord(
                id=row["id"],
                milestone_id=row["milestone_id"],
                kind=row["kind"],
                at=from_epoch(row["at"]),
                amount_minor=row["amount_minor"],
                detail=json.loads(row["detail"]) if row["detail"] else None,
                recorded_at=from_epoch(row["recorded_at"]),
            )
            for row in rows
        ]
