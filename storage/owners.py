"""Everything stored about one user, for export and for deletion on request.

Two kinds of rows name a user, and deletion treats them differently:

- **Rows the user owns** (`OWNED`): their settings, contracts, milestones, history and reminders. Exported
  whole, and deleted.
- **Rows the user wrote for a server** (`AUTHORED`): a server's FAQ entries and its log of FAQ changes.
  Exported (what they wrote, where and when); on deletion their authorship is anonymised (set to
  `ANONYMOUS`) and the text stays. A server's FAQ belongs to the server: any member with Manage Server may
  change it, and its members rely on it; deleting it because one admin left would take a community's help
  page away and let one person undo everybody's work. What ties the rows to the person is the id, and that
  goes.

`USER_ID_COLUMNS` is every column that holds a user id. tests/storage/test_privacy_coverage.py walks the
schema and fails when a column that looks like one (by name) is not listed here, so a new table can't be
forgotten by export and deletion.
"""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage.query import fetch_one

# Every table holding a user's rows, children after parents, and the column that names the owner.
OWNED = (
    ("users", "user_id"),
    ("contracts", "owner_id"),
    ("milestones", "owner_id"),
    ("milestone_events", "owner_id"),
    ("reminders", "owner_id"),
)
# Rows a user wrote for a server, and the column that names the author.
AUTHORED = (
    ("faq_entries", "updated_by"),
    ("faq_changes", "by_user"),
)
USER_ID_COLUMNS = frozenset(OWNED + AUTHORED)
# Columns whose name looks like a user id but hold something else, each with the reason.
NOT_USER_IDS: dict[tuple[str, str], str] = {}
ANONYMOUS = 0  # no Discord user has id 0


async def owner_rows(conn: aiosqlite.Connection, owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows of this user, owned or written, as stored (times in epoch seconds UTC, money in
    minor units)."""
    data = {}
    for table, column in OWNED + AUTHORED:
        async with conn.execute(
            f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid", (owner_id,)
        ) as cur:
            names = [d[0] for d in cur.description]
            data[table] = [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]
    return data


async def delete_owner(conn: aiosqlite.Connection, owner_id: int) -> int:
    """Remove every row of this user's and anonymise what they wrote for servers; returns how many
    contracts went. (The caller then checkpoints the database, so the deleted rows leave the log too.)"""
    row = await fetch_one(conn, "SELECT count(*) FROM contracts WHERE owner_id = ?", (owner_id,))
    for table, column in reversed(OWNED):
        await conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (owner_id,))
    for table, column in AUTHORED:
        await conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (ANONYMOUS, owner_id))
    return int(row[0]) if row else 0
