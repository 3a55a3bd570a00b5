"""Contracts, always read and written within one owner's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import fetch_all, fetch_one
from storage.timestamps import from_epoch, from_epoch_or_none, to_epoch, to_epoch_or_none


@dataclass(frozen=True)
class ContractRecord:
    id: int
    owner_id: int
    title: str
    client: str
    platform: str
    currency: str
    price_minor: int
    review_days: int | None
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class NewContract:
    owner_id: int
    title: str
    client: str
    platform: str
    currency: str
    price_minor: int
    review_days: int | None
    started_at: datetime


_COLUMNS = "id, owner_id, title, client, platform, currency, price_minor, review_days, started_at, ended_at"


def _record(row: aiosqlite.Row) -> ContractRecord:
    return ContractRecord(
        id=row["id"],
        owner_id=row["owner_id"],
        title=row["title"],
        client=row["client"],
        platform=row["platform"],
        currency=row["currency"],
        price_minor=row["price_minor"],
        review_days=row["review_days"],
        started_at=from_epoch(row["started_at"]),
        ended_at=from_epoch_or_none(row["ended_at"]),
    )


class Contracts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, new: NewContract, now: datetime) -> ContractRecord:
        row = await fetch_one(
            self._conn,
            "INSERT INTO contracts (owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + _COLUMNS,
            (
                new.owner_id,
                new.title,
                new.client,
                new.platform,
                new.currency,
                new.price_minor,
                new.review_days,
                to_epoch(new.started_at),
                to_epoch(now),
            ),
        )
        assert row is not None
        return _record(row)

    async def get(self, owner_id: int, contract_id: int) -> ContractRecord | None:
        row = await fetch_one(
            self._conn,
            f"SELECT {_COLUMNS} FROM contracts WHERE owner_id = ? AND id = ?",
            (owner_id, contract_id),
        )
        return _record(row) if row else None

    async def title_taken(self, owner_id: int, title: str, *, except_id: int | None = None) -> bool:
        return (
            await fetch_one(
                self._conn,
                "SELECT 1 FROM contracts WHERE owner_id = ? AND title = ? COLLATE NOCASE AND id IS NOT ?",
                (owner_id, title, except_id),
            )
            is not None
        )

    async def of_owner(self, owner_id: int, *, status: str = "all") -> list[ContractRecord]:
        """Newest first; `status` is active, ended or all."""
        condition = {"active": "AND ended_at IS NULL", "ended": "AND ended_at IS NOT NULL", "all": ""}[status]
        return [
            _record(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_COLUMNS} FROM contracts WHERE owner_id = ? {condition} ORDER BY started_at DESC, id DESC",
                (owner_id,),
            )
        ]

    async def search(self, owner_id: int, text: str, *, limit: int = 25) -> list[ContractRecord]:
        """The owner's contracts whose title contains `text` (case-insensitive), active first."""
        return [
            _record(row)
            for row in await fetch_all(
                self._conn,
                f"SELECT {_COLUMNS} FROM contracts WHERE owner_id = ? AND instr(lower(title), lower(?)) > 0"
                " ORDER BY ended_at IS NOT NULL, instr(lower(title), lower(?)), started_at DESC LIMIT ?",
                (owner_id, text, text, limit),
            )
        ]

    async def end(self, owner_id: int, contract_id: int, ended_at: datetime) -> None:
        await self._conn.execute(
            "UPDATE contracts SET ended_at = ? WHERE owner_id = ? AND id = ?",
            (to_epoch_or_none(ended_at), owner_id, contract_id),
        )

    async def delete(self, owner_id: int, contract_id: int) -> bool:
        cur = await self._conn.execute(
            "DELETE FROM contracts WHERE owner_id = ? AND id = ?", (owner_id, contract_id)
        )
        return cur.rowcount > 0

    async def delete_all(self, owner_id: int) -> int:
        cur = await self._conn.execute("DELETE FROM contracts WHERE owner_id = ?", (owner_id,))
        return cur.rowcount
