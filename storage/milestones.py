"""Milestones, their history and their ledger, always scoped by owner.

A milestone row holds its plan and its stage; its money is the ledger: the history's money events (fund,
release, refund, void), each with the exact amount it moved. Both are read in one query, the milestone's
columns repeated beside each of its entries, and mapped to the domain's `Milestone` here and only here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.domain.ledger import EMPTY_LEDGER, Entry, Ledger, Movement
from bot.domain.lifecycle import Milestone, Stage, Step
from bot.domain.money import Money
from storage.connection import Connection, Row
from storage.timestamps import from_epoch, from_epoch_or_none, to_epoch, to_epoch_or_none

_LEDGER_KINDS = "('fund', 'release', 'refund', 'void')"
_MILESTONE_COLUMNS = "m.id, m.contract_id, m.position, m.title, m.amount_minor, m.due_at, m.changed_at, m.stage, m.stage_at, m.muted"
# Every milestone with each of its ledger entries (or none): ordered so a milestone's rows are together.
_WITH_LEDGER = (
    f"SELECT {_MILESTONE_COLUMNS}, e.kind, e.amount_minor, e.at FROM milestones AS m"
    f" LEFT JOIN milestone_events AS e ON e.milestone_id = m.id AND e.kind IN {_LEDGER_KINDS}"
)
_ORDER = " ORDER BY m.contract_id, m.position, m.id, e.id"


# Stored values to members by a dict lookup: calling the enum per row costs /summary about a millisecond.
_STAGES = {stage.value: stage for stage in Stage}
_MOVEMENTS = {movement.value: movement for movement in Movement}


def milestones_of_rows(rows: Iterable[Row], currencies: dict[int, str]) -> list[Milestone]:
    """Milestones from rows of `_WITH_LEDGER`, in order; `currencies` gives each contract's currency."""
    built: list[Milestone] = []
    current: Row | None = None
    entries: list[Entry] = []
    for row in rows:
        if current is not None and row[0] != current[0]:
            built.append(_milestone(current, entries, currencies))
            entries = []
        current = row
        if row[10] is not None:
            entries.append(Entry(_MOVEMENTS[row[10]], row[11], from_epoch(row[12])))
    if current is not None:
        built.append(_milestone(current, entries, currencies))
    return built


def _milestone(row: Row, entries: list[Entry], currencies: dict[int, str]) -> Milestone:
    """Positional, in `_MILESTONE_COLUMNS` order: /summary maps hundreds of rows per call."""
    id_, contract_id, position, title, amount_minor, due_at, changed_at, stage, stage_at, muted = row[:10]
    return Milestone(
        id=id_,
        contract_id=contract_id,
        position=position,
        title=title,
        amount=Money(amount_minor, currencies[contract_id]),
        due_at=from_epoch_or_none(due_at),
        changed_at=from_epoch(changed_at),
        stage=_STAGES[stage],
        stage_at=from_epoch_or_none(stage_at),
        muted=bool(muted),
        ledger=Ledger(tuple(entries)) if entries else EMPTY_LEDGER,
    )


