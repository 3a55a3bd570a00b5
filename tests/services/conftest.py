"""Services over a real SQLite file with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.services import ContractService, MilestoneService, ServiceContext
from storage.database import Database

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Services:
    def __init__(self, db: Database, clock: ManualClock) -> None:
        self.clock = clock
        self.db = db
        context = ServiceContext(db, clock)
        self.contracts = ContractService(context)
        self.milestones = MilestoneService(context)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db, ManualClock(START))
