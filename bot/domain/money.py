"""Money as integer minor units plus an ISO 4217 code: parsing what users type, formatting what they read.

Nothing here ever goes through float: amounts are parsed digit by digit into integers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from bot.domain.errors import InvalidInput

# Active ISO 4217 currencies and their minor-unit exponents. Fund and metal codes without a minor unit
# (XAU, XDR, XXX...) are left out: nobody is paid for a milestone in them. Codes recently replaced (BGN)
# stay so that contracts recorded in them still load.
_CODES_BY_EXPONENT: dict[int, str] = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: (
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN "
        "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP "
        "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR "
        "JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU "
        "MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR "
        "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
        "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
    ),
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
_EXPONENTS: dict[str, int] = {
    code: exponent for exponent, codes in _CODES_BY_EXPONENT.items() for code in codes.split()
}

CURRENCY_DECIMALS: Mapping[str, int] = MappingProxyType(_EXPONENTS)

# Dollars and pesos written with a bare "$": a "$" means the user's default currency when it is one of
# these, and USD otherwise.
_DOLLAR_CODES = (
    "USD CAD AUD NZD SGD HKD TWD BSD BBD BZD BMD BND KYD FJD GYD JMD LRD NAD SBD SRD TTD XCD "
    "MXN ARS CLP COP CUP DOP UYU"
)
DOLLAR_CURRENCIES: frozenset[str] = frozenset(_DOLLAR_CODES.split())

# Largest amount anyone can track: more is certainly a typo.
MAX_MAJOR_UNITS = 1_000_000_000

# Symbols shown when formatting; every other currency is shown with its code after the number.
_DISPLAY_SYMBOLS: Mapping[str, str] = MappingProxyType(
    {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
)


@dataclass(frozen=True)
class _Symbol:
    """What a currency symbol typed by a user means."""

    preferred: str
    also: frozenset[str] = frozenset()

    def matches(self, code: str) -> bool:
        return code == self.preferred or code in self.also


_PREFIX_SYMBOLS: Mapping[str, _Symbol] = MappingProxyType(
    {
        "$": _Symbol("USD", DOLLAR_CURRENCIES),
        "US$": _Symbol("USD"),
        "C$": _Symbol("CAD"),
        "CA$": _Symbol("CAD"),
        "A$": _Symbol("AUD"),
        "AU$": _Symbol("AUD"),
        "NZ$": _Symbol("NZD"),
        "S$": _Symbol("SGD"),
        "HK$": _Symbol("HKD"),
        "€": _Symbol("EUR"),
        "£": _Symbol("GBP", frozenset({"GIP", "FKP", "SHP"})),
        "¥": _Symbol("JPY", frozenset({"CNY"})),
        "₹": _Symbol("INR"),
        "₩": _Symbol("KRW"),
        # As babel writes them for pt-BR, es-ES and de, so an amount the bot showed reads back.
        "R$": _Symbol("BRL"),
        "JP¥": _Symbol("JPY"),
        "MX$": _Symbol("MXN"),
    }
)

_CODE_EXAMPLE = "Use a three-letter ISO 4217 code such as USD, EUR or GBP."
_AMOUNT_EXAMPLE = "such as `150`, `1,250.50`, `$150` or `150 EUR`"

# sign, optional symbol or code, sign, number, optional symbol or code. Digits are ASCII only on purpose.
_MONEY_SHAPE = re.compile(
    r"(?P<sign1>[-+−]?)\s*(?P<pre>[^0-9\s.,+\-−]+)?\s*(?P<sign2>[-+−]?)\s*"
    r"(?P<number>[0-9.,]+)\s*(?P<post>[^0-9\s.,+\-−]+)?"
)
_NUMBER_SHAPE = re.compile(r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<fraction>[0-9]+))?")
_NOT_NUMBERS = frozenset({"nan", "inf", "infinity", "snan"})


def normalize_currency(text: str) -> str:
    """Turn what a user typed (` usd `) into a known code (`USD`), or say why it is not one."""
    code = text.strip().upper()
    if not code:
        raise InvalidInput(f"Please give a currency. {_CODE_EXAMPLE}")
    if code not in CURRENCY_DECIMALS:
        raise InvalidInput(f"`{_quote(text.strip())}` is not a currency code I know. {_CODE_EXAMPLE}")
    return code


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: `minor` units (cents, yen, fils...) of an ISO 4217 currency."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        # bool is an int; a float would be a bug upstream. Both are refused loudly.
        if type(self.minor) is not int:
            raise TypeError(f"Money.minor must be an int, not {type(self.minor).__name__}")
        if self.currency not in CURRENCY_DECIMALS:
            raise ValueError(f"unknown currency code {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @property
    def exponent(self) -> int:
        """How many decimals this currency has (2 for USD, 0 for JPY, 3 for KWD)."""
        return CURRENCY_DECIMALS[self.currency]

    def is_zero(self) -> bool:
        return self.minor == 0

    def is_positive(self) -> bool:
        return self.minor > 0

    def _same_currency(self, other: Money, action: str) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {action} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"cannot {action} {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other, "add")
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other, "subtract")
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other, "compare")
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same_currency(other, "compare")
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same_currency(other, "compare")
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same_currency(other, "compare")
        return self.minor >= other.minor

    def _digits(self, *, grouped: bool) -> str:
        """The absolute amount in major units: `1,250.50` (grouped) or `1250.50`."""
        whole, fraction = divmod(abs(self.minor), 10**self.exponent)
        text = f"{whole:,}" if grouped else str(whole)
        if self.exponent:
            text += "." + str(fraction).rjust(self.exponent, "0")
        return text

    def major_str(self) -> str:
        """Plain decimal for exports and files: `1250.50`, `-50.00`, `15000` (JPY)."""
        sign = "-" if self.minor < 0 else ""
        return sign + self._digits(grouped=False)

    def format(self) -> str:
        """What a user reads: `$1,250.50`, `-€50.00`, `¥15,000`, `1,250.500 KWD`."""
        sign = "-" if self.minor < 0 else ""
        symbol = _DISPLAY_SYMBOLS.get(self.currency)
        if symbol is not None:
            return f"{sign}{symbol}{self._digits(grouped=True)}"
        return f"{sign}{self._digits(grouped=True)} {self.currency}"

    def __str__(self) -> str:
        return self.format()


def parse_money(text: str, default_currency: str, locale: str | None = None) -> Money:
    """Read a positive amount a user typed, exactly.

    Accepted: `150`, `150.5`, `1,250.50`, `$150`, `€99`, `£10`, `¥500`, `150 USD`, `USD 150`, `150usd`.
    Commas only separate thousands (groups of three digits) and `.` is the only decimal point, so
    `1,23` and `1.250,50` are refused rather than guessed. A `$` means the default currency when that
    is a dollar currency (CAD, AUD...), otherwise USD. A code beats the default; a symbol and a code
    that disagree are refused. Raises InvalidInput with a short message and an example.

    `locale` is the user's Discord locale: where it writes decimals with a comma (pt-BR, es-ES, de),
    `1.250,50` is 1,250.50 and `1,5` is 1.5 (see `_read_decimal_comma`).
    """
    raw = text.strip()
    shown = _quote(raw)
    if not raw:
        raise InvalidInput(f"Please give an amount, {_AMOUNT_EXAMPLE}.")
    if len(raw) > 64:
        raise InvalidInput(f"That amount is too long to read. Give one {_AMOUNT_EXAMPLE}.")
    if raw.lower().lstrip("+-−").strip() in _NOT_NUMBERS:
        raise InvalidInput(f"`{shown}` is not an amount. Give one {_AMOUNT_EXAMPLE}.")

    shape = _MONEY_SHAPE.fullmatch(raw)
    if shape is None:
        if not re.search(r"[0-9]", raw):
            raise InvalidInput(f"I couldn't find an amount in `{shown}`. Give one {_AMOUNT_EXAMPLE}.")
        raise InvalidInput(f"I couldn't read `{shown}` as an amount. Give one {_AMOUNT_EXAMPLE}.")

    currency = _currency_of(shape["pre"], shape["post"], default_currency, shown)
    if shape["sign1"] in ("-", "−") or shape["sign2"] in ("-", "−"):
        raise InvalidInput(f"`{shown}` is negative. Amounts are always positive, such as `150`.")
    if shape["sign1"] and shape["sign2"]:
        raise InvalidInput(f"I couldn't read `{shown}` as an amount. Give one {_AMOUNT_EXAMPLE}.")
    number = shape["number"]
    if _writes_decimal_comma(locale):
        number = _read_decimal_comma(number, currency, shown)
    return _amount_of(number, currency, shown)


def _writes_decimal_comma(locale: str | None) -> bool:
    """Whether the locale (`pt-BR`, `de`) writes `1.250,50`; CLDR's data, through babel."""
    if not locale:
        return False
    try:
        return Locale.parse(locale.replace("-", "_")).number_symbols["latn"]["decimal"] == ","
    except (UnknownLocaleError, ValueError, KeyError):
        return False


