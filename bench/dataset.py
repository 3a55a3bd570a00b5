"""The benchmark's data: users, contracts, milestones and reminders bulk-inserted into a real SQLite file.

At scale 1: 100,000 users, 300,000 contracts, 1,000,000 milestones and 2,000,000 reminder rows, 200,000
of them pending. The schema comes from the project's own migrations; its indexes are dropped for the
bulk insert and rebuilt after, which is what a restore from a dump would do. Built files are cached in
`bench/results/` by scale, and every run works on a copy, so runs do not change each other's data.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import apply_migrations

USERS_AT_SCALE_1 = 100_000
CONTRACTS_PER_USER = 3
MILESTONES_PER_USER = 10
REMINDERS_PER_USER = 20
PENDING_SHARE = 10  # one reminder row in ten is still waiting to go out
BATCH = 50_000
BUILDER_VERSION = 4  # part of the cached file's name: bump it when the rows built change
DAY = 86_400
PLATFORMS = ("upwork", "fiverr", "freelancer", "direct")
CURRENCIES = ("USD", "USD", "USD", "EUR", "GBP")
# A realistic spread of where milestones are in their life: most are paid out.
MILESTONE_AMOUNT = 25_000
STATUSES = ("released",) * 5 + ("unfunded", "funded", "submitted", "refunded", "voided")
# Reminders already sent, as (topic, lead in seconds before the event).
SENT_KINDS = (("unfunded", 3 * DAY), ("unfunded", DAY), ("review", 3 * DAY), ("review", DAY), ("review", 0))
DATA_TABLES = ("users", "contracts", "milestones", "milestone_events", "reminders")


@dataclass(frozen=True)
class Counts:
    users: int
    contracts: int
    milestones: int
    reminders: int
    pending_reminders: int

    @classmethod
    def at_scale(cls, scale: float) -> Counts:
        users = max(10, round(USERS_AT_SCALE_1 * scale))
        reminders = users * REMINDERS_PER_USER
        return cls(
            users=users,
            contracts=users * CONTRACTS_PER_USER,
            milestones=users * MILESTONES_PER_USER,
            reminders=reminders,
            pending_reminders=reminders // PENDING_SHARE,
        )


@dataclass(frozen=True)
class BuiltDataset:
    path: Path
    counts: Counts
    build_seconds: float  # when reused from the cache: the time it took when it was built
    size_bytes: int
    cached: bool
    built_at: int  # the Unix time the rows' dates are relative to

    def figures(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "counts": asdict(self.counts),
            "build_seconds": round(self.build_seconds, 2),
            "size_mb": round(self.size_bytes / 1_000_000, 1),
            "cached": self.cached,
        }


def build(path: Path, counts: Counts, *, now: int) -> float:
    """Creates the database at `path` (replacing any), dated as of `now`; returns the seconds it took."""
    started = time.perf_counter()
    for leftover in (path, *_sidecars(path)):
        leftover.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(_migrate(path))
    stamp = now
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Only for the build: a crash here just means building again.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        indexes = _drop_indexes(conn)
        _insert(conn, "users (user_id, created_at)", _users(counts, stamp))
        _insert(
            conn,
            "contracts (id, owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, ended_at, created_at)",
            _contracts(counts, stamp),
        )
        _insert(
            conn,
            "milestones (id, contract_id, owner_id, position, title, amount_minor, due_at, stage, stage_at,"
            " changed_at, created_at)",
            _milestones(counts, stamp),
        )
        _insert(
            conn,
            "milestone_events (milestone_id, owner_id, kind, at, amount_minor, recorded_at)",
            _events(counts, stamp),
        )
        _insert(
            conn,
            "reminders (id, owner_id, contract_id, milestone_id, kind, lead_seconds, event_at, due_at, state,"
            " sent_at, created_at)",
            _reminders(counts, stamp),
        )
        for sql in indexes:
            conn.execute(sql)
        # No ANALYZE: the bot never runs it, so the query planner here chooses as it would in production.
        conn.execute("PRAGMA journal_mode = WAL")  # what the bot uses; set once so it need not switch
    finally:
        conn.close()
    return time.perf_counter() - started


def cached(results_dir: Path, scale: float) -> BuiltDataset:
    """The dataset for `scale`, built on first use and reused afterwards."""
    counts = Counts.at_scale(scale)
    path = results_dir / f"dataset-v{BUILDER_VERSION}-{counts.milestones}-milestones.db"
    marker = path.with_suffix(".complete")  # written last, so a half-built file is never reused
    if path.exists() and marker.exists():
        built = json.loads(marker.read_text(encoding="utf-8"))
        return BuiltDataset(path, counts, built["seconds"], path.stat().st_size, True, built["built_at"])
    marker.unlink(missing_ok=True)
    built_at = int(time.time())
    seconds = build(path, counts, now=built_at)
    marker.write_text(
        json.dumps({"seconds": round(seconds, 2), "built_at": built_at}) + "\n", encoding="utf-8"
    )
    return BuiltDataset(path, counts, seconds, path.stat().st_size, False, built_at)


def working_copy(dataset: BuiltDataset, target: Path, now: int | None = None) -> Path:
    """A copy a benchmark may change, its waiting reminders moved to start a minute after `now` (the
    present by default), as at build time: a cached file's would otherwise all be overdue and flood the
    scheduler at start."""
    for leftover in (target, *_sidecars(target)):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(dataset.path, target)
    shift = (int(time.time()) if now is None else now) - dataset.built_at
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(
            "UPDATE reminders SET due_at = due_at + ?, event_at = event_at + ? WHERE state = 'pending'",
            (shift, shift),
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    # Flush the copy now: otherwise the bot's first checkpoint pays for writing the whole file to disk,
    # a stall of seconds that production (a file written long ago) never sees.
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in DATA_TABLES}
        counts["pending_reminders"] = conn.execute(
            "SELECT count(*) FROM reminders WHERE state = 'pending'"
        ).fetchone()[0]
    finally:
        conn.close()
    return counts


def _sidecars(path: Path) -> tuple[Path, Path, Path]:
    """The write-ahead log, its index, and the bot's note on them (a stale note would refuse a fresh copy)."""
    return (
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + ".guard"),
    )


