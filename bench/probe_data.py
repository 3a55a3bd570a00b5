"""The accounts the benchmark plays: a few users of the local server with 50 active contracts each.

They are added to a working copy of the dataset with plain SQL, under the ids the local server gave
the users. Each contract has 10 milestones, the first few funded so `/milestone submit` has work.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

CONTRACTS_EACH = 50
MILESTONES_EACH = 10
FUNDED_EACH = 3
AMOUNT_MINOR = 40_000
DAY = 86_400


@dataclass
class ProbeAccount:
    user_id: int
    contract_ids: list[int] = field(default_factory=list)
    # (contract id, milestone id) of funded milestones, each to be submitted once
    funded: list[tuple[int, int]] = field(default_factory=list)


def add_probe_accounts(database: Path, user_ids: list[int]) -> list[ProbeAccount]:
    now = int(time.time())
    accounts = [ProbeAccount(user_id) for user_id in user_ids]
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("BEGIN")
        next_contract = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM contracts").fetchone()[0]
        next_milestone = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM milestones").fetchone()[0]
        contracts, milestones, events = [], [], []
        for account in accounts:
            conn.execute(
                "INSERT INTO users (user_id, created_at) VALUES (?, ?)", (account.user_id, now - 90 * DAY)
            )
            for number in range(1, CONTRACTS_EACH + 1):
                contract_id = next_contract
                next_contract += 1
                account.contract_ids.append(contract_id)
                started = now - number * DAY
                contracts.append(
                    (
                        contract_id,
                        account.user_id,
                        f"Project {number} website rebuild",
                        f"Client {number}",
                        "upwork",
                        "USD",
                        AMOUNT_MINOR * MILESTONES_EACH,
                        14,
                        started,
                        started,
                    )
                )
                for position in range(1, MILESTONES_EACH + 1):
                    funded = position <= FUNDED_EACH
                    milestones.append(
                        (
                            next_milestone,
                            contract_id,
                            account.user_id,
                            position,
                            f"Milestone {position}",
                            AMOUNT_MINOR,
                            now + position * 7 * DAY,
                            started + DAY if funded else started,
                            started,
                        )
                    )
                    events.append(
                        (next_milestone, account.user_id, "created", started, AMOUNT_MINOR, started)
                    )
                    if funded:
                        events.append(
                            (
                                next_milestone,
                                account.user_id,
                                "fund",
                                started + DAY,
                                AMOUNT_MINOR,
                                started + DAY,
                            )
                        )
                        account.funded.append((contract_id, next_milestone))
                    next_milestone += 1
        conn.executemany(
            "INSERT INTO contracts (id, owner_id, title, client, platform, currency, price_minor, review_days,"
            " started_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contracts,
        )
        conn.executemany(
            "INSERT INTO milestones (id, contract_id, owner_id, position, title, amount_minor, due_at,"
            " changed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            milestones,
        )
        conn.executemany(
            "INSERT INTO milestone_events (milestone_id, owner_id, kind, at, amount_minor, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        # The local server is new each run, so the bot must sync its commands to it once.
        conn.execute("DELETE FROM bot_meta WHERE key LIKE 'commands_hash:%'")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return accounts
