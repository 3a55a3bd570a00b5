"""Dates and time zones: read what users type in their own zone, keep aware UTC inside, show Discord stamps.

Every datetime leaving this module is timezone-aware and in UTC.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from bot.domain.date_words import InEnglish, to_english
from bot.domain.errors import Command, InvalidInput
from bot.i18n.speaking import N_

MIN_YEAR = 2000
MAX_YEAR = 2100
END_OF_DAY = time(23, 59)

# Refusals said in more than one place; each a whole sentence with its examples, for the catalogs. The
# catalogs give examples in the reader's language: `parse_when` reads them with `locale`.
_UNREADABLE = N_(
    "I couldn't read `{typed}` as a date. Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
)
_NO_SUCH_TIME = N_("`{typed}` has no such time of day. Try `9am`, `5pm` or `17:00`.")
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
# Whole days, weeks and months land on a calendar day, so a time of day may follow (`in 3 days 23:30`).
_CALENDAR_UNITS = frozenset({"days", "weeks", "months"})
_RELATIVE_IN = re.compile(r"in\s+(?P<count>\d{1,6}|an?)\s*(?P<unit>[a-z]+)(?:\s+(?P<clock>.+))?")
_RELATIVE_AGO = re.compile(r"(?P<count>\d{1,6}|an?)\s*(?P<unit>[a-z]+)\s+ago(?:\s+(?P<clock>.+))?")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
# `this friday` is plain `friday`; `next` and `last` name the calendar week after or before this one.
_WEEK_WORDS = {"this": 0, "next": 1, "last": -1}
# Every month-day pair that exists at all comes round within eight years (29 February: 2096, then 2104).
_YEARS_TO_SEARCH = 9
_TIME_OF_DAY = re.compile(r"(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>am|pm)?")
# Numeric day/month orders differ by country (01/12 vs 12/01): only year-first numeric dates are accepted.
_DAY_MONTH_NUMBERS = re.compile(r"\d{1,2}[/\-]\d{1,2}(?:[/\-]\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?")
# Two parses with different defaults show which fields the text gave; both defaults are leap years
# with 31-day months so that `Feb 29` or `31 Mar` never collide with a default.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)  # noqa: DTZ001 - a parsing template, never a moment
_DEFAULT_B = datetime(2004, 3, 2, 1, 1, 1)  # noqa: DTZ001


class Purpose(StrEnum):
    """What a typed date is for; it decides which way a date without a year or a bare weekday points."""

    DUE = "due"  # something that will happen: a due date, a deadline, a time to be reminded
    HAPPENED = "happened"  # something that already happened: funded, submitted, released, ended


def as_utc(dt: datetime) -> datetime:
    """The same moment in UTC; a naive datetime is a bug and raises ValueError."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: every datetime must carry a time zone")
    return dt.astimezone(UTC)


def add_days_utc(dt: datetime, days: int) -> datetime:
    """`days` whole 24-hour days later: platforms count review periods in UTC, so no DST shifts."""
    return as_utc(dt) + timedelta(days=days)


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
            raise InvalidInput(
                N_("Please give a time zone. Use a name such as `Europe/Berlin` or `America/New_York`.")
            )
        raise _unknown_zone(shown, suggest_zones(name, limit=3))
    return ZoneInfo(canonical)


def _unknown_zone(shown: str, close: list[str]) -> InvalidInput:
    """The zone is unknown: say so, with the names nearest what was typed (up to three)."""
    if not close:
        return InvalidInput(
            N_(
                "`{typed}` is not a time zone I know. Use a name such as `Europe/Berlin` or `America/New_York`."
            ),
            typed=shown,
        )
    if len(close) == 1:
        return InvalidInput(
            N_(
                "`{typed}` is not a time zone I know. Use a name such as `Europe/Berlin` or `America/New_York`. "
                "Did you mean `{first}`?"
            ),
            typed=shown,
            first=close[0],
        )
    if len(close) == 2:
        return InvalidInput(
            N_(
                "`{typed}` is not a time zone I know. Use a name such as `Europe/Berlin` or `America/New_York`. "
                "Did you mean `{first}` or `{second}`?"
            ),
            typed=shown,
            first=close[0],
            second=close[1],
        )
    return InvalidInput(
        N_(
            "`{typed}` is not a time zone I know. Use a name such as `Europe/Berlin` or `America/New_York`. "
            "Did you mean `{first}`, `{second}` or `{third}`?"
        ),
        typed=shown,
        first=close[0],
        second=close[1],
        third=close[2],
    )


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


