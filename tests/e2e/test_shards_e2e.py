"""Two bots, each serving some of the shards, share the work as Discord routes it: a server's interactions go
to the bot serving `(guild_id >> 22) % shard_count`, DMs to the one serving shard 0, and each is answered
exactly once, by that bot."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.gateway import IDENTIFY
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from bot.sharding import ShardPlan
from tests.processes import split


def _answered(bot: MilestoneBot, command: str) -> float:
    """How many times this bot ran `command` (its /metrics histogram count)."""
    value = bot.metrics.registry.get_sample_value("milestone_bot_command_seconds_count", {"command": command})
    return value or 0.0


async def _counts(bots: list[MilestoneBot], command: str, expected: list[int]) -> list[float]:
    """The counts once they reach `expected` (a command is counted just after its answer left), or as
    they are after a few seconds."""
    for _ in range(500):
        counts = [_answered(bot, command) for bot in bots]
        if counts == expected:
            break
        await asyncio.sleep(0.01)
    return counts


async def test_each_interaction_is_answered_once_by_the_bot_serving_its_shard(
    discord_server: LocalDiscord, settings: Settings, alice: FakeUser
) -> None:
    count, guild_shard = split(discord_server)
    dms_bot = MilestoneBot(settings, shards=ShardPlan(ids=(0,), count=count))
    guild_bot = MilestoneBot(
        settings, shards=ShardPlan(ids=(guild_shard,), count=count), send_reminders=False
    )
    async with AsyncExitStack() as bots:
        await bots.enter_async_context(running_bot(discord_server, dms_bot))
        await bots.enter_async_context(running_bot(discord_server, guild_bot))

        in_server = [await discord_server.command(alice, "help") for _ in range(3)]
        in_dm = [await discord_server.command(alice, "help", dm=True) for _ in range(2)]

        assert all("/contract add" in result.text for result in in_server + in_dm)
        both = [guild_bot, dms_bot]
        assert await _counts(both, "help", [3, 2]) == [3, 2]

        # What one bot saves, the other reads: they share the store.
        await discord_server.command(
            alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"}
        )
        listed = await discord_server.command(alice, "contract list", dm=True)
        assert "Logo" in listed.text
        assert await _counts(both, "contract add", [1, 0]) == [1, 0]
        assert await _counts(both, "contract list", [0, 1]) == [0, 1]

    identified = [
        frame["d"]["shard"] for frame in discord_server.gateway.received if frame.get("op") == IDENTIFY
    ]
    assert sorted(identified) == [[0, count], [guild_shard, count]]


async def test_a_shard_id_past_the_count_is_refused_with_invalid_shard(discord_server: LocalDiscord) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(discord_server.gateway_url) as socket:
        await socket.receive_json()  # HELLO
        await socket.send_json({"op": IDENTIFY, "d": {"token": "t", "intents": 1, "shard": [2, 2]}})
        await socket.receive()
        assert socket.close_code == 4010
