"""Dates typed in Portuguese and Spanish mean exactly what the English words mean: same instant, same
refusals. The spellings here are written out by hand, apart from the module that reads them from CLDR."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import END_OF_DAY, Purpose, parse_when
from bot.domain.errors import InvalidInput

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
MADRID = ZoneInfo("Europe/Madrid")
# Thursday 26 November 2026, 12:00 in São Paulo, 16:00 in Madrid.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)

ENGLISH_MONTHS = [
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
]
ENGLISH_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "pt-BR": [
        ("janeiro", "jan."),
        ("fevereiro", "fev."),
        ("março", "mar."),
        ("abril", "abr."),
        ("maio", "mai."),
        ("junho", "jun."),
        ("julho", "jul."),
        ("agosto", "ago."),
        ("setembro", "set."),
        ("outubro", "out."),
        ("novembro", "nov."),
        ("dezembro", "dez."),
    ],
    "es-ES": [
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "sept"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ],
}
MONTHS["es-419"] = [(wide, "sep" if short == "sept" else short) for wide, short in MONTHS["es-ES"]]
WEEKDAYS = {
    "pt-BR": [
        ("segunda-feira", "segunda", "seg."),
        ("terça-feira", "terça", "ter."),
        ("quarta-feira", "quarta", "qua."),
        ("quinta-feira", "quinta", "qui."),
        ("sexta-feira", "sexta", "sex."),
        ("sábado", "sábado", "sáb."),
        ("domingo", "domingo", "dom."),
    ],
    "es-ES": [
        ("lunes", "lunes", "lun"),
        ("martes", "martes", "martes"),  # `mar` is also marzo: the weekday is written whole
        ("miércoles", "miércoles", "mié"),
        ("jueves", "jueves", "jue"),
        ("viernes", "viernes", "vie"),
        ("sábado", "sábado", "sáb"),
        ("domingo", "domingo", "dom"),
    ],
}
WEEKDAYS["es-419"] = WEEKDAYS["es-ES"]
DAY_WORDS = {
    "pt-BR": {"today": "hoje", "tomorrow": "amanhã", "yesterday": "ontem"},
    "es-ES": {"today": "hoy", "tomorrow": "mañana", "yesterday": "ayer"},
}
DAY_WORDS["es-419"] = DAY_WORDS["es-ES"]
UNITS = {
    "pt-BR": {"minutes": "minutos", "hours": "horas", "days": "dias", "weeks": "semanas", "months": "meses"},
    "es-ES": {"minutes": "minutos", "hours": "horas", "days": "días", "weeks": "semanas", "months": "meses"},
}
UNITS["es-419"] = UNITS["es-ES"]
ONE_UNIT = {
    "pt-BR": {"minutes": "minuto", "hours": "hora", "days": "dia", "weeks": "semana", "months": "mês"},
    "es-ES": {"minutes": "minuto", "hours": "hora", "days": "día", "weeks": "semana", "months": "mes"},
}
ONE_UNIT["es-419"] = ONE_UNIT["es-ES"]
IN = {"pt-BR": ["em", "daqui a", "dentro de"], "es-ES": ["en", "dentro de"]}
IN["es-419"] = IN["es-ES"]
AGO = {"pt-BR": ["há {n}", "{n} atrás", "há {n} atrás", "faz {n}"], "es-ES": ["hace {n}"]}
AGO["es-419"] = AGO["es-ES"]
WEEK = {
    "pt-BR": {
        "this": ["esta {d}", "nesta {d}", "{d}", "na {d}"],
        "next": ["próxima {d}", "{d} que vem", "na próxima {d}"],
        "last": ["última {d}", "{d} passada", "na última {d}"],
    },
    "es-ES": {
        "this": ["este {d}", "el {d}", "{d}"],
        "next": ["el próximo {d}", "el {d} que viene", "el {d} próximo", "próximo {d}"],
        "last": ["el {d} pasado", "{d} pasado"],
    },
}
WEEK["es-419"] = WEEK["es-ES"]
DATE = {
    "pt-BR": [
        "{day} de {month}",
        "dia {day} de {month}",
        "{day}º de {month}",
        "{day} {month}",
        "em {day} de {month}",
    ],
    "es-ES": ["{day} de {month}", "el {day} de {month}", "el día {day} de {month}", "{day} {month}"],
}
DATE["es-419"] = DATE["es-ES"]
YEAR = {"pt-BR": [" de {year}", " {year}"], "es-ES": [" de {year}", " del {year}", " {year}"]}
YEAR["es-419"] = YEAR["es-ES"]
AT = {"pt-BR": ["às ", "as ", ""], "es-ES": ["a las ", ""]}
AT["es-419"] = AT["es-ES"]
LOCALES = st.sampled_from(["pt-BR", "es-ES", "es-419"])
ZONES = st.sampled_from(["America/Sao_Paulo", "Europe/Madrid", "America/Mexico_City", "Asia/Kathmandu"])
NOWS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC))
PURPOSES = st.sampled_from([Purpose.DUE, Purpose.HAPPENED, None])


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def _spelled(draw: st.DrawFn, word: str) -> str:
    """The word as people type it: any case, with or without accents."""
    if draw(st.booleans()):
        word = _plain(word)
    return draw(st.sampled_from([word, word.upper(), word.capitalize()]))


@st.composite
def _clock(draw: st.DrawFn, locale: str) -> tuple[str, str]:
    """A time of day: (as typed in the locale, as typed in English)."""
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 5, 30, 59]))
    english = f"{hour}:{minute:02d}"
    at = draw(st.sampled_from(AT[locale]))
    if locale == "pt-BR" and draw(st.booleans()):
        typed = f"{hour}h" if minute == 0 else f"{hour}h{minute:02d}"
    else:
        typed = english
    return at + typed, english


@st.composite
def phrases(draw: st.DrawFn) -> tuple[str, str, str]:
    """(locale, the phrase in its language, the same phrase in English)."""
    locale = draw(LOCALES)
    form = draw(st.sampled_from(["day", "weekday", "in", "ago", "date"]))
    clock, english_clock = draw(_clock(locale)) if draw(st.booleans()) else ("", "")
    if form == "day":
        english = draw(st.sampled_from(["today", "tomorrow", "yesterday"]))
        typed = draw(_spelled(DAY_WORDS[locale][english]))
    elif form == "weekday":
        index = draw(st.integers(0, 6))
        week = draw(st.sampled_from(["this", "next", "last"]))
        name = draw(_spelled(draw(st.sampled_from(WEEKDAYS[locale][index]))))
        typed = draw(st.sampled_from(WEEK[locale][week])).format(d=name)
        english = f"{week} {ENGLISH_WEEKDAYS[index]}"
    elif form in ("in", "ago"):
        count = draw(st.integers(1, 400))
        unit = draw(st.sampled_from(["minutes", "hours", "days", "weeks", "months"]))
        word = ONE_UNIT[locale][unit] if count == 1 else UNITS[locale][unit]
        amount = f"{count} {draw(_spelled(word))}"
        if form == "in":
            typed = f"{draw(st.sampled_from(IN[locale]))} {amount}"
            english = f"in {count} {unit}"
        else:
            typed = draw(st.sampled_from(AGO[locale])).format(n=amount)
            english = f"{count} {unit} ago"
    else:
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 31))
        name = draw(_spelled(draw(st.sampled_from(MONTHS[locale][month - 1]))))
        typed = draw(st.sampled_from(DATE[locale])).format(day=day, month=name)
        english = f"{ENGLISH_MONTHS[month - 1]} {day}"
        if draw(st.booleans()):
            year = draw(st.integers(2000, 2100))
            typed += draw(st.sampled_from(YEAR[locale])).format(year=year)
            english += f" {year}"
    if clock:
        typed, english = f"{typed} {clock}", f"{english} {english_clock}"
    return locale, typed, english


def _read(text: str, zone: ZoneInfo, now: datetime, purpose: Purpose | None, locale: str | None) -> object:
    """The instant, or the English text of the refusal."""
    try:
        return parse_when(text, zone, now, date_only_time=END_OF_DAY, purpose=purpose, locale=locale)
    except InvalidInput as refused:
        return refused.template


@settings(max_examples=400, deadline=None)
@given(phrases(), NOWS, ZONES, PURPOSES)
def test_a_phrase_in_the_users_language_means_what_the_english_one_means(
    phrase: tuple[str, str, str], now: datetime, zone_name: str, purpose: Purpose | None
) -> None:
    locale, typed, english = phrase
    zone = ZoneInfo(zone_name)
    read = _read(typed, zone, now, purpose, locale)
    if read in (ASKS_WHICH_WEEK.values()):  # `próxima sexta` where the coming Friday and next week's differ
        _check_two_readings_differ(english, now.astimezone(zone))
        return
    assert read == _read(english, zone, now, purpose, None)


# The question asked instead of guessing between this week's day and next (or last) week's.
ASKS_WHICH_WEEK = {
    "next": "`{typed}` could be the coming one, this week, or the one next week. Type the weekday alone "
    "for the coming one, or the date, such as `4 December`.",
    "last": "`{typed}` could be the latest one, this week, or the one last week. Type the weekday alone "
    "for the latest one, or the date, such as `20 November`.",
}


def _check_two_readings_differ(english: str, local_now: datetime) -> None:
    """It asked only where the coming (or latest) such day, today left out, is not next (or last) week's."""
    week, name = english.split()[:2]
    assert week in ("next", "last"), english
    target = ENGLISH_WEEKDAYS.index(name)
    today = local_now.weekday()
    step = (target - today) % 7 or 7 if week == "next" else -((today - target) % 7 or 7)
    nearest = local_now.date() + timedelta(days=step)
    monday = local_now.date() - timedelta(days=today) + timedelta(weeks=1 if week == "next" else -1)
    assert nearest != monday + timedelta(days=target), (english, local_now)


