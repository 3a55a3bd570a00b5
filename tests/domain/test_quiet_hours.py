"""Quiet hours: held on the user's own wall clock, and never the reason a warning comes after its deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import add_days_utc
from bot.domain.quiet_hours import (
    MINUTES_PER_DAY,
    TIME_TO_ACT,
    QuietHours,
    SendMoment,
    format_minutes,
    quiet_hours_of,
    send_moment,
)

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours(start=22 * 60, end=7 * 60, zone=BERLIN)
EVENING = QuietHours(start=20 * 60, end=9 * 60, zone=BERLIN)  # the quiet hours
MINUTE = timedelta(minutes=1)


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
    assert lunch.start_before(local(2026, 6, 2, 13, 29)) == local(2026, 6, 2, 12, 0)


def test_a_spell_began_the_evening_before() -> None:
    assert NIGHT.start_before(local(2026, 6, 2, 3, 0)) == local(2026, 6, 1, 22, 0)
    assert NIGHT.start_before(local(2026, 6, 2, 22, 0)) == local(2026, 6, 2, 22, 0)
    assert NIGHT.start_before(local(2026, 6, 2, 21, 59)) is None


def test_the_window_ends_at_seven_local_time_on_the_night_clocks_go_forward() -> None:
    # 28 to 29 March 2026: at 02:00 Berlin jumps to 03:00, so the night is an hour shorter.
    end = NIGHT.end_after(datetime(2026, 3, 28, 23, 0, tzinfo=UTC))  # 00:00 local
    assert end == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 CEST
    assert end is not None and end.astimezone(BERLIN).hour == 7


def test_the_window_ends_at_seven_local_time_on_the_night_clocks_go_back() -> None:
    end = NIGHT.end_after(datetime(2026, 10, 24, 22, 30, tzinfo=UTC))  # 00:30 CEST
    assert end == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)  # 07:00 CET


def test_when_clocks_go_back_the_hour_that_comes_twice_is_quiet_twice() -> None:
    # 25 October 2026: 03:00 CEST (01:00 UTC) becomes 02:00 CET, so 02:00-02:59 happens twice.
    early = QuietHours(start=1 * 60, end=2 * 60 + 30, zone=BERLIN)
    second_pass = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET
    assert early.end_after(second_pass) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    # That second spell began when the clocks went back, not at 01:00 that night.
    assert early.start_before(second_pass) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


def test_when_clocks_go_back_out_of_the_window_the_quiet_ends_at_the_change() -> None:
    late_night = QuietHours(start=2 * 60 + 30, end=4 * 60, zone=BERLIN)
    first_pass = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)  # 02:40 CEST
    # At 01:00 UTC the clock reads 02:00 CET, outside 02:30-04:00: the quiet pauses there.
    assert late_night.end_after(first_pass) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


def test_no_window_when_unset_or_empty() -> None:
    assert quiet_hours_of(None, None, BERLIN) is None
    assert quiet_hours_of(600, 600, BERLIN) is None
    assert quiet_hours_of(600, 700, BERLIN) is not None


def test_format_minutes() -> None:
    assert format_minutes(0) == "00:00"
    assert format_minutes(9 * 60 + 5) == "09:05"


# The case: a refund request recorded Monday 30 November 2026 at 08:40 in Berlin must be answered
# within 7 days, by Monday 7 December 08:40.
REFUND_RECORDED = local(2026, 11, 30, 8, 40)
REFUND_DEADLINE = local(2026, 12, 7, 8, 40)


def test_the_last_refund_warning_goes_out_before_quiet_hours_not_after_the_deadline() -> None:
    assert add_days_utc(REFUND_RECORDED, 7) == REFUND_DEADLINE
    twelve_hours_before = REFUND_DEADLINE - timedelta(hours=12)  # Sunday 20:40: quiet hours
    sent = send_moment(twelve_hours_before, REFUND_DEADLINE, EVENING, now=REFUND_RECORDED)
    assert sent == SendMoment(at=local(2026, 12, 6, 19, 59), moved_earlier=True, late=False)


def test_a_warning_waits_for_the_end_of_quiet_hours_when_that_leaves_time_to_act() -> None:
    two_days_before = REFUND_DEADLINE - timedelta(days=2)  # Saturday 08:40, twenty minutes before 09:00
    sent = send_moment(two_days_before, REFUND_DEADLINE, EVENING, now=REFUND_RECORDED)
    assert sent == SendMoment(at=local(2026, 12, 5, 9, 0), moved_earlier=False, late=False)


def test_waiting_is_not_worth_it_when_quiet_hours_end_less_than_an_hour_before_the_deadline() -> None:
    deadline = local(2026, 12, 7, 9, 30)  # quiet hours end at 09:00, half an hour before
    sent = send_moment(deadline - timedelta(hours=12), deadline, EVENING, now=REFUND_RECORDED)
    assert sent.at == local(2026, 12, 6, 19, 59)
    deadline = local(2026, 12, 7, 10, 0)  # an hour is enough
    sent = send_moment(deadline - timedelta(hours=12), deadline, EVENING, now=REFUND_RECORDED)
    assert sent.at == local(2026, 12, 7, 9, 0)


def test_outside_quiet_hours_a_reminder_goes_when_planned_or_at_once_if_that_has_passed() -> None:
    planned = local(2026, 12, 3, 12, 0)
    assert send_moment(planned, REFUND_DEADLINE, EVENING, now=REFUND_RECORDED).at == planned
    overdue_now = local(2026, 12, 3, 15, 0)
    assert send_moment(planned, REFUND_DEADLINE, EVENING, now=overdue_now) == SendMoment(
        at=overdue_now, moved_earlier=False, late=False
    )
    assert send_moment(planned, REFUND_DEADLINE, None, now=REFUND_RECORDED).at == planned


def test_a_reminder_without_a_deadline_waits_for_quiet_hours_to_end() -> None:
    review_ended = local(2026, 12, 6, 23, 15)
    sent = send_moment(review_ended, None, EVENING, now=REFUND_RECORDED)
    assert sent == SendMoment(at=local(2026, 12, 7, 9, 0), moved_earlier=False, late=False)


def test_inside_the_last_quiet_hours_before_the_deadline_it_breaks_the_quiet_at_once() -> None:
    # The bot was down on Sunday evening and is back at 22:00: waiting for 09:00 would miss 08:40.
    back_up = local(2026, 12, 6, 22, 0)
    sent = send_moment(REFUND_DEADLINE - timedelta(hours=12), REFUND_DEADLINE, EVENING, now=back_up)
    assert sent == SendMoment(at=back_up, moved_earlier=False, late=False)
    # Back up at 20:10, before the 12-hour warning was due: it goes now, earlier than planned.
    back_up = local(2026, 12, 6, 20, 10)
    sent = send_moment(REFUND_DEADLINE - timedelta(hours=12), REFUND_DEADLINE, EVENING, now=back_up)
    assert sent == SendMoment(at=back_up, moved_earlier=True, late=False)


def test_a_reminder_the_bot_could_not_send_in_time_goes_at_once_marked_late() -> None:
    back_up = local(2026, 12, 7, 8, 50)  # ten minutes after the deadline, inside quiet hours
    sent = send_moment(REFUND_DEADLINE - timedelta(hours=12), REFUND_DEADLINE, EVENING, now=back_up)
    assert sent == SendMoment(at=back_up, moved_earlier=False, late=True)


def test_a_reminder_planned_after_its_deadline_goes_at_the_deadline() -> None:
    planned = REFUND_DEADLINE + timedelta(hours=1)
    sent = send_moment(planned, local(2026, 12, 3, 12, 0), None, now=REFUND_RECORDED)
    assert sent.at == local(2026, 12, 3, 12, 0)


# Zones with daylight saving time, half-hour and 45-minute offsets, and Lord Howe's half-hour clock change.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "UTC",
)


@cache
def clock_changes(zone_name: str) -> tuple[datetime, ...]:
    """The hours in 2026 and 2027 in which the zone's clocks change, to aim examples at those nights."""
    zone = ZoneInfo(zone_name)

    def offset(moment: datetime) -> timedelta | None:
        return moment.astimezone(zone).utcoffset()

    day = datetime(2026, 1, 1, tzinfo=UTC)
    found = []
    while day.year < 2028:
        if offset(day) != offset(day + timedelta(days=1)):
            hours = (day + timedelta(hours=hour) for hour in range(24))
            found.extend(hour for hour in hours if offset(hour) != offset(hour + timedelta(hours=1)))
        day += timedelta(days=1)
    return tuple(found)


