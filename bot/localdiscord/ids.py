"""Real-looking Discord ids (snowflakes) and interaction tokens.

A snowflake carries its creation time, so discord.py's ``created_at`` and its
"message younger than 10 s" delete bucket behave as they do against Discord.
"""

from __future__ import annotations

import secrets
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """Makes strictly increasing snowflakes from the wall clock."""

    def __init__(self, *, worker: int = 1, process: int = 0) -> None:
        self._worker = worker & 0x1F
        self._process = process & 0x1F
        self._last_ms = 0
        self._increment = 0

    def next(self) -> int:
        now_ms = max(int(time.time() * 1000), self._last_ms)
        if now_ms == self._last_ms:
            self._increment += 1
            if self._increment > 0xFFF:  # 4096 ids in one millisecond: borrow the next one
                now_ms += 1
                self._increment = 0
        else:
            self._increment = 0
        self._last_ms = now_ms
        return (
            ((now_ms - DISCORD_EPOCH_MS) << 22)
            | (self._worker << 17)
            | (self._process << 12)
            | self._increment
        )


def interaction_token() -> str:
    """An opaque interaction token shaped like Discord's (``aW50ZXJhY3Rpb24...``)."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
