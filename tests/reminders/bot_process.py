"""Runs the real bot in its own process against a local Discord server, for the crash tests.

    python -m tests.reminders.bot_process PORT DATABASE_PATH

or, from a test, `start(port, database_path, log)`. The process is meant to be killed: it never exits on
its own.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from pathlib import Path

import discord
import yarl

from bot.app import MilestoneBot
from bot.settings import Settings

TOKEN = "local-bot-token"
ROOT = Path(__file__).resolve().parents[2]


def start(port: int, database_path: str, log: Path) -> subprocess.Popen[bytes]:
    """A new bot process on the server at `port`; what it logs is appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.reminders.bot_process", str(port), database_path],
            cwd=ROOT,
            stdout=output,
            stderr=output,
        )


async def main(port: int, database_path: str) -> None:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    settings = Settings(discord_token=TOKEN, database_path=database_path, log_level="INFO", dev_guild_id=None)
    async with MilestoneBot(settings) as bot:
        await bot.start(TOKEN)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
