"""Command latency through the real bot: interaction sent by the local server to the bot's answer received.

Each command runs `calls` times with `in_flight` at once, after a short warm-up that is not counted.
Every answer is checked, so a fast error cannot pass for a fast command.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bench.probe_data import CONTRACTS_EACH, ProbeAccount
from bench.report import percentile
from bot.i18n.speaking import _, speaking
from bot.localdiscord import FakeUser, LocalDiscord

P99_TARGET_MS = 25.0
WARM_UP = 50

Call = Callable[[int], Awaitable[bool]]  # the call number in, True when the answer was the expected one


@dataclass(frozen=True)
class Latency:
    command: str
    in_flight: int  # the most calls at once; 0 when calls arrive at a steady rate instead
    per_second: float | None  # the steady arrival rate, when there is one
    calls: int
    failures: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    calls_per_second: float
    bot_cpu_ms_per_call: float
    bench_cpu_ms_per_call: float  # the local server and the simulated users, in the benchmark's process

    @property
    def meets_target(self) -> bool:
        return self.failures == 0 and self.p99_ms <= P99_TARGET_MS

    def row(self) -> list[object]:
        return [
            self.command,
            f"{self.per_second:.0f}/s" if self.per_second else self.in_flight,
            self.calls,
            self.failures,
            f"{self.p50_ms:.1f}",
            f"{self.p99_ms:.1f}",
            f"{self.max_ms:.1f}",
            f"{self.calls_per_second:.0f}",
            f"{self.bot_cpu_ms_per_call:.1f}",
            f"{self.bench_cpu_ms_per_call:.1f}",
            "yes" if self.meets_target else "NO",
        ]


HEADER = [
    "command",
    "in flight / rate",
    "calls",
    "failed",
    "p50 ms",
    "p99 ms",
    "max ms",
    "calls/s",
    "bot CPU ms/call",
    "server CPU ms/call",
    f"p99<={P99_TARGET_MS:.0f}",
]


async def run_calls(
    name: str,
    call: Call,
    *,
    first: int,
    calls: int,
    bot_cpu: Callable[[], float],
    in_flight: int = 0,
    per_second: float | None = None,
) -> Latency:
    """Calls numbered first .. first + calls - 1: at most `in_flight` at a time, or, with `per_second`,
    each started on schedule whether or not the earlier ones have been answered (as users would)."""
    timings: list[float] = []
    failures = 0
    gate = asyncio.Semaphore(in_flight or calls)
    began = time.perf_counter()

    async def one(number: int) -> None:
        nonlocal failures
        if per_second:
            await asyncio.sleep(max(0.0, began + (number - first) / per_second - time.perf_counter()))
        async with gate:
            started = time.perf_counter()
            try:
                ok = await call(number)
            except AssertionError:
                ok = False
            timings.append((time.perf_counter() - started) * 1000)
            failures += not ok

    bot_began, bench_began = bot_cpu(), time.process_time()
    await asyncio.gather(*(one(number) for number in range(first, first + calls)))
    elapsed = time.perf_counter() - began
    return Latency(
        command=name,
        in_flight=in_flight,
        per_second=per_second,
        calls=calls,
        failures=failures,
        p50_ms=percentile(timings, 0.50),
        p99_ms=percentile(timings, 0.99),
        max_ms=max(timings),
        calls_per_second=calls / elapsed,
        bot_cpu_ms_per_call=(bot_cpu() - bot_began) * 1000 / calls,
        bench_cpu_ms_per_call=(time.process_time() - bench_began) * 1000 / calls,
    )


def _title(result: Any) -> str:
    embeds = result.embeds
    return str(embeds[0].get("title", "")) if embeds else str(result.content)


async def measure_commands(
    server: LocalDiscord,
    users: dict[int, FakeUser],
    accounts: list[ProbeAccount],
    *,
    calls: int,
    in_flight: int,
    one_at_a_time: int,
    paced: int,
    per_second: float,
    bot_cpu: Callable[[], float],
) -> list[Latency]:
    """The four commands of the brief, each after a warm-up: `one_at_a_time` calls alone (the cost of
    one command), `paced` calls arriving at `per_second` (steady traffic), then `calls` with `in_flight`
    at once (the burst of the brief)."""
    needed = WARM_UP + one_at_a_time + paced + calls
    # Taken in turn from each user, so the calls in flight belong to different people, as they would.
    per_user = [
        [(users[a.user_id], contract, milestone) for contract, milestone in a.funded] for a in accounts
    ]
    funded = [item for turn in zip(*per_user, strict=False) for item in turn]
    if len(funded) < needed:
        raise ValueError(f"{len(funded)} funded milestones for {needed} submits")
    pairs = [(users[a.user_id], a.contract_ids[i]) for i in range(CONTRACTS_EACH) for a in accounts]
    owners = [users[a.user_id] for a in accounts]
    # What a correct answer says, in the users' language (the bot's own catalogs).
    with speaking(owners[0].locale):
        submitted = _("Submitted: {title}").split("{")[0]
        your_summary, totals = _("Your summary"), _("Totals in {currency}").format(currency="USD")

    async def submit(number: int) -> bool:
        user, contract, milestone = funded[number]
        result = await server.command(
            user, "milestone submit", {"contract": f"#{contract}", "milestone": f"#{milestone}"}
        )
        return _title(result).startswith(submitted)

    async def view(number: int) -> bool:
        user, contract = pairs[number % len(pairs)]
        result = await server.command(user, "contract view", {"contract": f"#{contract}"})
        return "Milestone 10" in result.text

    async def autocomplete(number: int) -> bool:
        user = owners[number % len(owners)]
        typed = f"project {number % 9 + 1}"
        choices = await server.autocomplete(user, "contract view", {"contract": typed}, "contract")
        return bool(choices) and all(typed in c["name"].lower() for c in choices)

    async def summary(number: int) -> bool:
        result = await server.command(owners[number % len(owners)], "summary")
        return _title(result) == your_summary and totals in result.text

    figures = []
    for name, call in (
        ("/milestone submit", submit),
        ("/contract view (10 milestones)", view),
        ("contract autocomplete", autocomplete),
        ("/summary (50 contracts)", summary),
    ):
        for number in range(WARM_UP):
            await call(number)
        first = WARM_UP
        figures.append(
            await run_calls(name, call, first=first, calls=one_at_a_time, in_flight=1, bot_cpu=bot_cpu)
        )
        first += one_at_a_time
        figures.append(
            await run_calls(name, call, first=first, calls=paced, per_second=per_second, bot_cpu=bot_cpu)
        )
        first += paced
        figures.append(
            await run_calls(name, call, first=first, calls=calls, in_flight=in_flight, bot_cpu=bot_cpu)
        )
    return figures
