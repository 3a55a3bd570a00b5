"""Money and dates as a locale writes them, for display only: `R$ 1.250,50`, `1.250,50 €`, `quinta-feira`.

Amounts are exact: the number babel formats is the Decimal of the integer minor units, shown with the
currency's ISO 4217 decimals (CLDR's own "cash" digits differ for a few currencies, such as HUF).
English keeps `Money.format()`, the form the bot has always shown.
"""

from __future__ import annotations

from copy import copy
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, format_timedelta
from babel.lists import format_list

from bot.domain.money import Money
from bot.i18n.locales import ENGLISH, babel_name


def _babel_locale(locale: str) -> Locale | None:
    """Babel's locale for a Discord locale; None for English or one babel does not know."""
    if locale == ENGLISH:
        return None
    try:
        return Locale.parse(babel_name(locale))
    except (UnknownLocaleError, ValueError):
        return None


# babel's pattern takes about 50 µs an amount, and a /summary shows hundreds; a user's screens show the same
# amounts again and again, so each is worded once (a few MB at most).
@lru_cache(maxsize=16_384)
def format_money(money: Money, locale: str) -> str:
    """The amount as the locale writes it, with exactly the currency's decimals."""
    found = _babel_locale(locale)
    if found is None:
        return money.format()
    pattern = copy(found.currency_formats["standard"])
    pattern.frac_prec = (money.exponent, money.exponent)
    value = Decimal(money.minor).scaleb(-money.exponent)
    return pattern.apply(value, found, currency=money.currency, currency_digits=False)


def format_alternatives(items: list[str], locale: str) -> str:
    """`a, b or c` as the locale lists alternatives (`a, b ou c`, `a, b o c`)."""
    found = _babel_locale(locale) or Locale.parse("en_US")
    return format_list(items, style="or", locale=found)


def format_moment(at: datetime, style: str, locale: str) -> str:
    """A moment in one of Discord's timestamp styles (t T d D f F), in the locale's words and order."""
    found = _babel_locale(locale) or Locale.parse("en_US")
    if style == "t":
        return format_time(at, "short", tzinfo=at.tzinfo, locale=found)
    if style == "T":
        return format_time(at, "medium", tzinfo=at.tzinfo, locale=found)
    if style == "d":
        return format_date(at, "short", locale=found)
    if style == "D":
        return format_date(at, "long", locale=found)
    date_style = "full" if style == "F" else "long"
    day = format_date(at, date_style, locale=found)
    return f"{day} {format_time(at, 'short', tzinfo=at.tzinfo, locale=found)}"


def format_relative(at: datetime, now: datetime, locale: str) -> str:
    """`em 3 dias`, `hace 2 horas`: how far a moment is, as Discord's relative timestamps say it."""
    found = _babel_locale(locale) or Locale.parse("en_US")
    return format_timedelta(at - now, add_direction=True, threshold=0.9, locale=found)
