"""A flood of reminders: 10,000 due in the same second, through Discord's global limit of 50 requests/s.

The real bot runs in its own process (`bench.bot_process`) against a LocalDiscord in this process that
answers 429 past 50 requests in any second, as Discord does. Each reminder belongs to its own user (one
user's reminders in the same minute would share a DM) whose DM channel is already known, so a reminder
should cost one request. The server's request log gives the figures: requests per reminder, 429 answers,
the busiest second, and the throughput as a share of the limit.

Planning 10,000 milestones through the services would take minutes, so one user's contract, milestone
and reminders are planned that way and copied, ids shifted, for the other users in one SQL transaction.

    python -m bench.scheduler_flood [--reminders 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import secrets
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.bot_process import BotProcess, guild_off_shard_zero
from bench.postgres import copied_to_postgres
from bench.reminder_lateness import _move_plan, _plan
from bench.report import RESULTS_DIR, percentile, table, write_json
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.rest import RecordedRequest

DISCORD_GLOBAL_LIMIT = 50  # requests per second per bot
THROUGHPUT_TARGET = 0.9  # of the limit
START_MARGIN_SECONDS = 5  # from moving the plan to its moment: the bot starts meanwhile
COPY_MARGIN_SECONDS = (
    20  # more on PostgreSQL: the planned file is copied over (db copy) before the bot starts
)
# Tables copied per user, and the columns that hold ids of rows copied along with them.
COPIED_TABLES = ("contracts", "milestones", "milestone_events", "reminders")
SHIFTED_IDS = ("id", "contract_id", "milestone_id")
DM_SEND = "POST /channels/{id}/messages"
DM_OPEN = "POST /users/@me/channels"


@dataclass(frozen=True)
class Flood:
    reminders: int
    dms_delivered: int
    requests: int
    requests_per_reminder: float
    rate_limited: int
    rate_limited_at_s: list[float]  # seconds after the first DM request, for each refused request
    most_429s_in_a_second: int
    busiest_second: int
    seconds: float
    per_second: float
    share_of_limit: float
    lateness_p50_ms: float
    lateness_p99_ms: float
    lateness_max_ms: float

    def rows(self) -> list[list[object]]:
        return [
            ["reminders due in the same second", f"{self.reminders:,}", "", ""],
            ["DMs delivered (one per user)", f"{self.dms_delivered:,}", "", ""],
            [
                "throughput, first to last DM",
                f"{self.per_second:.1f}/s = {self.share_of_limit:.0%} of 50/s",
                f">= {THROUGHPUT_TARGET:.0%}",
                _met(self.share_of_limit >= THROUGHPUT_TARGET),
            ],
            [
                "requests per reminder",
                f"{self.requests_per_reminder:.4f} ({self.requests:,} requests,"
                f" {self.rate_limited} of them sent again after a 429)",
                "1",
                _met(self.requests == self.reminders),
            ],
            [
                "429 answers",
                f"{self.rate_limited}, at most {self.most_429s_in_a_second} in any second"
                + (f" (the first {self.rate_limited_at_s[0]:.1f} s in)" if self.rate_limited else ""),
                "no bursts",
                _met(self.most_429s_in_a_second <= 1),
            ],
            ["most requests in any 1 s, refused ones included", self.busiest_second, "", ""],
            ["time to send them all", f"{self.seconds:.1f} s", "", ""],
            [
                "lateness p50 / p99 / max",
                f"{self.lateness_p50_ms / 1000:.1f} / {self.lateness_p99_ms / 1000:.1f}"
                f" / {self.lateness_max_ms / 1000:.1f} s",
                "",
                "",
            ],
        ]


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def _copy_plan(path: Path, template: FakeUser, users: list[FakeUser], dm_channels: dict[int, int]) -> None:
    """Give every user a copy of `template`'s rows, and remember every user's DM channel."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        stride = 1 + max(
            conn.execute(f"SELECT coalesce(max(id), 0) FROM {name}").fetchone()[0] for name in COPIED_TABLES
        )
        conn.execute("CREATE TEMP TABLE copies (n INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL)")
        conn.executemany(
            "INSERT INTO copies VALUES (?, ?)",
            [(n, user.id) for n, user in enumerate(users, start=1) if user.id != template.id],
        )
        for name in COPIED_TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
            values = []
            for column in columns:
                if column in SHIFTED_IDS:
                    values.append(f"t.{column} + c.n * {stride}")
                elif column == "owner_id":
                    values.append("c.owner_id")
                elif column == "batch_id":
                    values.append("NULL")
                else:
                    values.append(f"t.{column}")
            conn.execute(
                f"INSERT INTO {name} ({', '.join(columns)}) SELECT {', '.join(values)}"
                f" FROM {name} AS t, copies AS c WHERE t.owner_id = ?",
                (template.id,),
            )
        conn.executemany(
            "INSERT INTO users (user_id, dm_channel_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET dm_channel_id = excluded.dm_channel_id",
            [(user.id, dm_channels[user.id], int(time.time())) for user in users],
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def bot_processes(
    server: LocalDiscord, database: Path | str, workdir: Path, processes: int, leader_dsn: str | None
) -> list[BotProcess]:
    """One process serving every shard, or two each serving some: the DMs' shard 0 and the guild's shard
    (a shard count that puts the guild off shard 0), both electing the reminder sender on `leader_dsn`."""
    if processes == 1:
        return [BotProcess(server.api_base, server.gateway_url, database, workdir / "bot-0.log")]
    if processes != 2 or leader_dsn is None:
        raise ValueError("two processes need a PostgreSQL server to elect the sender on")
    count, guild_shard = guild_off_shard_zero(server.guild_id)
    key = secrets.randbits(62)
    return [
        BotProcess(
            server.api_base,
            server.gateway_url,
            database,
            workdir / f"bot-{shard}.log",
            shards=(shard,),
            shard_count=count,
            guild_shard=guild_shard,
            leader_dsn=leader_dsn,
            leader_key=key,
        )
        for shard in (0, guild_shard)
    ]


def _dm_requests(requests: list[RecordedRequest]) -> list[RecordedRequest]:
    return [r for r in requests if r.kind in (DM_SEND, DM_OPEN)]


async def _wait_for_dms(server: LocalDiscord, since: int, count: int, limit_seconds: float) -> None:
    deadline = time.monotonic() + limit_seconds
    while True:
        sent = sum(1 for r in server.requests[since:] if r.kind == DM_SEND)
        refused = sum(1 for hit in server.faults.hits if hit.status == 429)
        if sent - refused >= count:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"only about {sent - refused} of {count} DMs arrived")
        await asyncio.sleep(0.5)