@st.composite
def reminders(draw: st.DrawFn) -> tuple[datetime, datetime | None, QuietHours, datetime]:
    """A reminder (due moment, deadline), the user's quiet hours and the moment it is planned or sent."""
    zone_name = draw(st.sampled_from(ZONES))
    changes = clock_changes(zone_name)
    if changes and draw(st.booleans()):
        around = draw(st.sampled_from(changes)) + timedelta(
            minutes=draw(st.integers(-MINUTES_PER_DAY, MINUTES_PER_DAY))
        )
    else:
        around = draw(st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)))
    minute_of_day = st.integers(0, MINUTES_PER_DAY - 1)
    start = draw(minute_of_day)
    end = draw(minute_of_day.filter(lambda minute: minute != start))
    quiet = QuietHours(start, end, ZoneInfo(zone_name))
    lead = timedelta(minutes=draw(st.integers(0, 4 * MINUTES_PER_DAY)))
    deadline = draw(st.none() | st.just(around + lead))
    # The clock may stand days before the reminder is due, or past it (the bot was down).
    now = around - timedelta(minutes=draw(st.integers(-MINUTES_PER_DAY, 4 * MINUTES_PER_DAY)), seconds=7)
    return around, deadline, quiet, now


def first_minute_outside(quiet: QuietHours, moment: datetime, step: timedelta) -> datetime:
    """Minute by minute, the plain reading of quiet hours the arithmetic must agree with."""
    probe = moment.replace(second=0, microsecond=0)
    while quiet.contains(probe):
        probe += step
    return probe