_COMMA_DECIMALS = re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:\.[0-9]{3})*|[0-9]+)?,(?P<fraction>[0-9]+)")


def _read_decimal_comma(number: str, currency: str, shown: str) -> str:
    """The number as `_amount_of` reads it (`.` for decimals, `,` between thousands), typed where a comma
    marks the decimals and a dot the thousands.

    What the English way writes unambiguously stays read that way (`1,250.50`, `1250.50`, `1,250,000`).
    The locale's decimal comma before exactly three digits (`1,250`) is asked about, as `1.250` is in
    English: it is 1.25 here and 1,250 there. A currency with three decimals takes it as decimals.
    """
    if "," not in number:
        # Dots alone: thousands when they group by three (`1.250`, `1.250.000`), else a decimal point.
        return number.replace(".", "") if _DOT_THOUSANDS.fullmatch(number) else number
    if number.count(",") > 1 or number.rfind(".") > number.rfind(","):
        return number  # `1,250,000` or `1,250.50`: commas between thousands, as in English
    parts = _COMMA_DECIMALS.fullmatch(number)
    if parts is None:
        raise InvalidInput(
            f"I couldn't read `{shown}`: dots only separate thousands, in groups of three digits, and `,` "
            "marks the decimals, as in `1.250,50`."
        )
    whole, fraction = (parts["whole"] or "0").replace(".", ""), parts["fraction"]
    if (
        "." not in (parts["whole"] or "")
        and re.fullmatch(r"[1-9][0-9]{0,2}", whole)
        and len(fraction) == 3
        and CURRENCY_DECIMALS[currency] < 3
    ):
        raise InvalidInput(
            f"`{shown}` could mean {whole}{fraction} (thousands written with a comma) or {whole},"
            f"{fraction.rstrip('0') or '0'}. Write `{whole}{fraction}` or `{whole}.{fraction}` for the first, "
            f"`{whole},{fraction.rstrip('0') or '0'}` for the second."
        )
    return f"{whole}.{fraction}"


