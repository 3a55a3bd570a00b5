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
from bot.i18n.speaking import N_

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

# Refusals said in more than one place; each is a whole sentence, so a translation can adapt its examples.
_UNREADABLE = N_(
    "I couldn't read `{amount}` as an amount. Give one such as `150`, `1,250.50`, `$150` or `150 EUR`."
)
_TOO_BIG = N_("`{amount}` is more than I can track: {limit} at most.")

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
        raise InvalidInput(
            N_("Please give a currency. Use a three-letter ISO 4217 code such as USD, EUR or GBP.")
        )
    if code not in CURRENCY_DECIMALS:
        raise InvalidInput(
            N_(
                "`{currency}` is not a currency code I know. "
                "Use a three-letter ISO 4217 code such as USD, EUR or GBP."
            ),
            currency=_quote(text.strip()),
        )
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
        raise InvalidInput(N_("Please give an amount, such as `150`, `1,250.50`, `$150` or `150 EUR`."))
    if len(raw) > 64:
        raise InvalidInput(
            N_("That amount is too long to read. Give one such as `150`, `1,250.50`, `$150` or `150 EUR`.")
        )
    if raw.lower().lstrip("+-−").strip() in _NOT_NUMBERS:
        raise InvalidInput(
            N_("`{amount}` is not an amount. Give one such as `150`, `1,250.50`, `$150` or `150 EUR`."),
            amount=shown,
        )

    shape = _MONEY_SHAPE.fullmatch(raw)
    if shape is None:
        if not re.search(r"[0-9]", raw):
            raise InvalidInput(
                N_(
                    "I couldn't find an amount in `{amount}`. "
                    "Give one such as `150`, `1,250.50`, `$150` or `150 EUR`."
                ),
                amount=shown,
            )
        raise InvalidInput(_UNREADABLE, amount=shown)

    currency = _currency_of(shape["pre"], shape["post"], default_currency, shown)
    if shape["sign1"] in ("-", "−") or shape["sign2"] in ("-", "−"):
        raise InvalidInput(
            N_("`{amount}` is negative. Amounts are always positive, such as `150`."), amount=shown
        )
    if shape["sign1"] and shape["sign2"]:
        raise InvalidInput(_UNREADABLE, amount=shown)
    number = shape["number"]
    comma = writes_decimal_comma(locale)
    if comma:
        number = _read_decimal_comma(number, currency, shown)
    return _amount_of(number, currency, shown, comma=comma)


def writes_decimal_comma(locale: str | None) -> bool:
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
    english = number.count(",") > 1 or number.rfind(".") > number.rfind(",")
    if english and _NUMBER_SHAPE.fullmatch(number):
        return number  # `1,250,000` or `1,250.50`: commas between thousands, as in English
    parts = None if english else _COMMA_DECIMALS.fullmatch(number)
    if parts is None:
        # Neither way reads it (`1,2,3`): say how this locale writes amounts, not how English does.
        raise InvalidInput(
            N_(
                "I couldn't read `{amount}`: dots only separate thousands, in groups of three digits, and `,` "
                "marks the decimals, as in `1.250,50`."
            ),
            amount=shown,
        )
    whole, fraction = (parts["whole"] or "0").replace(".", ""), parts["fraction"]
    if (
        "." not in (parts["whole"] or "")
        and re.fullmatch(r"[1-9][0-9]{0,2}", whole)
        and len(fraction) == 3
        and CURRENCY_DECIMALS[currency] < 3
    ):
        # The readings offered are rewrites of what was typed, shown as code: the reader types one back.
        raise InvalidInput(
            N_(
                "`{amount}` could mean {thousands} (thousands written with a comma) or {decimal}. "
                "Write `{thousands}` or `{dotted}` for the first, `{decimal}` for the second."
            ),
            amount=shown,
            thousands=f"{whole}{fraction}",
            dotted=f"{whole}.{fraction}",
            decimal=f"{whole},{fraction.rstrip('0') or '0'}",
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
                N_(
                    "I couldn't read `{amount}` as an amount: `{mark}` is neither a currency code nor a symbol "
                    "I know. Give one such as `150`, `1,250.50`, `$150` or `150 EUR`."
                ),
                amount=shown,
                mark=_quote(mark),
            )
    if len(codes) == 2 and codes[0] != codes[1]:
        raise InvalidInput(
            N_("`{amount}` names two currencies ({first} and {second}). Give just one."),
            amount=shown,
            first=codes[0],
            second=codes[1],
        )
    if len(symbols) == 2 and symbols[0] != symbols[1]:
        raise InvalidInput(N_("`{amount}` has two different currency symbols. Give just one."), amount=shown)
    if codes:
        code = codes[0]
        if symbols and not symbols[0].matches(code):
            raise InvalidInput(
                N_(
                    "In `{amount}` the symbol means {symbol_currency} but the code says {code}. "
                    "Give just one, such as `150 {code}`."
                ),
                amount=shown,
                symbol_currency=symbols[0].preferred,
                code=code,
            )
        return code
    default = normalize_currency(default_currency)
    if symbols:
        symbol = symbols[0]
        # A symbol shared by several currencies ("$", "¥") means the user's own one when it fits.
        return default if symbol.matches(default) else symbol.preferred
    return default