@settings(max_examples=150, deadline=None)
@given(reminders())
def test_a_warning_never_arrives_after_its_deadline_and_breaks_quiet_hours_only_to_make_it(
    reminder: tuple[datetime, datetime | None, QuietHours, datetime],
) -> None:
    due_at, deadline, quiet, now = reminder
    sent = send_moment(due_at, deadline, quiet, now)
    planned = max(due_at if deadline is None else min(due_at, deadline), now)

    assert sent.at >= now
    assert sent.late == (deadline is not None and now > deadline)
    if deadline is not None and not sent.late:
        assert sent.at <= deadline

    if not quiet.contains(planned):
        # Outside quiet hours: exactly when planned, or now.
        assert sent == SendMoment(at=planned, moved_earlier=False, late=sent.late)
        return
    quiet_end = first_minute_outside(quiet, planned, MINUTE)
    if deadline is None or quiet_end <= deadline - TIME_TO_ACT:
        # Waiting leaves time to act: it waits, and not a minute longer.
        assert sent.at == quiet_end
        assert not quiet.contains(sent.at)
        return
    # Waiting would pass the deadline: the last minute before this quiet spell, or now.
    last_before = first_minute_outside(quiet, planned, -MINUTE)
    assert sent.at == max(last_before, now)
    assert sent.moved_earlier == (sent.at < planned)
    assert not quiet.contains(sent.at) or sent.at == now
