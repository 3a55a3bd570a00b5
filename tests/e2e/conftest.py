"""End-to-end fixtures: the project's local Discord-compatible server and the real bot, on a fresh database
(SQLite, and PostgreSQL when `TEST_DATABASE_URL` names a server).

Every test here goes through discord.py for real: gateway, command tree, option parsing, interaction
responses, views and DMs. The bot's clock follows real time but tests may move it forward.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from tests.e2e.scheduling import GUARD


@pytest.fixture
async def discord_server() -> AsyncIterator[LocalDiscord]:
    async with LocalDiscord() as server:
        # A loaded machine may answer late: tests assert what the bot answers, bench/ how fast.
        server.be_patient(GUARD)
        yield server


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(follow_real_time=True)


@pytest.fixture
def settings(database_location: str) -> Settings:
    return Settings(
        discord_token="local-bot-token",
        database_path=database_location,
        log_level="INFO",
        dev_guild_id=None,
    )


@pytest.fixture
async def milestone_bot(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[MilestoneBot]:
    bot = MilestoneBot(settings, clock=clock)
    async with running_bot(discord_server, bot):
        yield bot


@pytest.fixture
def alice(discord_server: LocalDiscord) -> FakeUser:
    return discord_server.add_user("alice")


@pytest.fixture
def bob(discord_server: LocalDiscord) -> FakeUser:
    return discord_server.add_user("bob")


@pytest.fixture
def admin(discord_server: LocalDiscord) -> FakeUser:
    return discord_server.add_user("ada", manage_guild=True)
