"""Times are stored as INTEGER seconds since the epoch (UTC) and come back as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached storage; convert to UTC at the edge")
    return int(moment.timestamp())


def to_epoch_or_none(moment: datetime | None) -> int | None:
    return None if moment is None else to_epoch(moment)


def from_epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)


def from_epoch_or_none(value: int | None) -> datetime | None:
    return None if value is None else from_epoch(value)
