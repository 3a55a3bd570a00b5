"""Dates: what users type, read in their zone, always returned as aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import (
    END_OF_DAY,
    Purpose,
    add_days_utc,
    all_zone_names,
    as_utc,
    local_to_utc,
    parse_when,
    resolve_zone,
    suggest_zones,
)
from bot.domain.errors import InvalidInput

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
# Thursday 26 November 2026, 10:00 in New York.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def ny(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """A New York wall-clock time as UTC, for expected values."""
    return datetime(year, month, day, hour, minute, second, tzinfo=NEW_YORK).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", ny(2026, 12, 1, 0, 0)),
        ("2026-12-01 17:00", ny(2026, 12, 1, 17, 0)),
        ("2026-12-01T17:00", ny(2026, 12, 1, 17, 0)),
        ("2026-12-01 17:00:30", ny(2026, 12, 1, 17, 0, 30)),
        ("2026/12/01", ny(2026, 12, 1, 0, 0)),
        ("Dec 1", ny(2026, 12, 1, 0, 0)),
        ("dec 1", ny(2026, 12, 1, 0, 0)),
        ("Dec 1 17:00", ny(2026, 12, 1, 17, 0)),
        ("Dec 1 at 5pm", ny(2026, 12, 1, 17, 0)),
        ("1 December 2026", ny(2026, 12, 1, 0, 0)),
        ("December 1, 2026 5:30 pm", ny(2026, 12, 1, 17, 30)),
        ("1st of December", ny(2026, 12, 1, 0, 0)),
        ("Jan 5", ny(2026, 1, 5, 0, 0)),  # no year: this year, even when the date has passed
        ("Feb 29 2028", ny(2028, 2, 29, 0, 0)),
        ("today", ny(2026, 11, 26, 0, 0)),
        ("Today", ny(2026, 11, 26, 0, 0)),
        ("tomorrow", ny(2026, 11, 27, 0, 0)),
        ("yesterday", ny(2026, 11, 25, 0, 0)),
        ("tomorrow 9am", ny(2026, 11, 27, 9, 0)),
        ("tomorrow at 17:30", ny(2026, 11, 27, 17, 30)),
        ("today 12am", ny(2026, 11, 26, 0, 0)),
        ("today 12pm", ny(2026, 11, 26, 12, 0)),
        ("now", NOW),
        ("in 3 days", NOW + timedelta(days=3)),
        ("in 3d", NOW + timedelta(days=3)),
        ("in 2 hours", NOW + timedelta(hours=2)),
        ("in 1 week", NOW + timedelta(weeks=1)),
        ("in a week", NOW + timedelta(weeks=1)),
        ("in 30 minutes", NOW + timedelta(minutes=30)),
        ("in 30m", NOW + timedelta(minutes=30)),
        ("2 days ago", NOW - timedelta(days=2)),
        ("3h ago", NOW - timedelta(hours=3)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("in 2 months", ny(2027, 1, 26, 10, 0)),
        ("friday", ny(2026, 11, 27, 0, 0)),
        ("next friday", ny(2026, 12, 4, 0, 0)),  # the Friday of next week, not tomorrow
        ("thursday", ny(2026, 11, 26, 0, 0)),  # today is Thursday: today counts
        ("mon 9am", ny(2026, 11, 30, 9, 0)),
        ("2026-12-01T17:00Z", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("2026-12-01T17:00+02:00", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
        ("2026-12-01 17:00 +0100", datetime(2026, 12, 1, 16, 0, tzinfo=UTC)),
        ("Dec 1 17:00 UTC", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("Dec 1 17:00 utc", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("Dec 1 17:00 GMT", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
    ],
)
def test_parse_when_accepts(text: str, expected: datetime) -> None:
    result = parse_when(text, NEW_YORK, NOW)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", ny(2026, 12, 1, 23, 59)),
        ("Dec 1", ny(2026, 12, 1, 23, 59)),
        ("tomorrow", ny(2026, 11, 27, 23, 59)),
        ("friday", ny(2026, 11, 27, 23, 59)),
        ("Dec 1 17:00", ny(2026, 12, 1, 17, 0)),  # an explicit time wins
        ("in 3 days", NOW + timedelta(days=3)),  # relative times keep their clock
    ],
)
def test_date_only_inputs_get_the_callers_time(text: str, expected: datetime) -> None:
    assert parse_when(text, NEW_YORK, NOW, date_only_time=END_OF_DAY) == expected


def test_the_same_text_means_the_users_own_day() -> None:
    assert parse_when("2026-12-01 09:00", BERLIN, NOW) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert parse_when("2026-12-01 09:00", NEW_YORK, NOW) == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    # Late evening in New York is already the next day in Berlin: "today" follows the user's zone.
    late = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    assert parse_when("today", NEW_YORK, late) == ny(2026, 11, 26, 0, 0)
    assert parse_when("today", BERLIN, late) == datetime(2026, 11, 26, 23, 0, tzinfo=UTC)


def test_dst_gap_moves_forward_to_the_first_real_instant() -> None:
    # 2026-03-08 02:00-03:00 does not exist in New York: clocks jump to 03:00 EDT.
    expected = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert parse_when("2026-03-08 02:30", NEW_YORK, NOW) == expected
    assert parse_when("2026-03-08 02:00", NEW_YORK, NOW) == expected
    assert parse_when("2026-03-08 03:00", NEW_YORK, NOW) == expected
    assert expected.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:00 EDT"
    assert parse_when("2026-03-08 01:59", NEW_YORK, NOW) == datetime(2026, 3, 8, 6, 59, tzinfo=UTC)


def test_dst_fold_takes_the_first_occurrence() -> None:
    # 2026-11-01 01:30 happens twice in New York (EDT, then EST): the first is 05:30 UTC.
    assert parse_when("2026-11-01 01:30", NEW_YORK, NOW) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert parse_when("2026-10-25 02:30", BERLIN, NOW) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


# Monday 30 November 2026, 10:00 in New York.
MONDAY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "due", "happened"),
    [
        ("Jan 15", ny(2027, 1, 15, 0, 0), ny(2026, 1, 15, 0, 0)),  # the case: not ten months ago
        ("Dec 1", ny(2026, 12, 1, 0, 0), ny(2025, 12, 1, 0, 0)),
        ("Nov 29", ny(2027, 11, 29, 0, 0), ny(2026, 11, 29, 0, 0)),
        ("Nov 30", ny(2026, 11, 30, 0, 0), ny(2026, 11, 30, 0, 0)),  # today counts both ways
        ("Nov 30 9am", ny(2026, 11, 30, 9, 0), ny(2026, 11, 30, 9, 0)),  # an hour ago: still today
        ("Feb 29", ny(2028, 2, 29, 0, 0), ny(2024, 2, 29, 0, 0)),  # the nearest leap day each way
        (
            "Dec 24 17:00 UTC",
            datetime(2026, 12, 24, 17, 0, tzinfo=UTC),
            datetime(2025, 12, 24, 17, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_date_without_a_year_is_the_next_one_when_due_and_the_last_one_when_it_happened(
    text: str, due: datetime, happened: datetime
) -> None:
    assert parse_when(text, NEW_YORK, MONDAY, purpose=Purpose.DUE) == due
    assert parse_when(text, NEW_YORK, MONDAY, purpose=Purpose.HAPPENED) == happened


def test_a_date_with_a_year_means_that_year_whatever_the_purpose() -> None:
    for purpose in (Purpose.DUE, Purpose.HAPPENED, None):
        assert parse_when("Jan 15 2026", NEW_YORK, MONDAY, purpose=purpose) == ny(2026, 1, 15, 0, 0)


def test_without_a_purpose_a_date_without_a_year_stays_in_the_current_year() -> None:
    assert parse_when("Jan 15", NEW_YORK, MONDAY) == ny(2026, 1, 15, 0, 0)
    with pytest.raises(InvalidInput, match="not a real date in 2026"):
        parse_when("Feb 29", NEW_YORK, MONDAY)


def test_today_is_the_users_own_day_when_choosing_the_year() -> None:
    # 22:00 on 30 November in New York is already 1 December in UTC: `Nov 30` is still today, not 2027.
    evening = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert parse_when("Nov 30", NEW_YORK, evening, purpose=Purpose.DUE) == ny(2026, 11, 30, 0, 0)
    assert parse_when("Dec 1", NEW_YORK, evening, purpose=Purpose.HAPPENED) == ny(2025, 12, 1, 0, 0)


@pytest.mark.parametrize(
    ("text", "purpose", "fragment"),
    [
        ("Feb 30", Purpose.DUE, "not a real date"),
        ("Feb 30", Purpose.HAPPENED, "not a real date"),
        ("Dec 1 5", Purpose.DUE, "four digits"),
        ("12/01", Purpose.HAPPENED, "different days in different countries"),
    ],
)
def test_a_purpose_does_not_loosen_the_refusals(text: str, purpose: Purpose, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NEW_YORK, MONDAY, purpose=purpose)
    assert fragment in caught.value.message


def test_a_date_without_a_year_past_the_years_accepted_is_refused() -> None:
    late_in_2100 = datetime(2100, 12, 15, 12, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="outside the years 2000 to 2100"):
        parse_when("Jan 5", NEW_YORK, late_in_2100, purpose=Purpose.DUE)
    early_in_2000 = datetime(2000, 1, 3, 12, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="outside the years 2000 to 2100"):
        parse_when("Dec 5", NEW_YORK, early_in_2000, purpose=Purpose.HAPPENED)


def on(day: int) -> datetime:
    """10:00 in New York on that day of November 2026 (Wednesday 25 to Sunday 29)."""
    return ny(2026, 11, day, 10, 0)


# The table in parse_when's docstring, row by row.
@pytest.mark.parametrize(
    ("typed_on", "friday_due", "friday_happened", "next_friday", "last_friday"),
    [
        (on(25), 27, 20, 4, 20),  # Wednesday
        (on(26), 27, 20, 4, 20),  # Thursday: `next friday` is not tomorrow
        (on(27), 27, 27, 4, 20),  # Friday: `friday` is today
        (on(28), 4, 27, 4, 20),  # Saturday
        (on(29), 4, 27, 4, 20),  # Sunday
    ],
)
def test_weekdays_follow_one_rule(
    typed_on: datetime, friday_due: int, friday_happened: int, next_friday: int, last_friday: int
) -> None:
    def friday(day: int) -> datetime:
        return ny(2026, 11 if day > 15 else 12, day, 0, 0)

    def read(text: str, purpose: Purpose | None) -> datetime:
        return parse_when(text, NEW_YORK, typed_on, purpose=purpose)

    assert read("friday", Purpose.DUE) == friday(friday_due)
    assert read("this friday", Purpose.DUE) == friday(friday_due)
    assert read("friday", None) == friday(friday_due)
    assert read("friday", Purpose.HAPPENED) == friday(friday_happened)
    assert read("this friday", Purpose.HAPPENED) == friday(friday_happened)
    for purpose in (Purpose.DUE, Purpose.HAPPENED, None):
        assert read("next friday", purpose) == friday(next_friday)
        assert read("last friday", purpose) == friday(last_friday)


def test_weekdays_take_a_time_and_short_names() -> None:
    thursday = on(26)
    assert parse_when("next fri 9am", NEW_YORK, thursday, purpose=Purpose.DUE) == ny(2026, 12, 4, 9, 0)
    assert parse_when("last mon 17:30", NEW_YORK, thursday) == ny(2026, 11, 16, 17, 30)
    assert parse_when("friday", NEW_YORK, thursday, date_only_time=END_OF_DAY) == ny(2026, 11, 27, 23, 59)
    with pytest.raises(InvalidInput, match="couldn't read"):
        parse_when("next week", NEW_YORK, thursday)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 3 days 23:30", ny(2026, 11, 29, 23, 30)),
        ("in 3d 23:30", ny(2026, 11, 29, 23, 30)),
        ("in 2 days at 9am", ny(2026, 11, 28, 9, 0)),
        ("in a day 8pm", ny(2026, 11, 27, 20, 0)),
        ("in 1 week 9:15", ny(2026, 12, 3, 9, 15)),
        ("in 2 months at 17:00", ny(2027, 1, 26, 17, 0)),
        ("tomorrow 17:00", ny(2026, 11, 27, 17, 0)),
        ("2 days ago 14:00", ny(2026, 11, 24, 14, 0)),
        ("a week ago at 9am", ny(2026, 11, 19, 9, 0)),
    ],
)
def test_a_relative_day_takes_a_time_of_day(text: str, expected: datetime) -> None:
    assert parse_when(text, NEW_YORK, NOW) == expected


def test_a_relative_day_with_a_time_counts_calendar_days_across_a_clock_change() -> None:
    # Friday 6 March 2026 in New York; clocks go forward on Sunday the 8th. The 9th at 09:00 is EDT.
    friday = ny(2026, 3, 6, 12, 0)
    assert parse_when("in 3 days 9:00", NEW_YORK, friday) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("in 2 hours 9am", "couldn't read"),  # two different moments
        ("3h ago 14:00", "couldn't read"),
        ("in 3 days soon", "couldn't read"),
        ("in 3 days 25:00", "no such time of day"),
        ("in 999999 days 9am", "outside the years"),
        ("in 900000 months 9am", "outside the years"),
    ],
)
def test_a_relative_day_with_a_time_refuses(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NEW_YORK, NOW)
    assert fragment in caught.value.message


_PROPERTY_ZONES = st.sampled_from(["America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Auckland"])
_NOWS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC))


@settings(max_examples=60)
@given(_NOWS, _PROPERTY_ZONES, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_date_without_a_year_lands_within_a_year_on_the_side_the_purpose_says(
    now: datetime, zone_name: str, typed: date
) -> None:
    zone = ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    text = typed.strftime("%b %d")
    due = parse_when(text, zone, now, purpose=Purpose.DUE).astimezone(zone).date()
    happened = parse_when(text, zone, now, purpose=Purpose.HAPPENED).astimezone(zone).date()
    assert (due.month, due.day) == (happened.month, happened.day) == (typed.month, typed.day)
    # 29 February may be up to eight years away; every other day comes round within a year.
    reach = timedelta(days=366 * (8 if (typed.month, typed.day) == (2, 29) else 1))
    assert today <= due < today + reach
    assert today - reach < happened <= today


@settings(max_examples=60)
@given(_NOWS, _PROPERTY_ZONES, st.integers(min_value=0, max_value=6))
def test_weekday_words_land_where_the_rule_says(now: datetime, zone_name: str, weekday: int) -> None:
    zone = ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[weekday]

    def day_of(text: str, purpose: Purpose | None = None) -> date:
        return parse_when(text, zone, now, purpose=purpose).astimezone(zone).date()

    coming, past = day_of(name, Purpose.DUE), day_of(name, Purpose.HAPPENED)
    following, previous = day_of(f"next {name}"), day_of(f"last {name}")
    for found in (coming, past, following, previous):
        assert found.weekday() == weekday
    assert today <= coming <= today + timedelta(days=6)
    assert today - timedelta(days=6) <= past <= today
    # `next` and `last` are this calendar week's day moved by one week.
    this_weeks = today + timedelta(days=weekday - today.weekday())
    assert following == this_weeks + timedelta(weeks=1)
    assert previous == this_weeks - timedelta(weeks=1)


def test_local_to_utc_gap_in_a_half_hour_zone() -> None:
    # Lord Howe Island moves its clocks by 30 minutes: 02:00-02:30 is skipped on 2026-10-04.
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    moment = local_to_utc(datetime(2026, 10, 4, 2, 15), lord_howe)
    assert moment.astimezone(lord_howe).replace(tzinfo=None) == datetime(2026, 10, 4, 2, 30)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Please give a date"),
        ("   ", "Please give a date"),
        ("soonish", "I couldn't read `soonish` as a date."),
        ("5", "couldn't read"),  # a bare number must not become "the 5th of this month"
        ("2026", "couldn't read"),
        ("17:00", "couldn't read"),
        ("Dec 2026", "couldn't read"),
        ("monday dec 7", "couldn't read"),
        ("in 1.5 hours", "couldn't read"),
        ("3.4 5", "couldn't read"),  # dateutil would guess 5 March
        ("Dec 1 5.30pm", "couldn't read"),  # dateutil would drop the minutes
        ("in 3 fortnights", "couldn't read"),
        ("tomorrow afternoon", "couldn't read"),
        ("2026-02-30", "not a real date"),
        ("Feb 30", "not a real date"),
        ("Feb 29", "not a real date in 2026"),
        ("dec 1 25:00", "not a real date"),
        ("tomorrow 25:00", "no such time of day"),
        ("tomorrow 13pm", "no such time of day"),
        ("1999-12-01", "outside the years 2000 to 2100"),
        ("2101-01-01", "outside the years 2000 to 2100"),
        ("in 99999 weeks", "outside the years"),
        ("999999 days ago", "outside the years"),
        ("in 900000 months", "outside the years"),
        ("30 years ago", "couldn't read"),
        ("Dec 1 5", "four digits"),  # must not become the year 2005
        ("Dec 1 26", "four digits"),
        ("12/01", "different days in different countries"),
        ("01/12/2026", "different days in different countries"),
        ("1.12.2026", "different days in different countries"),
        ("Dec 1 5pm EST", "which zone is meant"),
        ("x" * 80, "too long"),
        ("9" * 32 + "h", "couldn't read"),
    ],
)
def test_parse_when_rejects(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NEW_YORK, NOW)
    assert fragment in caught.value.message


def test_unreadable_date_message_shows_examples() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when("soonish", NEW_YORK, NOW)
    assert caught.value.message == (
        "I couldn't read `soonish` as a date. Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
    )


def test_parse_when_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="naive"):
        parse_when("today", NEW_YORK, datetime(2026, 1, 1))


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC"]),
    st.sampled_from(["today", "tomorrow", "in 3 days", "2 days ago", "Dec 1 17:00", "friday", "now"]),
)
def test_results_are_always_aware_utc(now: datetime, zone_name: str, text: str) -> None:
    result = parse_when(text, ZoneInfo(zone_name), now)
    assert result.tzinfo is UTC


@given(st.text(max_size=25))
def test_parse_when_never_crashes_on_any_text(text: str) -> None:
    try:
        result = parse_when(text, NEW_YORK, NOW)
    except InvalidInput:
        return
    assert result.tzinfo is UTC
    assert 2000 <= result.year <= 2101


def test_helpers() -> None:
    assert as_utc(datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))) == datetime(
        2026, 1, 1, 10, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="naive"):
        as_utc(datetime(2026, 1, 1))


def test_add_days_utc_ignores_dst() -> None:
    # Submitted just before New York springs forward: the 14 days are 14 * 24 hours, as platforms count.
    submitted = datetime(2026, 3, 1, 12, 0, tzinfo=NEW_YORK)
    ends = add_days_utc(submitted, 14)
    assert ends - submitted == timedelta(days=14)
    assert ends.tzinfo is UTC
    assert ends.astimezone(NEW_YORK).hour == 13


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        (" America/New York ", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
    ],
)
def test_resolve_zone(name: str, key: str) -> None:
    assert resolve_zone(name).key == key


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Mars/Olympus", "`Mars/Olympus` is not a time zone I know. Use a name such as `Europe/Berlin`"),
        ("berlin", "Did you mean `Europe/Berlin`?"),
        ("", "Please give a time zone"),
        ("../../etc/passwd", "not a time zone"),
        ("posixrules", "not a time zone"),
    ],
)
def test_resolve_zone_rejects(name: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_zone(name)
    assert fragment in caught.value.message


def test_all_zone_names() -> None:
    names = all_zone_names()
    assert names == tuple(sorted(names))
    assert {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"} <= set(names)
    assert not any(n.startswith(("posix/", "right/")) or n == "posixrules" for n in names)
    assert all_zone_names() is names  # computed once


def test_suggest_zones() -> None:
    assert suggest_zones("berlin") == ["Europe/Berlin"]
    assert suggest_zones("new york") == ["America/New_York"]
    assert suggest_zones("America/New")[0] == "America/New_York"
    # Cities starting with the text come before names that merely contain it (Babylon...).
    found = suggest_zones("lon", limit=100)
    starts = [z for z in found if z.rsplit("/", 1)[-1].lower().startswith("lon")]
    assert "Europe/London" in starts
    assert found[: len(starts)] == starts
    assert len(found) > len(starts)
    assert len(suggest_zones("a")) == 25
    assert len(suggest_zones("a", limit=5)) == 5
    assert suggest_zones("")[0] == "UTC"
    assert suggest_zones("zzzz") == []
