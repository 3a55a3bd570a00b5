"""Reading a milestone out of a chat message (the **Track as milestone** menu): a title, an amount and a
due date found in what the client wrote, to prefill a form that the freelancer checks before anything is
saved.

Nothing is guessed silently: what can't be decided is left empty, and `notes` say why as facts (a kind
and its values) that the cog words for the reader.
- An **amount** counts only with a currency (`$150`, `150 EUR`, `USD 300`, `€99`, `$2k`, `150 dollars`)
  and is read exactly by `parse_money`, the way the reader's locale writes numbers (in pt-BR, es-ES and
  de, `R$ 1.250,50` is 1,250.50 and `1,5k` is 1,500), as `/milestone add` reads them. When the message holds several different amounts, none is taken,
  unless exactly one is called the milestone's (`the milestone is $150`, `a $150 milestone`) or, failing
  that, exactly one is a price (`for $150`, `budget: $150`, `price $150`).
- A **due date** is a phrase `parse_when` reads (`by Friday`, `Dec 12 17:00`, `tomorrow`, `in 3 days`,
  `2026-12-01`), read as a due date from when the message was written, or a Discord timestamp, which
  is exact. A day without a time is due at its end; `before Dec 1` means by the end of Nov 30; a month
  and day without a year is the next one, unless it passed less than half a year ago. A date already
  past is dropped. Of several different dates ahead, the only one
  after `by`, `due`, `before`, `until` or `deadline` is taken, else none. Day/month numbers (`12/01`) are
  read only after such a word, and then refused as ambiguous, as everywhere in the bot.
- The **title** is the first sentence that still says something once greetings, requests ("could you
  please"), the amounts and the dates are taken out; cut on a word boundary to MAX_TITLE.
Discord markup is read as a person reads it: mentions, custom emoji, links and code blocks are not the
deliverable, crossed-out text is not meant, and a timestamp `<t:…>` is a date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.domain.dates import END_OF_DAY, MAX_YEAR, MIN_YEAR, Purpose, as_utc, local_to_utc, parse_when
from bot.domain.errors import InvalidInput
from bot.domain.money import CURRENCY_DECIMALS, Money, parse_money, writes_decimal_comma
from bot.domain.text import MAX_TITLE
from bot.i18n.speaking import N_
from bot.i18n.speaking import _ as in_language

# The title when the message names nothing: written in the reader's language, as the rest of the form.
DEFAULT_TITLE = N_("New milestone")
# A month and day without a year that passed less than this long ago means that day, not next year's.
RECENT_PAST = timedelta(days=183)
# Currency codes also taken in lower case; any other code must be written in capitals ("ALL 3 files").
_LOWER_CASE_CODES = frozenset({"USD", "EUR", "GBP", "CAD", "AUD", "INR", "NZD", "CHF"})
# Codes that are also words written in capitals ("ALL 3 files", "TOP 5 ideas"): not money before a number.
_WORD_CODES = frozenset({"ALL", "TOP", "CUP", "SOS", "TRY", "MAD", "BOB", "GEL", "MOP"})
_SHOWN = 40  # characters of the message kept in a note
_T = TypeVar("_T")


class NoteKind(Enum):
    """What the form should tell the freelancer about the reading; the values are listed per kind."""

    SEVERAL_AMOUNTS = "several_amounts"  # each different amount found (Money), in the message's order
    AMOUNT_NOT_READ = "amount_not_read"  # the text that looked like an amount but is not one
    SEVERAL_DATES = "several_dates"  # each different moment ahead (datetime, UTC), in order
    DATE_IN_PAST = "date_in_past"  # each moment found that has passed (datetime, UTC)
    DATE_NOT_READ = "date_not_read"  # the phrase that looked like a date but is not one
    TITLE_SHORTENED = "title_shortened"  # no values: the sentence was longer than MAX_TITLE
    NO_TITLE = "no_title"  # no values: nothing to name it after, the title is DEFAULT_TITLE


NoteValue = Money | datetime | str


@dataclass(frozen=True, slots=True)
class Note:
    kind: NoteKind
    values: tuple[NoteValue, ...] = ()


@dataclass(frozen=True, slots=True)
class CapturedMilestone:
    """What the form is prefilled with: `title` is never empty, `amount` and `due_at` may be."""

    title: str
    amount: Money | None
    due_at: datetime | None
    notes: tuple[Note, ...] = ()


def read_milestone(
    text: str,
    *,
    zone: ZoneInfo,
    now: datetime,
    default_currency: str,
    written_at: datetime | None = None,
    locale: str | None = None,
) -> CapturedMilestone:
    """The milestone a message describes, as far as it says; never raises on any text.

    `written_at` is when the message was sent (default `now`): "tomorrow" in a message of last week meant
    a day of last week. Whether a date has passed is judged at `now`. `locale` is the reader's Discord
    locale: amounts are read as it writes them (see `parse_money`).
    """
    now = as_utc(now)
    plain = _plain(text)
    amounts = _find_amounts(plain, default_currency, locale)
    dates = _find_dates(plain, zone, as_utc(written_at) if written_at else now)
    amount, amount_notes = _choose_amount(amounts)
    due_at, date_notes = _choose_date(dates, now)
    spans = [(a.start, a.end) for a in amounts] + [(d.start, d.end) for d in dates]
    title, title_notes = _title(_without(plain, spans))
    return CapturedMilestone(title, amount, due_at, (*amount_notes, *date_notes, *title_notes))


# -- Discord markup --------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`([^`\n]*)`")
_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?https?://[^)\s]*>?\s*\)")
_LINK = re.compile(r"<?https?://[^\s>]*>?")
_MENTION = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|/[^<>:\n]+:\d+)>|@everyone|@here")
_STRUCK = re.compile(r"~~.*?~~", re.S)
_EMPHASIS = re.compile(r"\*\*|__|\|\||(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_ESCAPE = re.compile(r"\\([*_~`|>#\-\\\[\]()])")
_LINE_MARK = re.compile(
    r"^[ \t]*(?:#{1,3}[ \t]+|-#[ \t]+|>>>[ \t]?|>[ \t]|[-*•][ \t]+|\d{1,2}[.)][ \t]+)", re.M
)


def _plain(text: str) -> str:
    """The message as a person reads it; timestamps stay, for the dates, and each line stays a line."""
    text = _CONTROL.sub(" ", text)
    text = _CODE_BLOCK.sub("\n", text)  # code and logs, not what the client asks for
    text = _INLINE_CODE.sub(r"\1", text)
    text = _MASKED_LINK.sub(r"\1", text)
    text = _LINK.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _STRUCK.sub(" ", text)  # crossed out: no longer meant
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text)


# -- amounts ---------------------------------------------------------------------------------------------

_SYMBOL = r"US\$|CA?\$|AU?\$|NZ\$|S\$|HK\$|R\$|\$|€|£|¥|₹|₩"
_NUMBER = r"\d(?:[\d.,]*\d)?"
_AMOUNT = re.compile(
    rf"(?<![\w$€£¥₹₩.,])(?:"
    rf"(?P<symbol>{_SYMBOL})\s?(?P<n1>{_NUMBER})(?P<k1>[kK](?!\w))?(?:\s?(?P<code1>[A-Za-z]{{3}})(?!\w))?"
    rf"(?![\w])"
    rf"|(?P<code2>[A-Z]{{3}})\s?(?P<n2>{_NUMBER})(?P<k2>[kK](?!\w))?(?![\w])"
    rf"|(?P<n3>{_NUMBER})(?P<k3>[kK])?\s?"
    rf"(?:(?P<code3>[A-Za-z]{{3}})|(?P<symbol3>[€£¥₹₩$])|(?P<word>dollars?|bucks|euros?))(?!\w)"
    rf")"
)
_FILLER = r"(?:\s*(?:is|will\s+be|would\s+be|of|at|=|:|-|–|—)\s*)?(?:just\s+|only\s+|about\s+|around\s+)?"
_MILESTONE_BEFORE = re.compile(rf"\bmilestones?(?:\s+#?\d+)?{_FILLER}\s*$", re.I)
_MILESTONE_AFTER = re.compile(r"^\s*[-–—]?\s*milestone\b", re.I)
_PRICE_BEFORE = re.compile(rf"\b(?:for|budget|price|cost|fee|rate){_FILLER}\s*$", re.I)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    written: str


@dataclass(frozen=True, slots=True)
class _Amount(_Found):
    money: Money | None  # None: it looked like an amount but is not one
    rank: int  # 2 called the milestone's, 1 a price, 0 neither


def _find_amounts(text: str, default_currency: str, locale: str | None) -> list[_Amount]:
    found: list[_Amount] = []
    comma = writes_decimal_comma(locale)
    for match in _AMOUNT.finditer(text):
        typed, end = _money_text(match, comma=comma)
        if typed is None:
            continue
        try:
            money: Money | None = parse_money(typed, default_currency, locale)
        except InvalidInput:
            money = None
        before, after = text[max(0, match.start() - 40) : match.start()], text[end : end + 20]
        rank = 2 if _MILESTONE_BEFORE.search(before) or _MILESTONE_AFTER.match(after) else 0
        if not rank and _PRICE_BEFORE.search(before):
            rank = 1
        found.append(_Amount(match.start(), end, text[match.start() : end], money, rank))
    return found


def _money_text(match: re.Match[str], *, comma: bool) -> tuple[str | None, int]:
    """What to give parse_money for this match, and where the amount ends; None when it is no amount.
    `comma`: the reader's locale writes decimals with a comma (`1,5k`)."""
    if match["symbol"]:
        number = _thousands(match["n1"], match["k1"], comma=comma)
        code = match["code1"]
        if code and _is_code(code):
            return (None if number is None else f"{match['symbol']}{number} {code}"), match.end()
        end = match.end("k1") if match["k1"] else match.end("n1")
        return (None if number is None else f"{match['symbol']}{number}"), end
    if match["code2"]:
        number = _thousands(match["n2"], match["k2"], comma=comma)
        code = match["code2"]
        if code not in CURRENCY_DECIMALS or code in _WORD_CODES or number is None:
            return None, match.end()
        return f"{match['code2']} {number}", match.end()
    number = _thousands(match["n3"], match["k3"], comma=comma)
    if number is None:
        return None, match.end()
    if match["code3"]:
        return (f"{number} {match['code3']}" if _is_code(match["code3"]) else None), match.end()
    if match["symbol3"]:
        return f"{number}{match['symbol3']}", match.end()
    word = match["word"].lower()
    return ("€" if word.startswith("euro") else "$") + number, match.end()