@pytest.mark.parametrize(
    ("locale", "typed", "weekday", "asks"),
    [
        ("pt-BR", "próxima sexta", 2, True),  # a Wednesday: this Friday, or next week's
        ("pt-BR", "próxima segunda", 2, False),  # the coming Monday is next week's
        ("pt-BR", "sexta passada", 5, True),  # a Saturday: yesterday, or the week before's
        ("pt-BR", "sexta passada", 2, False),
        ("es-ES", "el próximo viernes", 4, False),  # on a Friday, the coming one is next week's
        ("es-ES", "el próximo viernes", 0, True),
        ("es-ES", "el viernes pasado", 6, True),
    ],
)
def test_next_or_last_weekday_is_asked_about_only_where_it_could_name_two_days(
    locale: str, typed: str, weekday: int, asks: bool
) -> None:
    monday = datetime(2026, 11, 30, 15, tzinfo=UTC)  # a Monday
    now = monday + timedelta(days=weekday)
    read = _read(typed, ZoneInfo("Europe/Madrid"), now, Purpose.DUE, locale)
    assert (read in ASKS_WHICH_WEEK.values()) is asks, read
    if not asks:
        assert isinstance(read, datetime) and read.astimezone(ZoneInfo("Europe/Madrid")).weekday() in (0, 4)


