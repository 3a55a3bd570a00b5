"""The 100-in-flight burst spread over a server and DMs: one bot process serving both shards, then two
processes each serving one (the DMs' shard 0 and the server's shard), on the same data.

Discord routes a server's interactions to shard `(guild_id >> 22) % shard_count` and DMs to shard 0
(discord-api-docs gateway.mdx, "Sharding Formula"), so half the burst is asked in the server and half in
DMs: with two processes each takes half. Users first add contracts and milestones through commands (not
timed); then `/summary` runs `calls` times, `in_flight` at once. The local server, which plays every user,
runs in this process on one core; the figures say how much CPU it and the bot processes used, which shows
what limits the throughput.

    python -m bench.shard_burst [--users 100] [--calls 2000] [--in-flight 100] [--postgres SERVER_URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.bot_process import BotProcess, guild_off_shard_zero
from bench.latency import HEADER, Latency, run_calls
from bench.postgres import copied_to_postgres
from bench.report import RESULTS_DIR, table, write_json
from bot.localdiscord import FakeUser, LocalDiscord
from storage.backend import open_backend

CONTRACTS_EACH = 3
MILESTONES_EACH = 2
WARM_UP = 50


def _processes(
    server: LocalDiscord, database: Path | str, workdir: Path, processes: int, leader_dsn: str | None
) -> list[BotProcess]:
    count, guild_shard = guild_off_shard_zero(server.guild_id)
    plans = [(0, guild_shard)] if processes == 1 else [(0,), (guild_shard,)]
    key = int.from_bytes(os.urandom(7), "big")
    return [
        BotProcess(
            server.api_base,
            server.gateway_url,
            database,
            workdir / f"bot-{n}.log",
            shards=plan,
            shard_count=count,
            guild_shard=guild_shard,
            leader_dsn=leader_dsn,
            leader_key=key,
        )
        for n, plan in enumerate(plans)
    ]


async def _populate(server: LocalDiscord, users: list[FakeUser]) -> None:
    gate = asyncio.Semaphore(50)

    async def one(n: int, user: FakeUser) -> None:
        async with gate:
            for c in range(CONTRACTS_EACH):
                title = f"Project {n}-{c}"
                await server.command(user, "contract add", {"title": title, "client": "Dana", "price": "900"})
                for m in range(MILESTONES_EACH):
                    options = {"contract": title, "title": f"Part {m}", "amount": "300", "due": "in 30 days"}
                    await server.command(user, "milestone add", options)

    await asyncio.gather(*(one(n, user) for n, user in enumerate(users)))


async def burst(
    processes: int, *, users: int, calls: int, in_flight: int, leader_dsn: str | None, postgres: str | None
) -> Latency:
    with tempfile.TemporaryDirectory(prefix="shard-burst-") as tmp:
        workdir = Path(tmp)
        database = workdir / "burst.db"
        async with LocalDiscord() as server, contextlib.AsyncExitStack() as running:
            people = [server.add_user(f"freelancer{n}") for n in range(users)]
            store: Path | str = database
            if postgres:
                await (await open_backend(str(database), initialise=True)).close()
                store = (await running.enter_async_context(copied_to_postgres(postgres, database))).url
            bots = _processes(server, store, workdir, processes, leader_dsn)
            for bot in bots:
                await running.enter_async_context(bot)
            await _populate(server, people)

            async def summary(number: int) -> bool:
                # Even calls in the server, odd ones in a DM: half the burst on each shard.
                result = await server.command(people[number % users], "summary", dm=number % 2 == 1)
                embeds = result.embeds
                return bool(embeds) and embeds[0].get("title") == "Your summary"

            for number in range(WARM_UP):
                await summary(number)
            return await run_calls(
                f"/summary, {processes} process{'es' if processes > 1 else ''}",
                summary,
                first=WARM_UP,
                calls=calls,
                in_flight=in_flight,
                bot_cpu=lambda: sum(bot.cpu_seconds() for bot in bots),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--in-flight", type=int, default=100)
    parser.add_argument("--leader-dsn", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument(
        "--postgres", metavar="SERVER_URL", help="run the bots on a fresh database on this server"
    )
    args = parser.parse_args()
    results = [
        asyncio.run(
            burst(
                n,
                users=args.users,
                calls=args.calls,
                in_flight=args.in_flight,
                leader_dsn=args.leader_dsn,
                postgres=args.postgres,
            )
        )
        for n in (1, 2)
    ]
    load = os.getloadavg()
    print(
        table(
            f"Burst of {args.calls:,} /summary, {args.in_flight} in flight, half in a server and half in DMs"
            f" ({args.users} users, {CONTRACTS_EACH} contracts each) on {'PostgreSQL' if args.postgres else 'SQLite'};"
            f" load average {load[0]:.2f}",
            HEADER,
            [result.row() for result in results],
        )
    )
    name = "shard_burst_postgres" if args.postgres else "shard_burst"
    path = write_json(name, {"load_average": load, "burst": [asdict(r) for r in results]}, RESULTS_DIR)
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