def _is_code(code: str) -> bool:
    return code in CURRENCY_DECIMALS or (code.islower() and code.upper() in _LOWER_CASE_CODES)


def _thousands(number: str, k: str | None, *, comma: bool = False) -> str | None:
    """`1.5` with a `k` after it is `1500`, exactly (Decimal, never float); None when `1.5.2k`.
    Where the locale writes decimals with a comma, `1,5k` is 1500 too."""
    if not k:
        return number
    if comma and "," in number:
        number = number.replace(".", "").replace(",", ".")
    try:
        value = Decimal(number.replace(",", "")) * 1000
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def _choose_amount(amounts: list[_Amount]) -> tuple[Money | None, list[Note]]:
    notes = [Note(NoteKind.AMOUNT_NOT_READ, (a.written[:_SHOWN],)) for a in amounts if a.money is None]
    read = [a for a in amounts if a.money is not None]
    different = _distinct(a.money for a in read if a.money is not None)
    if len(different) <= 1:
        return (different[0] if different else None), notes
    notes.append(Note(NoteKind.SEVERAL_AMOUNTS, tuple(different)))
    for rank in (2, 1):
        named = _distinct(a.money for a in read if a.rank == rank and a.money is not None)
        if named:
            return (named[0] if len(named) == 1 else None), notes
    return None, notes


