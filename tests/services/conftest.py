"""Services over a real SQLite file with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.services import Services, Store
from storage.database import Database

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class World:
    """The services as the bot builds them, the clock they read, and the database under them."""

    def __init__(self, db: Database, clock: ManualClock) -> None:
        self.clock = clock
        self.db = db
        built = Services.build(Store(db, clock))
        self.contracts = built.contracts
        self.milestones = built.milestones
        self.reminders = built.reminders
        self.settings = built.settings
        self.privacy = built.privacy


@pytest.fixture
def services(db: Database) -> World:
    return World(db, ManualClock(START))
