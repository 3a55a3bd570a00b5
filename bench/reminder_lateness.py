"""Reminder lateness: how long after its moment a reminder DM exists on the (local) Discord server.

Lateness is the server's creation time of the DM minus the second the reminder was due. The real bot
runs in its own process (`bench.bot_process`) against a LocalDiscord in this process, on a fresh SQLite
file per case; DM channel ids are known beforehand, as they are for anyone who got a reminder before.

- one reminder alone: a milestone added with `/milestone add` whose 72 h reminder falls 1.5 s later
  (the command wakes the scheduler, which then sleeps until that second), repeated;
- 1,000 at the same moment: 1,000 users, one reminder each, all due the same second, planned before
  the bot starts; once with no limit on the server, once with Discord's global limit of 50 requests per
  second emulated. The bot paces its DMs below that limit either way (`bot.pacing`);
  `bench.scheduler_flood` measures the brief's 10,000, and `make bench` runs this with `--at-once 0`.

    python -m bench.reminder_lateness [--alone 30] [--at-once 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bot_process import BotProcess
from bench.report import RESULTS_DIR, percentile, table, write_json
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.services import Services, Store
from storage.database import Database
from storage.users import Users

LEAD_SECONDS = 1.5  # from planning a lone reminder to its moment
START_MARGIN_SECONDS = 5  # from planning the 1,000 to their moment: the bot starts meanwhile
WAIT_LIMIT_SECONDS = 120


@dataclass(frozen=True)
class Case:
    name: str
    reminders: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    def row(self) -> list[object]:
        return [self.name, self.reminders, f"{self.p50_ms:.1f}", f"{self.p99_ms:.1f}", f"{self.max_ms:.1f}"]


def _case(name: str, lateness_ms: list[float]) -> Case:
    return Case(
        name,
        len(lateness_ms),
        percentile(lateness_ms, 0.5),
        percentile(lateness_ms, 0.99),
        max(lateness_ms, default=math.nan),
    )


def _due_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


async def _remember_dm_channels(path: Path, server: LocalDiscord, users: list[FakeUser]) -> None:
    db = await Database.open(str(path))
    async with db.write() as conn:
        for user in users:
            await Users(conn).update(user.id, datetime.now(UTC), dm_channel_id=server.dm_channel_id(user))
    await db.close()


async def _wait_for_dms(server: LocalDiscord, users: list[FakeUser], count: int) -> None:
    deadline = time.monotonic() + WAIT_LIMIT_SECONDS
    while sum(len(server.dms(user)) for user in users) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {sum(len(server.dms(u)) for u in users)} of {count} DMs arrived")
        await asyncio.sleep(0.01)


async def one_alone(workdir: Path, runs: int) -> Case:
    path = workdir / "alone.db"
    lateness: list[float] = []
    async with LocalDiscord() as server:
        user = server.add_user("freelancer")
        await _remember_dm_channels(path, server, [user])
        async with BotProcess(server.api_base, server.gateway_url, path, workdir / "alone.log"):
            await server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "1000"})
            for run in range(runs):
                moment = datetime.fromtimestamp(math.ceil(time.time() + LEAD_SECONDS), tz=UTC)
                due = _due_text(moment + timedelta(hours=72))
                await server.command(
                    user,
                    "milestone add",
                    {"contract": "Logo", "title": f"Part {run}", "amount": "10", "due": due},
                )
                await _wait_for_dms(server, [user], run + 1)
                lateness.append((server.dms(user)[-1].created_at - moment).total_seconds() * 1000)
    return _case(f"one reminder alone ({runs} runs)", lateness)


async def many_at_once(workdir: Path, count: int, *, discord_limit: bool) -> Case:
    path = workdir / f"at-once-{count}-{'limited' if discord_limit else 'free'}.db"
    async with LocalDiscord() as server:
        users = [server.add_user(f"freelancer{n}") for n in range(count)]
        await _remember_dm_channels(path, server, users)
        planned_for = datetime.fromtimestamp(math.ceil(time.time()) + 3600, tz=UTC)
        await _plan(path, users, planned_for)
        # Planning 1,000 milestones takes a while: move the whole plan to a moment just ahead instead.
        moment = datetime.fromtimestamp(math.ceil(time.time()) + START_MARGIN_SECONDS, tz=UTC)
        _move_plan(path, planned_for - moment)
        if discord_limit:
            server.faults.global_rate_limit(50, per=1.0)
        async with BotProcess(server.api_base, server.gateway_url, path, workdir / "at-once.log"):
            await _wait_for_dms(server, users, count)
        lateness = [(server.dms(user)[0].created_at - moment).total_seconds() * 1000 for user in users]
    name = f"{count:,} due at the same moment" + (", Discord's 50 requests/s" if discord_limit else "")
    return _case(name, lateness)


async def _plan(path: Path, users: list[FakeUser], moment: datetime) -> None:
    """Each user: a contract and a milestone due 72 h after `moment`, so its first reminder is at `moment`."""
    db = await Database.open(str(path))
    services = Services.build(Store(db, ManualClock(datetime.now(UTC))))
    due = _due_text(moment + timedelta(hours=72))
    for user in users:
        added = await services.contracts.add(user.id, title="Logo", client="Dana", price="1000")
        await services.milestones.add(user.id, added.contract.id, title="Sketches", amount="100", due=due)
    await db.close()


def _move_plan(path: Path, earlier: timedelta) -> None:
    """Every due date and reminder `earlier` sooner, as if the milestones had been added that much later."""
    seconds = int(earlier.total_seconds())
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("UPDATE milestones SET due_at = due_at - ?", (seconds,))
        conn.execute("UPDATE reminders SET due_at = due_at - ?, event_at = event_at - ?", (seconds, seconds))
        conn.execute("COMMIT")
    finally:
        conn.close()


async def run(alone: int, at_once: int) -> list[Case]:
    with tempfile.TemporaryDirectory(prefix="reminder-lateness-") as tmp:
        workdir = Path(tmp)
        cases = [await one_alone(workdir, alone)]
        if at_once:  # 0 skips them: `make bench` measures a flood in bench.scheduler_flood instead
            cases.append(await many_at_once(workdir, at_once, discord_limit=False))
            cases.append(await many_at_once(workdir, at_once, discord_limit=True))
        return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alone", type=int, default=30, help="runs of a lone reminder")
    parser.add_argument(
        "--at-once", type=int, default=1000, help="reminders due at the same moment (0: none)"
    )
    args = parser.parse_args()
    cases = asyncio.run(run(args.alone, args.at_once))
    print(
        table(
            "Reminder lateness: DM created on the server minus the second it was due",
            ["case", "reminders", "p50 ms", "p99 ms", "max ms"],
            [case.row() for case in cases],
        )
    )
    path = write_json("reminder_lateness", {"cases": [asdict(case) for case in cases]}, RESULTS_DIR)
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
