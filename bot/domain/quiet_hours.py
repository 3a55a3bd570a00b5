"""Quiet hours: a daily window in the user's own zone when reminders keep quiet, and when a warning goes out.

The window is stored as minutes after local midnight and may wrap past midnight (22:00 to 07:00). It is
read on the wall clock, minute by minute: 07:00 means 07:00 local time whatever the clocks did that night.

The rule that matters (`send_moment`): quiet hours delay a reminder only while that still lets it arrive
in time; a warning that waiting would push past its deadline goes out before the quiet hours instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import as_utc, local_to_utc

MINUTES_PER_DAY = 24 * 60
ONE_MINUTE = timedelta(minutes=1)
# Waiting for quiet hours to end is worth it only if the warning still leaves time to act on it (open the
# platform, answer the refund request, ask for funding): a DM that lands as the deadline strikes warns of
# nothing. An hour is enough for those one-click steps; with less, the warning goes before quiet hours.
TIME_TO_ACT = timedelta(hours=1)
# A quiet spell lasts under a day (under two if a clock change skips the minutes between two windows).
_SCAN_LIMIT = 2 * MINUTES_PER_DAY


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
        """Whether the user's clock reads a minute inside the window at `moment`."""
        if self.start == self.end:
            return False
        local = as_utc(moment).astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def end_after(self, moment: datetime) -> datetime | None:
        """When the quiet spell `moment` falls in ends (UTC), or None when `moment` is outside quiet hours."""
        if not self.contains(moment):
            return None
        local = as_utc(moment).astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        end_day = (
            local.date() + timedelta(days=1)
            if self.start > self.end and minute >= self.start
            else local.date()
        )
        end = local_to_utc(datetime.combine(end_day, _clock(self.end)), self.zone)
        if end > moment and _same_offset(end, moment, self.zone):
            return end
        return self._first_minute_outside(moment, ONE_MINUTE)

    def start_before(self, moment: datetime) -> datetime | None:
        """When the quiet spell `moment` falls in began (UTC), or None when `moment` is outside quiet hours."""
        if not self.contains(moment):
            return None
        local = as_utc(moment).astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        wrapped = self.start > self.end and minute < self.end
        start_day = local.date() - timedelta(days=1) if wrapped else local.date()
        start = local_to_utc(datetime.combine(start_day, _clock(self.start)), self.zone)
        if start <= moment and _same_offset(start - ONE_MINUTE, moment, self.zone):
            return start
        return self._first_minute_outside(moment, -ONE_MINUTE) + ONE_MINUTE

    def _first_minute_outside(self, moment: datetime, step: timedelta) -> datetime:
        """The nearest whole minute outside quiet hours, stepping from `moment` forwards or backwards.

        Only for spells that a clock change runs through: the wall clock then jumps, and may leave the
        window or come back into it at the change itself, which the wall-clock arithmetic above cannot see.
        Offsets are whole minutes in every zone since the 1970s, so a spell begins and ends on a minute.
        """
        probe = as_utc(moment).replace(second=0, microsecond=0)
        for _ in range(_SCAN_LIMIT):
            if not self.contains(probe):
                return probe
            probe += step
        raise AssertionError(f"quiet hours {self} never end around {moment}")


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _same_offset(first: datetime, second: datetime, zone: ZoneInfo) -> bool:
    """No clock change between two moments less than a day apart (no zone changes twice within a day)."""
    return first.astimezone(zone).utcoffset() == second.astimezone(zone).utcoffset()


@dataclass(frozen=True)
class SendMoment:
    """When a reminder goes out, and what the message should own up to."""

    at: datetime
    moved_earlier: bool  # quiet hours made it go before its planned time (it says why it comes early)
    late: bool  # even now is after the moment it warns about (it says it is late)


def send_moment(
    due_at: datetime, deadline: datetime | None, quiet: QuietHours | None, now: datetime
) -> SendMoment:
    """When a reminder planned for `due_at`, warning about `deadline`, goes out: never after its deadline.

    `deadline` is the moment the reminder warns about, or None for one that comes at or after its event
    ("the review ended"), which nothing can make too late. The planned moment is `due_at`, or now if that
    has passed, and never later than the deadline. Then:

    - outside quiet hours it goes at the planned moment;
    - inside them it waits for them to end, if that still leaves `TIME_TO_ACT` before the deadline (or
      there is no deadline);
    - otherwise it goes earlier, in the last minute before this quiet spell begins (19:59 for quiet hours
      from 20:00: whole minutes are how quiet hours are set and shown, and a minute is ample for the DM
      to arrive before them), or now if that minute has passed: breaking the quiet is better than
      missing the deadline.

    `late` is true when even now is after the deadline; such a reminder goes now (the bot was down).
    """
    due_at, now = as_utc(due_at), as_utc(now)
    planned = max(due_at, now) if deadline is None else max(min(due_at, as_utc(deadline)), now)
    late = deadline is not None and now > deadline
    quiet_end = quiet.end_after(planned) if quiet is not None else None
    if quiet is None or quiet_end is None:
        return SendMoment(planned, moved_earlier=False, late=late)
    if deadline is None or quiet_end <= deadline - TIME_TO_ACT:
        return SendMoment(quiet_end, moved_earlier=False, late=late)
    began = quiet.start_before(planned)
    assert began is not None  # `planned` is inside quiet hours: its spell began somewhen
    at = max(began - ONE_MINUTE, now)
    return SendMoment(at, moved_earlier=at < planned, late=late)


def quiet_hours_of(start: int | None, end: int | None, zone: ZoneInfo) -> QuietHours | None:
    """The user's quiet hours, or None when they set none."""
    if start is None or end is None or start == end:
        return None
    return QuietHours(start, end, zone)


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