def _refused(requests: list[RecordedRequest]) -> list[float]:
    """When requests were refused: each user has one DM, so a path sent twice was answered 429 the first time."""
    first_seen: dict[str, float] = {}
    refused = []
    for request in requests:
        if request.path in first_seen:
            refused.append(first_seen[request.path])
        first_seen.setdefault(request.path, request.when)
    return sorted(refused)


def _busiest_second(moments: list[float]) -> int:
    start, busiest = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


async def flood(
    workdir: Path,
    count: int,
    *,
    processes: int = 1,
    leader_dsn: str | None = None,
    postgres: str | None = None,
) -> Flood:
    """`processes` bot processes (2: each serving half the shards, one elected sender on `leader_dsn`), on
    the SQLite file or, with `postgres` (a server URL), on a fresh database there that the plan is copied to."""
    path = workdir / f"flood-{count}.db"
    async with LocalDiscord() as server, contextlib.AsyncExitStack() as running:
        users = [server.add_user(f"freelancer{n}") for n in range(count)]
        dm_channels = {user.id: server.dm_channel_id(user) for user in users}
        planned_for = datetime.fromtimestamp(math.ceil(time.time()) + 3600, tz=UTC)
        await _plan(path, users[:1], planned_for)
        _copy_plan(path, users[0], users, dm_channels)
        margin = START_MARGIN_SECONDS + (COPY_MARGIN_SECONDS if postgres else 0)
        moment = datetime.fromtimestamp(math.ceil(time.time()) + margin, tz=UTC)
        _move_plan(path, planned_for - moment)
        store: Path | str = path
        if postgres:
            store = (await running.enter_async_context(copied_to_postgres(postgres, path))).url
        server.faults.global_rate_limit(DISCORD_GLOBAL_LIMIT, per=1.0)
        since = len(server.requests)
        for bot in bot_processes(server, store, workdir, processes, leader_dsn):
            await running.enter_async_context(bot)
        await _wait_for_dms(server, since, count, limit_seconds=3 * count / DISCORD_GLOBAL_LIMIT + 60)
        requests = _dm_requests(server.requests[since:])
        rate_limited = sum(1 for hit in server.faults.hits if hit.status == 429)
        await running.aclose()
        delivered = [message for user in users for message in server.dms(user)]
    if len(delivered) != count or any(server.dm_count(user) != 1 for user in users):
        raise RuntimeError(f"{len(delivered)} DMs for {count} users: expected exactly one each")
    created = sorted(message.created_at for message in delivered)
    seconds = (created[-1] - created[0]).total_seconds()
    per_second = (count - 1) / seconds if seconds else math.inf
    lateness = [(at - moment).total_seconds() * 1000 for at in created]
    refused = _refused(requests)
    return Flood(
        reminders=count,
        dms_delivered=len(delivered),
        requests=len(requests),
        requests_per_reminder=len(requests) / count,
        rate_limited=rate_limited,
        rate_limited_at_s=[round(at - requests[0].when, 1) for at in refused],
        most_429s_in_a_second=_busiest_second(refused),
        busiest_second=_busiest_second([r.when for r in requests]),
        seconds=round(seconds, 1),
        per_second=round(per_second, 2),
        share_of_limit=round(per_second / DISCORD_GLOBAL_LIMIT, 3),
        lateness_p50_ms=percentile(lateness, 0.5),
        lateness_p99_ms=percentile(lateness, 0.99),
        lateness_max_ms=max(lateness),
    )