def parse_when(
    text: str,
    zone: ZoneInfo,
    now: datetime,
    *,
    date_only_time: time = time(0, 0),
    purpose: Purpose | None = None,
    locale: str | None = None,
) -> datetime:
    """Read a moment a user typed, as an aware UTC datetime.

    Understood: `2026-12-01`, `2026-12-01 17:00`, `2026-12-01T17:00`, `Dec 1`, `Dec 1 17:00`,
    `1 December 2026`, `now`, `today`, `tomorrow`, `yesterday`, `in 3 days`, `in 2 hours`, `in 1 week`,
    `in 30 minutes`, `in 3d`, `2 days ago`, `3h ago`, and weekdays (`friday`, `this friday`, `next fri`,
    `last friday`). Day words, weekdays and whole days, weeks or months take a time of day after them:
    `tomorrow 9am`, `friday 17:00`, `in 3 days 23:30`, `in 2 days at 9am`, `2 days ago 14:00`. Text with
    `Z`, `UTC` or an offset such as `+02:00` is taken as written; everything else is wall-clock time in
    `zone`.

    `purpose` says which way the text points when it leaves that open, so that it reads as meant:

    - a date without a year is the next occurrence for something DUE and the latest one for something
      that HAPPENED, today included either way (it is still today's date, and a due date that has
      passed today is the caller's to flag, not a reason to jump a year): typed on 30 Nov 2026, `Jan 15`
      is 2027-01-15 when due and 2026-01-15 when it happened; `Nov 30` is that same day for both.
      Without a purpose the year is the current one, as callers that don't say have always had it.
    - a weekday alone (or with `this`) is the nearest such day, today included: the coming one for
      something due or without a purpose, the past one for something that happened. `next` and `last`
      name the day in the calendar week (Monday to Sunday) after or before this one, whatever the
      purpose, because that is what the words say.

      ======================  ==========  ==========  ==========  ==========
      typed on (2026)         `friday`    `friday`    `next`      `last`
                              (due)       (happened)  `friday`    `friday`
      ======================  ==========  ==========  ==========  ==========
      Wed 25 Nov              Fri 27 Nov  Fri 20 Nov  Fri 4 Dec   Fri 20 Nov
      Thu 26 Nov              Fri 27 Nov  Fri 20 Nov  Fri 4 Dec   Fri 20 Nov
      Fri 27 Nov              Fri 27 Nov  Fri 27 Nov  Fri 4 Dec   Fri 20 Nov
      Sat 28 Nov              Fri 4 Dec   Fri 27 Nov  Fri 4 Dec   Fri 20 Nov
      Sun 29 Nov              Fri 4 Dec   Fri 27 Nov  Fri 4 Dec   Fri 20 Nov
      ======================  ==========  ==========  ==========  ==========

    Other choices that keep it predictable: a date without a time gets `date_only_time` (callers pass
    23:59 for due dates); a relative time without a time of day keeps the clock (`in 3 days` is exactly
    72 hours from now); numeric dates must be year first (`01/12` means different days in different
    countries); years are written with four digits and lie in 2000..2100. Raises InvalidInput with an
    example otherwise.

    `locale` is the user's Discord locale: in Portuguese and Spanish (`pt-BR`, `es-ES`, `es-419`) the same
    phrases are read in that language too (`amanhã 9:00`, `1 de dezembro 17h`, `el próximo viernes`,
    `hace 2 días`), meaning exactly what the English words mean (bot.domain.date_words says them in
    English); English is read in every locale.
    """
    now = as_utc(now)
    shown = text.strip().replace("`", "'")[:60]
    if len(re.sub(r"\s+", " ", text.strip())) <= 60:  # longer is refused below, in any language
        english = to_english(text, locale)
        if english is not None:
            _refuse_two_weeks(english, now.astimezone(zone), shown)
            text = english.phrase
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    if not cleaned:
        raise InvalidInput(
            N_("Please give a date. Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`.")
        )
    if len(cleaned) > 60:
        raise InvalidInput(
            N_("That date is too long to read. Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`.")
        )
    local_now = now.astimezone(zone)

    if cleaned in ("now", "right now"):
        return now
    try:
        relative = _parse_relative(cleaned, now, local_now, zone, shown)
    except OverflowError:
        raise _out_of_range(shown) from None
    if relative is not None:
        return _check_range(relative, zone, shown)
    day = _parse_day_word(cleaned, local_now.date(), purpose)
    if day is not None:
        day_value, rest = day
        clock = date_only_time if not rest else _parse_clock(rest, shown)
        return _check_range(local_to_utc(datetime.combine(day_value, clock), zone), zone, shown)
    # dateutil sees the original case, except `utc`/`gmt`, which it only knows in capitals.
    written = re.sub(r"\b(utc|gmt)\b", lambda m: m[0].upper(), re.sub(r"\s+", " ", text.strip()), flags=re.I)
    return _parse_absolute(written, shown, zone, local_now, date_only_time, purpose)


