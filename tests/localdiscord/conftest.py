"""Each test gets a fresh local Discord and the sample bot connected to it.

No test may make discord.py log an error: a payload the real client chokes on would show up here.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.localdiscord import LocalDiscord, running_bot
from tests.localdiscord.sample_bot import SampleBot


@pytest.fixture(autouse=True)
def no_logged_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    yield
    logged = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not logged, "\n".join(f"{r.name}: {r.getMessage()}" for r in logged)


@pytest.fixture
async def server() -> AsyncIterator[LocalDiscord]:
    async with LocalDiscord() as local:
        yield local


@pytest.fixture
async def bot(server: LocalDiscord) -> AsyncIterator[SampleBot]:
    async with running_bot(server, SampleBot()) as running:
        yield running
