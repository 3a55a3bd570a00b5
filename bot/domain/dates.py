"""Dates and time zones: read what users type in their own zone, keep aware UTC inside, show Discord stamps.

Every datetime leaving this module is timezone-aware and in UTC.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from bot.domain.errors import InvalidInput

MIN_YEAR = 2000
MAX_YEAR = 2100
END_OF_DAY = time(23, 59)

_DATE_EXAMPLES = "Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
_ZONE_EXAMPLE = "Use a name such as `Europe/Berlin` or `America/New_York`."
_DISCORD_STYLES = frozenset("tTdDfFR")
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
# Offered when autocomplete has nothing typed yet.
_COMMON_ZONES = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Kyiv",
    "Africa/Lagos",
    "Africa/Cairo",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Manila",
    "Asia/Tokyo",
    "Australia/Sydney",
)

_UNITS: dict[str, str] = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "month", "months"), "months"),
}
_RELATIVE_IN = re.compile(r"in\s+(?P<count>\d{1,6}|an?)\s*(?P<unit>[a-z]+)")
_RELATIVE_AGO = re.compile(r"(?P<count>\d{1,6}|an?)\s*(?P<unit>[a-z]+)\s+ago")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_TIME_OF_DAY = re.compile(r"(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>am|pm)?")
# Numeric day/month orders differ by country (01/12 vs 12/01): only year-first numeric dates are accepted.
_DAY_MONTH_NUMBERS = re.compile(r"\d{1,2}[/\-]\d{1,2}(?:[/\-]\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?")
# Two parses with different defaults show which fields the text gave; both defaults are leap years
# with 31-day months so that `Feb 29` or `31 Mar` never collide with a default.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)  # noqa: DTZ001 - a parsing template, never a moment
_DEFAULT_B = datetime(2004, 3, 2, 1, 1, 1)  # noqa: DTZ001


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(dt: datetime) -> datetime:
    """The same moment in UTC; a naive datetime is a bug and raises ValueError."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: every datetime must carry a time zone")
    return dt.astimezone(UTC)


def add_days_utc(dt: datetime, days: int) -> datetime:
    """`days` whole 24-hour days later: platforms count review periods in UTC, so no DST shifts."""
    return as_utc(dt) + timedelta(days=days)


def discord_timestamp(dt: datetime, style: str = "f") -> str:
    """Discord's `<t:UNIX:style>` markup, which each reader sees in their own zone."""
    if style not in _DISCORD_STYLES:
        raise ValueError(f"unknown Discord timestamp style {style!r}")
    return f"<t:{int(as_utc(dt).timestamp())}:{style}>"


@lru_cache(maxsize=1)
def all_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    names = (
        name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    return {_fold_zone(name): name for name in all_zone_names()}


def _fold_zone(text: str) -> str:
    """Case and spacing that users vary: `new york` and `America/New_York` compare alike."""
    return re.sub(r"[\s_]+", "_", text.strip()).casefold()


def resolve_zone(name: str) -> ZoneInfo:
    """The zone a user named (case-insensitive, spaces for underscores), or InvalidInput."""
    canonical = _zones_by_folded_name().get(_fold_zone(name))
    if canonical is None:
        shown = name.strip().replace("`", "'")[:60]
        if not shown:
            raise InvalidInput(f"Please give a time zone. {_ZONE_EXAMPLE}")
        close = suggest_zones(name, limit=3)
        hint = f" Did you mean {', '.join(f'`{z}`' for z in close)}?" if close else ""
        raise InvalidInput(f"`{shown}` is not a time zone I know. {_ZONE_EXAMPLE}{hint}")
    return ZoneInfo(canonical)


def suggest_zones(fragment: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: names or cities starting with `fragment` first, then any containing it."""
    wanted = _fold_zone(fragment)
    if not wanted:
        return list(_COMMON_ZONES[:limit])
    starts: list[str] = []
    contains: list[str] = []
    for name in all_zone_names():
        folded = _fold_zone(name)
        if folded.startswith(wanted) or folded.rsplit("/", 1)[-1].startswith(wanted):
            starts.append(name)
        elif wanted in folded:
            contains.append(name)
    return (starts + contains)[:limit]


def local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as a UTC moment.

    A time skipped by a DST jump (02:30 on a spring-forward night) becomes the first real instant
    after the gap (03:00); a time that happens twice (autumn fold) means the first of the two.
    """
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=zone, fold=0)
    moment = first.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) == naive:
        return moment
    # In a gap: fold=0 reads the clock with the offset before the jump, fold=1 with the one after.
    # The jump itself lies between the two readings; find the first second that has the new offset.
    after_offset = naive.replace(tzinfo=zone, fold=1).utcoffset()
    low = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = moment
    while (high - low) > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    # Offsets change on whole seconds, so the first second with the new offset is exact.
    return high.replace(microsecond=0)


