"""How far to move the clock: `3d`, `12h`, `1w 2d`, `90m`, `3 days`."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.offline.parse import LineError

_PART = re.compile(r"\s*(\d{1,6})\s*([a-z]+)\s*")
_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "week", "weeks"), timedelta(weeks=1)),
}
LONGEST = timedelta(days=3660)
EXAMPLES = "e.g. `:advance 3d`, `:advance 12h`, `:advance 1w 2d`"


def parse_duration(text: str) -> timedelta:
    """A positive span of time; LineError with examples for anything else."""
    total = timedelta()
    pos = 0
    text = text.strip().lower()
    while pos < len(text):
        match = _PART.match(text, pos)
        if match is None or match.group(2) not in _UNITS:
            raise LineError(f"say how far to move the clock, {EXAMPLES}.")
        total += int(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if total <= timedelta():
        raise LineError(f"the clock only moves forward, {EXAMPLES}.")
    if total > LONGEST:
        raise LineError("that is more than ten years: move the clock in smaller steps.")
    return total


def describe(span: timedelta) -> str:
    """`3 days 4 hours`: the span in the largest whole units, for messages."""
    seconds = int(span.total_seconds())
    parts = []
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'s' if count != 1 else ''}")
    return " ".join(parts) or "less than a minute"
