"""Dates the user types, read in their own time zone."""

from __future__ import annotations

from datetime import datetime, time

from bot.domain.dates import parse_when, resolve_zone


def parse_user_date(
    text: str, timezone: str, now: datetime, *, date_only_time: time = time(0, 0)
) -> datetime:
    return parse_when(text, resolve_zone(timezone), now, date_only_time=date_only_time)
