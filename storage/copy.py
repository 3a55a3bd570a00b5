"""Moving a store from SQLite to PostgreSQL (`milestone-bot db copy SQLITE_URL POSTGRES_URL`).

The SQLite store is read in one snapshot (the bot may keep running on it meanwhile, but what it writes
after the copy began is not copied: stop it first). Every table is sent with PostgreSQL's COPY inside
one transaction, ids kept, so nothing half-copied is ever visible. Then both sides are checked: every
table holds as many rows, and every contract's money reconciles to the same figures on both.
A target holding any data is refused: the copy never merges two stores.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.reconciliation import Figures, figures_of
from storage.backend import Backend
from storage.connection import SqliteConnection
from storage.contracts import Contracts
from storage.database import Database
from storage.faq import ALL_LANGUAGES, SQLITE_SEARCH_TABLES
from storage.postgres import PostgresConnection, PostgresDatabase

# Parents before children, as the foreign keys need; with the columns both schemas share.
TABLES: dict[str, tuple[str, ...]] = {
    "users": (
        "user_id", "timezone", "currency", "quiet_start", "quiet_end", "reminders_enabled", "dm_channel_id",
        "undelivered", "created_at", "reminder_times", "dm_refusal", "last_locale", "language",
    ),
    "contracts": (
        "id", "owner_id", "title", "client", "platform", "currency", "price_minor", "review_days", "started_at",
        "ended_at", "created_at",
    ),
    "milestones": (
        "id", "contract_id", "owner_id", "position", "title", "amount_minor", "due_at", "changed_at", "muted",
        "created_at", "stage", "stage_at",
    ),
    "milestone_events": ("id", "milestone_id", "owner_id", "kind", "at", "amount_minor", "detail", "recorded_at"),
    "bonuses": ("id", "contract_id", "owner_id", "amount_minor", "at", "recorded_at"),
    "reminders": (
        "id", "owner_id", "contract_id", "milestone_id", "kind", "event_at", "due_at", "state", "claimed_at",
        "attempts", "sent_at", "message_id", "created_at", "batch_id", "intended_at", "lead_seconds",
        "snoozed_until",
    ),
    "faq_entries": (
        "guild_id", "topic", "language", "title", "keywords", "body", "hidden", "updated_by", "updated_at",
    ),
    "faq_search": ("guild_id", "language", "topic", "title", "keywords", "body"),
    "faq_changes": ("id", "guild_id", "topic", "action", "by_user", "at", "language"),
    "bot_meta": ("key", "value"),
}  # fmt: skip
# SQLite's search index is one table per reading language, each with the server texts for all languages
# (`*`); PostgreSQL's is one table with every row once.
_SQLITE_SEARCH_OTHERS = tuple(name for name in SQLITE_SEARCH_TABLES.values() if name != "faq_search")
_WITH_IDENTITY = ("contracts", "milestones", "milestone_events", "bonuses", "reminders", "faq_changes")
_BATCH = 50_000  # rows read from SQLite and sent to PostgreSQL at a time


class CopyRefused(Exception):
    """The copy can't be made or did not check out; `str()` is one line for the person running it."""


@dataclass(frozen=True)
class CopyReport:
    rows: dict[str, int]  # table -> rows on both sides
    contracts_reconciled: int
    seconds: float


async def copy_store(
    source: str, target: str, *, progress: Callable[[str], None] = lambda _: None
) -> CopyReport:
    """Copy the SQLite store at `source` (a path) into the PostgreSQL database at `target` (a URL)."""
    started = time.perf_counter()
    sqlite = await Database.open(source, create=False)
    try:
        postgres = await PostgresDatabase.open(target)
        try:
            await _refuse_data(postgres)
            rows = await _copy(sqlite, postgres, progress)
            progress("checking row counts and every contract's reconciliation on both sides")
            await _check_counts(postgres, rows)
            reconciled = await _check_reconciliation(sqlite, postgres)
        finally:
            await postgres.close()
    finally:
        await sqlite.close()
    return CopyReport(rows, reconciled, time.perf_counter() - started)


async def _refuse_data(postgres: PostgresDatabase) -> None:
    async with postgres.read() as conn:
        for table in TABLES:
            if table != "faq_search" and await conn.fetch_one(f"SELECT 1 FROM {table} LIMIT 1"):
                raise CopyRefused(
                    f"{postgres.path} already holds data ({table}): copy only into an empty database"
                )


async def _copy(
    sqlite: Database, postgres: PostgresDatabase, progress: Callable[[str], None]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with sqlite.read() as source, postgres.write() as target:
        assert isinstance(source, SqliteConnection)
        assert isinstance(target, PostgresConnection)
        # A bot started on the target once has indexed the built-in topics: the source's rows replace them.
        await target.execute("DELETE FROM faq_search")
        for table, columns in TABLES.items():
            names = ", ".join(columns)
            counts[table] = 0
            async with source.raw.execute(_source_query(table, names)) as cursor:
                while batch := [tuple(row) for row in await cursor.fetchmany(_BATCH)]:
                    await target.raw.copy_records_to_table(table, records=batch, columns=columns)
                    counts[table] += len(batch)
            progress(f"{table}: {counts[table]} rows")
        for table in _WITH_IDENTITY:
            # New rows continue after the copied ids.
            await target.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                f" FROM {table}"
            )
        # Statistics for the planner now, not whenever autovacuum comes round: without them the first
        # queries (the checks below, the bot's first commands) read whole tables.
        await target.execute("ANALYZE")
    return counts


def _source_query(table: str, names: str) -> str:
    if table != "faq_search":
        return f"SELECT {names} FROM {table}"
    others = "".join(
        f" UNION ALL SELECT {names} FROM {other} WHERE language <> '{ALL_LANGUAGES}'"
        for other in _SQLITE_SEARCH_OTHERS
    )
    return f"SELECT {names} FROM faq_search{others}"


async def _check_counts(postgres: PostgresDatabase, copied: dict[str, int]) -> None:
    async with postgres.read() as conn:
        for table, expected in copied.items():
            row = await conn.fetch_one(f"SELECT count(*) FROM {table}")
            found = int(row[0]) if row else 0
            if found != expected:
                raise CopyRefused(f"{table}: {expected} rows in the source but {found} in {postgres.path}")


async def _figures(db: Backend, now: datetime) -> dict[int, Figures]:
    figures: dict[int, Figures] = {}
    async with db.read() as conn:
        owners = await conn.fetch_all("SELECT DISTINCT owner_id FROM contracts ORDER BY owner_id")
        contracts = Contracts(conn)
        for (owner_id,) in owners:
            for contract in await contracts.of_owner(owner_id):
                figures[contract.id] = figures_of(contract, now)
    return figures


async def _check_reconciliation(sqlite: Database, postgres: PostgresDatabase) -> int:
    now = datetime.now(UTC)
    before, after = await _figures(sqlite, now), await _figures(postgres, now)
    if before.keys() != after.keys():
        raise CopyRefused(f"{len(before)} contracts in the source but {len(after)} in {postgres.path}")
    for contract_id, figures in before.items():
        if after[contract_id] != figures:
            raise CopyRefused(f"contract {contract_id}: its money reconciles differently after the copy")
    return len(before)
