"""Runs the real bot in its own process against a local Discord server, for the crash test.

    python -m tests.reminders.bot_process PORT DATABASE_PATH

The process is meant to be killed: it never exits on its own.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import discord
import yarl

from bot.app import MilestoneBot
from bot.settings import Settings

TOKEN = "local-bot-token"


async def main(port: int, database_path: str) -> None:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    settings = Settings(discord_token=TOKEN, database_path=database_path, log_level="INFO", dev_guild_id=None)
    async with MilestoneBot(settings) as bot:
        await bot.start(TOKEN)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
