"""Everything stored about one user, for export and for deletion on request."""

from __future__ import annotations

from typing import Any

from storage.connection import Connection

# Every table holding a user's rows, children after parents, and which of its rows are the user's. A
# milestone's history is found through the owner's milestones, so that no table is read whole.
_OWNED_TABLES = (
    ("users", "user_id = ?"),
    ("contracts", "owner_id = ?"),
    ("milestones", "owner_id = ?"),
    ("milestone_events", "owner_id = ? AND milestone_id IN (SELECT id FROM milestones WHERE owner_id = ?)"),
    ("bonuses", "owner_id = ?"),
    ("reminders", "owner_id = ?"),
)
# The order rows are exported in: by key, the order they were made in (neither backend has another).
_ORDER = {"users": "user_id", "faq_entries": "guild_id, topic, language"}
# Rows that belong to a server but name the user who wrote them: exported with the user's data; on
# deletion the server keeps its FAQ and the author is forgotten (0: nobody).
_AUTHORED = (
    ("faq_entries", "updated_by"),
    ("faq_changes", "by_user"),
)
NOBODY = 0


async def owner_rows(conn: Connection, owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows of this owner, as stored (times in epoch seconds UTC, money in minor units)."""
    data = {}
    wheres = [*_OWNED_TABLES, *((table, f"{column} = ?") for table, column in _AUTHORED)]
    for table, where in wheres:
        params = (owner_id,) * where.count("?")
        order = _ORDER.get(table, "id")
        rows = await conn.fetch_all(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)
        data[table] = [dict(zip(row.keys(), row, strict=True)) for row in rows]
    return data


async def delete_owner(conn: Connection, owner_id: int) -> int:
    """Remove every row of this owner's and their name from what they wrote; returns how many contracts went."""
    row = await conn.fetch_one("SELECT count(*) FROM contracts WHERE owner_id = ?", (owner_id,))
    for table, where in reversed(_OWNED_TABLES):
        await conn.execute(f"DELETE FROM {table} WHERE {where}", (owner_id,) * where.count("?"))
    for table, column in _AUTHORED:
        await conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (NOBODY, owner_id))
    return int(row[0]) if row else 0
