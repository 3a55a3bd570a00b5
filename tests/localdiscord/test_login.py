"""Logging in, syncing commands and the gateway handshake against the local Discord."""

from __future__ import annotations

import discord
import pytest

from bot.localdiscord import LocalDiscord, running_bot
from tests.localdiscord.sample_bot import SampleBot


async def test_bot_logs_in_syncs_and_sees_its_guild(server: LocalDiscord, bot: SampleBot) -> None:
    assert bot.user is not None and bot.user.id == server.bot_user.id
    assert bot.application_id == server.application_id
    guild = bot.get_guild(server.guild_id)
    assert guild is not None
    channel = guild.get_channel(server.channel_id)
    assert isinstance(channel, discord.TextChannel)
    assert guild.me is not None and guild.me.guild_permissions.send_messages
    assert server.sync_count == 1
    assert sorted(c["name"] for c in server.commands) == [
        "contract",
        "faq-admin",
        "nudge",
        "remind",
        "silent",
        "slow",
        "whoami",
    ]
    kinds = [r.kind for r in server.requests]
    assert kinds[:3] == ["GET /users/@me", "GET /oauth2/applications/@me", "PUT /applications/{id}/commands"]
    assert server.unknown_routes == []


async def test_synced_commands_keep_their_ids_and_can_be_fetched(
    server: LocalDiscord, bot: SampleBot
) -> None:
    first = {c.name: c.id for c in await bot.tree.fetch_commands()}
    await bot.tree.sync()
    second = {c.name: c.id for c in await bot.tree.fetch_commands()}
    assert first == second
    assert server.sync_count == 2


async def test_on_ready_fires_quickly_when_asked_for(server: LocalDiscord) -> None:
    sample = SampleBot()
    async with running_bot(server, sample, wait_until_ready=True):
        assert sample.is_ready()
    assert sample.is_closed()
    assert not server.connected


async def test_redirect_is_undone_after_the_bot_stops(server: LocalDiscord) -> None:
    before = discord.http.Route.BASE
    async with running_bot(server, SampleBot()):
        assert server.api_base == discord.http.Route.BASE
    assert before == discord.http.Route.BASE


async def test_a_dropped_gateway_resumes_and_interactions_still_arrive(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    await server.drop_gateway()
    result = await server.command(alice, "whoami")
    assert "alice in guild" in result.content
    assert server.gateway.resume_count == 1
    assert server.gateway.identify_count == 1


async def test_unknown_routes_answer_discords_404(server: LocalDiscord, bot: SampleBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/stickers/{sticker_id}", sticker_id=1))
    assert server.unknown_routes == ["GET /api/v10/stickers/1"]


async def test_after_the_bot_stops_commands_fail_at_once(server: LocalDiscord) -> None:
    async with running_bot(server, SampleBot()):
        pass
    alice = server.add_user("alice")
    with pytest.raises(AssertionError, match="no bot is connected"):
        await server.command(alice, "whoami")