def parse_when(text: str, zone: ZoneInfo, now: datetime, *, date_only_time: time = time(0, 0)) -> datetime:
    """Read a moment a user typed, as an aware UTC datetime.

    Understood: `2026-12-01`, `2026-12-01 17:00`, `2026-12-01T17:00`, `Dec 1`, `Dec 1 17:00`,
    `1 December 2026`, `now`, `today`, `tomorrow`, `yesterday` (optionally with a time, `tomorrow 9am`),
    `in 3 days`, `in 2 hours`, `in 1 week`, `in 30 minutes`, `in 3d`, `2 days ago`, `3h ago`,
    `friday` / `next friday` (the next such day after today). Text with `Z`, `UTC` or an offset such as
    `+02:00` is taken as written; everything else is wall-clock time in `zone`.

    Choices that keep it predictable: a date without a year is in the current year (in `zone`), even if
    that date has passed; a date without a time gets `date_only_time` (callers pass 23:59 for due dates);
    numeric dates must be year first (`01/12` means different days in different countries); years
    are written with four digits and lie in 2000..2100. Raises InvalidInput with an example otherwise.
    """
    now = as_utc(now)
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    shown = text.strip().replace("`", "'")[:60]
    if not cleaned:
        raise InvalidInput(f"Please give a date. {_DATE_EXAMPLES}")
    if len(cleaned) > 60:
        raise InvalidInput(f"That date is too long to read. {_DATE_EXAMPLES}")
    local_now = now.astimezone(zone)

    if cleaned in ("now", "right now"):
        return now
    try:
        relative = _parse_relative(cleaned, now, local_now, zone)
    except OverflowError:
        raise _out_of_range(shown) from None
    if relative is not None:
        return _check_range(relative, zone, shown)
    day = _parse_day_word(cleaned, local_now.date())
    if day is not None:
        day_value, rest = day
        clock = date_only_time if not rest else _parse_clock(rest, shown)
        return _check_range(local_to_utc(datetime.combine(day_value, clock), zone), zone, shown)
    # dateutil sees the original case, except `utc`/`gmt`, which it only knows in capitals.
    written = re.sub(r"\b(utc|gmt)\b", lambda m: m[0].upper(), re.sub(r"\s+", " ", text.strip()), flags=re.I)
    return _parse_absolute(written, shown, zone, local_now, date_only_time)


def _parse_relative(cleaned: str, now: datetime, local_now: datetime, zone: ZoneInfo) -> datetime | None:
    """`in 3 days`, `2h ago`: exact durations from now; months follow the calendar in the user's zone."""
    sign = 1
    found = _RELATIVE_IN.fullmatch(cleaned)
    if found is None:
        found = _RELATIVE_AGO.fullmatch(cleaned)
        sign = -1
    if found is None or found["unit"] not in _UNITS:
        return None
    count = 1 if found["count"] in ("a", "an") else int(found["count"])
    unit = _UNITS[found["unit"]]
    try:
        if unit == "months":
            shifted = local_now.replace(tzinfo=None) + relativedelta(months=sign * count)
            return local_to_utc(shifted, zone)
        return now + sign * timedelta(**{unit: count})
    except ValueError as error:  # a year past 9999: the caller reports it as out of range
        raise OverflowError(str(error)) from None


