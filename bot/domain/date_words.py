"""Dates typed in Portuguese or Spanish, rewritten as the English phrase that means the same, for `parse_when`.

`parse_when` has one set of rules (which year a date without one falls in, which Friday `next friday` is,
what a date without a time gets); this module never decides any of that. It only recognises a phrase
written in the user's language and says it in the English words `parse_when` already reads:
`1 de dezembro às 17h` -> `december 1 17:00`, `el próximo viernes` -> `next friday`, `hace 2 días` ->
`2 days ago`. A phrase it does not recognise as a whole is left alone (None), and `parse_when` reads the
text as English, so English keeps working for everyone and anything English refuses stays refused.

Month and weekday names (full and abbreviated) come from CLDR through babel. The other words (today,
in N days, next, `de`/`del`, `às`/`a las`...) are written by hand in `_TABLES`: CLDR describes how to
*write* dates and relative times, not how to read them, and its relative-time patterns (`em {0} dias`,
`hace {0} días`) cover neither the connectors nor the forms people type (`daqui a 3 dias`, `3 dias atrás`).

Words that mean different things are not read as one of them:
- a whole phrase must match (`mañana` is tomorrow, `la mañana`, `esta mañana`, `pasado mañana` are not
  dates here; `segunda` is Monday, `segunda semana` is not);
- an abbreviation that is both a month and a weekday in one language (Spanish `mar`: marzo, martes) is
  read only as the month, which it can only be beside a day number (`1 mar`); the weekday is `martes`;
- `próxima sexta`, `el viernes pasado` are read only where they can name one day: many people mean the
  coming (or latest) Friday, and the English rule `next friday` means next calendar week's; where the two
  differ (a Wednesday's `próxima sexta`), `parse_when` asks for the weekday alone or the date instead;
- after a weekday a bare number is not taken as a time (`viernes 13`, `sexta 13` name a day of the
  month as much as an hour): a time there is written `13:00`, `13h`, `às 13`, `a las 13` or `1pm`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class _Table:
    """The words of one language that are not month or weekday names (all lower case, without accents)."""

    now: tuple[str, ...]
    days: dict[str, str]  # day word -> the English one
    one: tuple[str, ...]  # `um`, `una`: a count of one
    units: dict[str, str]  # unit word -> the English one
    in_before: tuple[str, ...]  # `em 3 dias`
    ago_before: tuple[str, ...]  # `há 3 dias`
    ago_after: tuple[str, ...]  # `3 dias atrás`
    on: tuple[str, ...]  # `na sexta`, `el viernes`
    this: tuple[str, ...]  # `esta sexta`
    next_before: tuple[str, ...]  # `próxima sexta`
    next_after: tuple[str, ...]  # `sexta que vem`
    last_before: tuple[str, ...]  # `última sexta`
    last_after: tuple[str, ...]  # `sexta passada`
    date_before: tuple[str, ...]  # `dia 1 de dezembro`, `el 1 de diciembre`
    of: tuple[str, ...]  # `1 de dezembro de 2026`
    at: tuple[str, ...]  # `às 17:00`, `a las 17:00`


def _units(**words: tuple[str, ...]) -> dict[str, str]:
    return {word: unit for unit, spelled in words.items() for word in spelled}


# Hand-written: CLDR has no parser (see the module's docstring). Keys are folded (lower case, no accents).
_TABLES: dict[str, _Table] = {
    "pt": _Table(
        now=("agora",),
        days={"hoje": "today", "amanha": "tomorrow", "ontem": "yesterday"},
        one=("um", "uma"),
        units=_units(
            minutes=("min", "mins", "minuto", "minutos"),
            hours=("h", "hr", "hrs", "hora", "horas"),
            days=("d", "dia", "dias"),
            weeks=("sem", "semana", "semanas"),
            months=("mes", "meses"),
        ),
        in_before=("em", "daqui a", "dentro de"),
        ago_before=("ha", "faz"),
        ago_after=("atras",),
        on=("na", "no"),
        this=("esta", "este", "essa", "esse", "nesta", "neste", "nessa", "nesse"),
        next_before=("proxima", "proximo", "na proxima", "no proximo"),
        next_after=("que vem",),
        last_before=("ultima", "ultimo", "na ultima", "no ultimo"),
        last_after=("passada", "passado"),
        date_before=("dia", "no dia", "em"),
        of=("de",),
        at=("as", "at"),  # `às`, folded
    ),
    "es": _Table(
        now=("ahora",),
        days={"hoy": "today", "manana": "tomorrow", "ayer": "yesterday"},
        one=("un", "una"),
        units=_units(
            minutes=("min", "mins", "minuto", "minutos"),
            hours=("h", "hr", "hrs", "hora", "horas"),
            days=("d", "dia", "dias"),
            weeks=("sem", "semana", "semanas"),
            months=("mes", "meses"),
        ),
        in_before=("en", "dentro de"),
        ago_before=("hace",),
        ago_after=(),
        on=("el",),
        this=("este", "esta"),
        next_before=("proximo", "el proximo"),
        next_after=("que viene", "proximo"),
        # `el último viernes` is as often the last Friday of a month as the one before this week: not read.
        last_before=(),
        last_after=("pasado",),
        date_before=("el", "el dia", "dia"),
        of=("de", "del"),
        at=("a las", "a la", "at"),
    ),
}


def fold(text: str) -> str:
    """Lower case, accents dropped, `º` as `o`, commas and spaces as one space, a dot ending a word dropped."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"(?<=[a-z])\.(?=\s|$)", "", plain.replace(",", " "))
    return re.sub(r"\s+", " ", plain).strip()


