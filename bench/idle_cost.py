"""Idle cost: the database queries and CPU of the real bot over an hour with reminders pending, none due.

The bot runs in its own process (this module's child mode) against a LocalDiscord in this process, with
`ManualClock(follow_real_time=True)` as its clock, on a database where 100 users each have reminders
planned from three hours ahead. Two phases, one after the other, once it is ready and settled:

- real time, 45 s: what idling costs minute by minute (the gateway's heartbeat every 41.25 s, the event
  loop); its CPU is scaled to an hour;
- a virtual hour in 30 s: the child moves the bot's clock 120 times as fast, so the scheduler does the
  rechecks of a whole hour (every 5 minutes), while the gateway still runs in real time.

Queries are counted in the child by an `sqlite3` trace callback on every connection (each statement
SQLite runs, BEGIN and COMMIT included), CPU by `time.process_time()` (all the child's threads).
CPU per hour = the real-time phase scaled to an hour + the whole virtual-hour phase: an upper bound, as
the second phase's 30 s of real-time idling are counted twice.

    python -m bench.idle_cost
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bot_process import GUILD_READY_TIMEOUT
from bench.reminder_lateness import _plan
from bench.report import RESULTS_DIR, table, write_json
from bot.localdiscord import LocalDiscord

USERS = 100
REAL_SECONDS = 45.0  # longer than one gateway heartbeat interval (41.25 s)
FAST_SECONDS = 30.0
SPEED = 120  # 30 s of real time = one hour on the bot's clock
TICK_SECONDS = 0.05  # 6 s of the bot's clock a tick: a 5-minute recheck wakes at most 6 s late
QUERY_TARGET = 20
CPU_TARGET_S = 1.0
HOUR_S = 3600.0


@dataclass(frozen=True)
class IdleCost:
    statements_per_hour: int
    queries_per_hour: int  # statements other than BEGIN, COMMIT and ROLLBACK
    statements_by_kind: dict[str, int]
    cpu_real_phase_s: float
    cpu_virtual_hour_phase_s: float
    cpu_per_hour_s: float
    virtual_seconds: float

    def rows(self) -> list[list[object]]:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.statements_by_kind.items()))
        return [
            [
                "queries per hour",
                self.queries_per_hour,
                f"<= {QUERY_TARGET}",
                _met(self.queries_per_hour <= QUERY_TARGET),
            ],
            ["SQL statements per hour", f"{self.statements_per_hour} ({kinds})", "", ""],
            [
                "CPU per hour (upper bound)",
                f"{self.cpu_per_hour_s:.3f} s",
                f"<= {CPU_TARGET_S:.0f} s",
                _met(self.cpu_per_hour_s <= CPU_TARGET_S),
            ],
            [f"  CPU in {REAL_SECONDS:.0f} s of real time", f"{self.cpu_real_phase_s:.3f} s", "", ""],
            ["  CPU in the virtual hour", f"{self.cpu_virtual_hour_phase_s:.3f} s", "", ""],
        ]


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


async def measure(workdir: Path) -> IdleCost:
    path = workdir / "idle.db"
    async with LocalDiscord() as server:
        users = [server.add_user(f"freelancer{n}") for n in range(USERS)]
        first_due = datetime.fromtimestamp(math.ceil(time.time()), tz=UTC) + timedelta(hours=3)
        await _plan(path, users, first_due)
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.idle_cost",
            "--child",
            "--api-base",
            server.api_base,
            "--gateway",
            server.gateway_url,
            "--db",
            str(path),
            stdout=asyncio.subprocess.PIPE,
        )
        assert child.stdout is not None
        limit = REAL_SECONDS + FAST_SECONDS + 60
        line = await asyncio.wait_for(child.stdout.readline(), limit)
        await child.wait()
    if not line:
        raise RuntimeError(f"the idle bot gave no figures (exit {child.returncode})")
    figures: dict[str, Any] = json.loads(line)
    by_kind: dict[str, int] = figures["fast_statements"]
    queries = sum(count for kind, count in by_kind.items() if kind not in ("BEGIN", "COMMIT", "ROLLBACK"))
    cpu_real, cpu_fast = figures["real_cpu"], figures["fast_cpu"]
    return IdleCost(
        statements_per_hour=sum(by_kind.values()),
        queries_per_hour=queries,
        statements_by_kind=by_kind,
        cpu_real_phase_s=round(cpu_real, 4),
        cpu_virtual_hour_phase_s=round(cpu_fast, 4),
        cpu_per_hour_s=round(cpu_real * HOUR_S / REAL_SECONDS + cpu_fast, 4),
        virtual_seconds=figures["virtual_seconds"],
    )


# -- the child: the real bot with a clock it can speed up ------------------------------------------


class StatementCounter:
    """Counts every statement SQLite runs on any connection opened after `install()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # aiosqlite runs each connection in its own thread
        self.kinds: Counter[str] = Counter()

    def install(self) -> None:
        connect = sqlite3.connect

        def counted(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = connect(*args, **kwargs)
            conn.set_trace_callback(self._seen)
            return conn

        sqlite3.connect = counted  # type: ignore[assignment]

    def _seen(self, statement: str) -> None:
        with self._lock:
            self.kinds[statement.split(None, 1)[0].upper()] += 1

    def snapshot(self) -> Counter[str]:
        with self._lock:
            return Counter(self.kinds)


async def _child(api_base: str, gateway_url: str, database: str) -> dict[str, Any]:
    import discord
    import yarl

    from bot.app import MilestoneBot
    from bot.clock import ManualClock
    from bot.settings import Settings

    counter = StatementCounter()
    counter.install()
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    settings = Settings(
        discord_token="local-bot-token", database_path=database, log_level="WARNING", dev_guild_id=None
    )
    clock = ManualClock(follow_real_time=True)
    bot = MilestoneBot(settings, clock=clock)
    bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
    await bot.login("local-bot-token")
    guild_parsed = bot.wait_for("socket_event_type", check=lambda event: event == "GUILD_CREATE")
    runner = asyncio.create_task(bot.connect(reconnect=True))
    try:
        await asyncio.wait_for(guild_parsed, 30)
        assert bot.scheduler is not None
        await asyncio.wait_for(bot.scheduler.settled(), 10)
        await asyncio.sleep(1)  # the start's last answers and writes

        statements, cpu = counter.snapshot(), time.process_time()
        await asyncio.sleep(REAL_SECONDS)
        real_cpu = time.process_time() - cpu

        statements, cpu, began = counter.snapshot(), time.process_time(), clock.now()
        ticks = round(FAST_SECONDS / TICK_SECONDS)
        for _ in range(ticks):
            await asyncio.sleep(TICK_SECONDS)
            clock.advance(timedelta(seconds=TICK_SECONDS * (SPEED - 1)))
        await asyncio.sleep(0.2)  # the last recheck's query
        fast_cpu = time.process_time() - cpu
        fast_statements = counter.snapshot() - statements
        virtual_seconds = (clock.now() - began).total_seconds()
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(runner, 10)
    return {
        "real_cpu": real_cpu,
        "fast_cpu": fast_cpu,
        "fast_statements": dict(fast_statements),
        "virtual_seconds": round(virtual_seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-base")
    parser.add_argument("--gateway")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        figures = asyncio.run(_child(args.api_base, args.gateway, args.db))
        sys.stdout.write(json.dumps(figures) + "\n")
        sys.stdout.flush()
        return
    with tempfile.TemporaryDirectory(prefix="idle-cost-") as tmp:
        result = asyncio.run(measure(Path(tmp)))
    print(
        table(
            f"Idle cost: {USERS} users with reminders pending, none due for an hour",
            ["figure", "value", "target", "met"],
            result.rows(),
        )
    )
    path = write_json("idle_cost", {"idle": asdict(result)}, RESULTS_DIR)
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
