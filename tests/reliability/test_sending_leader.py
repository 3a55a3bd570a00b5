"""One process of the bot sends reminders: the holder of a PostgreSQL advisory lock. When it dies, a standby
takes over within seconds and sends; no reminder goes out twice.

Runs on the PostgreSQL server `TEST_DATABASE_URL` names (CI sets it); each test uses a lock key of its own.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path

import asyncpg
import pytest

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from bot.sharding import ShardPlan
from storage.leadership import SendingLeadership
from tests.e2e.scheduling import settled
from tests.processes import split

SERVER = os.environ.get("TEST_DATABASE_URL", "").strip()
pytestmark = pytest.mark.skipif(
    not SERVER, reason="TEST_DATABASE_URL is not set: no PostgreSQL server to elect a sender on (CI sets it)"
)
POLL = 0.2
GUARD = 30.0  # against a hung test only
ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import asyncio, sys
from storage.leadership import SendingLeadership
async def main():
    await SendingLeadership(sys.argv[1], key=int(sys.argv[2]), poll=0.2).lead()
    print("leading", flush=True)
    await asyncio.sleep(600)
asyncio.run(main())
"""


def _key() -> int:
    return secrets.randbits(62)


async def _terminate_holder(key: int) -> None:
    """What a dead leader's connection amounts to: PostgreSQL ends the backend holding the lock."""
    admin = await asyncpg.connect(SERVER)
    try:
        ended = await admin.fetchval(
            """SELECT count(pg_terminate_backend(pid)) FROM pg_locks
               WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2""",
            key >> 32,
            key & 0xFFFFFFFF,
        )
    finally:
        await admin.close()
    assert ended == 1


async def _until(condition: object) -> None:
    deadline = time.monotonic() + GUARD
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_a_standby_takes_over_when_the_leading_process_is_killed() -> None:
    key = _key()
    holder = subprocess.Popen(  # noqa: ASYNC220 - a child we kill
        [sys.executable, "-c", HOLDER, SERVER, str(key)], cwd=ROOT, stdout=subprocess.PIPE
    )
    standby = SendingLeadership(SERVER, key=key, poll=POLL)
    try:
        assert holder.stdout is not None
        assert await asyncio.to_thread(holder.stdout.readline) == b"leading\n"
        electing = asyncio.create_task(standby.lead())
        # Several of its looks go by without the lock: only one process leads.
        await asyncio.sleep(POLL * 5)
        assert not electing.done()
        assert standby.role == "standby"

        holder.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        await asyncio.wait_for(electing, timeout=GUARD)
        print(f"\nleadership: standby led {time.monotonic() - killed:.2f} s after SIGKILL (poll {POLL} s)")
        assert standby.role == "leader"
    finally:
        holder.kill()
        holder.wait()
        await standby.close()


def _sent(bot: MilestoneBot) -> float:
    return bot.metrics.registry.get_sample_value("milestone_bot_reminders_sent_total") or 0.0


async def test_a_leader_whose_connection_is_ended_stops_leading_at_once() -> None:
    key = _key()
    leader = SendingLeadership(SERVER, key=key, poll=POLL)
    try:
        await asyncio.wait_for(leader.lead(), timeout=GUARD)
        await _terminate_holder(key)
        await asyncio.wait_for(leader.lost.wait(), timeout=GUARD)
        assert leader.role == "standby"
    finally:
        await leader.close()


async def test_two_bots_one_sends_and_the_other_takes_over_when_it_stops(
    discord_server: LocalDiscord, settings: Settings, alice: FakeUser
) -> None:
    key = _key()
    count, guild_shard = split(discord_server)
    dms_bot = MilestoneBot(
        settings,
        shards=ShardPlan(ids=(0,), count=count),
        leadership=SendingLeadership(SERVER, key=key, poll=POLL),
    )
    guild_bot = MilestoneBot(
        settings,
        shards=ShardPlan(ids=(guild_shard,), count=count),
        leadership=SendingLeadership(SERVER, key=key, poll=POLL),
    )
    assert dms_bot.leadership is not None
    assert guild_bot.leadership is not None
    async with AsyncExitStack() as leader_running, AsyncExitStack() as standby_running:
        await leader_running.enter_async_context(running_bot(discord_server, dms_bot))
        await _until(lambda: dms_bot.leadership.leading)  # type: ignore[union-attr]
        await standby_running.enter_async_context(running_bot(discord_server, guild_bot))
        await asyncio.sleep(POLL * 5)
        assert guild_bot.leadership.role == "standby"

        # Planned in a DM: the bot serving shard 0, the leader, answers and sends.
        await discord_server.command(
            alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"}, dm=True
        )
        await discord_server.command(
            alice,
            "milestone add",
            {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"},
            dm=True,
        )
        await discord_server.wait_for_dm(alice, timeout=GUARD)
        await settled(dms_bot)
        assert (_sent(dms_bot), _sent(guild_bot)) == (1, 0)

        await leader_running.aclose()  # the leading process stops
        await _until(lambda: guild_bot.leadership.leading)  # type: ignore[union-attr]

        # Planned in the server: the other bot answers, and now sends too.
        await discord_server.command(
            alice,
            "milestone add",
            {"contract": "Logo", "title": "Final", "amount": "100", "due": "in 2 days"},
        )
        await discord_server.wait_for_dm(alice, count=2, timeout=GUARD)
        assert guild_bot.scheduler is not None
        await settled(guild_bot)
        assert (_sent(dms_bot), _sent(guild_bot)) == (1, 1)
        assert discord_server.dm_count(alice) == 2
        sends = [r for r in discord_server.requests if r.kind == "POST /channels/{id}/messages"]
        assert len(sends) == 2, "a reminder DM was sent twice"