def _refuse_two_weeks(english: InEnglish, local_now: datetime, shown: str) -> None:
    """`próxima sexta` typed on a Wednesday: the coming Friday to many, next week's to the English rule.
    Asked, never guessed; where both are the same day (`próxima segunda` on a Wednesday) it is read."""
    if english.weekday is None:
        return
    today = local_now.weekday()
    if english.week == "next" and english.weekday > today:
        raise InvalidInput(
            N_(
                "`{typed}` could be the coming one, this week, or the one next week. Type the weekday alone "
                "for the coming one, or the date, such as `4 December`."
            ),
            typed=shown,
        )
    if english.week == "last" and english.weekday < today:
        raise InvalidInput(
            N_(
                "`{typed}` could be the latest one, this week, or the one last week. Type the weekday alone "
                "for the latest one, or the date, such as `20 November`."
            ),
            typed=shown,
        )


def _parse_relative(
    cleaned: str, now: datetime, local_now: datetime, zone: ZoneInfo, shown: str
) -> datetime | None:
    """`in 3 days`, `2h ago`: exact durations from now; months follow the calendar in the user's zone.

    With a time of day (`in 3 days 23:30`) the count moves the calendar day in the user's zone and the
    clock is the one typed, which is what someone means by "three days from now, at half past eleven".
    """
    sign = 1
    found = _RELATIVE_IN.fullmatch(cleaned)
    if found is None:
        found = _RELATIVE_AGO.fullmatch(cleaned)
        sign = -1
    if found is None or found["unit"] not in _UNITS:
        return None
    count = sign * (1 if found["count"] in ("a", "an") else int(found["count"]))
    unit = _UNITS[found["unit"]]
    if found["clock"] is not None and unit not in _CALENDAR_UNITS:
        # `in 2 hours 9am` asks for two different moments.
        raise InvalidInput(_UNREADABLE, typed=shown)
    try:
        if found["clock"] is not None:
            clock = _parse_clock(found["clock"], shown)
            step = relativedelta(months=count) if unit == "months" else timedelta(**{unit: count})
            day = local_now.date() + step
            return local_to_utc(datetime.combine(day, clock), zone)
        if unit == "months":
            shifted = local_now.replace(tzinfo=None) + relativedelta(months=count)
            return local_to_utc(shifted, zone)
        return now + timedelta(**{unit: count})
    except ValueError as error:  # a year past 9999: the caller reports it as out of range
        raise OverflowError(str(error)) from None


def _parse_day_word(cleaned: str, today: date, purpose: Purpose | None) -> tuple[date, str] | None:
    """`today`, `tomorrow 17:00`, `friday`, `next friday 9am`: the day and whatever text follows it."""
    first, _, rest = cleaned.partition(" ")
    if first in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[first]), rest
    week = _WEEK_WORDS.get(first)
    if week is not None:
        first, _, rest = rest.partition(" ")
    for index, name in enumerate(_WEEKDAYS):
        if first in (name, name[:3]):
            return _weekday(today, index, week or 0, purpose), rest
    return None


def _weekday(today: date, weekday: int, week: int, purpose: Purpose | None) -> date:
    """The rule in `parse_when`'s table: weeks run Monday to Sunday, as ISO 8601 has them."""
    if week:
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=week, days=weekday)
    if purpose is Purpose.HAPPENED:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _parse_clock(text: str, shown: str) -> time:
    """`17:00`, `at 5pm`, `9:30am` after a day word."""
    found = _TIME_OF_DAY.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(_UNREADABLE, typed=shown)
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(_NO_SUCH_TIME, typed=shown)
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(_NO_SUCH_TIME, typed=shown)
    return time(hour, minute)


