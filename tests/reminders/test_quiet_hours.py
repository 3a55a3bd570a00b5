"""Quiet hours hold reminders until the window ends on the user's own wall clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain.quiet_hours import QuietHours, quiet_hours_of

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours(start=22 * 60, end=7 * 60, zone=BERLIN)


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_a_night_window_wraps_past_midnight() -> None:
    assert NIGHT.end_after(local(2026, 6, 1, 23, 30)) == local(2026, 6, 2, 7, 0)
    assert NIGHT.end_after(local(2026, 6, 2, 3, 0)) == local(2026, 6, 2, 7, 0)
    assert NIGHT.end_after(local(2026, 6, 2, 7, 0)) is None
    assert NIGHT.end_after(local(2026, 6, 2, 21, 59)) is None


def test_a_daytime_window_does_not_wrap() -> None:
    lunch = QuietHours(start=12 * 60, end=13 * 60 + 30, zone=BERLIN)
    assert lunch.end_after(local(2026, 6, 2, 12, 10)) == local(2026, 6, 2, 13, 30)
    assert lunch.end_after(local(2026, 6, 2, 11, 59)) is None


def test_the_window_ends_at_seven_local_time_on_the_night_clocks_go_forward() -> None:
    # 28 to 29 March 2026: at 02:00 Berlin jumps to 03:00, so the night is an hour shorter.
    end = NIGHT.end_after(datetime(2026, 3, 28, 23, 0, tzinfo=UTC))  # 00:00 local
    assert end == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 CEST
    assert end is not None and end.astimezone(BERLIN).hour == 7


def test_the_window_ends_at_seven_local_time_on_the_night_clocks_go_back() -> None:
    end = NIGHT.end_after(datetime(2026, 10, 24, 22, 30, tzinfo=UTC))  # 00:30 CEST
    assert end == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)  # 07:00 CET


def test_no_window_when_unset_or_empty() -> None:
    assert quiet_hours_of(None, None, BERLIN) is None
    assert quiet_hours_of(600, 600, BERLIN) is None
    assert quiet_hours_of(600, 700, BERLIN) is not None
