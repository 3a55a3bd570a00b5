"""Skipping interactions that Discord has already given up on.

Discord tells the user "The application did not respond" when an interaction is not answered within 3
seconds of its creation. Work started after that is wasted, and under load it delays the answers that
could still be on time, so a backlog snowballs. An interaction's age is read from its id (a snowflake
holds its creation time) against our clock; the smallest age seen in the last minutes stands for the
network delay plus any difference between our clock and Discord's, so only the extra wait counts.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

# Past this much waiting on our side an answer can hardly reach Discord within its 3 seconds.
STALE_AFTER_SECONDS = 2.5
FLOOR_MINUTES = 10


class Freshness:
    def __init__(self) -> None:
        self._floors: deque[tuple[int, float]] = deque()  # (minute, smallest age seen in it)

    def is_stale(self, created_at: datetime, now: datetime) -> bool:
        return self.waited(created_at, now) > STALE_AFTER_SECONDS

    def waited(self, created_at: datetime, now: datetime) -> float:
        """Seconds the interaction waited on our side: its age less the smallest age seen lately."""
        age = (now - created_at).total_seconds()
        minute = int(now.timestamp() // 60)
        if self._floors and self._floors[-1][0] == minute:
            self._floors[-1] = (minute, min(self._floors[-1][1], age))
        else:
            self._floors.append((minute, age))
        while self._floors[0][0] <= minute - FLOOR_MINUTES:
            self._floors.popleft()
        floor = min(smallest for _, smallest in self._floors)
        return age - floor
