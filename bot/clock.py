"""The bot's sense of time. Real time in production; a clock tests and the offline mode can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Starts at a given moment (or now) and moves only when told, or with real time plus an offset."""

    def __init__(self, start: datetime | None = None, *, follow_real_time: bool = False) -> None:
        self._follow = follow_real_time
        self._origin_real = datetime.now(UTC)
        self._origin = start or self._origin_real
        self._offset = timedelta()

    def now(self) -> datetime:
        elapsed = datetime.now(UTC) - self._origin_real if self._follow else timedelta()
        return self._origin + elapsed + self._offset

    def advance(self, delta: timedelta) -> None:
        self._offset += delta
