"""Amounts in the user's locale: shown as it writes them, and read back exactly when typed that way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInput
from bot.domain.money import CURRENCY_DECIMALS, MAX_MAJOR_UNITS, Money, parse_money
from bot.i18n.formatting import format_money

NBSP = "\xa0"
LOCALES = ("pt-BR", "es-ES", "de", "en-US")
# What freelancers are paid in, with 0, 2 and 3 decimals, and symbols babel shows in these locales.
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "BRL",
    "JPY",
    "KWD",
    "INR",
    "CAD",
    "AUD",
    "MXN",
    "ARS",
    "COP",
    "CLP",
    "CHF",
)


@st.composite
def amounts(draw: st.DrawFn) -> Money:
    currency = draw(st.sampled_from(CURRENCIES))
    limit = MAX_MAJOR_UNITS * 10 ** CURRENCY_DECIMALS[currency]
    return Money(draw(st.integers(min_value=1, max_value=limit)), currency)


@given(money=amounts(), locale=st.sampled_from(LOCALES), default=st.sampled_from(("USD", "EUR", "BRL")))
def test_an_amount_the_bot_shows_reads_back_exactly_in_the_same_locale(
    money: Money, locale: str, default: str
) -> None:
    assert parse_money(format_money(money, locale), default, locale) == money


@pytest.mark.parametrize(
    ("money", "locale", "shown"),
    [
        (Money(125050, "BRL"), "pt-BR", f"R${NBSP}1.250,50"),
        (Money(125050, "EUR"), "es-ES", f"1.250,50{NBSP}€"),
        (Money(125050, "EUR"), "de", f"1.250,50{NBSP}€"),
        (Money(125050, "USD"), "en-US", "$1,250.50"),
        (Money(1500000, "JPY"), "pt-BR", f"JP¥{NBSP}1.500.000"),
        (Money(1250500, "KWD"), "es-ES", f"1.250,500{NBSP}KWD"),
        (Money(-5000, "USD"), "pt-BR", f"-US${NBSP}50,00"),
    ],
)
def test_amounts_are_written_as_the_locale_writes_them(money: Money, locale: str, shown: str) -> None:
    assert format_money(money, locale) == shown


@pytest.mark.parametrize("locale", ["pt-BR", "es-ES", "de"])
@pytest.mark.parametrize(
    ("typed", "minor"),
    [
        ("1.250,50", 125050),
        ("1250,50", 125050),
        ("1,5", 150),
        ("1.250", 125000),  # a dot between thousands, as these locales write them
        ("1.250.000", 125000000),
        ("1,250.50", 125050),  # the English way, unambiguous: comma then dot
        ("1250.50", 125050),
        ("1,250,000", 125000000),
        ("0,250", 25),
    ],
)
def test_a_decimal_comma_locale_reads_its_own_separators(locale: str, typed: str, minor: int) -> None:
    assert parse_money(typed, "EUR", locale) == Money(minor, "EUR")


@pytest.mark.parametrize(
    ("locale", "typed"), [("pt-BR", "1,250"), ("es-ES", "R$ 12,500"), ("en-US", "1.250")]
)
def test_a_separator_before_three_digits_that_reads_two_ways_is_asked_about(locale: str, typed: str) -> None:
    with pytest.raises(InvalidInput, match="could mean"):
        parse_money(typed, "BRL", locale)


def test_three_decimals_are_decimals_where_the_currency_has_them() -> None:
    assert parse_money("1,250 KWD", "USD", "pt-BR") == Money(1250, "KWD")


@pytest.mark.parametrize("typed", ["1.25.0,5", "1.2,50", "12.50,5"])
def test_dots_that_do_not_group_by_three_before_a_decimal_comma_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="dots only separate thousands"):
        parse_money(typed, "EUR", "pt-BR")