def _language(locale: str | None) -> str | None:
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in _TABLES else None


def _babel_names(locale: str) -> list[str]:
    """Babel's names for the locale and its language (`es_419`, `es`): both spellings are read (`sep`, `sept`)."""
    name = locale.replace("-", "_")
    return [name, name.split("_")[0]] if "_" in name else [name]


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, str]  # folded name -> English name
    weekdays: dict[str, str]
    whole: dict[str, re.Pattern[str]]
    clock: re.Pattern[str]
    table: _Table


def _either(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first; a space in a word matches any spacing."""
    spelled = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in spelled) + ")" if spelled else "(?!)"


@lru_cache(maxsize=8)
def _grammar(locale: str) -> _Grammar | None:
    language = _language(locale)
    if language is None:
        return None
    table = _TABLES[language]
    months: dict[str, str] = {}
    weekdays: dict[str, str] = {}
    for name in _babel_names(locale):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, month in get_month_names(width, context, name).items():
                    months[fold(month)] = _ENGLISH_MONTHS[number - 1]
                for index, day in get_day_names(width, context, name).items():  # babel: 0 is Monday
                    folded = fold(day)
                    weekdays[folded] = _ENGLISH_WEEKDAYS[index]
                    if folded.endswith("-feira"):  # `segunda-feira`, `segunda feira`, `segunda`
                        short = folded.removesuffix("-feira")
                        weekdays[short + " feira"] = weekdays[short] = _ENGLISH_WEEKDAYS[index]
    for both in set(months) & set(weekdays):  # Spanish `mar`: only a month, and only beside a day number
        del weekdays[both]

    number = r"(?:\d{1,6}|" + _either(table.one) + ")"
    unit = _either(table.units)
    clock = r"(?P<clock>\S+(?:\s+\S+){0,3})"
    tail = rf"(?:\s+{clock})?"
    weekday = (
        rf"(?:{_either(table.on)}\s+)?"
        rf"(?:(?P<this>{_either(table.this)})\s+|(?P<next>{_either(table.next_before)})\s+"
        rf"|(?P<last>{_either(table.last_before)})\s+)?"
        rf"(?P<weekday>{_either(weekdays)})"
        rf"(?:\s+(?P<after_next>{_either(table.next_after)})|\s+(?P<after_last>{_either(table.last_after)}))?"
    )
    of = rf"(?:\s+{_either(table.of)})?"
    whole = {
        "now": rf"{_either(table.now)}",
        "day": rf"(?P<day>{_either(table.days)}){tail}",
        "weekday": rf"{weekday}{tail}",
        "in": rf"{_either(table.in_before)}\s+(?P<count>{number})\s*(?P<unit>{unit}){tail}",
        "ago": (
            rf"(?:{_either(table.ago_before)}\s+(?P<count>{number})\s*(?P<unit>{unit})"
            rf"(?:\s+{_either(table.ago_after)})?"
            rf"|(?P<count2>{number})\s*(?P<unit2>{unit})\s+{_either(table.ago_after)}){tail}"
        ),
        "date": (
            rf"(?:{_either(table.date_before)}\s+)?(?P<mday>\d{{1,2}})o?{of}\s+(?P<month>{_either(months)})"
            rf"(?:{of}\s+(?P<year>\d{{1,6}}))?{tail}"
        ),
        "iso": rf"(?:{_either(table.date_before)}\s+)?(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}}){tail}",
    }
    time_of_day = (
        rf"(?:(?P<at>{_either(table.at)})\s+)?(?P<hour>\d{{1,2}})"
        r"(?:(?P<sep>:|h)(?P<minute>\d{2}))?\s*(?:(?P<half>am|pm)|(?P<h>hs?))?"
    )
    return _Grammar(
        months=months,
        weekdays=weekdays,
        whole={kind: re.compile(pattern) for kind, pattern in whole.items()},
        clock=re.compile(time_of_day),
        table=table,
    )


def _clock(grammar: _Grammar, text: str | None, *, plain_number: bool) -> str | None:
    """A time of day as `parse_when` reads it (`17:00`, `5pm`); `plain_number`: a lone `9` is a time here."""
    if text is None:
        return ""
    found = grammar.clock.fullmatch(text)
    if found is None:
        return None
    hour, minute, half = found["hour"], found["minute"], found["half"]
    if not (plain_number or found["at"] or found["sep"] or half or found["h"]):
        return None
    written = f"{int(hour)}:{minute}" if minute else (hour if half else f"{int(hour)}:00")
    return f" {written}{half or ''}"


def _count(grammar: _Grammar, count: str) -> str:
    return "1" if count in grammar.table.one else count


@dataclass(frozen=True)
class InEnglish:
    """A phrase said in English; for `próxima sexta`-like phrases also the week word and the weekday
    (0 is Monday), which `parse_when` checks against the coming or latest such day."""

    phrase: str
    week: str = ""
    weekday: int | None = None


def to_english(text: str, locale: str | None) -> InEnglish | None:
    """The English phrase `parse_when` reads for a date typed in the locale's language, or None when the
    text is not such a phrase as a whole (it may still be English, or nothing at all)."""
    grammar = _grammar(locale or "")
    if grammar is None:
        return None
    folded = fold(text)
    for kind, pattern in grammar.whole.items():
        found = pattern.fullmatch(folded)
        if found is None:
            continue
        groups = found.groupdict()
        if kind == "now":
            return InEnglish("now")
        if kind == "day":
            clock = _clock(grammar, groups["clock"], plain_number=True)
            return None if clock is None else InEnglish(grammar.table.days[found["day"]] + clock)
        if kind == "weekday":
            clock = _clock(grammar, groups["clock"], plain_number=False)
            before = (
                "this" if groups["this"] else "next" if groups["next"] else "last" if groups["last"] else ""
            )
            after = "next" if groups["after_next"] else "last" if groups["after_last"] else ""
            if clock is None or (before and after):
                return None
            week = before or after
            name = grammar.weekdays[re.sub(r"\s+", " ", found["weekday"])]
            english = (f"{week} " if week else "") + name + clock
            return InEnglish(english, week, _ENGLISH_WEEKDAYS.index(name))
        if kind in ("in", "ago"):
            count = groups.get("count") or groups["count2"]
            unit = grammar.table.units[groups.get("unit") or groups["unit2"]]
            clock = _clock(grammar, groups["clock"], plain_number=True)
            if clock is None:
                return None
            count = _count(grammar, count)
            return InEnglish((f"in {count} {unit}" if kind == "in" else f"{count} {unit} ago") + clock)
        if kind == "date":
            clock = _clock(grammar, groups["clock"], plain_number=True)
            if clock is None:
                return None
            year = f" {found['year']}" if found["year"] else ""
            return InEnglish(f"{grammar.months[found['month']]} {int(found['mday'])}{year}{clock}")
        clock = _clock(grammar, groups["clock"], plain_number=True)  # iso
        return None if clock is None else InEnglish(found["iso"] + clock)
    return None
