"""The queries behind commands and the scheduler use indexes, not table scans."""

from __future__ import annotations

import pytest

from storage.database import Database

QUERIES = {
    "contracts of an owner": ("SELECT id FROM contracts WHERE owner_id = ? AND ended_at IS NULL", (1,)),
    "contract by title": (
        "SELECT id FROM contracts WHERE owner_id = ? AND title = ? COLLATE NOCASE",
        (1, "x"),
    ),
    "milestones of a contract": ("SELECT id FROM milestones WHERE owner_id = ? AND contract_id = ?", (1, 2)),
    "events of a milestone": ("SELECT id FROM milestone_events WHERE milestone_id = ? ORDER BY id", (1,)),
    "next due reminder": (
        "SELECT id FROM reminders WHERE state IN ('pending', 'claimed') ORDER BY due_at LIMIT 1",
        (),
    ),
    "reminders of a milestone": (
        "SELECT id FROM reminders WHERE milestone_id = ? AND state = 'pending'",
        (1,),
    ),
    "reminders of a user": (
        "SELECT id FROM reminders WHERE owner_id = ? AND state = 'pending' ORDER BY due_at",
        (1,),
    ),
    "faq entry of a server": ("SELECT body FROM faq_entries WHERE guild_id = ? AND topic = ?", (1, "x")),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_query_uses_an_index(db: Database, name: str) -> None:
    sql, params = QUERIES[name]
    async with db.read() as conn, conn.execute(f"EXPLAIN QUERY PLAN {sql}", params) as cur:
        plan = " / ".join(row[3] for row in await cur.fetchall())
    assert "USING" in plan and "INDEX" in plan, plan
    assert "USE TEMP B-TREE" not in plan, plan
