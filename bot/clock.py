"""The bot's sense of time. Real time in production; a clock tests and the offline mode can move.

Waiting for a moment goes through `sleep_until(clock, moment)`, so that moving a `ManualClock` forward
(`advance`) wakes whoever waits on it, like the reminder scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


class Clock(Protocol):
    def now(self) -> datetime: ...


@runtime_checkable
class SleepingClock(Protocol):
    """A clock that knows how to wait until one of its own moments."""

    def now(self) -> datetime: ...

    async def sleep_until(self, moment: datetime) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        # The loop's monotonic timer: if the wall clock is adjusted meanwhile, callers re-read now().
        await asyncio.sleep(max((moment - self.now()).total_seconds(), 0))


class ManualClock:
    """Starts at a given moment (or now) and moves only when told, or with real time plus an offset."""

    def __init__(self, start: datetime | None = None, *, follow_real_time: bool = False) -> None:
        self._follow = follow_real_time
        self._origin_real = datetime.now(UTC)
        self._origin = start or self._origin_real
        self._offset = timedelta()
        self._sleepers: set[asyncio.Future[None]] = set()

    def now(self) -> datetime:
        elapsed = datetime.now(UTC) - self._origin_real if self._follow else timedelta()
        return self._origin + elapsed + self._offset

    def advance(self, delta: timedelta) -> None:
        self._offset += delta
        for sleeper in list(self._sleepers):
            # advance() may be called from any thread, or with no loop running at all.
            with contextlib.suppress(RuntimeError):  # the sleeper's loop is closed: nobody waits
                sleeper.get_loop().call_soon_threadsafe(_wake, sleeper)

    async def sleep_until(self, moment: datetime) -> None:
        loop = asyncio.get_running_loop()
        while (remaining := (moment - self.now()).total_seconds()) > 0:
            moved: asyncio.Future[None] = loop.create_future()
            self._sleepers.add(moved)
            try:
                # Without real time the clock only moves through advance(), so wait for that alone.
                await asyncio.wait({moved}, timeout=remaining if self._follow else None)
            finally:
                self._sleepers.discard(moved)
                moved.cancel()


def _wake(sleeper: asyncio.Future[None]) -> None:
    if not sleeper.done():
        sleeper.set_result(None)


async def sleep_until(clock: Clock, moment: datetime) -> None:
    """Wait until `clock` reads `moment`; a clock that can't wait is assumed to follow real time."""
    if isinstance(clock, SleepingClock):
        await clock.sleep_until(moment)
    else:
        await asyncio.sleep(max((moment - clock.now()).total_seconds(), 0))
