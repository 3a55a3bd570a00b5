"""Contracts with their milestones and bonuses, read and written as the domain's `Contract`, by owner.

`load` reads one contract as the unit an action works on (the contract and its bonuses in one query,
its milestones with their ledgers in another); `of_owner` reads all of someone's the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from bot.domain.contracts import Bonus, Contract
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.users import UserSettings
from storage.connection import Connection, Row
from storage.milestones import Milestones
from storage.timestamps import from_epoch, from_epoch_or_none, to_epoch, to_epoch_or_none
from storage.users import SETTINGS_COLUMNS, settings_of_row

ContractFilter = Literal["active", "ended", "all"]

_COLUMNS = (
    "c.id, c.owner_id, c.title, c.client, c.platform, c.currency, c.price_minor, c.review_days, c.started_at,"
    " c.ended_at, b.id, b.amount_minor, b.at"
)
_SETTINGS_START = 13  # the owner's settings follow the contract and bonus columns
_WITH_BONUSES = f"SELECT {_COLUMNS} FROM contracts AS c LEFT JOIN bonuses AS b ON b.contract_id = c.id"
_FILTERS: dict[str, str] = {
    "active": " AND c.ended_at IS NULL",
    "ended": " AND c.ended_at IS NOT NULL",
    "all": "",
}


def _contracts(rows: Sequence[Row]) -> list[Contract]:
    """Contracts from rows of `_WITH_BONUSES` (a contract's rows together), without milestones yet."""
    built: dict[int, Contract] = {}
    bonuses: dict[int, list[Bonus]] = {}
    for row in rows:
        (id_, owner_id, title, client, platform, currency, price_minor, review_days, started_at, ended_at) = (
            row[:10]
        )
        if id_ not in built:
            built[id_] = Contract(
                id=id_,
                owner_id=owner_id,
                title=title,
                client=client,
                platform=Platform(platform),
                price=Money(price_minor, currency),
                review_days=review_days,
                started_at=from_epoch(started_at),
                ended_at=from_epoch_or_none(ended_at),
            )
            bonuses[id_] = []
        if row[10] is not None:
            bonuses[id_].append(Bonus(row[10], Money(row[11], currency), from_epoch(row[12])))
    return [replace(c, bonuses=tuple(bonuses[c.id])) if bonuses[c.id] else c for c in built.values()]


def _with_milestones(contracts: list[Contract], milestones: Sequence[Any]) -> list[Contract]:
    by_contract: dict[int, list[Any]] = {c.id: [] for c in contracts}
    for milestone in milestones:
        by_contract[milestone.contract_id].append(milestone)
    return [replace(c, milestones=tuple(by_contract[c.id])) for c in contracts]


class Contracts:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def load(self, owner_id: int, contract_id: int) -> Contract | None:
        """One of the owner's contracts with its milestones, their ledgers and its bonuses."""
        loaded = await self._load(owner_id, contract_id, with_settings=False)
        return loaded[0] if loaded else None

    async def load_with_settings(
        self, owner_id: int, contract_id: int
    ) -> tuple[Contract, UserSettings] | None:
        """The same, with the owner's settings read in the same query: an action needs both."""
        loaded = await self._load(owner_id, contract_id, with_settings=True)
        if loaded is None:
            return None
        contract, settings = loaded
        assert settings is not None
        return contract, settings

    async def _load(
        self, owner_id: int, contract_id: int, *, with_settings: bool
    ) -> tuple[Contract, UserSettings | None] | None:
        query = _WITH_BONUSES
        if with_settings:
            query = query.replace(" FROM contracts AS c", f", {SETTINGS_COLUMNS} FROM contracts AS c")
            query += " LEFT JOIN users AS u ON u.user_id = c.owner_id"
        rows = await self._conn.fetch_all(
            f"{query} WHERE c.owner_id = ? AND c.id = ? ORDER BY b.id", (owner_id, contract_id)
        )
        if not rows:
            return None
        (contract,) = _contracts(rows)
        settings = settings_of_row(rows[0], _SETTINGS_START, owner_id) if with_settings else None
        milestones = await Milestones(self._conn).of_contracts(owner_id, {contract.id: contract.currency})
        return replace(contract, milestones=tuple(milestones)), settings

    async def of_owner(self, owner_id: int, which: ContractFilter = "all") -> list[Contract]:
        """The owner's contracts, newest first, each with its milestones and bonuses."""
        rows = await self._conn.fetch_all(
            f"{_WITH_BONUSES} WHERE c.owner_id = ?{_FILTERS[which]} ORDER BY c.started_at DESC, c.id DESC, b.id",
            (owner_id,),
        )
        contracts = _contracts(rows)
        if not contracts:
            return []
        currencies = {c.id: c.currency for c in contracts}
        repo = Milestones(self._conn)
        if which == "all":
            milestones = await repo.of_owner(owner_id, currencies)
        else:
            milestones = await repo.of_contracts(owner_id, currencies)
        return _with_milestones(contracts, milestones)

    async def add(
        self,
        owner_id: int,
        *,
        title: str,
        client: str,
        platform: Platform,
        price: Money,
        review_days: int | None,
        started_at: datetime,
        now: datetime,
    ) -> Contract:
        row = await self._conn.fetch_one(
            "INSERT INTO contracts (owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                owner_id,
                title,
                client,
                platform.value,
                price.currency,
                price.minor,
                review_days,
                to_epoch(started_at),
                to_epoch(now),
            ),
        )
        assert row is not None
        return Contract(
            id=int(row[0]),
            owner_id=owner_id,
            title=title,
            client=client,
            platform=platform,
            price=price,
            review_days=review_days,
            started_at=started_at,
        )

    async def save(self, contract: Contract) -> None:
        """Write the contract's own fields (milestones and bonuses are written by their own calls)."""
        await self._conn.execute(
            "UPDATE contracts SET title = ?, client = ?, platform = ?, currency = ?, price_minor = ?, review_days = ?,"
            " started_at = ?, ended_at = ? WHERE owner_id = ? AND id = ?",
            (
                contract.title,
                contract.client,
                contract.platform.value,
                contract.currency,
                contract.price.minor,
                contract.review_days,
                to_epoch(contract.started_at),
                to_epoch_or_none(contract.ended_at),
                contract.owner_id,
                contract.id,
            ),
        )

    async def add_bonus(self, contract: Contract, amount: Money, at: datetime, now: datetime) -> Bonus:
        """A bonus on the contract, if it is its owner's (LookupError otherwise)."""
        row = await self._conn.fetch_one(
            "INSERT INTO bonuses (contract_id, owner_id, amount_minor, at, recorded_at)"
            " SELECT id, owner_id, ?, ?, ? FROM contracts WHERE owner_id = ? AND id = ? RETURNING id",
            (amount.minor, to_epoch(at), to_epoch(now), contract.owner_id, contract.id),
        )
        if row is None:
            raise LookupError(f"owner {contract.owner_id} has no contract {contract.id}")
        return Bonus(int(row[0]), amount, at)

    async def delete(self, owner_id: int, contract_id: int) -> bool:
        deleted = await self._conn.execute(
            "DELETE FROM contracts WHERE owner_id = ? AND id = ?", (owner_id, contract_id)
        )
        return deleted > 0

    async def find_by_title(self, owner_id: int, title: str) -> int | None:
        """The id of the owner's contract with this title (any case), if there is one."""
        row = await self._conn.fetch_one(
            "SELECT id FROM contracts WHERE owner_id = ? AND title = ? COLLATE NOCASE",
            (owner_id, title),
        )
        return int(row[0]) if row else None

    async def title_of(self, owner_id: int, contract_id: int) -> str | None:
        row = await self._conn.fetch_one(
            "SELECT title FROM contracts WHERE owner_id = ? AND id = ?", (owner_id, contract_id)
        )
        return str(row[0]) if row else None

    async def titles(self, owner_id: int) -> list[str]:
        rows = await self._conn.fetch_all(
            "SELECT title FROM contracts WHERE owner_id = ? ORDER BY id", (owner_id,)
        )
        return [str(row[0]) for row in rows]

    async def search(
        self, owner_id: int, text: str, *, limit: int = 25
    ) -> list[tuple[int, str, Money, bool]]:
        """Autocomplete: (id, title, price, active) of the owner's contracts whose title contains `text`,
        active first, best placed match first."""
        rows = await self._conn.fetch_all(
            "SELECT id, title, price_minor, currency, ended_at IS NULL FROM contracts"
            " WHERE owner_id = ? AND instr(lower(title), lower(?)) > 0"
            " ORDER BY ended_at IS NOT NULL, instr(lower(title), lower(?)), started_at DESC LIMIT ?",
            (owner_id, text, text, limit),
        )
        return [(int(r[0]), str(r[1]), Money(int(r[2]), str(r[3])), bool(r[4])) for r in rows]
