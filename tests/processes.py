"""For tests with several bot processes: shards that split the local server's guild from its DMs, a free
port for each process's /metrics, and reading that page as an operator would."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bench.bot_process import guild_off_shard_zero
from bot.localdiscord import LocalDiscord


def split(server: LocalDiscord) -> tuple[int, int]:
    """A shard count that puts the guild off shard 0, and the guild's shard."""
    return guild_off_shard_zero(server.guild_id)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def command_counts(port: int, command: str, *, settle: float = 0.2) -> int:
    """How many times the process on `port` ran `command`, read from its /metrics once the count holds
    still (a command is counted just after its answer left)."""
    last = -1
    while True:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as got:
            text = await got.text()
        value = next(
            (
                int(sample.value)
                for family in text_string_to_metric_families(text)
                for sample in family.samples
                if sample.name == "milestone_bot_command_seconds_count"
                and sample.labels.get("command") == command
            ),
            0,
        )
        if value == last:
            return value
        last = value
        await asyncio.sleep(settle)