def _currency_of(pre: str | None, post: str | None, default_currency: str, shown: str) -> str:
    """Which currency the symbols and codes around the number mean."""
    codes: list[str] = []
    symbols: list[_Symbol] = []
    for mark in (pre, post):
        if mark is None:
            continue
        if mark in _PREFIX_SYMBOLS or mark.upper() in _PREFIX_SYMBOLS:
            symbols.append(_PREFIX_SYMBOLS.get(mark) or _PREFIX_SYMBOLS[mark.upper()])
        elif re.fullmatch(r"[A-Za-z]{3}", mark):
            codes.append(normalize_currency(mark))
        else:
            raise InvalidInput(
                f"I couldn't read `{shown}` as an amount: `{_quote(mark)}` is neither a currency code "
                f"nor a symbol I know. Give one {_AMOUNT_EXAMPLE}."
            )
    if len(codes) == 2 and codes[0] != codes[1]:
        raise InvalidInput(f"`{shown}` names two currencies ({codes[0]} and {codes[1]}). Give just one.")
    if len(symbols) == 2 and symbols[0] != symbols[1]:
        raise InvalidInput(f"`{shown}` has two different currency symbols. Give just one.")
    if codes:
        code = codes[0]
        if symbols and not symbols[0].matches(code):
            raise InvalidInput(
                f"In `{shown}` the symbol means {symbols[0].preferred} but the code says {code}. "
                f"Give just one, such as `150 {code}`."
            )
        return code
    default = normalize_currency(default_currency)
    if symbols:
        symbol = symbols[0]
        # A symbol shared by several currencies ("$", "¥") means the user's own one when it fits.
        return default if symbol.matches(default) else symbol.preferred
    return default


