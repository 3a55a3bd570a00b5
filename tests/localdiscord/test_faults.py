"""Fault injection: scripted errors, rate limits and stalls that the bot must live through."""

from __future__ import annotations

import asyncio
import time

import discord
import pytest

from bot.localdiscord import LocalDiscord
from tests.localdiscord.sample_bot import SampleBot


async def test_a_429_is_retried_by_discord_py_after_retry_after(server: LocalDiscord, bot: SampleBot) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    server.faults.rate_limit("POST /channels/*/messages", retry_after=0.05)
    started = time.monotonic()
    await channel.send("after a rate limit")
    assert time.monotonic() - started >= 0.05
    assert [(h.method, h.status) for h in server.faults.hits] == [("POST", 429)]
    assert [m.content for m in server.channel_messages()] == ["after a rate limit"]


async def test_a_server_error_reaches_the_bot(server: LocalDiscord, bot: SampleBot) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    server.faults.fail("POST /channels/{channel_id}/messages", status=503, message="Service Unavailable")
    with pytest.raises(discord.DiscordServerError):
        await channel.send("lost")
    await channel.send("kept")
    assert [m.content for m in server.channel_messages()] == ["kept"]


async def test_the_global_rate_limit_slows_a_burst(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    user = await bot.fetch_user(alice.id)
    server.faults.global_rate_limit(3, per=0.1)
    for index in range(4):
        await user.send(f"reminder {index}")
    assert len(server.dms(alice)) == 4
    assert any(h.status == 429 for h in server.faults.hits)


async def test_a_stalled_request_is_slow_but_succeeds(server: LocalDiscord, bot: SampleBot) -> None:
    server.faults.stall("GET /users/*", seconds=0.1)
    alice = server.add_user("alice")
    started = time.monotonic()
    user = await bot.fetch_user(alice.id)
    assert user.id == alice.id
    assert time.monotonic() - started >= 0.1


async def test_the_channel_message_limit_makes_discord_py_pace_itself(
    server: LocalDiscord, bot: SampleBot
) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    server.faults.channel_message_limit(2, per=0.1)
    started = time.monotonic()
    for index in range(5):
        await channel.send(f"update {index}")
    assert time.monotonic() - started >= 0.1
    assert [m.content for m in server.channel_messages()] == [f"update {i}" for i in range(5)]


async def test_a_late_answer_comes_after_the_message_already_exists(
    server: LocalDiscord, bot: SampleBot
) -> None:
    channel = bot.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    server.faults.answer_late("POST /channels/*/messages", seconds=0.3)
    sending = asyncio.create_task(channel.send("made before its answer"))
    # Woken by the message's creation, not by a timer that a busy machine could wake after the answer.
    made = await server.world.changes.wait_until(
        lambda: server.channel_messages() or None, within=60, failure=lambda: "the message was never made"
    )
    assert not sending.done()
    assert [m.content for m in made] == ["made before its answer"]
    assert (await sending).content == "made before its answer"
