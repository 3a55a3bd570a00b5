"""Time to first response under a burst of 500 interactions, with emulated network latency each way.

Discord gives a bot 3 seconds from an interaction's creation to its first answer (callback), counted on
Discord's side: the interaction's trip to the bot over the gateway and the answer's trip back are inside
the window. The local Discord server holds every gateway frame and every REST request and answer for the
emulated latency, and stamps when each interaction was made and when its first answer arrived. The bot
runs in its own process, as in production; the server waits for late answers instead of refusing them, so
that a slow one is measured rather than lost. An interaction the bot never answers (it skips those it
judges Discord has given up on) is counted as such.

    python -m bench.burst_latency            # prints the table for 0, 100 and 250 ms each way
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.bot_process import BotProcess
from bench.report import percentile
from bot.localdiscord import FakeUser, LocalDiscord

PEOPLE = 50
PER_PERSON = 10  # 500 in all
LATENCIES_MS = (0, 100, 250)
WINDOW = 3.0  # Discord's: interactions/receiving-and-responding.mdx:351 "within 3 seconds"
GUARD = 120.0  # a hang guard: past it an interaction counts as unanswered


@dataclass(frozen=True)
class BurstFigures:
    latency_ms: int
    interactions: int
    answered: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    over_window: int
    load_average: tuple[float, float]

    def row(self) -> list[str]:
        return [
            f"{self.latency_ms}",
            f"{self.interactions}",
            f"{self.answered}",
            f"{self.p50_ms:.0f}",
            f"{self.p99_ms:.0f}",
            f"{self.max_ms:.0f}",
            f"{self.over_window}",
            f"{self.load_average[0]:.2f} → {self.load_average[1]:.2f}",
        ]


HEADER = [
    "latency each way (ms)",
    "interactions",
    "answered",
    "p50 ms",
    "p99 ms",
    "max ms",
    "over 3 s",
    "load 1 min",
]


def _mix(index: int) -> tuple[str, dict[str, Any]]:
    """The reliability burst's mix: mostly reads, a write in every four."""
    kind = index % 4
    if kind == 0:
        return "milestone add", {"contract": "Logo", "title": f"Part {index}", "amount": "10"}
    if kind == 1:
        return "contract view", {"contract": "Logo"}
    if kind == 2:
        return "summary", {}
    return "contract list", {}


async def _one(server: LocalDiscord, person: FakeUser, index: int) -> bool:
    name, options = _mix(index)
    try:
        await server.command(person, name, options, timeout=GUARD)
    except AssertionError:
        return False  # not answered (skipped by the bot, or refused)
    return True


async def burst(server: LocalDiscord, people: list[FakeUser], latency_ms: int) -> BurstFigures:
    load_before = os.getloadavg()[0]
    server.faults.latency(latency_ms / 1000)
    first = len(server.desk.by_id)
    await asyncio.gather(*(_one(server, p, i) for i in range(PER_PERSON) for p in people))
    server.faults.latency(0)
    made = list(server.desk.by_id.values())[first:]
    waits = [p.responded_at - p.created_at for p in made if p.responded_at is not None]
    return BurstFigures(
        latency_ms=latency_ms,
        interactions=len(made),
        answered=len(waits),
        p50_ms=percentile(waits, 0.50) * 1000,
        p99_ms=percentile(waits, 0.99) * 1000,
        max_ms=max(waits, default=float("nan")) * 1000,
        over_window=sum(1 for wait in waits if wait > WINDOW) + len(made) - len(waits),
        load_average=(load_before, os.getloadavg()[0]),
    )


async def measure(
    latencies_ms: tuple[int, ...] = LATENCIES_MS, *, people: int = PEOPLE
) -> list[BurstFigures]:
    with tempfile.TemporaryDirectory(prefix="burst-") as folder:
        workdir = Path(folder)
        async with LocalDiscord() as server:
            server.be_patient(GUARD)
            users = [server.add_user(f"freelancer{n}") for n in range(people)]
            async with BotProcess(
                server.api_base, server.gateway_url, workdir / "bot.db", workdir / "bot.log"
            ):
                for user in users:
                    await server.command(
                        user, "contract add", {"title": "Logo", "client": "Dana", "price": "1500"}
                    )
                return [await burst(server, users, latency) for latency in latencies_ms]


def table(figures: list[BurstFigures]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(item.row()) + " |" for item in figures]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=int, nargs="*", default=list(LATENCIES_MS))
    args = parser.parse_args()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    figures = asyncio.run(measure(tuple(args.latency_ms)))
    print(f"burst of {PEOPLE * PER_PERSON} interactions, started {started}, {os.cpu_count()} CPUs")
    print(table(figures))
    late = [f for f in figures if f.over_window]
    if late:
        print("OVER 3 s: " + ", ".join(f"{f.over_window} at {f.latency_ms} ms each way" for f in late))


if __name__ == "__main__":
    main()