@settings(max_examples=200, deadline=None)
@given(phrases(), NOWS, ZONES, PURPOSES)
def test_english_alone_never_reads_a_localized_phrase_as_something_else(
    phrase: tuple[str, str, str], now: datetime, zone_name: str, purpose: Purpose | None
) -> None:
    """A pt/es phrase read as English either is refused or means the same: no word slips across languages."""
    locale, typed, _ = phrase
    zone = ZoneInfo(zone_name)
    as_english = _read(typed, zone, now, purpose, None)
    if isinstance(as_english, datetime):
        assert as_english == _read(typed, zone, now, purpose, locale)


@settings(max_examples=100, deadline=None)
@given(
    LOCALES,
    st.sampled_from(
        [
            "today",
            "tomorrow",
            "in 3 days 23:30",
            "next friday 9am",
            "Dec 1 17:00",
            "2026-12-01",
            "2 days ago",
            "now",
        ]
    ),
    NOWS,
)
def test_english_keeps_working_in_every_locale(locale: str, text: str, now: datetime) -> None:
    assert _read(text, SAO_PAULO, now, Purpose.DUE, locale) == _read(text, SAO_PAULO, now, Purpose.DUE, None)


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("pt-BR", "amanhã 9:00", datetime(2026, 11, 27, 9, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "em 3 dias", datetime(2026, 11, 29, 12, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "próxima segunda", datetime(2026, 11, 30, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "1 de dezembro 17:00", datetime(2026, 12, 1, 17, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "1º de dezembro de 2027 às 17h30", datetime(2027, 12, 1, 17, 30, tzinfo=SAO_PAULO)),
        ("pt-BR", "sexta-feira", datetime(2026, 11, 27, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "Sexta Feira 17h", datetime(2026, 11, 27, 17, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "segunda", datetime(2026, 11, 30, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "SÁB.", datetime(2026, 11, 28, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "sabado", datetime(2026, 11, 28, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "há 2 dias atrás às 14:00", datetime(2026, 11, 24, 14, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "daqui a uma semana", datetime(2026, 12, 3, 12, 0, tzinfo=SAO_PAULO)),
        ("pt-BR", "dia 1 de dez.", datetime(2026, 12, 1, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "tomorrow", datetime(2026, 11, 27, 23, 59, tzinfo=SAO_PAULO)),
        ("pt-BR", "agora", NOW),
        ("es-ES", "mañana", datetime(2026, 11, 27, 23, 59, tzinfo=MADRID)),
        ("es-ES", "mañana a las 9", datetime(2026, 11, 27, 9, 0, tzinfo=MADRID)),
        ("es-ES", "en 3 días", datetime(2026, 11, 29, 16, 0, tzinfo=MADRID)),
        ("es-ES", "el próximo lunes", datetime(2026, 11, 30, 23, 59, tzinfo=MADRID)),
        ("es-ES", "el viernes pasado", datetime(2026, 11, 20, 23, 59, tzinfo=MADRID)),
        ("es-ES", "1 de diciembre", datetime(2026, 12, 1, 23, 59, tzinfo=MADRID)),
        ("es-ES", "1 de diciembre del 2027 a las 17:00", datetime(2027, 12, 1, 17, 0, tzinfo=MADRID)),
        ("es-ES", "hoy 18:00", datetime(2026, 11, 26, 18, 0, tzinfo=MADRID)),
        ("es-ES", "sábado", datetime(2026, 11, 28, 23, 59, tzinfo=MADRID)),
        ("es-ES", "martes", datetime(2026, 12, 1, 23, 59, tzinfo=MADRID)),
        ("es-ES", "1 mar", datetime(2027, 3, 1, 23, 59, tzinfo=MADRID)),
        ("es-ES", "dentro de una hora", datetime(2026, 11, 26, 17, 0, tzinfo=MADRID)),
        ("es-419", "1 sep", datetime(2027, 9, 1, 23, 59, tzinfo=MADRID)),
        ("es-419", "el lunes a la 1", datetime(2026, 11, 30, 1, 0, tzinfo=MADRID)),
    ],
)
def test_the_phrases_people_type(locale: str, text: str, expected: datetime) -> None:
    zone = SAO_PAULO if locale == "pt-BR" else MADRID
    assert (
        parse_when(text, zone, NOW, date_only_time=END_OF_DAY, purpose=Purpose.DUE, locale=locale) == expected
    )


def test_a_date_without_a_year_points_the_way_the_purpose_says_in_portuguese_too() -> None:
    def read(purpose: Purpose) -> date:
        return parse_when("15 de janeiro", SAO_PAULO, NOW, purpose=purpose, locale="pt-BR").date()

    assert read(Purpose.DUE) == date(2027, 1, 15)
    assert read(Purpose.HAPPENED) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("locale", "text", "fragment"),
    [
        ("es-ES", "la mañana", "couldn't read"),  # the morning, not tomorrow
        ("es-ES", "esta mañana", "couldn't read"),  # this morning
        ("es-ES", "pasado mañana", "couldn't read"),  # the day after tomorrow: not `last` anything
        ("es-ES", "mañana por la mañana", "couldn't read"),
        ("es-ES", "mar", "couldn't read"),  # martes or marzo
        ("es-ES", "mar 17:00", "couldn't read"),
        ("es-ES", "viernes 13", "couldn't read"),  # Friday the 13th or Friday at 13:00
        ("es-ES", "el último viernes", "couldn't read"),  # of the month, or of last week
        ("es-ES", "el próximo viernes pasado", "couldn't read"),
        ("pt-BR", "segunda semana", "couldn't read"),  # the second week, not Monday
        ("pt-BR", "segunda quinzena de dezembro", "couldn't read"),
        ("pt-BR", "sexta 13", "couldn't read"),
        ("pt-BR", "próxima sexta passada", "couldn't read"),
        ("pt-BR", "depois de amanhã", "couldn't read"),
        ("pt-BR", "em dez dias", "couldn't read"),  # `dez` is ten here, not December
        ("pt-BR", "1/12 às 17:00", "different countries"),
        ("es-ES", "01.12. a las 17:00", "different countries"),
        ("pt-BR", "1 de dezembro de 26", "four digits"),
        ("pt-BR", "31 de fevereiro", "not a real date"),
        ("es-ES", "en 2 horas a las 9", "couldn't read"),  # two different moments, as in English
        ("es-ES", "hoy 25:00", "no such time"),
        ("pt-BR", "1 de dezembro de 2101", "outside the years"),
    ],
)
def test_refusals_stay_refusals(locale: str, text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_when(text, SAO_PAULO, NOW, purpose=Purpose.DUE, locale=locale)
    assert fragment in refused.value.message


@settings(max_examples=100, deadline=None)
@given(
    LOCALES,
    st.integers(1, 31),
    st.integers(1, 12),
    st.sampled_from(["/", "-", "."]),
    st.text(" àsalh:0123", max_size=8),
)
def test_numeric_day_month_dates_stay_refused(
    locale: str, day: int, month: int, mark: str, tail: str
) -> None:
    with pytest.raises(InvalidInput):
        parse_when(f"{day}{mark}{month} {tail}", SAO_PAULO, NOW, locale=locale)
    with pytest.raises(InvalidInput):
        parse_when(f"{day}{mark}{month} {tail}", SAO_PAULO, NOW)


@given(st.text(max_size=25), LOCALES)
def test_never_crashes_on_any_text(text: str, locale: str) -> None:
    try:
        moment = parse_when(text, MADRID, NOW, locale=locale)
    except InvalidInput:
        return
    assert moment.tzinfo is UTC