class Milestones:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def of_contracts(self, owner_id: int, currencies: dict[int, str]) -> list[Milestone]:
        """The milestones of the owner's contracts named in `currencies` (id → currency), with their ledgers."""
        if not currencies:
            return []
        ids = list(currencies)
        marks = ",".join("?" * len(ids))
        rows = await self._conn.fetch_all(
            f"{_WITH_LEDGER} WHERE m.owner_id = ? AND m.contract_id IN ({marks}){_ORDER}",
            (owner_id, *ids),
        )
        return milestones_of_rows(rows, currencies)

    async def of_owner(self, owner_id: int, currencies: dict[int, str]) -> list[Milestone]:
        """Every milestone of the owner, with their ledgers (`currencies`: each contract's currency)."""
        rows = await self._conn.fetch_all(f"{_WITH_LEDGER} WHERE m.owner_id = ?{_ORDER}", (owner_id,))
        return milestones_of_rows(rows, currencies)

    async def add(
        self,
        owner_id: int,
        contract_id: int,
        title: str,
        amount_minor: int,
        due_at: datetime | None,
        now: datetime,
    ) -> tuple[int, int]:
        """A new milestone at the end of the owner's contract; returns its id and position. Only into a
        contract of the owner's: LookupError for anyone else's."""
        row = await self._conn.fetch_one(
            "INSERT INTO milestones (contract_id, owner_id, position, title, amount_minor, due_at, changed_at,"
            " created_at)"
            " SELECT c.id, c.owner_id, (SELECT coalesce(max(position), 0) + 1 FROM milestones WHERE contract_id = c.id),"
            " ?, ?, ?, ?, ? FROM contracts AS c WHERE c.owner_id = ? AND c.id = ? RETURNING id, position",
            (
                title,
                amount_minor,
                to_epoch_or_none(due_at),
                to_epoch(now),
                to_epoch(now),
                owner_id,
                contract_id,
            ),
        )
        if row is None:
            raise LookupError(f"owner {owner_id} has no contract {contract_id}")
        return int(row[0]), int(row[1])

    async def save(self, owner_id: int, milestone: Milestone) -> None:
        """Write the milestone's plan and stage (its money is written as history, by `record`)."""
        await self._conn.execute(
            "UPDATE milestones SET title = ?, amount_minor = ?, due_at = ?, changed_at = ?, stage = ?, stage_at = ?,"
            " muted = ? WHERE owner_id = ? AND id = ?",
            (
                milestone.title,
                milestone.amount.minor,
                to_epoch_or_none(milestone.due_at),
                to_epoch(milestone.changed_at),
                milestone.stage.value,
                to_epoch_or_none(milestone.stage_at),
                int(milestone.muted),
                owner_id,
                milestone.id,
            ),
        )

    async def record(
        self,
        owner_id: int,
        milestone_id: int,
        step: Step,
        now: datetime,
        *,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Add a step to the owner's milestone's history (nothing for anyone else's milestone); a money
        step is a ledger entry by its kind and amount."""
        await self._conn.execute(
            "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, amount_minor, detail, recorded_at)"
            " SELECT id, owner_id, ?, ?, ?, ?, ? FROM milestones WHERE owner_id = ? AND id = ?",
            (
                step.kind.value,
                to_epoch(step.at),
                step.amount_minor,
                json.dumps(detail) if detail is not None else None,
                to_epoch(now),
                owner_id,
                milestone_id,
            ),
        )

    async def delete(self, owner_id: int, milestone_id: int) -> bool:
        deleted = await self._conn.execute(
            "DELETE FROM milestones WHERE owner_id = ? AND id = ?", (owner_id, milestone_id)
        )
        return deleted > 0

    async def find_by_title(self, owner_id: int, contract_id: int, title: str) -> int | None:
        """The id of the contract's milestone with this title (any case), if the owner has one."""
        row = await self._conn.fetch_one(
            "SELECT id FROM milestones WHERE owner_id = ? AND contract_id = ? AND title = ? COLLATE NOCASE",
            (owner_id, contract_id, title),
        )
        return int(row[0]) if row else None

    async def titles(self, owner_id: int, contract_id: int) -> list[str]:
        rows = await self._conn.fetch_all(
            "SELECT title FROM milestones WHERE owner_id = ? AND contract_id = ? ORDER BY position",
            (owner_id, contract_id),
        )
        return [str(row[0]) for row in rows]


def edit_detail(before: Milestone, after: Milestone) -> dict[str, Any]:
    """What an edit changed, for the history: only the fields that differ."""
    changes: dict[str, Any] = {}
    if before.title != after.title:
        changes["title"] = after.title
    if before.amount != after.amount:
        changes["amount_minor"] = after.amount.minor
    if before.due_at != after.due_at:
        changes["due_at"] = to_epoch_or_none(after.due_at)
    return changes


__all__ = ["Milestones", "edit_detail", "milestones_of_rows"]