async def _migrate(path: Path) -> None:
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn)


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drops the data tables' explicit indexes and returns the SQL to create them again."""
    marks = ",".join("?" * len(DATA_TABLES))
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        DATA_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def _insert(conn: sqlite3.Connection, target: str, rows: Iterator[tuple[Any, ...]]) -> None:
    width = target.count(",") + 1
    sql = f"INSERT INTO {target} VALUES ({','.join('?' * width)})"
    conn.execute("BEGIN")
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    conn.execute("COMMIT")


# Rows are derived from their number, so related ids need no lookups: milestone m belongs to contract
# m % contracts, which belongs to user contract % users (both 1-based).


def _contract_of_milestone(counts: Counts, milestone_id: int) -> int:
    return (milestone_id - 1) % counts.contracts + 1


def _owner_of_contract(counts: Counts, contract_id: int) -> int:
    return (contract_id - 1) % counts.users + 1


def _users(counts: Counts, now: int) -> Iterator[tuple[Any, ...]]:
    for user_id in range(1, counts.users + 1):
        yield (user_id, now - 400 * DAY + user_id % 300 * DAY)


def _contracts(counts: Counts, now: int) -> Iterator[tuple[Any, ...]]:
    per_contract = counts.milestones / counts.contracts
    for contract_id in range(1, counts.contracts + 1):
        started = now - (contract_id % 365) * DAY
        ended = started + 30 * DAY if contract_id % 3 == 0 and started + 30 * DAY < now else None
        price = round(25_000 * per_contract)
        yield (
            contract_id,
            _owner_of_contract(counts, contract_id),
            f"Project {contract_id} for client",
            f"Client {contract_id % 5000}",
            PLATFORMS[contract_id % len(PLATFORMS)],
            CURRENCIES[contract_id % len(CURRENCIES)],
            price,
            14,
            started,
            ended,
            started,
        )


def _milestone_life(counts: Counts, milestone_id: int, now: int) -> tuple[int, int, str]:
    """The milestone's contract, when it was created, and where it is in its life."""
    contract_id = _contract_of_milestone(counts, milestone_id)
    return contract_id, now - (contract_id % 365) * DAY, STATUSES[milestone_id % len(STATUSES)]


def _milestones(counts: Counts, now: int) -> Iterator[tuple[Any, ...]]:
    for milestone_id in range(1, counts.milestones + 1):
        contract_id, created, status = _milestone_life(counts, milestone_id, now)
        position = (milestone_id - 1) // counts.contracts + 1
        in_review = status == "submitted"
        yield (
            milestone_id,
            contract_id,
            _owner_of_contract(counts, contract_id),
            position,
            f"Milestone {position}",
            MILESTONE_AMOUNT,
            created + position * 7 * DAY,
            "in_review" if in_review else "open",
            created + 3 * DAY if in_review else None,
            created + 10 * DAY,
            created,
        )


def _events(counts: Counts, now: int) -> Iterator[tuple[Any, ...]]:
    """Each milestone's history: created, then the steps its status implies, the money ones with amounts."""
    for milestone_id in range(1, counts.milestones + 1):
        contract_id, created, status = _milestone_life(counts, milestone_id, now)
        owner = _owner_of_contract(counts, contract_id)
        yield (milestone_id, owner, "created", created, MILESTONE_AMOUNT, created)
        if status == "voided":
            yield (milestone_id, owner, "void", created + 30 * DAY, MILESTONE_AMOUNT, created + 30 * DAY)
            continue
        if status == "unfunded":
            continue
        yield (milestone_id, owner, "fund", created + DAY, MILESTONE_AMOUNT, created + DAY)
        if status in ("submitted", "released"):
            yield (milestone_id, owner, "submit", created + 3 * DAY, None, created + 3 * DAY)
        if status == "released":
            yield (milestone_id, owner, "release", created + 10 * DAY, MILESTONE_AMOUNT, created + 10 * DAY)
        elif status == "refunded":
            yield (milestone_id, owner, "refund", created + 10 * DAY, MILESTONE_AMOUNT, created + 10 * DAY)


def _reminders(counts: Counts, now: int) -> Iterator[tuple[Any, ...]]:
    for reminder_id in range(1, counts.reminders + 1):
        milestone_id = (reminder_id - 1) % counts.milestones + 1
        contract_id = _contract_of_milestone(counts, milestone_id)
        pending = reminder_id % PENDING_SHARE == 0
        if pending:
            # Spread over the next 30 days, so a few are due every minute.
            due = now + 60 + reminder_id * 13 % (30 * DAY)
            state, sent_at = "pending", None
        else:
            due = now - reminder_id * 7 % (365 * DAY) - DAY
            state = "sent" if reminder_id % 4 else "cancelled"
            sent_at = due if state == "sent" else None
        yield (
            reminder_id,
            _owner_of_contract(counts, contract_id),
            contract_id,
            milestone_id,
            *SENT_KINDS[reminder_id % len(SENT_KINDS)],
            due + DAY,
            due,
            state,
            sent_at,
            due - 10 * DAY,
        )
