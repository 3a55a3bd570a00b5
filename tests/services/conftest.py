"""Services over a real SQLite file with a clock the test moves, wired as the bot wires them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.services import Services, Store
from storage.database import Database

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def services(db: Database, clock: ManualClock) -> Services:
    return Services.build(Store(db, clock))
