"""The real bot in its own process, against a LocalDiscord running in the benchmark's process.

A separate process gives the bot its own interpreter and CPU, as in production, and lets us read its
memory from /proc. The child prints one line, ``ready``, once it has taken in its guild and can answer
commands; the parent times the spawn to that line.

    async with BotProcess(server, database) as bot:
        bot.ready_seconds, bot.memory()
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

READY_LINE = b"ready\n"
START_TIMEOUT = 30.0
GUILD_READY_TIMEOUT = 0.05  # discord.py waits this long after the last guild before on_ready


@dataclass(frozen=True)
class Memory:
    rss_mb: float
    peak_rss_mb: float


def read_memory(pid: int) -> Memory:
    """Current and peak resident set size (VmRSS, VmHWM) of a live process."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return Memory(rss_mb=round(fields["VmRSS"], 1), peak_rss_mb=round(fields["VmHWM"], 1))


def read_cpu_seconds(pid: int) -> float:
    """User plus system CPU time a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, see proc(5)).
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def guild_off_shard_zero(guild_id: int) -> tuple[int, int]:
    """A shard count that puts the guild off shard 0 (where DMs go), and the guild's shard: with one process
    on each, the server's interactions and the DMs go to different processes. The shard of a guild is
    `(guild_id >> 22) % count` (discord-api-docs gateway.mdx, "Sharding Formula")."""
    count = next(n for n in range(2, 64) if (guild_id >> 22) % n)
    return count, (guild_id >> 22) % count


class BotProcess:
    """Starts `python -m bench.bot_process` pointed at `server` and `database`; stops it on exit."""

    def __init__(
        self,
        api_base: str,
        gateway_url: str,
        database: Path | str,
        log_path: Path,
        *,
        shards: tuple[int, ...] = (0,),
        shard_count: int = 1,
        guild_shard: int = 0,
        leader_dsn: str | None = None,
        leader_key: int | None = None,
    ) -> None:
        """`shards` of `shard_count`: the ones this process serves; with `leader_dsn`, it sends reminders
        only while it holds the sender's advisory lock `leader_key` on that PostgreSQL server."""
        self._args = ["--api-base", api_base, "--gateway", gateway_url, "--db", str(database)]
        self._args += ["--shards", ",".join(map(str, shards)), "--shard-count", str(shard_count)]
        self._args += ["--guild-shard", str(guild_shard)]
        if leader_dsn is not None:
            self._args += ["--leader-dsn", leader_dsn, "--leader-key", str(leader_key or 0)]
        self._log_path = log_path
        self._process: asyncio.subprocess.Process | None = None
        self.ready_seconds = 0.0

    async def __aenter__(self) -> BotProcess:
        started = time.perf_counter()
        with self._log_path.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.bot_process",
                *self._args,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        assert self._process.stdout is not None
        try:
            line = await asyncio.wait_for(self._process.stdout.readline(), START_TIMEOUT)
        except TimeoutError:
            line = b""
        if line != READY_LINE:
            await self._stop()
            tail = self._log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(
                f"the bot process did not become ready (exit {self._process.returncode}):\n{tail}"
            )
        self.ready_seconds = time.perf_counter() - started
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._stop()

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def memory(self) -> Memory:
        return read_memory(self.pid)

    def cpu_seconds(self) -> float:
        return read_cpu_seconds(self.pid)

    async def _stop(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


# -- the child -------------------------------------------------------------------------------------


async def _run_bot(api_base: str, gateway_url: str, database: str, args: argparse.Namespace) -> None:
    # Imported here, in the child only: the parent need not load the bot, and start-up is timed honestly.
    import discord
    import yarl

    from bot.app import MilestoneBot
    from bot.settings import Settings
    from bot.sharding import ShardPlan
    from storage.leadership import SendingLeadership

    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    settings = Settings(
        discord_token="local-bot-token",
        database_path=database,
        log_level="WARNING",
        dev_guild_id=None,
    )
    plan = ShardPlan(ids=tuple(int(n) for n in args.shards.split(",")), count=args.shard_count)
    leadership = SendingLeadership(args.leader_dsn, key=args.leader_key) if args.leader_dsn else None
    bot = MilestoneBot(settings, shards=plan, leadership=leadership)
    bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)

    # Client.start is login + connect; listening for the guild needs the loop that login sets up.
    await bot.login("local-bot-token")
    # Ready once every shard it serves has started (READY each) and, if it serves the guild, has the guild.
    seen = {"READY": 0, "GUILD_CREATE": 0}
    needed = {"READY": len(plan.ids), "GUILD_CREATE": int(args.guild_shard in plan.ids)}

    def started(event: str) -> bool:
        if event in seen:
            seen[event] += 1
        return all(seen[name] >= count for name, count in needed.items())

    guild_parsed = bot.wait_for("socket_event_type", check=started)

    async def announce_ready() -> None:
        await guild_parsed
        sys.stdout.buffer.write(READY_LINE)
        sys.stdout.flush()

    announcer = asyncio.create_task(announce_ready())
    runner = asyncio.create_task(bot.connect(reconnect=True))
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    announcer.cancel()
    await bot.close()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(runner, 10)
    if runner.done() and not runner.cancelled() and runner.exception():
        raise SystemExit(f"the bot stopped: {runner.exception()!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the bot against a local Discord server (benchmarks).")
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--shards", default="0", help="the shards this process serves, comma-separated")
    parser.add_argument("--shard-count", type=int, default=1)
    parser.add_argument("--guild-shard", type=int, default=0, help="the shard the local server's guild is on")
    parser.add_argument("--leader-dsn", default=None)
    parser.add_argument("--leader-key", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(_run_bot(args.api_base, args.gateway, args.db, args))


if __name__ == "__main__":
    main()
