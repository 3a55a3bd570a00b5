"""The defer policy under stalls and load: how many commands got an answer in Discord's 3-second window,
how many saved, how many users learned the outcome, and how long the full answer took.

    python -m bench.defer                 # both cases
    python -m bench.defer --lock 30 --commands 12 --burst 0

Case 1: another process holds the database's write lock for `--lock` seconds while `--commands` users each
run /contract add. Case 2: `--burst` commands from `--users` users at once (/contract add and /summary,
half each). The real bot runs in its own process against the local Discord server, which enforces the
3-second window: a command not answered (or deferred) by then counts as "did not respond".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bot_process import BotProcess
from bench.report import percentile
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.results import DEFERRED_CHANNEL_MESSAGE

ANSWER_GUARD = 120.0
WINDOW = 3.0


@dataclass
class Outcome:
    answered: bool  # a first response (the result, or "thinking…") inside the window
    deferred: bool
    seconds: float  # from sending to the full answer
    text: str


async def _run(server: LocalDiscord, user: FakeUser, name: str, options: dict[str, str]) -> Outcome:
    began = time.perf_counter()
    try:
        result = await server.command(user, name, options, timeout=ANSWER_GUARD)
    except AssertionError as error:
        return Outcome(False, False, time.perf_counter() - began, str(error))
    return Outcome(True, result.type == DEFERRED_CHANNEL_MESSAGE, time.perf_counter() - began, result.text)


def _saved(database: Path, title: str) -> bool:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT count(*) FROM contracts WHERE title = ?", (title,)).fetchone()[0] > 0


def _truthful(outcome: Outcome, saved: bool) -> bool:
    """The user learned what happened: the result when saved, an error saying nothing changed when not."""
    if saved:
        return outcome.answered and ("Added: " in outcome.text or "was saved" in outcome.text)
    return outcome.answered and "Nothing was changed" in outcome.text


def _report(label: str, outcomes: list[Outcome], saved: list[bool]) -> None:
    times = sorted(o.seconds for o in outcomes)
    load = os.getloadavg()
    print(f"\n{label}")
    print(f"  load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  commands: {len(outcomes)}")
    print(f"  answered within the 3 s window (result or 'thinking…'): {sum(o.answered for o in outcomes)}")
    print(f"  'did not respond': {sum(not o.answered for o in outcomes)}")
    print(f"  deferred first: {sum(o.deferred for o in outcomes)}")
    print(f"  full answer past 3 s: {sum(t > WINDOW for t in times)}")
    print(
        f"  full answer p50 / p99 / max: {percentile(times, 0.5):.2f} / {percentile(times, 0.99):.2f} / {times[-1]:.2f} s"
    )
    if saved:
        print(f"  saved: {sum(saved)}")
        truthful = sum(_truthful(o, s) for o, s in zip(outcomes, saved, strict=True))
        print(f"  users told the true outcome: {truthful} of {len(saved)}")


async def _lock_case(server: LocalDiscord, database: Path, seconds: float, commands: int) -> None:
    users = [server.add_user(f"locked{n}") for n in range(commands)]
    titles = [f"During the lock {n}" for n in range(commands)]
    other = sqlite3.connect(database, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        tasks = []
        for user, title in zip(users, titles, strict=True):
            options = {"title": title, "client": "Dana", "price": "150"}
            tasks.append(asyncio.create_task(_run(server, user, "contract add", options)))
            await asyncio.sleep(seconds / (commands + 1))  # spread over the lock, as users come one by one
        await asyncio.sleep(max(0.0, seconds - seconds * commands / (commands + 1)))
    finally:
        other.execute("COMMIT")
        other.close()
    outcomes = list(await asyncio.gather(*tasks))
    _report(
        f"Write lock held {seconds:.0f} s by another process, {commands} /contract add",
        outcomes,
        [_saved(database, t) for t in titles],
    )


async def _burst_case(server: LocalDiscord, database: Path, commands: int, users_count: int) -> None:
    users = [server.add_user(f"burst{n}") for n in range(users_count)]
    calls = []
    titles: list[str | None] = []
    for number in range(commands):
        user = users[number % users_count]
        if number % 2:
            calls.append(_run(server, user, "summary", {}))
            titles.append(None)
        else:
            title = f"Burst {number}"
            calls.append(
                _run(server, user, "contract add", {"title": title, "client": "Dana", "price": "150"})
            )
            titles.append(title)
    outcomes = list(await asyncio.gather(*calls))
    writes = [(o, t) for o, t in zip(outcomes, titles, strict=True) if t is not None]
    _report(
        f"{commands} commands from {users_count} users at once (half /contract add, half /summary)",
        outcomes,
        [],
    )
    saved = [_saved(database, t) for _, t in writes]
    truthful = sum(_truthful(o, s) for (o, _), s in zip(writes, saved, strict=True))
    print(f"  /contract add saved: {sum(saved)} of {len(writes)}; users told the true outcome: {truthful}")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        async with (
            LocalDiscord() as server,
            BotProcess(server.api_base, server.gateway_url, database, Path(folder) / "bot.log"),
        ):
            if args.commands:
                await _lock_case(server, database, args.lock, args.commands)
            if args.burst:
                await _burst_case(server, database, args.burst, args.users)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.defer", description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=float, default=30.0, help="seconds the write lock is held")
    parser.add_argument("--commands", type=int, default=12, help="commands during the lock")
    parser.add_argument("--burst", type=int, default=1000, help="commands at once")
    parser.add_argument("--users", type=int, default=100, help="users sending the burst")
    asyncio.run(main(parser.parse_args()))
