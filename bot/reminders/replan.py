"""Re-plan a contract's reminders inside the transaction that changed it."""

from __future__ import annotations

from datetime import datetime

import aiosqlite


async def replan_contract(conn: aiosqlite.Connection, owner_id: int, contract_id: int, now: datetime) -> bool:
    """Bring the contract's pending reminders in line with its milestones' state.

    Returns True when a reminder was added, so the caller wakes the scheduler after committing.
    """
    return False
