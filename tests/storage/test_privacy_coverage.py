"""Privacy export and delete reach every column that holds a user id, in every table there is.

The schema is walked, not listed: a new table or column whose name looks like a user id must be named in
storage/owners.py (owned, authored, or not a user id with a reason), or this fails.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import aiosqlite

from storage.database import Database
from storage.faq import FaqEntries
from storage.owners import ANONYMOUS, AUTHORED, NOT_USER_IDS, OWNED, USER_ID_COLUMNS, delete_owner, owner_rows

ALICE, BOB = 981234567890123456, 2002
GUILD = 555000111
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
EPOCH = int(NOW.timestamp())
# The words a column holding a Discord user's id is named with, alone or joined by underscores.
LOOKS_LIKE_A_USER = re.compile(r"(^|_)(user|users|owner|author|member|by|creator|admin)(_|$)")


async def _columns(conn: aiosqlite.Connection) -> dict[str, list[str]]:
    """Every real table of the schema (FTS5's own shadow tables aside) and its columns."""
    tables = [
        row[0]
        for row in await conn.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    shadows = {f"{fts}_{part}" for fts in tables for part in ("data", "idx", "content", "docsize", "config")}
    columns = {}
    for table in tables:
        if table in shadows:
            continue
        columns[table] = [row[1] for row in await conn.execute_fetchall(f"PRAGMA table_info({table})")]
    return columns


async def test_every_column_that_can_hold_a_user_id_is_covered(db: Database) -> None:
    async with db.read() as conn:
        schema = await _columns(conn)
    found = {(table, column) for table, columns in schema.items() for column in columns}
    looks_like = {(table, column) for table, column in found if LOOKS_LIKE_A_USER.search(column)}
    uncovered = looks_like - USER_ID_COLUMNS - set(NOT_USER_IDS)
    assert not uncovered, (
        f"add to OWNED or AUTHORED in storage/owners.py (or NOT_USER_IDS): {sorted(uncovered)}"
    )
    missing = USER_ID_COLUMNS - found
    assert not missing, f"listed in storage/owners.py but not in the schema: {sorted(missing)}"
    assert all(reason.strip() for reason in NOT_USER_IDS.values())


async def _everything_of(conn: aiosqlite.Connection, user: int, title: str) -> None:
    """A row naming `user` in every user-id column: settings, a contract with a milestone, its history and
    a reminder, and FAQ text they wrote for a server."""
    rows: list[tuple[str, dict[str, object]]] = [
        ("users", {"user_id": user, "created_at": EPOCH}),
        ("contracts", {
            "owner_id": user, "title": title, "client": "Dana", "platform": "upwork", "currency": "USD",
            "price_minor": 15000, "review_days": 14, "started_at": EPOCH, "created_at": EPOCH,
        }),
    ]  # fmt: skip
    for table, row in rows:
        await conn.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        )
    contract = (await conn.execute_fetchall("SELECT max(id) FROM contracts"))[0][0]
    await conn.execute(
        "INSERT INTO milestones (contract_id, owner_id, position, title, amount_minor, status,"
        " status_changed_at, created_at) VALUES (?, ?, 1, 'Sketches', 5000, 'unfunded', ?, ?)",
        (contract, user, EPOCH, EPOCH),
    )
    milestone = (await conn.execute_fetchall("SELECT max(id) FROM milestones"))[0][0]
    await conn.execute(
        "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, recorded_at) VALUES (?, ?, 'created', ?, ?)",
        (milestone, user, EPOCH, EPOCH),
    )
    await conn.execute(
        "INSERT INTO reminders (owner_id, contract_id, milestone_id, kind, event_at, due_at, created_at)"
        " VALUES (?, ?, ?, 'due', ?, ?, ?)",
        (user, contract, milestone, EPOCH + 86400, EPOCH, EPOCH),
    )
    faq = FaqEntries(conn)
    topic = f"late-payments-{user}"
    await faq.save(
        GUILD, topic, title="Late payments", keywords=("late",), body=f"What to do ({title})",
        hidden=False, by_user=user, now=NOW,
    )  # fmt: skip
    await faq.record_change(GUILD, topic, "set", user, NOW)


async def _occurrences(conn: aiosqlite.Connection, value: int) -> dict[str, int]:
    """Where `value` is stored, in any column of any table."""
    found = {}
    for table, columns in (await _columns(conn)).items():
        for column in columns:
            row = await conn.execute_fetchall(f'SELECT count(*) FROM {table} WHERE "{column}" = ?', (value,))
            if row[0][0]:
                found[f"{table}.{column}"] = row[0][0]
    return found


async def test_export_holds_and_delete_removes_the_user_in_every_column(db: Database) -> None:
    async with db.write() as conn:
        await _everything_of(conn, ALICE, "Alice's logo")
        await _everything_of(conn, BOB, "Bob's site")

    async with db.read() as conn:
        exported = await owner_rows(conn, ALICE)
        before = await _occurrences(conn, ALICE)
    # Every place the id was stored is one the export looked in, and each gave back Alice's row.
    assert set(before) == {f"{table}.{column}" for table, column in USER_ID_COLUMNS}
    assert {table for table, rows in exported.items() if rows} == {table for table, _ in OWNED + AUTHORED}
    assert "Bob" not in repr(exported)

    async with db.write() as conn:
        assert await delete_owner(conn, ALICE) == 1
    async with db.read() as conn:
        assert await _occurrences(conn, ALICE) == {}
        assert await _occurrences(conn, BOB) == before  # Bob's rows, in the same places, all still there
        # The server's FAQ text stays, its author anonymised: the server's help page is the server's.
        kept = await conn.execute_fetchall(
            "SELECT body, updated_by FROM faq_entries WHERE topic = ?", (f"late-payments-{ALICE}",)
        )
        changes = await conn.execute_fetchall(
            "SELECT by_user FROM faq_changes WHERE topic = ?", (f"late-payments-{ALICE}",)
        )
    assert [tuple(row) for row in kept] == [("What to do (Alice's logo)", ANONYMOUS)]
    assert [tuple(row) for row in changes] == [(ANONYMOUS,)]
    assert {table for table, _ in AUTHORED} == {"faq_entries", "faq_changes"}
