"""Each test gets a fresh local Discord and the sample bot connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.localdiscord import LocalDiscord, running_bot
from tests.localdiscord.sample_bot import SampleBot


@pytest.fixture
async def server() -> AsyncIterator[LocalDiscord]:
    async with LocalDiscord() as local:
        yield local


@pytest.fixture
async def bot(server: LocalDiscord) -> AsyncIterator[SampleBot]:
    async with running_bot(server, SampleBot()) as running:
        yield running
