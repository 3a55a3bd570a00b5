"""The offline mode's local Discord answers heartbeats as a network would: discord.py never logs "Can't keep
up" or closes the connection as unresponsive, however many heartbeats go by.

A heartbeat ACK sent back at once over loopback used to race discord.py's heartbeat thread, which stamps the
time of a heartbeat only after sending it: an ACK handled first read as a whole interval of lag. Shortening
the interval makes the hundreds of heartbeats of a long offline session happen in a few seconds (the race
itself needs intervals over 10 s to show as a warning, so the second test checks the ACK's delay directly).
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord
import pytest

from bot.localdiscord import LocalDiscord, running_bot
from bot.localdiscord.gateway import HEARTBEAT, HEARTBEAT_ACK, HELLO, MIN_ACK_DELAY

HEARTBEATS = 150
HEARTBEAT_INTERVAL_MS = 20  # how far apart discord.py's heartbeat thread sends them
GUARD = 120.0  # a hang guard only


async def test_heartbeats_never_look_late_to_discord_py(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="discord.gateway")
    async with LocalDiscord() as server:
        server.gateway.heartbeat_interval_ms = HEARTBEAT_INTERVAL_MS
        async with running_bot(server, discord.Client(intents=discord.Intents.none())) as client:
            await server.world.changes.wait_until(
                lambda: True if _heartbeats(server) >= HEARTBEATS else None,
                within=GUARD,
                failure=lambda: f"only {_heartbeats(server)} heartbeats came",
            )
            assert client.latency < 10  # what discord.py would call "behind"
    warnings = [r.getMessage() for r in caplog.records if r.name == "discord.gateway"]
    assert not [w for w in warnings if "Can't keep up" in w or "stopped responding" in w], warnings


def _heartbeats(server: LocalDiscord) -> int:
    return sum(1 for frame in server.gateway.received if frame.get("op") == HEARTBEAT)


async def test_a_heartbeat_ack_comes_back_after_a_network_round_trip() -> None:
    """The ACK is held back at least MIN_ACK_DELAY, never answered within the microseconds of loopback
    that raced discord.py's stamp (a lower bound: a loaded machine only makes it later)."""
    async with (
        LocalDiscord() as server,
        aiohttp.ClientSession() as session,
        session.ws_connect(server.gateway_url) as socket,
    ):
        hello = await socket.receive_json(timeout=GUARD)
        assert hello["op"] == HELLO
        loop = asyncio.get_running_loop()
        sent = loop.time()
        await socket.send_json({"op": HEARTBEAT, "d": None})
        ack = await socket.receive_json(timeout=GUARD)
        assert ack["op"] == HEARTBEAT_ACK
        assert loop.time() - sent >= MIN_ACK_DELAY