def _parse_day_word(cleaned: str, today: date) -> tuple[date, str] | None:
    """`today`, `tomorrow 17:00`, `friday`, `next friday 9am`: the day and whatever text follows it."""
    first, _, rest = cleaned.partition(" ")
    if first in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[first]), rest
    if first == "next":
        first, _, rest = rest.partition(" ")
    for index, name in enumerate(_WEEKDAYS):
        if first in (name, name[:3]):
            ahead = (index - today.weekday() - 1) % 7 + 1  # always after today: 1..7 days
            return today + timedelta(days=ahead), rest
    return None


def _parse_clock(text: str, shown: str) -> time:
    """`17:00`, `at 5pm`, `9:30am` after a day word."""
    found = _TIME_OF_DAY.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(f"I couldn't read `{shown}` as a date. {_DATE_EXAMPLES}")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"`{shown}` has no such time of day. Try `9am`, `5pm` or `17:00`.")
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"`{shown}` has no such time of day. Try `9am`, `5pm` or `17:00`.")
    return time(hour, minute)


def _parse_absolute(
    written: str, shown: str, zone: ZoneInfo, local_now: datetime, date_only_time: time
) -> datetime:
    """Calendar dates, with dateutil doing the reading and this function refusing its guesses."""
    if any(_DAY_MONTH_NUMBERS.fullmatch(word) for word in written.split(" ")):
        raise InvalidInput(
            f"`{shown}` could mean different days in different countries. "
            "Write the year first, like `2026-12-01`, or the month as a word, like `Dec 1`."
        )
    unreadable = InvalidInput(f"I couldn't read `{shown}` as a date. {_DATE_EXAMPLES}")
    try:
        with warnings.catch_warnings():
            # An unknown zone abbreviation (EST, CET) would otherwise be dropped silently.
            warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
            first = dateutil_parser.parse(written, default=_DEFAULT_A, fuzzy=False)
            second = dateutil_parser.parse(written, default=_DEFAULT_B, fuzzy=False)
    except dateutil_parser.UnknownTimezoneWarning:
        raise InvalidInput(
            f"I don't know which zone is meant in `{shown}`. Leave it out to use your own time zone "
            "(`/settings timezone`), or write `UTC` or an offset such as `+02:00`."
        ) from None
    except (ValueError, ArithmeticError) as error:  # dateutil's own arithmetic can fail on long digits
        if "out of range" in str(error) or "must be in" in str(error):
            raise InvalidInput(
                f"`{shown}` is not a real date (that day doesn't exist). {_DATE_EXAMPLES}"
            ) from None
        raise unreadable from None

    # A field the text gave is the same in both parses; one taken from a template differs.
    has_month = first.month == second.month
    has_day = first.day == second.day
    has_year = first.year == second.year
    has_hour = first.hour == second.hour
    if not (has_month and has_day):
        raise unreadable
    year = local_now.year
    if has_year:
        year = first.year
        if not re.search(rf"\b{year}\b", written):  # `Dec 1 5` must not become 2005
            raise InvalidInput(f"Please write the year with four digits in `{shown}`. {_DATE_EXAMPLES}")
    if has_hour:
        # `5pm` names no minutes: they are zero, not the template's.
        minute = first.minute if first.minute == second.minute else 0
        seconds = first.second if first.second == second.second else 0
        clock = time(first.hour, minute, seconds)
    else:
        clock = date_only_time
    try:
        wall = datetime.combine(date(year, first.month, first.day), clock)
    except ValueError:
        raise InvalidInput(f"`{shown}` is not a real date in {year}. {_DATE_EXAMPLES}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    if first.tzinfo is not None:
        offset = first.utcoffset()
        assert offset is not None
        return _check_range(datetime.combine(wall.date(), wall.time(), tzinfo=UTC) - offset, zone, shown)
    return _check_range(local_to_utc(wall, zone), zone, shown)


def _check_range(moment: datetime, zone: ZoneInfo, shown: str) -> datetime:
    try:
        year = moment.astimezone(zone).year
    except OverflowError:
        raise _out_of_range(shown) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    return moment


def _out_of_range(shown: str) -> InvalidInput:
    return InvalidInput(f"`{shown}` is outside the years {MIN_YEAR} to {MAX_YEAR}. {_DATE_EXAMPLES}")
