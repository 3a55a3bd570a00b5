"""The reminder queries the scheduler and re-planning run use indexes, not scans of every reminder."""

from __future__ import annotations

import pytest

from storage.database import Database

QUERIES = {
    "due now": "SELECT id FROM reminders WHERE state IN ('pending', 'claimed') AND state = 'pending'"
    " AND due_at <= ? ORDER BY due_at, id LIMIT 200",
    "next due": "SELECT due_at FROM reminders WHERE state IN ('pending', 'claimed') AND state = 'pending'"
    " ORDER BY due_at LIMIT 1",
    "left claimed": "SELECT id FROM reminders WHERE state IN ('pending', 'claimed') AND state = 'claimed'",
    "a contract's reminders": "SELECT id FROM reminders WHERE +owner_id = ? AND contract_id = ?",
    "a user's upcoming": "SELECT id FROM reminders WHERE owner_id = ? AND state = 'pending' ORDER BY due_at, id LIMIT 15",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_reminder_query_uses_an_index(db: Database, name: str) -> None:
    sql = QUERIES[name]
    async with db.read() as conn, conn.execute(f"EXPLAIN QUERY PLAN {sql}", (1,) * sql.count("?")) as cur:
        plan = " / ".join(row[3] for row in await cur.fetchall())
    assert "INDEX" in plan and "TEMP B-TREE" not in plan, plan