_DOT_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def _amount_of(number: str, currency: str, shown: str) -> Money:
    """Exact minor units of the digits in `number`, checked against the currency's decimals.

    Dots between groups of three digits are how much of the world writes thousands: `1.250` is 1,250
    in Germany and Brazil and 1.25 in the US. Rather than guess (and be 1,000 times wrong), such an
    amount is asked about, unless the currency has three decimals (`1.250 KWD` is a dinar and a quarter).
    """
    if _DOT_THOUSANDS.fullmatch(number) and (number.count(".") > 1 or CURRENCY_DECIMALS[currency] < 3):
        whole = number.replace(".", "")
        if number.count(".") > 1:
            raise InvalidInput(
                f"`{shown}` looks like thousands written with dots. Write it as `{int(whole):,}` or `{whole}`."
            )
        raise InvalidInput(
            f"`{shown}` could mean {int(whole):,} (thousands written with a dot) or {number.rstrip('0') or '0'}. "
            f"Write `{int(whole):,}` or `{whole}` for the first, `{number.rstrip('0')}` for the second."
        )
    if number.count(".") > 1:
        raise InvalidInput(f"`{shown}` has more than one decimal point. Write it like `1,250.50`.")
    parts = _NUMBER_SHAPE.fullmatch(number)
    if parts is None or (parts["whole"] is None and parts["fraction"] is None):
        if "," in number:
            raise InvalidInput(
                f"I couldn't read `{shown}`: commas only separate thousands, in groups of three "
                "digits, and `.` marks the decimals, as in `1,250.50`."
            )
        raise InvalidInput(f"I couldn't read `{shown}` as an amount. Give one {_AMOUNT_EXAMPLE}.")
    whole_digits = (parts["whole"] or "0").replace(",", "")
    fraction = parts["fraction"] or ""
    exponent = CURRENCY_DECIMALS[currency]
    limit = Money(MAX_MAJOR_UNITS * 10**exponent, currency)
    if len(whole_digits.lstrip("0")) > len(str(MAX_MAJOR_UNITS)):
        raise InvalidInput(f"`{shown}` is more than I can track: {limit.format()} at most.")
    if len(fraction) > exponent and fraction[exponent:].strip("0"):
        raise InvalidInput(_too_many_decimals(whole_digits, fraction, currency, shown))
    fraction = fraction[:exponent]  # `1.2500` is exactly 1.25: trailing zeros change nothing
    minor = int(whole_digits) * 10**exponent + int(fraction.ljust(exponent, "0") or "0")
    if minor == 0:
        raise InvalidInput(f"`{shown}` is zero. An amount must be more than zero, such as `150`.")
    if minor > limit.minor:
        raise InvalidInput(f"`{shown}` is more than I can track: {limit.format()} at most.")
    return Money(minor, currency)


def _too_many_decimals(whole_digits: str, fraction: str, currency: str, shown: str) -> str:
    """Say the currency's precision and offer the two nearest amounts that fit it."""
    exponent = CURRENCY_DECIMALS[currency]
    scaled = int(whole_digits + fraction)
    step = 10 ** (len(fraction) - exponent)
    below = Money(scaled // step, currency)
    above = Money(below.minor + 1, currency)
    options = [m.major_str() for m in (below, above) if m.minor > 0]
    tries = " or ".join(f"`{option}`" for option in options)
    return f"`{shown}` has more decimals than {currency} allows ({exponent}). Try {tries}."


def _quote(text: str) -> str:
    """User text made safe to show inside an inline code span."""
    return text.replace("`", "'")[:40]
