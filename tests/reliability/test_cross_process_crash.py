"""Two bot processes on one PostgreSQL, each serving half the shards; the one sending reminders (the
elected leader, as its /healthz says) is SIGKILLed again and again during a burst of 2,000 reminders and
restarted, while people keep using commands.

Each process is the real command line, `milestone-bot run --shards … --shard-count …` with
`DATABASE_URL=postgresql://…`, against the local Discord server in this process. After every kill the
other process takes over sending within about a second; the killed one comes back as the standby. When all
is sent: no reminder lost, none shown in two DMs (a resend after a kill carries the same nonce, which the
server absorbs as Discord does), every answered command's change in the database. The planning, the
commands and the checks of what people saw are those of `test_crash_safety.py` (one process, SQLite).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from bot.localdiscord import FakeUser, LocalDiscord
from tests.cli.helpers import environment, local_cli_command, start
from tests.postgres import fresh_database
from tests.processes import free_port, split
from tests.reliability.test_crash_safety import (
    DM_ANSWER_SECONDS,
    DM_OPENS_PER_SECOND,
    DM_REQUEST_SECONDS,
    FINISH_WITHIN,
    REMINDERS,
    Commands,
    Reminder,
    _answer_dms_late,
    _kill,
    _plan,
    _shown_in,
    _sizes,
    _times_shown,
)

pytestmark = pytest.mark.slow

KILLS = 6
KILL_AFTER = (0.5, 2.5)  # seconds after a process became the leader
LEADER_WITHIN = 30.0  # a guard: a standby leads about a second after the leader dies


class Instance:
    """One `milestone-bot run --shards FIRST-LAST`, with its /healthz port; started again after each kill."""

    def __init__(
        self, server: LocalDiscord, url: str, shards: tuple[int, int], count: int, log: Path
    ) -> None:
        self.server, self.shards, self.log = server, shards, log
        self.port = free_port()
        self._command = local_cli_command(
            server, "run", "--shards", f"{shards[0]}-{shards[1]}", "--shard-count", str(count)
        )
        self._env = environment(url, METRICS_PORT=str(self.port), LOG_LEVEL="WARNING")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, workdir: Path) -> None:
        self.process = start(self._command, self._env, workdir, self.log)

    async def role(self, session: aiohttp.ClientSession) -> str | None:
        try:
            async with session.get(f"http://127.0.0.1:{self.port}/healthz") as got:
                return str((await got.json())["scheduler"]["role"])
        except (aiohttp.ClientError, json.JSONDecodeError, KeyError):
            return None


async def _leader(instances: list[Instance], session: aiohttp.ClientSession) -> Instance:
    deadline = time.monotonic() + LEADER_WITHIN
    while time.monotonic() < deadline:
        for instance in instances:
            if await instance.role(session) == "leader":
                return instance
        await asyncio.sleep(0.05)
    raise AssertionError("no process became the reminder sender")


async def _reminders(url: str) -> dict[int, Reminder]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT r.id, r.owner_id, m.title, r.due_at, r.state FROM reminders r"
            " JOIN milestones m ON m.id = r.milestone_id"
        )
    finally:
        await conn.close()
    return {row[0]: Reminder(row[1], row[2], row[3], row[4]) for row in rows}


async def _missing(url: str, commands: Commands, reminders: dict[int, Reminder]) -> list[str]:
    """Answered commands whose change is not in the database."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT m.owner_id, m.title, EXISTS (SELECT 1 FROM milestone_events e"
            " WHERE e.milestone_id = m.id AND e.kind = 'fund') FROM milestones m"
            " JOIN contracts c ON c.id = m.contract_id WHERE c.title = 'Retainer'"
        )
    finally:
        await conn.close()
    funded = {(row[0], row[1]): bool(row[2]) for row in rows}
    planned = {(r.owner_id, r.milestone_title) for r in reminders.values()}
    missing = [f"{title} of {owner}" for owner, title, _ in commands.added if (owner, title) not in funded]
    missing += [f"reminder of {t} of {o}" for o, t, soon in commands.added if soon and (o, t) not in planned]
    missing += [f"{t} of {o} funded" for o, t in commands.funded if not funded.get((o, t))]
    missing += [f"reminder of {t} of {o} after an edit" for o, t in commands.edited if (o, t) not in planned]
    return missing