_DOT_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def _amount_of(number: str, currency: str, shown: str, *, comma: bool = False) -> Money:
    """Exact minor units of the digits in `number`, checked against the currency's decimals.

    Dots between groups of three digits are how much of the world writes thousands: `1.250` is 1,250
    in Germany and Brazil and 1.25 in the US. Rather than guess (and be 1,000 times wrong), such an
    amount is asked about, unless the currency has three decimals (`1.250 KWD` is a dinar and a quarter).
    `comma`: the user's locale writes decimals with a comma, so amounts suggested back are written so too.
    """
    if _DOT_THOUSANDS.fullmatch(number) and (number.count(".") > 1 or CURRENCY_DECIMALS[currency] < 3):
        whole = number.replace(".", "")
        if number.count(".") > 1:
            raise InvalidInput(
                N_(
                    "`{amount}` looks like thousands written with dots. Write it as `{grouped}` or `{plain}`."
                ),
                amount=shown,
                grouped=f"{int(whole):,}",
                plain=whole,
            )
        # The readings offered are rewrites of what was typed, shown as code: the reader types one back.
        raise InvalidInput(
            N_(
                "`{amount}` could mean {grouped} (thousands written with a dot) or {decimal}. "
                "Write `{grouped}` or `{plain}` for the first, `{decimal}` for the second."
            ),
            amount=shown,
            grouped=f"{int(whole):,}",
            plain=whole,
            decimal=number.rstrip("0"),
        )
    if number.count(".") > 1:
        raise InvalidInput(
            N_("`{amount}` has more than one decimal point. Write it like `1,250.50`."), amount=shown
        )
    parts = _NUMBER_SHAPE.fullmatch(number)
    if parts is None or (parts["whole"] is None and parts["fraction"] is None):
        if "," in number:
            raise InvalidInput(
                N_(
                    "I couldn't read `{amount}`: commas only separate thousands, in groups of three "
                    "digits, and `.` marks the decimals, as in `1,250.50`."
                ),
                amount=shown,
            )
        raise InvalidInput(_UNREADABLE, amount=shown)
    whole_digits = (parts["whole"] or "0").replace(",", "")
    fraction = parts["fraction"] or ""
    exponent = CURRENCY_DECIMALS[currency]
    limit = Money(MAX_MAJOR_UNITS * 10**exponent, currency)
    if len(whole_digits.lstrip("0")) > len(str(MAX_MAJOR_UNITS)):
        raise InvalidInput(_TOO_BIG, amount=shown, limit=limit)
    if len(fraction) > exponent and fraction[exponent:].strip("0"):
        raise _too_many_decimals(whole_digits, fraction, currency, shown, comma=comma)
    fraction = fraction[:exponent]  # `1.2500` is exactly 1.25: trailing zeros change nothing
    minor = int(whole_digits) * 10**exponent + int(fraction.ljust(exponent, "0") or "0")
    if minor == 0:
        raise InvalidInput(
            N_("`{amount}` is zero. An amount must be more than zero, such as `150`."), amount=shown
        )
    if minor > limit.minor:
        raise InvalidInput(_TOO_BIG, amount=shown, limit=limit)
    return Money(minor, currency)


def _too_many_decimals(
    whole_digits: str, fraction: str, currency: str, shown: str, *, comma: bool
) -> InvalidInput:
    """Say the currency's precision and offer the two nearest amounts that fit it, written the way the
    user writes decimals (`1,23` where the locale's decimal mark is a comma)."""
    exponent = CURRENCY_DECIMALS[currency]
    scaled = int(whole_digits + fraction)
    step = 10 ** (len(fraction) - exponent)
    below = Money(scaled // step, currency)
    above = Money(below.minor + 1, currency)
    options = [
        m.major_str().replace(".", ",") if comma else m.major_str() for m in (below, above) if m.minor > 0
    ]
    if len(options) == 1:
        return InvalidInput(
            N_("`{amount}` has more decimals than {currency} allows ({decimals}). Try `{option}`."),
            amount=shown,
            currency=currency,
            decimals=exponent,
            option=options[0],
        )
    return InvalidInput(
        N_("`{amount}` has more decimals than {currency} allows ({decimals}). Try `{below}` or `{above}`."),
        amount=shown,
        currency=currency,
        decimals=exponent,
        below=options[0],
        above=options[1],
    )


def _quote(text: str) -> str:
    """User text made safe to show inside an inline code span."""
    return text.replace("`", "'")[:40]
