"""Everything stored about one user, for export and for deletion on request."""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage.query import fetch_one

# Every table holding a user's rows, children after parents, and the column that names the owner.
_OWNED_TABLES = (
    ("users", "user_id"),
    ("contracts", "owner_id"),
    ("milestones", "owner_id"),
    ("milestone_events", "owner_id"),
    ("reminders", "owner_id"),
)


async def owner_rows(conn: aiosqlite.Connection, owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows of this owner, as stored (times in epoch seconds UTC, money in minor units)."""
    data = {}
    for table, column in _OWNED_TABLES:
        async with conn.execute(
            f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid", (owner_id,)
        ) as cur:
            names = [d[0] for d in cur.description]
            data[table] = [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]
    return data


async def delete_owner(conn: aiosqlite.Connection, owner_id: int) -> int:
    """Remove every row of this owner's; returns how many contracts went."""
    row = await fetch_one(conn, "SELECT count(*) FROM contracts WHERE owner_id = ?", (owner_id,))
    for table, column in reversed(_OWNED_TABLES):
        await conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (owner_id,))
    return int(row[0]) if row else 0