async def test_killing_the_sending_process_again_and_again_loses_and_repeats_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1_000_000)))
    print(f"cross-process crash: seed {seed}")
    rng = random.Random(seed)
    began = time.monotonic()
    server = LocalDiscord()
    _answer_dms_late(server, DM_ANSWER_SECONDS)
    async with fresh_database() as url, server, aiohttp.ClientSession() as session:
        sizes = _sizes(rng)
        people: list[FakeUser] = [server.add_user(f"freelancer{n}") for n in range(len(sizes))]
        start_at = await _plan(url, people, sizes, rng)
        soon = start_at + timedelta(hours=1)
        server.faults.stall("POST /channels/*/messages", seconds=DM_REQUEST_SECONDS, times=-1)
        count, guild_shard = split(server)
        # The DMs' process serves 0 .. guild_shard - 1, the server's process guild_shard .. count - 1.
        instances = [
            Instance(server, url, (0, guild_shard - 1), count, tmp_path / "dms.log"),
            Instance(server, url, (guild_shard, count - 1), count, tmp_path / "guild.log"),
        ]
        commands = Commands(server, people, random.Random(rng.random()))
        stop = asyncio.Event()
        sending = asyncio.create_task(commands.send_until(stop))
        every_shard = {0, guild_shard}

        async def all_connected() -> None:
            deadline = time.monotonic() + LEADER_WITHIN
            while not every_shard <= server.gateway.connected_shards():
                assert time.monotonic() < deadline, "a process did not connect"
                await asyncio.sleep(0.05)

        kills, takeovers = 0, []
        try:
            for instance in instances:
                instance.start(tmp_path)
            await all_connected()
            commands.down = False
            for _ in range(KILLS):
                leader = await _leader(instances, session)
                await asyncio.sleep(rng.uniform(*KILL_AFTER))
                commands.down = True
                commands.kills += 1
                assert leader.process is not None
                await _kill(leader.process)
                killed_at = time.monotonic()
                kills += 1
                others = [i for i in instances if i is not leader]
                await _leader(others, session)
                takeovers.append(time.monotonic() - killed_at)
                leader.start(tmp_path)
                await all_connected()
                commands.down = False
            stop.set()
            await sending
            due = {i for i, r in (await _reminders(url)).items() if r.due_at <= soon.timestamp()}

            # A hang guard: it allows for the DM channels the sender opens at its paced rate.
            deadline = time.monotonic() + FINISH_WITHIN + len(people) / DM_OPENS_PER_SECOND
            while True:
                reminders = await _reminders(url)
                if (
                    all(reminders[i].state == "sent" for i in due)
                    and _times_shown(server, people).keys() >= due
                ):
                    break
                assert time.monotonic() < deadline, "not every reminder was sent"
                await asyncio.sleep(0.2)
        finally:
            stop.set()
            if not sending.done():
                await sending
            for instance in instances:
                if instance.process is not None and instance.process.poll() is None:
                    await _kill(instance.process)

        reminders = await _reminders(url)
        for person in people:
            for message in server.dms(person):
                for reminder_id, text in _shown_in(message):
                    assert reminder_id in due, f"reminder {reminder_id} was shown before it was due"
                    assert reminders[reminder_id].owner_id == person.id
                    assert f"**{reminders[reminder_id].milestone_title}**" in text, text
        shown = _times_shown(server, people)
        missing = await _missing(url, commands, reminders)

    lost = due - shown.keys()
    shown_twice = sum(n - 1 for n in shown.values())
    with capsys.disabled():
        print(
            f"\ncross-process crash: seed {seed}, 2 processes, {kills} SIGKILLs of the sender, takeover "
            f"{min(takeovers):.2f}–{max(takeovers):.2f} s, {len(shown)} reminders delivered ({REMINDERS} planned"
            f" + {len(due) - REMINDERS} by commands), {len(lost)} lost, {shown_twice} duplicates seen, "
            f"{commands.answered} commands answered ({commands.unanswered} cut off), {len(missing)} missing, "
            f"{time.monotonic() - began:.0f} s"
        )
    assert kills == KILLS
    assert not lost, sorted(lost)[:20]
    assert shown_twice == 0
    states = Counter(r.state for r in reminders.values())
    assert states == {"sent": len(due), "pending": len(reminders) - len(due)}, states
    assert not commands.wrong, commands.wrong[:5]
    assert not missing, missing[:10]
    assert commands.answered > 0
