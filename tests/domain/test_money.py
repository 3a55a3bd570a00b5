"""Money: exact parsing of what users type, formatting, arithmetic within one currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInput
from bot.domain.money import (
    CURRENCY_DECIMALS,
    MAX_MAJOR_UNITS,
    Money,
    normalize_currency,
    parse_money,
)


@pytest.mark.parametrize(
    ("code", "exponent"),
    [
        *[("USD", 2), ("EUR", 2), ("GBP", 2), ("INR", 2), ("XCG", 2)],
        *[("JPY", 0), ("KRW", 0), ("CLP", 0), ("VND", 0)],
        *[("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("IQD", 3), ("LYD", 3)],
        *[("CLF", 4), ("UYW", 4)],
    ],
)
def test_currency_exponents(code: str, exponent: int) -> None:
    assert CURRENCY_DECIMALS[code] == exponent


def test_currency_table_is_iso_shaped() -> None:
    assert len(CURRENCY_DECIMALS) > 150
    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in CURRENCY_DECIMALS)
    assert set(CURRENCY_DECIMALS.values()) == {0, 2, 3, 4}
    assert "XAU" not in CURRENCY_DECIMALS  # gold has no minor unit and pays no freelancer


@pytest.mark.parametrize(("text", "code"), [(" usd ", "USD"), ("Eur", "EUR"), ("JPY", "JPY")])
def test_normalize_currency(text: str, code: str) -> None:
    assert normalize_currency(text) == code


@pytest.mark.parametrize("text", ["XYZ", "dollars", "US", "", "   ", "€"])
def test_normalize_currency_rejects_unknown(text: str) -> None:
    with pytest.raises(InvalidInput, match="currency"):
        normalize_currency(text)


def test_unknown_currency_message_names_it_and_examples() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_currency("xyz")
    assert caught.value.message == (
        "`xyz` is not a currency code I know. Use a three-letter ISO 4217 code such as USD, EUR or GBP."
    )


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("150", "USD", Money(15000, "USD")),
        ("150.5", "USD", Money(15050, "USD")),
        ("150.50", "EUR", Money(15050, "EUR")),
        (".5", "USD", Money(50, "USD")),
        ("0.01", "USD", Money(1, "USD")),
        ("1,250.50", "USD", Money(125050, "USD")),
        ("1,000,000", "USD", Money(100000000, "USD")),
        ("  42  ", "GBP", Money(4200, "GBP")),
        ("+42", "GBP", Money(4200, "GBP")),
        ("$150", "USD", Money(15000, "USD")),
        ("$ 150", "USD", Money(15000, "USD")),
        ("$150", "CAD", Money(15000, "CAD")),  # a "$" follows the user's own dollar
        ("$150", "EUR", Money(15000, "USD")),  # ...or means USD
        ("€99", "USD", Money(9900, "EUR")),
        ("99€", "USD", Money(9900, "EUR")),
        ("£10", "USD", Money(1000, "GBP")),
        ("¥500", "USD", Money(500, "JPY")),
        ("₹1,200", "USD", Money(120000, "INR")),
        ("150 USD", "EUR", Money(15000, "USD")),
        ("USD 150", "EUR", Money(15000, "USD")),
        ("150usd", "EUR", Money(15000, "USD")),
        ("150 jpy", "USD", Money(150, "JPY")),
        ("1,250.500 KWD", "USD", Money(1250500, "KWD")),
        ("$150 USD", "EUR", Money(15000, "USD")),
        ("$150 CAD", "USD", Money(15000, "CAD")),
        ("US$5", "CAD", Money(500, "USD")),
        ("C$5", "USD", Money(500, "CAD")),
        ("1000000000", "USD", Money(MAX_MAJOR_UNITS * 100, "USD")),
    ],
)
def test_parse_money_accepts(text: str, default: str, expected: Money) -> None:
    assert parse_money(text, default) == expected


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("1.250 KWD", "USD", Money(1250, "KWD")),  # three decimals: a dinar and a quarter, no doubt
        ("0.500", "EUR", Money(50, "EUR")),  # nobody writes five hundred as 0.500
        ("1.2500", "EUR", Money(125, "EUR")),  # trailing zeros change nothing
        ("1.50000 KWD", "USD", Money(1500, "KWD")),
    ],
)
def test_exact_amounts_that_only_look_odd_are_accepted(text: str, default: str, expected: Money) -> None:
    assert parse_money(text, default) == expected


@pytest.mark.parametrize(
    ("text", "default", "fragment"),
    [
        ("", "USD", "Please give an amount"),
        ("   ", "USD", "Please give an amount"),
        ("abc", "USD", "couldn't find an amount"),
        ("12.3.4", "USD", "more than one decimal point"),
        ("1,23", "USD", "commas only separate thousands"),
        ("1.250,50", "USD", "commas only separate thousands"),
        ("12,34,567", "USD", "commas only separate thousands"),
        ("150.", "USD", "couldn't read"),
        ("1e5", "USD", "couldn't read"),
        ("0", "USD", "is zero"),
        ("0.00", "USD", "is zero"),
        ("$0", "USD", "is zero"),
        ("-5", "USD", "negative"),
        ("-$50", "USD", "negative"),
        ("$-50", "USD", "negative"),
        ("−5", "USD", "negative"),  # a typographic minus
        ("10.5 JPY", "USD", "more decimals than JPY allows (0). Try `10` or `11`."),
        # A dot before three digits is how much of the world writes thousands: asked about, never guessed.
        ("1.234 USD", "USD", "could mean 1,234 (thousands written with a dot) or 1.234"),
        ("1.250", "EUR", "Write `1,250` or `1250` for the first, `1.25` for the second."),
        ("1.250.000", "EUR", "Write it as `1,250,000` or `1250000`."),
        ("1.2345", "USD", "more decimals than USD allows (2). Try `1.23` or `1.24`."),
        ("0.001", "USD", "Try `0.01`."),
        ("1.50001 KWD", "USD", "more decimals than KWD allows (3)"),
        ("1000000000.01", "USD", "more than I can track"),
        ("1000000001", "USD", "more than I can track"),
        ("9" * 60, "USD", "more than I can track"),
        ("9" * 70, "USD", "too long"),
        ("nan", "USD", "not an amount"),
        ("NaN", "USD", "not an amount"),
        ("inf", "USD", "not an amount"),
        ("-Infinity", "USD", "not an amount"),
        ("150 XYZ", "USD", "`XYZ` is not a currency code I know"),
        ("€150 USD", "USD", "the symbol means EUR but the code says USD"),
        ("150 USD EUR", "USD", "couldn't read"),
        ("USD 150 EUR", "USD", "two currencies"),
        ("$150€", "USD", "two different currency symbols"),
        ("150 dollars", "USD", "neither a currency code nor a symbol"),
        ("١٥٠", "USD", "couldn't find an amount"),  # non-ASCII digits are not read as numbers
    ],
)
def test_parse_money_rejects(text: str, default: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money(text, default)
    assert fragment in caught.value.message
    assert len(caught.value.message) < 220  # short enough for an ephemeral reply


def test_jpy_decimals_message_is_exact() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_money("10.5", "JPY")
    assert caught.value.message == "`10.5` has more decimals than JPY allows (0). Try `10` or `11`."


def test_parse_money_unknown_default_currency_is_reported() -> None:
    with pytest.raises(InvalidInput, match="not a currency code"):
        parse_money("150", "XYZ")


@pytest.mark.parametrize(
    ("money", "shown"),
    [
        (Money(125050, "USD"), "$1,250.50"),
        (Money(125050, "EUR"), "€1,250.50"),
        (Money(99, "GBP"), "£0.99"),
        (Money(15000, "JPY"), "¥15,000"),
        (Money(1250500, "KWD"), "1,250.500 KWD"),
        (Money(125050, "CAD"), "1,250.50 CAD"),
        (Money(-5000, "USD"), "-$50.00"),
        (Money(-1, "KWD"), "-0.001 KWD"),
        (Money(0, "USD"), "$0.00"),
        (Money(123456789, "CLF"), "12,345.6789 CLF"),
    ],
)
def test_format(money: Money, shown: str) -> None:
    assert money.format() == shown
    assert str(money) == shown


@pytest.mark.parametrize(
    ("money", "plain"),
    [
        (Money(125050, "USD"), "1250.50"),
        (Money(5, "USD"), "0.05"),
        (Money(-5000, "USD"), "-50.00"),
        (Money(15000, "JPY"), "15000"),
        (Money(1, "BHD"), "0.001"),
    ],
)
def test_major_str(money: Money, plain: str) -> None:
    assert money.major_str() == plain


def test_arithmetic_and_comparison_within_a_currency() -> None:
    a, b = Money(5000, "USD"), Money(2500, "USD")
    assert a + b == Money(7500, "USD")
    assert a - b == Money(2500, "USD")
    assert b - a == Money(-2500, "USD")
    assert -a == Money(-5000, "USD")
    assert abs(Money(-5, "USD")) == Money(5, "USD")
    assert b < a <= a and a > b >= b
    assert Money.zero("JPY") == Money(0, "JPY")
    assert Money.zero("USD").is_zero() and not a.is_zero()
    assert a.is_positive() and not (-a).is_positive()


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_mixing_currencies_is_refused(operation: object) -> None:
    assert callable(operation)
    with pytest.raises(ValueError, match="USD and EUR"):
        operation(Money(100, "USD"), Money(100, "EUR"))


def test_money_refuses_float_and_unknown_currency() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True, "USD")
    with pytest.raises(ValueError, match="unknown currency"):
        Money(100, "usd")
    assert Money(100, "USD") != Money(100, "EUR")


# --- properties -------------------------------------------------------------------------------------

currencies = st.sampled_from(sorted(CURRENCY_DECIMALS))


@st.composite
def positive_money(draw: st.DrawFn) -> Money:
    currency = draw(currencies)
    limit = MAX_MAJOR_UNITS * 10 ** CURRENCY_DECIMALS[currency]
    return Money(draw(st.integers(min_value=1, max_value=limit)), currency)


@given(positive_money())
def test_format_then_parse_gives_the_same_money(money: Money) -> None:
    assert parse_money(money.format(), money.currency) == money
    assert parse_money(f"{money.major_str()} {money.currency}", "USD") == money


@given(st.sampled_from([0, 2, 3, 4]), st.data())
def test_format_then_parse_for_every_exponent(exponent: int, data: st.DataObject) -> None:
    currency = data.draw(st.sampled_from(sorted(c for c, e in CURRENCY_DECIMALS.items() if e == exponent)))
    minor = data.draw(st.integers(min_value=1, max_value=MAX_MAJOR_UNITS * 10**exponent))
    money = Money(minor, currency)
    assert parse_money(money.format(), currency) == money


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=10))
def test_parsed_cents_add_up_exactly(cents: list[int]) -> None:
    """The `0.1 + 0.2` trap: parsed amounts are integers, so sums are exact."""
    parsed = [parse_money(f"{c // 100}.{c % 100:02d}", "USD") for c in cents]
    assert sum(parsed, Money.zero("USD")) == Money(sum(cents), "USD")


def test_tenths_add_to_exactly_three_tenths() -> None:
    assert parse_money("0.1", "USD") + parse_money("0.2", "USD") == parse_money("0.3", "USD")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(MAX_MAJOR_UNITS), places=2))
def test_parse_matches_decimal_arithmetic(amount: Decimal) -> None:
    money = parse_money(f"{amount:,.2f}", "USD")
    assert money.minor == int(amount * 100)
    assert Decimal(money.major_str()) == amount


@given(st.text(max_size=30))
def test_parse_money_never_crashes_on_any_text(text: str) -> None:
    try:
        money = parse_money(text, "USD")
    except InvalidInput:
        return
    assert money.minor > 0
