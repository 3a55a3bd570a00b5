"""Migration 0004 moves each milestone's money into the ledger exactly, from every earlier schema version.

Old databases stored a milestone's money as columns (funded, released_minor, refunded_minor) beside a
status. Each case below is a row as the old bot wrote it, with its history, and the figures the ledger
must give for it once migrated, worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.domain.lifecycle import MilestoneStatus, Stage
from storage.contracts import Contracts
from storage.database import Database
from storage.migrations import apply_migrations

S = MilestoneStatus
OWNER = 7
T = 1_790_000_000
DAY = 86_400


# (id, title, amount, status, funded, released, refunded, history as (kind, at, amount))
OLD_MILESTONES = [
    # A partial release the old bot showed as "released": $40 is still in escrow.
    (
        1,
        "Partial",
        10_000,
        "released",
        1,
        6_000,
        0,
        [("created", 0, 10_000), ("fund", 1, None), ("submit", 2, None), ("release", 3, 6_000)],
    ),
    # Funded at $100, then edited to $180: only $100 was ever deposited.
    (
        2,
        "Edited",
        18_000,
        "funded",
        1,
        0,
        0,
        [("created", 0, 10_000), ("fund", 1, None), ("edit", 2, 18_000)],
    ),
    # "Submit anyway" before funding, funded later: a delivery by message, no review ran.
    (
        3,
        "Sent first",
        5_000,
        "submitted",
        1,
        0,
        0,
        [("created", 0, 5_000), ("submit", 1, None), ("fund", 2, None)],
    ),
    # Voided when the contract ended.
    (4, "Voided", 5_000, "voided", 0, 0, 0, [("created", 0, 5_000), ("void", 5, None)]),
    # A refund request on funded work.
    (
        5,
        "Asked back",
        7_000,
        "refund_requested",
        1,
        0,
        0,
        [("created", 0, 7_000), ("fund", 1, None), ("request_refund", 4, None)],
    ),
    # A full release recorded without an amount.
    (
        6,
        "Paid",
        3_000,
        "released",
        1,
        3_000,
        0,
        [("created", 0, 3_000), ("fund", 1, None), ("submit", 2, None), ("release", 3, None)],
    ),
    # Released $20, then the rest refunded without an amount.
    (
        7,
        "Split",
        5_000,
        "refunded",
        1,
        2_000,
        3_000,
        [("created", 0, 5_000), ("fund", 1, None), ("release", 2, 2_000), ("refund", 3, None)],
    ),
    # Funded work in review.
    (
        8,
        "In review",
        4_000,
        "submitted",
        1,
        0,
        0,
        [("created", 0, 4_000), ("fund", 1, None), ("submit", 2, None)],
    ),
]

# id -> (status, deposited, released, refunded, held, not funded, never funded, stage)
EXPECTED = {
    1: (S.PARTLY_RELEASED, 10_000, 6_000, 0, 4_000, 0, 0, Stage.OPEN),
    2: (S.FUNDED, 10_000, 0, 0, 10_000, 8_000, 0, Stage.OPEN),
    3: (S.FUNDED, 5_000, 0, 0, 5_000, 0, 0, Stage.OPEN),
    4: (S.VOIDED, 0, 0, 0, 0, 0, 5_000, Stage.OPEN),
    5: (S.REFUND_REQUESTED, 7_000, 0, 0, 7_000, 0, 0, Stage.REFUND_REQUESTED),
    6: (S.RELEASED, 3_000, 3_000, 0, 0, 0, 0, Stage.OPEN),
    7: (S.REFUNDED, 5_000, 2_000, 3_000, 0, 0, 0, Stage.OPEN),
    8: (S.SUBMITTED, 4_000, 0, 0, 4_000, 0, 0, Stage.IN_REVIEW),
}

OLD_REMINDER_KINDS = {
    "unfunded_72h": ("unfunded", 3 * DAY),
    "unfunded_24h": ("unfunded", DAY),
    "submit_overdue": ("submit", -DAY),
    "review_ends_3d": ("review", 3 * DAY),
    "review_ends_1d": ("review", DAY),
    "review_ended": ("review", 0),
    "refund_2d": ("refund", 2 * DAY),
    "refund_12h": ("refund", 12 * 3600),
    "contract_owed": ("ended", 0),
}


async def _old_database(path: Path, version: int) -> None:
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, target=version)
        await conn.execute("BEGIN")
        await conn.execute(
            "INSERT INTO contracts (id, owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, created_at) VALUES (1, ?, 'Old', 'Dana', 'upwork', 'USD', 57000, 14, ?, ?)",
            (OWNER, T, T),
        )
        for milestone_id, title, amount, status, funded, released, refunded, history in OLD_MILESTONES:
            submitted = next((T + at * DAY for kind, at, _ in history if kind == "submit"), None)
            asked = next((T + at * DAY for kind, at, _ in history if kind == "request_refund"), None)
            await conn.execute(
                "INSERT INTO milestones (id, contract_id, owner_id, position, title, amount_minor, status, funded,"
                " released_minor, refunded_minor, submitted_at, refund_requested_at, status_changed_at, created_at)"
                " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    milestone_id,
                    OWNER,
                    milestone_id,
                    title,
                    amount,
                    status,
                    funded,
                    released,
                    refunded,
                    submitted,
                    asked,
                    T + 9 * DAY,
                    T,
                ),
            )
            for kind, at, moved in history:
                await conn.execute(
                    "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, amount_minor, recorded_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (milestone_id, OWNER, kind, T + at * DAY, moved, T + at * DAY),
                )
        for number, kind in enumerate(OLD_REMINDER_KINDS, start=1):
            await conn.execute(
                "INSERT INTO reminders (id, owner_id, contract_id, milestone_id, kind, event_at, due_at, created_at)"
                " VALUES (?, ?, 1, 1, ?, ?, ?, ?)",
                (number, OWNER, kind, T + 20 * DAY, T + 19 * DAY, T),
            )
        await conn.execute("COMMIT")


@pytest.mark.parametrize("version", [1, 2, 3])
async def test_every_old_milestone_becomes_a_ledger_with_the_same_money(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    await _old_database(path, version)

    db = await Database.open(str(path))
    try:
        async with db.read() as conn:
            contract = await Contracts(conn).load(OWNER, 1)
            kinds = await conn.fetch_all("SELECT id, kind, lead_seconds FROM reminders ORDER BY id")
            history = await conn.fetch_all(
                "SELECT kind FROM milestone_events WHERE milestone_id = 3 ORDER BY id"
            )
    finally:
        await db.close()

    assert contract is not None
    for milestone in contract.milestones:
        ledger = milestone.ledger
        got = (
            milestone.status,
            ledger.deposited,
            ledger.released,
            ledger.refunded,
            ledger.held,
            milestone.not_funded,
            ledger.never_funded,
            milestone.stage,
        )
        assert got == EXPECTED[milestone.id], milestone.title
        assert (
            milestone.amount.minor
            == ledger.released + ledger.refunded + ledger.held + milestone.not_funded + ledger.never_funded
        )
    review = contract.milestone(8)
    assert review is not None and contract.review_ends_at(review) is not None
    assert [row[0] for row in history] == ["created", "deliver", "fund"]
    assert [(row[1], row[2]) for row in kinds] == list(OLD_REMINDER_KINDS.values())
