"""What `/calendar` and `/export` need: one read of the caller's contracts and settings.

The calendar's deadlines and the statement's rows are derived in the domain; the files (iCalendar, CSV,
JSON) are written by the cogs, which word them for the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.calendar import CalendarEvent, calendar_events
from bot.domain.statement import StatementRow, statement_of
from bot.domain.users import UserSettings
from bot.services.work import Store


@dataclass(frozen=True)
class CalendarFile:
    events: list[CalendarEvent]
    settings: UserSettings
    now: datetime


@dataclass(frozen=True)
class Statement:
    rows: list[StatementRow]
    settings: UserSettings
    now: datetime


class ExportService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def calendar(self, owner_id: int) -> CalendarFile:
        """Every deadline still ahead, with alarms at the owner's reminder times."""
        async with self._store.read(owner_id) as reading:
            settings = await reading.settings()
            contracts = await reading.contracts.of_owner(owner_id)
        events = calendar_events(contracts, now=reading.now, leads=settings.reminder_times.leads)
        return CalendarFile(events, settings, reading.now)

    async def statement(self, owner_id: int) -> Statement:
        """Every movement of money on the owner's contracts, oldest first."""
        async with self._store.read(owner_id) as reading:
            settings = await reading.settings()
            contracts = await reading.contracts.of_owner(owner_id)
        return Statement(statement_of(contracts), settings, reading.now)
