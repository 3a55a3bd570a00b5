"""The FAQ topics that ship with the bot: file format, placeholders, validation and loading.

Each topic is a Markdown file in `topics/` with a small `key: value` header between `---` lines.
Platform numbers are never typed in a body: they are filled from the one platforms table at load time, so
correcting a rule there corrects every answer. `{upwork.review_days}` is a bare number (for "14-day");
`{upwork.dormant_after}` a stretch of time with its unit ("90 days", "5 business days");
`{peopleperhour.other_reviews.1}` the first of a list of them.

English is the source. A translation of every topic lives in `topics/<locale>/` (the locale as Discord names
it, `pt-BR`), with the same placeholders; a stretch of time is then shown with that language's unit words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from babel.numbers import format_decimal

from bot.domain.errors import InvalidInput
from bot.domain.platforms import PLATFORMS, Fact, Platform, PlatformRules, Span, Unit
from bot.i18n.locales import babel_name, language_of
from bot.i18n.speaking import N_, current_locale

# Shown in this order by `/faq list`: from first contract to last payment, then the wider picture.
TOPIC_ORDER: tuple[str, ...] = (
    "milestones",
    "funding-and-escrow",
    "submitting-work",
    "review-period",
    "payment-hold",
    "ending-a-contract",
    "refunds-and-disputes",
    "bonuses",
    "other-platforms",
    "using-this-bot",
)

TOPIC_KEY_MAX = 40
TITLE_MAX = 100
BODY_MAX = 4000

_TOPIC_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# Anything in braces is taken as a placeholder, so a typo can never reach a user as raw `{...}`.
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
# The table's values a topic may quote: text; bare numbers; stretches of time, shown with their unit; and
# lists of stretches, addressed from 1.
_TEXT_FIELDS = frozenset({"name"})
_NUMBER_FIELDS = frozenset(
    {"review_days", "hold_days", "refund_response_days", "bonus_after_end_days", "minimum_milestone_usd"}
)
_SPAN_FIELDS = frozenset(
    {
        "review",
        "hold",
        "refund_response",
        "client_dispute_response",
        "release_delay",
        "bonus_after_end",
        "dormant_after",
    }
)
_SPAN_LIST_FIELDS = frozenset({"other_reviews", "other_holds", "mediation"})
_FIELDS = _TEXT_FIELDS | _NUMBER_FIELDS | _SPAN_FIELDS | _SPAN_LIST_FIELDS
ENGLISH = "en"
# The languages the built-in topics are translated into, as Discord names them (`interaction.locale`).
TRANSLATED_LOCALES: tuple[str, ...] = ("pt-BR", "es-ES")
# How a stretch of time is written in each language a topic can be in: "14 days", "14 dias", "14 días".
_UNIT_WORDS: Mapping[str, Mapping[Unit, str]] = MappingProxyType(
    {
        ENGLISH: {
            Unit.DAYS: "days",
            Unit.BUSINESS_DAYS: "business days",
            Unit.WORKING_DAYS: "working days",
            Unit.HOURS: "hours",
        },
        "pt-BR": {
            Unit.DAYS: "dias",
            Unit.BUSINESS_DAYS: "dias úteis",
            Unit.WORKING_DAYS: "dias úteis",
            Unit.HOURS: "horas",
        },
        "es-ES": {
            Unit.DAYS: "días",
            Unit.BUSINESS_DAYS: "días hábiles",
            Unit.WORKING_DAYS: "días laborables",
            Unit.HOURS: "horas",
        },
    }
)
_HEADER_FIELDS = ("topic", "title", "keywords", "sources")


class FaqDataError(Exception):
    """A built-in topic file is malformed; a bug in the shipped data, never the user's fault."""


@dataclass(frozen=True)
class FaqTopic:
    """One answer of the FAQ, built-in or written by a server's admins."""

    key: str
    title: str
    keywords: tuple[str, ...]
    body: str
    sources: tuple[str, ...]
    builtin: bool = True


def validate_topic_key(text: str) -> str:
    """Return the topic name as stored (trimmed, lowercase) or explain what a valid one looks like."""
    key = text.strip().lower()
    if not _TOPIC_KEY.fullmatch(key):
        raise InvalidInput(
            N_(
                "A topic name uses lowercase letters, digits and dashes (up to {limit} characters), "
                "for example `late-payments`."
            ),
            limit=TOPIC_KEY_MAX,
        )
    return key


def validate_title(text: str) -> str:
    """Return the trimmed title, or explain the length rule."""
    title = text.strip()
    if not title:
        raise InvalidInput(N_("The title is empty. Give the topic a short title, like `Late payments`."))
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            N_("The title is {length} characters; keep it to {limit} or fewer."),
            length=_count(len(title)),
            limit=_count(TITLE_MAX),
        )
    return title


def validate_body(text: str) -> str:
    """Return the trimmed answer text, or explain the length rule (one Discord embed must hold it)."""
    body = text.strip()
    if not body:
        raise InvalidInput(N_("The answer is empty. Write the text members should see for this topic."))
    if len(body) > BODY_MAX:
        raise InvalidInput(
            N_("The answer is {length} characters; keep it to {limit} or fewer."),
            length=_count(len(body)),
            limit=_count(BODY_MAX),
        )
    return body


