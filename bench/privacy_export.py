"""/privacy export for a heavy user: the JSON document's size, and the files actually sent.

python -m bench.privacy_export                     # 1,000 contracts × 10 milestones
python -m bench.privacy_export --contracts 5000
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bot.clock import SystemClock
from bot.domain.lifecycle import EventKind, Step
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.services import Services, Store
from cogs.privacy.files import DEFAULT_LIMIT, encoded, export_files
from storage.contracts import Contracts
from storage.database import Database
from storage.milestones import Milestones
from storage.timestamps import to_epoch

OWNER = 1
REVIEW_SECONDS = 14 * 86400
REVIEW_LEADS = (3 * 86400, 86400, 0)


async def fill_heavy_user(
    db: Database, now: datetime, owner_id: int, contracts: int, milestones: int
) -> None:
    """`contracts` contracts of `milestones` milestones each, written through storage as the commands store
    them: each milestone created, funded and submitted, with three review reminders planned."""
    async with db.write() as conn:
        stored_contracts, stored_milestones = Contracts(conn), Milestones(conn)
        for number in range(contracts):
            contract = await stored_contracts.add(
                owner_id,
                title=f"Contract {number:04d} for a client with a long name",
                client="A client whose name is as long as some are",
                platform=Platform.UPWORK,
                price=Money(1_000_000, "USD"),
                review_days=14,
                started_at=now,
                now=now,
            )
            for part in range(milestones):
                milestone_id, _ = await stored_milestones.add(
                    owner_id, contract.id, f"Milestone {part} of contract {number:04d}", 100_000, now, now
                )
                for kind in (EventKind.CREATED, EventKind.FUND, EventKind.SUBMIT):
                    await stored_milestones.record(owner_id, milestone_id, Step(kind, now, 100_000), now)
                due = to_epoch(now) + REVIEW_SECONDS
                await conn.executemany(
                    "INSERT INTO reminders (owner_id, contract_id, milestone_id, kind, lead_seconds, event_at,"
                    " due_at, intended_at, created_at) VALUES (?, ?, ?, 'review', ?, ?, ?, ?, ?)",
                    [
                        (
                            owner_id,
                            contract.id,
                            milestone_id,
                            lead,
                            due,
                            due - lead,
                            due - lead,
                            to_epoch(now),
                        )
                        for lead in REVIEW_LEADS
                    ],
                )


async def main(contracts: int, milestones: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(str(Path(folder) / "bench.db"))
        try:
            clock = SystemClock()
            await fill_heavy_user(db, clock.now(), OWNER, contracts, milestones)
            document = await Services.build(Store(db, clock)).privacy.export_document(OWNER)
        finally:
            await db.close()
    began = time.perf_counter()
    files = export_files(document, DEFAULT_LIMIT)
    packing = time.perf_counter() - began
    mib = 1024 * 1024
    print(f"{contracts} contracts × {milestones} milestones")
    print(f"  JSON document: {len(encoded(document)) / mib:.2f} MiB (limit {DEFAULT_LIMIT / mib:.0f} MiB)")
    for name, content in files:
        print(f"  sent: {name} {len(content) / mib:.2f} MiB")
    print(f"  encoding and zipping took {packing:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m bench.privacy_export", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--milestones", type=int, default=10)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.contracts, arguments.milestones))
