"""Dates: what users type, read in their zone, always returned as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates import (
    END_OF_DAY,
    add_days_utc,
    all_zone_names,
    as_utc,
    discord_timestamp,
    local_to_utc,
    parse_when,
    resolve_zone,
    suggest_zones,
    utc_now,
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
        ("next friday", ny(2026, 11, 27, 0, 0)),
        ("thursday", ny(2026, 12, 3, 0, 0)),  # today is Thursday: the next one is a week away
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
    now = utc_now()
    assert now.tzinfo is UTC and abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_add_days_utc_ignores_dst() -> None:
    # Submitted just before New York springs forward: the 14 days are 14 * 24 hours, as platforms count.
    submitted = datetime(2026, 3, 1, 12, 0, tzinfo=NEW_YORK)
    ends = add_days_utc(submitted, 14)
    assert ends - submitted == timedelta(days=14)
    assert ends.tzinfo is UTC
    assert ends.astimezone(NEW_YORK).hour == 13


@pytest.mark.parametrize(("style", "expected"), [("f", "<t:1796137200:f>"), ("R", "<t:1796137200:R>")])
def test_discord_timestamp(style: str, expected: str) -> None:
    moment = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert discord_timestamp(moment, style) == expected
    assert discord_timestamp(moment.astimezone(BERLIN), style) == expected


def test_discord_timestamp_default_and_bad_input() -> None:
    assert discord_timestamp(datetime(2026, 12, 1, 15, tzinfo=UTC)) == "<t:1796137200:f>"
    with pytest.raises(ValueError, match="style"):
        discord_timestamp(datetime(2026, 12, 1, tzinfo=UTC), "x")
    with pytest.raises(ValueError, match="naive"):
        discord_timestamp(datetime(2026, 12, 1))


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