def _count(number: int) -> str:
    """A count of characters as the reader writes numbers: 4,000 in English, 4.000 in pt-BR and es-ES."""
    return format_decimal(number, locale=babel_name(language_of(current_locale())))


def fill_placeholders(
    text: str, platforms: Mapping[Platform, PlatformRules] = PLATFORMS, *, locale: str = ENGLISH
) -> str:
    """Replace each `{platform.field}` (or `{platform.field.N}`) with the value from the platforms table.

    Raises FaqDataError for an unknown platform or field, or a rule the table leaves empty, so a
    wrong placeholder fails at load time (and in tests) instead of reaching a user. A stretch of time is
    written with the unit words of `locale`.
    """
    if locale not in _UNIT_WORDS:
        raise FaqDataError(f"no unit words for locale {locale!r}")
    unit_words = _UNIT_WORDS[locale]

    def value_of(match: re.Match[str]) -> str:
        placeholder = match.group(1)
        platform_name, _, path = placeholder.partition(".")
        field, _, index = path.partition(".")
        if field not in _FIELDS or bool(index) != (field in _SPAN_LIST_FIELDS):
            raise FaqDataError(f"unknown placeholder {{{placeholder}}}")
        try:
            rules = platforms[Platform(platform_name)]
        except (ValueError, KeyError):
            raise FaqDataError(f"unknown platform in placeholder {{{placeholder}}}") from None
        value = getattr(rules, field)
        if index:
            value = _nth(value, index)
        if isinstance(value, Fact):
            value = value.value
        if value is None or value == ():
            raise FaqDataError(f"the platforms table has no value for {{{placeholder}}}")
        if isinstance(value, Span):
            return f"{value.amount} {unit_words[value.unit]}"
        return str(value)

    return _PLACEHOLDER.sub(value_of, text)


def _nth(facts: tuple[Fact[Span], ...], index: str) -> Fact[Span] | None:
    """The index-th fact of a list, counting from 1 as a reader would; None past its end."""
    if not index.isdigit() or int(index) < 1:
        raise FaqDataError(f"a list placeholder ends in a number from 1, not {index!r}")
    return facts[int(index) - 1] if int(index) <= len(facts) else None


def parse_topic(text: str, *, locale: str = ENGLISH) -> FaqTopic:
    """Read one topic file: the `---` header, then the body (placeholders filled in `locale`, and validated)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FaqDataError("a topic file must start with a '---' line")
    end = next((number for number, line in enumerate(lines) if number and line.strip() == "---"), None)
    if end is None:
        raise FaqDataError("the topic header has no closing '---' line")

    header: dict[str, str] = {}
    for line in lines[1:end]:
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or name not in _HEADER_FIELDS:
            raise FaqDataError(f"unexpected header line {line!r}")
        if name in header:
            raise FaqDataError(f"header field {name!r} appears twice")
        header[name] = value.strip()
    missing = [name for name in _HEADER_FIELDS if name not in header]
    if missing:
        raise FaqDataError(f"header is missing {', '.join(missing)}")

    sources = _split_list(header["sources"])
    if not sources or not all(source.startswith("https://") for source in sources):
        raise FaqDataError("sources must be one or more https:// links")
    try:
        return FaqTopic(
            key=validate_topic_key(header["topic"]),
            title=validate_title(header["title"]),
            keywords=tuple(word.lower() for word in _split_list(header["keywords"])),
            body=validate_body(fill_placeholders("\n".join(lines[end + 1 :]), locale=locale)),
            sources=sources,
        )
    except InvalidInput as error:
        raise FaqDataError(error.message) from error


def builtin_topics(locale: str = ENGLISH) -> Mapping[str, FaqTopic]:
    """All shipped topics by key, in `TOPIC_ORDER`, in English or one of `TRANSLATED_LOCALES`.

    Read once per language, then served from memory. A language with no translation is a ValueError:
    choosing English instead is the caller's decision.
    """
    if locale != ENGLISH and locale not in TRANSLATED_LOCALES:
        raise ValueError(f"the built-in topics are not translated into {locale!r}")
    return _load_topics(locale)


@cache
def _load_topics(locale: str) -> Mapping[str, FaqTopic]:
    folder = resources.files("bot.faq").joinpath("topics")
    where = "topics"
    if locale != ENGLISH:
        folder, where = folder.joinpath(locale), f"topics/{locale}"
    shipped = {entry.name.removesuffix(".md") for entry in folder.iterdir() if entry.name.endswith(".md")}
    if shipped != set(TOPIC_ORDER):
        raise FaqDataError(f"{where}: topic files {sorted(shipped)} do not match TOPIC_ORDER")

    topics: dict[str, FaqTopic] = {}
    for key in TOPIC_ORDER:
        try:
            topic = parse_topic(folder.joinpath(f"{key}.md").read_text(encoding="utf-8"), locale=locale)
        except FaqDataError as error:
            raise FaqDataError(f"{where}/{key}.md: {error}") from error
        if topic.key != key:
            raise FaqDataError(f"{where}/{key}.md says topic: {topic.key}")
        topics[key] = topic
    return MappingProxyType(topics)


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())
