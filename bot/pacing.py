"""Pacing reminder DMs so a flood of due reminders stays under Discord's global rate limit.

Discord lets a bot make about 50 requests a second in all; past that it answers 429 and the bot has to
wait anyway, having wasted requests. A token bucket on real monotonic time (not the bot's clock, which
tests move by days) lets a small batch go at once and spreads a large one at a steady rate.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# Requests per second the reminders may use, and how many may go at once after a quiet spell. Discord's
# global limit is 50 requests/s per bot. Rate plus burst stays 2 under it, so no second goes over even when
# a request leaves the bot some tens of ms after its turn (a burst of 4 reached 50 and drew a few 429s in
# the 10,000-reminder benchmark); 46/s keeps a flood above 90 % of the limit and leaves a few requests a
# second for commands (answers to interactions are not counted against the limit).
REMINDER_REQUESTS_PER_SECOND = 46.0
REMINDER_BURST = 2
WINDOW = 1.0  # seconds over which Discord counts the global limit


class SendPacer:
    """A token bucket: `await pace(cost)` returns once `cost` requests may be made.

    Callers reserve their tokens before waiting (the bucket may go into debt), so several tasks pacing at
    once are served in turn, each after the ones before it. A busy event loop wakes waiters late, and
    then together; so the moments callers actually leave are counted too, and none leaves while the last
    second already holds `rate` requests (a steady flood never reaches that, so it costs no throughput):
    what reaches Discord in any second then stays a few requests under its limit even when requests
    take a little longer to leave the process than usual.
    """

    def __init__(
        self,
        rate: float = REMINDER_REQUESTS_PER_SECOND,
        burst: int = REMINDER_BURST,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a pacer needs a positive rate and a burst of at least one request")
        self._rate = rate
        self._burst = float(burst)
        self._now = now
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = now()
        self._window_limit = max(int(rate), burst)
        self._departures: deque[float] = deque()

    async def pace(self, cost: int = 1) -> None:
        now = self._now()
        self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        self._tokens -= cost
        if self._tokens < 0:
            await self._sleep(-self._tokens / self._rate)
        while True:
            now = self._now()
            # A hair under a second: steady departures sit exactly 1/rate apart, and rounding must not
            # make one of them look a whole window younger than it is.
            while self._departures and now - self._departures[0] >= WINDOW - 1e-6:
                self._departures.popleft()
            if not self._departures or len(self._departures) + cost <= self._window_limit:
                break
            await self._sleep(self._departures[0] + WINDOW - now)
        self._departures.extend([now] * cost)
