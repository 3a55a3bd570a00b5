"""One measured run: a working copy of a dataset, the bot started in its own process, commands timed.

Gives the start-up time, the bot's memory once ready and at its peak after the commands, and the
latency of each command: the figures the brief asks for at full scale and at each growth step.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.bot_process import BotProcess, Memory
from bench.dataset import BuiltDataset, working_copy
from bench.latency import Latency, measure_commands
from bench.postgres import copied_to_postgres
from bench.probe_data import add_probe_accounts
from bot.localdiscord import LocalDiscord

PROBE_USERS = 20
READY_TARGET_S = 2.0
PEAK_RSS_TARGET_MB = 120.0


@dataclass(frozen=True)
class ScenarioResult:
    milestones: int
    backend: str  # "sqlite", or "postgresql" (then `copy_seconds`: the db copy into it)
    ready_seconds: float
    memory_when_ready: Memory
    memory_after_commands: Memory
    latencies: list[Latency]
    # The machine's 1-minute load average before and after: above ~0.5 others were using its 2 CPUs.
    load_average: tuple[float, float]
    copy_seconds: float | None = None

    def figures(self) -> dict[str, Any]:
        return {
            "milestones": self.milestones,
            "backend": self.backend,
            "db_copy_seconds": None if self.copy_seconds is None else round(self.copy_seconds, 1),
            "ready_seconds": round(self.ready_seconds, 3),
            "ready_target_seconds": READY_TARGET_S,
            "memory_when_ready": asdict(self.memory_when_ready),
            "memory_after_commands": asdict(self.memory_after_commands),
            "peak_rss_target_mb": PEAK_RSS_TARGET_MB,
            "load_average_before_after": list(self.load_average),
            "latency": [{**asdict(item), "meets_target": item.meets_target} for item in self.latencies],
        }


async def run_scenario(
    dataset: BuiltDataset,
    workdir: Path,
    *,
    calls: int,
    in_flight: int,
    one_at_a_time: int,
    paced: int,
    per_second: float,
    postgres: str | None = None,
    locale: str = "en-US",
) -> ScenarioResult:
    """`postgres`: a server's URL; the bot then runs on a copy of the working file there. `locale`: the
    Discord language of the users sending the commands."""
    load_before = os.getloadavg()[0]
    database = working_copy(dataset, workdir / "working.db")
    async with contextlib.AsyncExitStack() as stack:
        server = await stack.enter_async_context(LocalDiscord())
        users = {user.id: user for user in (server.add_user(f"freelancer{n}") for n in range(PROBE_USERS))}
        for user in users.values():
            user.locale = locale
        accounts = add_probe_accounts(database, list(users))
        store: str = str(database)
        copy_seconds = None
        if postgres is not None:
            copied = await stack.enter_async_context(copied_to_postgres(postgres, database))
            store, copy_seconds = copied.url, copied.seconds
        bot = BotProcess(server.api_base, server.gateway_url, store, workdir / "bot.log")
        async with bot:
            ready_memory = bot.memory()
            latencies = await measure_commands(
                server,
                users,
                accounts,
                calls=calls,
                in_flight=in_flight,
                one_at_a_time=one_at_a_time,
                paced=paced,
                per_second=per_second,
                bot_cpu=bot.cpu_seconds,
            )
            after_memory = bot.memory()
    return ScenarioResult(
        milestones=dataset.counts.milestones,
        backend="sqlite" if postgres is None else "postgresql",
        copy_seconds=copy_seconds,
        ready_seconds=bot.ready_seconds,
        memory_when_ready=ready_memory,
        memory_after_commands=after_memory,
        latencies=latencies,
        load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)),
    )