# -- dates -----------------------------------------------------------------------------------------------

_TIME = r"(?:(?:at|@)\s*)?(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)(?!\w)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+20\d\d(?![\d.,]))"
_AT = rf"(?:,?\s+{_TIME})"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?:\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of)"
_DATE = re.compile(
    rf"(?P<stamp><t:(?P<unix>-?\d{{1,14}})(?::[tTdDfFR])?>)"
    rf"|(?P<iso>\b\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:[T\s]\d{{1,2}}:\d{{2}})?(?![\w:-]))"
    rf"|(?P<month_day>\b{_MONTH}\s+{_DAY}(?!\w|:\d)(?P<year1>{_YEAR})?{_AT}?)"
    rf"|(?P<day_month>\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)(?P<year2>{_YEAR})?{_AT}?)"
    rf"|(?P<weekday>\b(?:(?:next|this|on)\s+)?{_WEEKDAY}\b{_AT}?)"
    rf"|(?P<day_word>\b(?:today|tonight|tomorrow|tmrw|yesterday|eod|end\s+of\s+(?:the\s+)?day)\b{_AT}?)"
    rf"|(?P<relative>\b(?:in|within)\s+{_COUNT}\s+(?:minutes?|hours?|days?|weeks?|months?)\b)"
    rf"|(?P<clock>\b(?:by|before|until|till)\s+{_TIME})"
    rf"|(?P<numeric>\b\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?(?![\w/.]))",
    re.I,
)
_DUE_CUE = re.compile(
    r"\b(?P<word>by|due(?:\s+(?:on|by|date))?|before|until|till|deadline(?:\s+is)?|no\s+later\s+than)"
    r"\s*[:\-–—]?\s*(?:on\s+|the\s+)?$",
    re.I,
)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "a couple of": "2",
}  # fmt: skip
_DAY_WORDS = {
    "tonight": "today", "tmrw": "tomorrow", "eod": "today", "end of day": "today", "end of the day": "today",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Date(_Found):
    moment: datetime | None  # None: it looked like a date but is not one
    cued: bool  # after `by`, `due`, `before`...


def _find_dates(text: str, zone: ZoneInfo, written_at: datetime) -> list[_Date]:
    found: list[_Date] = []
    for match in _DATE.finditer(text):
        cue = _DUE_CUE.search(text[max(0, match.start() - 30) : match.start()])
        cue_word = (cue["word"].lower() if cue else "") or (match["clock"] or "").split(" ", 1)[0].lower()
        if match["numeric"] and not cue:
            continue  # `24/7`, `v1.2`: only after "by" or "due" is it meant as a date
        moment = _moment(match, cue_word, zone, written_at)
        found.append(_Date(match.start(), match.end(), match[0], moment, bool(cue_word)))
    return found


def _moment(match: re.Match[str], cue: str, zone: ZoneInfo, written_at: datetime) -> datetime | None:
    if match["stamp"]:
        try:
            moment = datetime.fromtimestamp(int(match["unix"]), UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment if MIN_YEAR <= moment.year <= MAX_YEAR else None
    phrase = _phrase(match)
    try:
        moment = parse_when(phrase, zone, written_at, date_only_time=END_OF_DAY, purpose=Purpose.DUE)
    except (InvalidInput, ValueError, OverflowError):  # anything it can't read is a note, not a crash
        return None
    local = moment.astimezone(zone).replace(tzinfo=None)  # wall-clock time, to move by calendar days
    has_time = bool(re.search(r"\d:\d\d|\d\s*[ap]\.?m", match[0], re.I)) or bool(match["relative"])
    written_year = match["year1"] or match["year2"]
    if (match["month_day"] or match["day_month"]) and not written_year:
        local = _recent_rather_than_next_year(local, written_at.astimezone(zone).replace(tzinfo=None))
    if cue == "before" and not has_time:
        local -= timedelta(days=1)  # before Dec 1: by the end of Nov 30
    if local == moment.astimezone(zone).replace(tzinfo=None):
        return moment  # unmoved: keep parse_when's moment, which may be the second of two equal wall times
    return local_to_utc(local, zone)


def _phrase(match: re.Match[str]) -> str:
    """The match as parse_when reads it: `Friday, 5 p.m.` -> `friday 5pm`, `within two days` -> `in 2 days`."""
    phrase = match[0].lower().replace(",", " ").replace("@", " at ")
    phrase = re.sub(r"(\d)\s*([ap])\.?m\.?", r"\1\2m", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip()
    if match["clock"]:
        return "today " + phrase.split(" ", 1)[1]
    phrase = re.sub(r"^(?:this|on) ", "", phrase)
    phrase = re.sub(r"^(?:tonight|tmrw|eod|end of (?:the )?day)", lambda m: _DAY_WORDS[m[0]], phrase)
    phrase = re.sub(r"^within ", "in ", phrase)
    return re.sub(r"\b(?:a couple of|one|two|three|four|five|six|seven|eight|nine|ten)\b",
                  lambda m: _NUMBER_WORDS[m[0]], phrase)  # fmt: skip


def _recent_rather_than_next_year(local: datetime, written: datetime) -> datetime:
    """A due date without a year is the next such day; one that passed less than half a year before the
    message was written is that recent day instead (`due Dec 12`, read on Dec 13), so it shows as past
    rather than silently a year later."""
    try:
        previous = local.replace(year=local.year - 1)
    except ValueError:  # 29 February
        return local
    return previous if written - RECENT_PAST < previous < written else local


def _choose_date(dates: list[_Date], now: datetime) -> tuple[datetime | None, list[Note]]:
    notes = [Note(NoteKind.DATE_NOT_READ, (d.written[:_SHOWN],)) for d in dates if d.moment is None]
    ahead = [d for d in dates if d.moment is not None and d.moment >= now]
    passed = _distinct(d.moment for d in dates if d.moment is not None and d.moment < now)
    different = _distinct(d.moment for d in ahead if d.moment is not None)
    if not different:
        if passed:
            notes.append(Note(NoteKind.DATE_IN_PAST, tuple(passed)))
        return None, notes
    if len(different) == 1:
        return different[0], notes
    notes.append(Note(NoteKind.SEVERAL_DATES, tuple(different)))
    cued = _distinct(d.moment for d in ahead if d.cued and d.moment is not None)
    return (cued[0] if len(cued) == 1 else None), notes


# -- title -----------------------------------------------------------------------------------------------

_GREETING = re.compile(
    r"^(?i:hi|hello|hey|hiya|heya|dear|greetings|howdy|yo|good\s+(?:morning|afternoon|evening|day))\b"
    r"(?:\s+(?i:there|all|team|everyone|folks|guys|again|both))?(?:\s+@?[A-Z][\w'’.-]*){0,2}\s*[,!.:;–—-]*\s*"
)
_LEADS = [
    re.compile(rf"^(?:{lead})\s*[,:;–—-]?\s*", re.I)
    for lead in (
        r"as\s+(?:discussed|agreed|promised|mentioned|requested)(?:\s+(?:earlier|before|yesterday|on\s+the\s+call))?",
        r"per\s+(?:our|my|your)\s+(?:call|chat|conversation|discussion)",
        r"(?:so|ok|okay|also|alright|right|now|great|perfect|awesome)(?=\s*,)",
        r"(?:could|can|would|will)\s+you(?:\s+(?:please|kindly|also|maybe|now))*",
        r"please|kindly|pls|plz",
        r"(?:i|we)(?:'d|’d|\s+would)\s+(?:like|love)\s+(?:you\s+)?to",
        r"(?:i|we)\s+need\s+(?:you\s+to\s+)?",
        r"let'?s(?:\s+(?:do|start\s+with|go\s+with))?",
        r"(?:next\s+up|up\s+next)",
        r"(?:the\s+)?(?:(?:first|second|third|next|final|last|new|\d+(?:st|nd|rd|th)?)\s+)?milestones?"
        r"(?:\s+#?\d+)?(?:\s+(?:is|will\s+be|would\s+be))?(?:\s+for)?(?=[\s:–—-]|$)",
        r"for\b",
        r"(?:do|handle|take\s+care\s+of|work\s+on|start\s+on|deliver|complete|finish"
        r"|have|get(?:\s+(?:me|us))?|send(?:\s+(?:me|us))?(?:\s+over)?)\b",
        r"(?:the|a|an|our|my|your|this|that|these|those)\b",
    )
]
_NOT_A_SUBJECT = re.compile(
    r"^(?:hope|i\s+hope|thanks|thank\s+you|thx|ty|cheers|best|regards|kind\s+regards|sincerely|"
    r"how\s+are\s+you|how'?s\s+it\s+going|here'?s|here\s+(?:is|are)|quick\s+(?:question|note|update)|"
    r"just\s+(?:checking|following|a\s+heads)|talk\s+soon|let\s+me\s+know|looking\s+forward|"
    r"(?:great|good|nice)\s+(?:work|job))\b",
    re.I,
)
_SIGN_OFF = re.compile(
    r"^(?:thanks|thank\s+you|thx|cheers|best|regards|kind\s+regards|best\s+regards|sincerely|talk\s+soon)"
    r"(?:\s+again)?\s*[,!.]*$",
    re.I,
)
_TRAILING = re.compile(
    r"(?:[\s,.;:!?–—-]|\b(?:and|or|for|by|due|with|of|to|at|on|before|until|is|are|was|were|be|will|"
    r"the|a|an|please|pls|thanks|asap|then|also|it|them|ready|done)\b)+$",
    re.I,
)
_ONLY_A_LABEL = frozenset(
    [
        "budget",
        "deadline",
        "due",
        "price",
        "total",
        "amount",
        "payment",
        "cost",
        "fee",
        "rate",
        "date",
        "milestone",
        "it",
        "them",
    ]
)
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|so|then|plus)\b|;|\s[–—]\s|\s-\s", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span (an amount, a date) and the cue word before it (`by`, `for`) blanked out."""
    chars = list(text)
    for start, end in spans:
        # Both patterns end at the end of what they are given, so a match is the cue right before the span.
        cue = _DUE_CUE.search(text[max(0, start - 30) : start]) or _PRICE_BEFORE.search(
            text[max(0, start - 40) : start]
        )
        for index in range(start - (len(cue[0]) if cue else 0), end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def _title(text: str) -> tuple[str, list[Note]]:
    for sentence in _SENTENCE_END.split(text):
        if _SIGN_OFF.match(_printable(sentence)):
            break  # what follows "Thanks," is a signature
        title = _subject(sentence)
        if title:
            return _shortened(title)
    return in_language(DEFAULT_TITLE), [Note(NoteKind.NO_TITLE)]


def _subject(sentence: str) -> str:
    """What a sentence is about, or "" when it is a greeting, thanks, or only a label."""
    text = _printable(sentence)
    text = _GREETING.sub("", text, count=1)
    if _NOT_A_SUBJECT.match(text):
        return ""
    for _ in range(6):  # "Could you please do the ..." takes a few rounds
        before = text
        for lead in _LEADS:
            text = lead.sub("", text, count=1)
        if text == before:
            break
    text = _CLAUSE_BREAK.split(text, maxsplit=1)[0]  # the deliverable, not what the message adds after
    text = _TRAILING.sub("", text)
    text = _trim_ends(text)
    if not any(ch.isalnum() for ch in text) or text.casefold() in _ONLY_A_LABEL:
        return ""
    return text[:1].upper() + text[1:]


def _printable(text: str) -> str:
    """One line of printable text: the checks on titles refuse control and private-use characters."""
    kept = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in text
        if unicodedata.category(ch) not in {"Cf", "Co", "Cs"}
    )
    return " ".join(kept.split())


def _trim_ends(text: str) -> str:
    """No punctuation, symbols or spaces at either end, except what ends `C++`, `C#`, `(draft)`, `50%`."""
    start, end = 0, len(text)
    while start < end and _loose(text[start]) and text[start] not in "(#":
        start += 1
    while (
        end > start
        and _loose(text[end - 1])
        and text[end - 1] not in "+#%"
        and not (text[end - 1] == ")" and "(" in text[start:end])
    ):
        end -= 1
    return text[start:end]


def _loose(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZC"


def _shortened(title: str) -> tuple[str, list[Note]]:
    if len(title) <= MAX_TITLE:
        return title, []
    cut = title[: MAX_TITLE - 1]
    if " " in cut:
        cut = _trim_ends(cut[: cut.rindex(" ")]) or cut
    return cut + "…", [Note(NoteKind.TITLE_SHORTENED)]


def _distinct(items: Iterable[_T]) -> list[_T]:
    """Each item once, in the order first seen."""
    seen: list[_T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