async def run(
    count: int, processes: int = 1, leader_dsn: str | None = None, postgres: str | None = None
) -> Flood:
    with tempfile.TemporaryDirectory(prefix="scheduler-flood-") as tmp:
        return await flood(Path(tmp), count, processes=processes, leader_dsn=leader_dsn, postgres=postgres)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000, help="reminders due in the same second")
    parser.add_argument(
        "--processes", type=int, default=1, choices=(1, 2), help="bot processes sharing the work"
    )
    parser.add_argument(
        "--leader-dsn",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="PostgreSQL server the processes elect the sender on (default: TEST_DATABASE_URL)",
    )
    parser.add_argument(
        "--postgres", metavar="SERVER_URL", help="run the bot on a fresh database on this server"
    )
    args = parser.parse_args()
    result = asyncio.run(run(args.reminders, args.processes, args.leader_dsn, args.postgres))
    print(
        table(
            f"Scheduler flood: {result.reminders:,} reminders due at once, {args.processes} bot process(es)"
            f" on {'PostgreSQL' if args.postgres else 'SQLite'},"
            " Discord's 50 requests/s emulated",
            ["figure", "value", "target", "met"],
            result.rows(),
        )
    )
    name = "scheduler_flood" if args.processes == 1 else f"scheduler_flood_{args.processes}_processes"
    name += "_postgres" if args.postgres else ""
    path = write_json(name, {"flood": asdict(result)}, RESULTS_DIR)
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
