"""Snooze choices stop at the deadline: a snoozed warning comes back in time, or is not offered at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import MINUTES_PER_DAY, QuietHours
from bot.domain.snooze import (
    SHORTEST_SNOOZE,
    SnoozeChoice,
    SnoozeKey,
    SnoozeRefused,
    check_snooze_until,
    snooze_choices,
)

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours(start=22 * 60, end=7 * 60, zone=BERLIN)
EVENING = QuietHours(start=20 * 60, end=9 * 60, zone=BERLIN)  # the quiet hours


def local(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=BERLIN)


def offered(choices: list[SnoozeChoice]) -> list[tuple[SnoozeKey, datetime]]:
    return [(choice.key, choice.at) for choice in choices]


def test_without_a_deadline_all_three_choices_are_offered() -> None:
    now = local(12, 2, 17, 0)
    assert snooze_choices(now, None, BERLIN, None) == [
        SnoozeChoice(SnoozeKey.ONE_HOUR, "In 1 hour", local(12, 2, 18, 0)),
        SnoozeChoice(SnoozeKey.THREE_HOURS, "In 3 hours", local(12, 2, 20, 0)),
        SnoozeChoice(SnoozeKey.MORNING, "Tomorrow morning", local(12, 3, 9, 0)),
    ]


def test_tomorrow_morning_is_when_quiet_hours_end_if_they_hold_nine_oclock() -> None:
    late_riser = QuietHours(start=23 * 60, end=10 * 60 + 30, zone=BERLIN)
    choices = snooze_choices(local(12, 2, 17, 0), None, BERLIN, late_riser)
    assert choices[-1] == SnoozeChoice(SnoozeKey.MORNING, "Tomorrow morning", local(12, 3, 10, 30))


def test_in_the_small_hours_tomorrow_morning_is_the_coming_one() -> None:
    choices = snooze_choices(local(12, 3, 1, 30), None, BERLIN, None)
    assert offered(choices)[-1] == (SnoozeKey.MORNING, local(12, 3, 9, 0))
    choices = snooze_choices(local(12, 3, 5, 0), None, BERLIN, None)
    assert offered(choices)[-1] == (SnoozeKey.MORNING, local(12, 4, 9, 0))


def test_a_choice_that_quiet_hours_would_hold_is_not_offered() -> None:
    # 21:30 with quiet hours from 22:00: in 1 or 3 hours would only come at 07:00, so say so by leaving them out.
    assert offered(snooze_choices(local(12, 2, 21, 30), None, BERLIN, NIGHT)) == [
        (SnoozeKey.MORNING, local(12, 3, 9, 0))
    ]


def test_no_choice_at_or_after_the_deadline() -> None:
    deadline = local(12, 2, 18, 0)
    assert snooze_choices(local(12, 2, 17, 0), deadline, BERLIN, None) == [
        SnoozeChoice(SnoozeKey.BEFORE_DEADLINE, "Shortly before the deadline", local(12, 2, 17, 30))
    ]
    assert snooze_choices(deadline, deadline, BERLIN, None) == []
    assert snooze_choices(deadline + timedelta(hours=2), deadline, BERLIN, None) == []


# Issue 13, item 2: the 24-hour funding reminder. The milestone is due Thursday 3 December 2026 at 17:00
# and still unfunded; the reminder comes on Wednesday at 17:00.
def test_snoozing_the_24_hour_funding_reminder_never_passes_the_due_date() -> None:
    due = local(12, 3, 17, 0)
    clock = ManualClock(local(12, 2, 17, 0).astimezone(UTC))
    assert offered(snooze_choices(clock.now(), due, BERLIN, None)) == [
        (SnoozeKey.ONE_HOUR, local(12, 2, 18, 0)),
        (SnoozeKey.THREE_HOURS, local(12, 2, 20, 0)),
        (SnoozeKey.MORNING, local(12, 3, 9, 0)),
    ]
    clock.advance(local(12, 3, 9, 0) - clock.now())  # snoozed until tomorrow morning
    # Another day would be Friday: after the due date, so the choice is an hour before it instead.
    assert offered(snooze_choices(clock.now(), due, BERLIN, None)) == [
        (SnoozeKey.ONE_HOUR, local(12, 3, 10, 0)),
        (SnoozeKey.THREE_HOURS, local(12, 3, 12, 0)),
        (SnoozeKey.BEFORE_DEADLINE, local(12, 3, 16, 0)),
    ]
    # Snoozing to the last choice each time: it comes closer to the due date, never past it, then stops.
    visited = []
    while choices := snooze_choices(clock.now(), due, BERLIN, None):
        clock.advance(choices[-1].at - clock.now())
        visited.append(clock.now())
    assert [moment.astimezone(BERLIN) for moment in visited] == [
        local(12, 3, 16, 0),
        local(12, 3, 16, 30),
        local(12, 3, 16, 45),
        local(12, 3, 16, 52, 30),
    ]
    assert due - clock.now() < 2 * SHORTEST_SNOOZE


# Issue 13, item 2: the 12-hour refund reminder. A refund request recorded Monday 30 November at 08:40
# must be answered by Monday 7 December 08:40; the reminder comes on Sunday at 20:40.
REFUND_DEADLINE = local(12, 7, 8, 40)


def test_snoozing_the_12_hour_refund_reminder_offers_shortly_before_the_deadline_not_tomorrow() -> None:
    clock = ManualClock(local(12, 6, 20, 40).astimezone(UTC))
    assert offered(snooze_choices(clock.now(), REFUND_DEADLINE, BERLIN, None)) == [
        (SnoozeKey.ONE_HOUR, local(12, 6, 21, 40)),
        (SnoozeKey.THREE_HOURS, local(12, 6, 23, 40)),
        (SnoozeKey.BEFORE_DEADLINE, local(12, 7, 7, 40)),  # tomorrow 09:00 would be after 08:40
    ]
    # With quiet hours 22:00 to 07:00, in 3 hours would be held; an hour before the deadline is after them.
    assert offered(snooze_choices(clock.now(), REFUND_DEADLINE, BERLIN, NIGHT)) == [
        (SnoozeKey.ONE_HOUR, local(12, 6, 21, 40)),
        (SnoozeKey.BEFORE_DEADLINE, local(12, 7, 7, 40)),
    ]
    clock.advance(timedelta(hours=11))  # snoozed until 07:40 on Monday
    assert offered(snooze_choices(clock.now(), REFUND_DEADLINE, BERLIN, NIGHT)) == [
        (SnoozeKey.BEFORE_DEADLINE, local(12, 7, 8, 10)),
    ]


def test_when_quiet_hours_run_past_the_deadline_there_is_nothing_to_snooze_to() -> None:
    # Quiet hours 20:00 to 09:00 moved the 12-hour refund warning to 19:59 on Sunday: any later moment
    # before the deadline is inside quiet hours, so a snooze could only wake the user or come too late.
    assert snooze_choices(local(12, 6, 19, 59), REFUND_DEADLINE, BERLIN, EVENING) == []
    # Earlier that afternoon the evening is still free.
    assert offered(snooze_choices(local(12, 6, 15, 0), REFUND_DEADLINE, BERLIN, EVENING)) == [
        (SnoozeKey.ONE_HOUR, local(12, 6, 16, 0)),
        (SnoozeKey.THREE_HOURS, local(12, 6, 18, 0)),
        (SnoozeKey.BEFORE_DEADLINE, local(12, 6, 19, 59)),
    ]


def test_a_typed_snooze_time_must_be_after_now_and_before_the_deadline() -> None:
    now = local(12, 6, 20, 40)
    assert check_snooze_until(local(12, 7, 7, 0), now, REFUND_DEADLINE) == local(12, 7, 7, 0)
    assert check_snooze_until(local(12, 7, 7, 0), now, REFUND_DEADLINE).tzinfo is UTC
    assert check_snooze_until(local(12, 20, 7, 0), now, None) == local(12, 20, 7, 0)
    for too_late in (REFUND_DEADLINE, local(12, 7, 9, 0)):
        with pytest.raises(SnoozeRefused) as refused:
            check_snooze_until(too_late, now, REFUND_DEADLINE)
        assert refused.value.deadline == REFUND_DEADLINE
        assert "the deadline this reminder is about" in refused.value.message
        assert "<t:" not in refused.value.message
    with pytest.raises(SnoozeRefused, match="already come") as refused:
        check_snooze_until(now, now, REFUND_DEADLINE)
    assert isinstance(refused.value, InvalidInput)
    assert refused.value.deadline == REFUND_DEADLINE


ZONES = st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"])


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)),
    st.none() | st.integers(min_value=-60, max_value=3 * MINUTES_PER_DAY),
    ZONES,
    st.none() | st.tuples(st.integers(0, MINUTES_PER_DAY - 1), st.integers(0, MINUTES_PER_DAY - 1)),
)
def test_every_choice_comes_after_now_before_the_deadline_and_outside_quiet_hours(
    now: datetime, minutes_left: int | None, zone_name: str, window: tuple[int, int] | None
) -> None:
    zone = ZoneInfo(zone_name)
    quiet = QuietHours(window[0], window[1], zone) if window and window[0] != window[1] else None
    deadline = None if minutes_left is None else now + timedelta(minutes=minutes_left)
    choices = snooze_choices(now, deadline, zone, quiet)

    moments = [choice.at for choice in choices]
    assert moments == sorted(moments)
    assert len({choice.key for choice in choices}) == len(choices)
    for choice in choices:
        assert choice.at - now >= SHORTEST_SNOOZE
        assert deadline is None or choice.at < deadline
        assert quiet is None or not quiet.contains(choice.at)
    if deadline is None:
        # Nothing to stop at: tomorrow morning is always there, and nothing stands in for it.
        assert SnoozeKey.MORNING in {choice.key for choice in choices}
        assert SnoozeKey.BEFORE_DEADLINE not in {choice.key for choice in choices}
