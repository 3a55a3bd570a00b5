"""The benchmark's data builder still builds: a tiny dataset has the rows it promises, related as promised."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bench import burst_latency, dataset
from bench.probe_data import CONTRACTS_EACH, MILESTONES_EACH, add_probe_accounts
from bot.domain.contracts import Contract
from bot.domain.lifecycle import MilestoneStatus
from storage.contracts import Contracts
from storage.database import Database


def test_a_tiny_dataset_has_every_row_it_promises(tmp_path: Path) -> None:
    counts = dataset.Counts.at_scale(0.0002)  # 20 users
    path = tmp_path / "tiny.db"

    dataset.build(path, counts, now=1_790_000_000)

    assert counts.users == 20
    assert dataset.row_counts(path) == {
        "users": 20,
        "contracts": 60,
        "milestones": 200,
        # created 200, funded 160, submitted 120, released 100, refunded 20, voided 20
        "milestone_events": 620,
        "reminders": 400,
        "pending_reminders": 40,
    }
    # Read through the bot's own storage, the milestones are where the builder says they are.
    everyone = [c for owner in range(1, 21) for c in asyncio.run(_contracts_of(path, owner))]
    statuses = Counter(m.status.value for c in everyone for m in c.milestones)
    assert statuses == {
        "released": 100,
        "unfunded": 20,
        "funded": 20,
        "submitted": 20,
        "refunded": 20,
        "voided": 20,
    }
    conn = sqlite3.connect(path)
    try:
        # Each milestone's owner is its contract's owner, and the schema's indexes were rebuilt.
        mismatched = conn.execute(
            "SELECT count(*) FROM milestones m JOIN contracts c ON c.id = m.contract_id WHERE c.owner_id != m.owner_id"
        ).fetchone()[0]
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()
    assert mismatched == 0
    assert {"milestones_owner", "contracts_owner_title", "reminders_pending_due"} <= indexes


def test_probe_accounts_get_fifty_contracts_of_ten_milestones(tmp_path: Path) -> None:
    path = tmp_path / "tiny.db"
    dataset.build(path, dataset.Counts.at_scale(0.0001), now=1_790_000_000)

    accounts = add_probe_accounts(path, [9_000_000_001, 9_000_000_002])

    assert [len(a.contract_ids) for a in accounts] == [CONTRACTS_EACH, CONTRACTS_EACH]
    conn = sqlite3.connect(path)
    try:
        per_contract = conn.execute(
            "SELECT count(*) FROM milestones WHERE contract_id = ?", (accounts[0].contract_ids[0],)
        ).fetchone()[0]
    finally:
        conn.close()
    assert per_contract == MILESTONES_EACH
    contracts = asyncio.run(_contracts_of(path, accounts[1].user_id))
    funded = [(c.id, m.id) for c in contracts for m in c.milestones if m.status is MilestoneStatus.FUNDED]
    assert sorted(funded) == sorted(accounts[1].funded)


def test_a_working_copy_of_an_old_dataset_has_no_overdue_reminders(tmp_path: Path) -> None:
    built = dataset.cached(tmp_path, 0.0001)
    an_hour_old = replace(built, built_at=built.built_at - 3600)

    # Copied "now" is fixed to the build moment so a second ticking over mid-test cannot move the shift.
    copy = dataset.working_copy(an_hour_old, tmp_path / "copy.db", now=built.built_at)

    soonest = _soonest_pending(copy)
    original = _soonest_pending(built.path)
    assert soonest == original + 3600
    assert soonest > time.time()


async def _contracts_of(path: Path, owner_id: int) -> list[Contract]:
    db = await Database.open(str(path))
    try:
        async with db.read() as conn:
            return await Contracts(conn).of_owner(owner_id)
    finally:
        await db.close()


def _soonest_pending(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT min(due_at) FROM reminders WHERE state = 'pending'").fetchone()[0])
    finally:
        conn.close()


def test_the_burst_benchmark_runs_and_emulated_latency_delays_every_answer() -> None:
    """Two people's share of the burst with 100 ms each way: every interaction is answered, and no sooner
    than the two trips at the median (a lower bound, which a busy machine only makes longer)."""
    (figures,) = asyncio.run(burst_latency.measure((100,), people=2))
    assert figures.interactions == figures.answered == 2 * burst_latency.PER_PERSON
    assert figures.p50_ms >= 200
