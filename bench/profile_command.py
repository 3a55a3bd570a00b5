"""Where a command's time goes: the service call behind it, profiled in this process on a benchmark copy.

    python -m bench.profile_command summary   # or view, submit, choices

Prints the time per call over 200 calls by probe accounts (see probe_data), then the same calls profiled:
the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from pathlib import Path

from bench import dataset, report
from bench.probe_data import add_probe_accounts
from bot.clock import SystemClock
from bot.domain.lifecycle import EventKind
from bot.services import Services, Store
from storage.database import Database

CALLS = 200


async def _profile(command: str, database: Path) -> None:
    accounts = add_probe_accounts(database, [9_100_000_000 + n for n in range(4)])
    db = await Database.open(str(database))
    services = Services.build(Store(db, SystemClock()))
    contracts, milestones = services.contracts, services.milestones
    funded = [(a.user_id, c, m) for a in accounts for c, m in a.funded]

    async def call(number: int) -> None:
        account = accounts[number % len(accounts)]
        if command == "summary":
            await contracts.summary(account.user_id)
        elif command == "view":
            await contracts.view(account.user_id, account.contract_ids[number % 50])
        elif command == "choices":
            await contracts.choices(account.user_id, f"project {number % 9 + 1}")
        else:
            owner, contract, milestone = funded[number]
            await milestones.act(owner, contract, milestone, EventKind.SUBMIT)

    await call(CALLS)  # warm caches; a number the measured calls do not use
    began, cpu = time.perf_counter(), time.process_time()
    for number in range(CALLS):
        await call(number)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    # CPU time (all threads, SQLite's included) moves less than wall time on a shared machine.
    print(f"{command}: {wall * 1000 / CALLS:.2f} ms per call, {cpu * 1000 / CALLS:.2f} ms CPU (not profiled)")
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for number in range(CALLS):
        await call(number)
    profiler.disable()
    print(f"{command}: {(time.perf_counter() - began) * 1000 / CALLS:.2f} ms per call (profiled)")
    await db.close()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["summary", "view", "choices", "submit"])
    parser.add_argument("--scale", type=float, default=0.01)
    args = parser.parse_args()
    data = dataset.cached(report.RESULTS_DIR, args.scale)
    database = dataset.working_copy(data, report.RESULTS_DIR / "profile.db")
    asyncio.run(_profile(args.command, database))


if __name__ == "__main__":
    main()
