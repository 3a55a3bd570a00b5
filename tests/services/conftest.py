"""Services over a real database (SQLite, and PostgreSQL when there is one) with a clock the test moves, wired as the bot wires them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.services import Services, Store
from storage.backend import Backend

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class World:
    """The services as the bot builds them, the clock they read, and the database under them."""

    def __init__(self, db: Backend, clock: ManualClock) -> None:
        self.clock = clock
        self.db = db
        self._services = Services.build(Store(db, clock))

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)  # contracts, milestones, reminders, settings, store...


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def services(db: Backend, clock: ManualClock) -> World:
    return World(db, clock)
