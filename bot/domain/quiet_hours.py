"""Quiet hours: a daily window in the user's own zone during which reminders wait.

The window is stored as minutes after local midnight and may wrap past midnight (22:00 to 07:00). Its end
is read on the wall clock of the day it falls on, so a daylight-saving change that night still ends the
window at 07:00 local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import as_utc, local_to_utc

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class QuietHours:
    start: int  # minutes after local midnight
    end: int
    zone: ZoneInfo

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if not 0 <= value < MINUTES_PER_DAY:
                raise ValueError(f"quiet hours must be minutes within a day, not {value}")

    def contains(self, moment: datetime) -> bool:
        return self.end_after(moment) is not None

    def start_before(self, moment: datetime) -> datetime:
        """When the quiet window `moment` falls in began (UTC); `moment` must be inside quiet hours."""
        local = as_utc(moment).astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        start_day = local.date()
        if self.start > self.end and minute < self.end:
            start_day -= timedelta(days=1)
        return local_to_utc(datetime.combine(start_day, time(self.start // 60, self.start % 60)), self.zone)

    def end_after(self, moment: datetime) -> datetime | None:
        """When the window `moment` falls in ends (UTC), or None when `moment` is outside quiet hours."""
        if self.start == self.end:
            return None
        local = as_utc(moment).astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        if self.start < self.end:
            inside = self.start <= minute < self.end
            end_day = local.date()
        else:
            inside = minute >= self.start or minute < self.end
            end_day = local.date() + timedelta(days=1) if minute >= self.start else local.date()
        if not inside:
            return None
        wall_end = datetime.combine(end_day, time(self.end // 60, self.end % 60))
        return local_to_utc(wall_end, self.zone)


def quiet_hours_of(start: int | None, end: int | None, zone: ZoneInfo) -> QuietHours | None:
    """The user's quiet hours, or None when they set none."""
    if start is None or end is None or start == end:
        return None
    return QuietHours(start, end, zone)


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class SendMoment:
    at: datetime
    moved_earlier: bool = False
    late: bool = False


def send_moment(
    due_at: datetime, deadline: datetime | None, quiet: QuietHours | None, now: datetime
) -> SendMoment:
    """When to send a reminder planned for `due_at` that warns about `deadline` (None: nothing ahead).

    Quiet hours hold it until they end, unless that would pass its deadline: then it goes before they
    start (or now, if they have started), since a warning after its deadline is worth nothing.
    """
    at = max(as_utc(due_at), as_utc(now))
    late = deadline is not None and now > deadline
    if quiet is None:
        return SendMoment(at, late=late)
    end = quiet.end_after(at)
    if end is None:
        return SendMoment(at, late=late)
    if deadline is None or end <= deadline:
        return SendMoment(end, late=late)
    start = quiet.start_before(at) - timedelta(minutes=1)
    return SendMoment(max(start, as_utc(now)), moved_earlier=True, late=late)