def _parse_absolute(
    written: str,
    shown: str,
    zone: ZoneInfo,
    local_now: datetime,
    date_only_time: time,
    purpose: Purpose | None,
) -> datetime:
    """Calendar dates, with dateutil doing the reading and this function refusing its guesses."""
    if any(_DAY_MONTH_NUMBERS.fullmatch(word) for word in written.split(" ")):
        raise InvalidInput(
            N_(
                "`{typed}` could mean different days in different countries. "
                "Write the year first, like `2026-12-01`, or the month as a word, like `Dec 1`."
            ),
            typed=shown,
        )
    unreadable = InvalidInput(_UNREADABLE, typed=shown)
    if re.search(r"\d\.\d", written):
        # dateutil guesses at dotted numbers: `3.4 5` as 5 March, `5.30pm` as 17:00. Dotted days and
        # months were refused above; a dotted time of day is not read either.
        raise unreadable
    try:
        with warnings.catch_warnings():
            # An unknown zone abbreviation (EST, CET) would otherwise be dropped silently.
            warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
            first = dateutil_parser.parse(written, default=_DEFAULT_A, fuzzy=False)
            second = dateutil_parser.parse(written, default=_DEFAULT_B, fuzzy=False)
    except dateutil_parser.UnknownTimezoneWarning:
        raise InvalidInput(
            N_(
                "I don't know which zone is meant in `{typed}`. Leave it out to use your own time zone "
                "({timezone}), or write `UTC` or an offset such as `+02:00`."
            ),
            typed=shown,
            timezone=Command("settings timezone"),
        ) from None
    except (ValueError, ArithmeticError) as error:  # dateutil's own arithmetic can fail on long digits
        if "out of range" in str(error) or "must be in" in str(error):
            raise _no_such_day(shown) from None
        raise unreadable from None

    # A field the text gave is the same in both parses; one taken from a template differs.
    has_month = first.month == second.month
    has_day = first.day == second.day
    has_year = first.year == second.year
    has_hour = first.hour == second.hour
    if not (has_month and has_day):
        raise unreadable
    if has_year:
        year = first.year
        if not re.search(rf"\b{year}\b", written):  # `Dec 1 5` must not become 2005
            raise InvalidInput(
                N_(
                    "Please write the year with four digits in `{typed}`. "
                    "Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
                ),
                typed=shown,
            )
    else:
        year = _year_for(first.month, first.day, local_now.date(), purpose, shown)
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
        raise InvalidInput(
            N_(
                "`{typed}` is not a real date in {year}. Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
            ),
            typed=shown,
            year=year,
        ) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    if first.tzinfo is not None:
        offset = first.utcoffset()
        assert offset is not None
        return _check_range(datetime.combine(wall.date(), wall.time(), tzinfo=UTC) - offset, zone, shown)
    return _check_range(local_to_utc(wall, zone), zone, shown)


def _year_for(month: int, day: int, today: date, purpose: Purpose | None, shown: str) -> int:
    """The year a date typed without one falls in: see `parse_when` for the rule."""
    if purpose is None:
        return today.year
    step = 1 if purpose is Purpose.DUE else -1
    for offset in range(_YEARS_TO_SEARCH):
        year = today.year + step * offset
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February outside a leap year: look one more year on
            continue
        if (candidate >= today) if purpose is Purpose.DUE else (candidate <= today):
            return year
    # No year in reach had that day: it never exists (`Feb 30`) or lies past the years accepted.
    try:
        date(2000, month, day)  # a leap year, so only days no year has fail here
    except ValueError:
        raise _no_such_day(shown) from None
    raise _out_of_range(shown)


def _check_range(moment: datetime, zone: ZoneInfo, shown: str) -> datetime:
    try:
        year = moment.astimezone(zone).year
    except OverflowError:
        raise _out_of_range(shown) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    return moment


def _out_of_range(shown: str) -> InvalidInput:
    return InvalidInput(
        N_(
            "`{typed}` is outside the years {first} to {last}. "
            "Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
        ),
        typed=shown,
        first=MIN_YEAR,
        last=MAX_YEAR,
    )


def _no_such_day(shown: str) -> InvalidInput:
    return InvalidInput(
        N_(
            "`{typed}` is not a real date (that day doesn't exist). "
            "Try `2026-12-01`, `Dec 1 17:00`, `tomorrow` or `in 3 days`."
        ),
        typed=shown,
    )
