"""The built-in FAQ in Brazilian Portuguese and Spanish (Spain): each English topic has a translation that loads
with the same rules, quotes the same facts through the same placeholders, cites the same sources, keeps the
same shape and commands, fits Discord as the English does, and hedges every fact the English hedges."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pytest

from bot.domain.platforms import PLATFORMS, Certainty, Fact, Platform, Span, Unit
from bot.faq import FaqDataError, FaqTopic, builtin_topics, fill_placeholders
from bot.faq.builtin import ENGLISH, TOPIC_ORDER, TRANSLATED_LOCALES, parse_topic

EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
# The same reading limit the English topics keep (test_builtin_topics.READABLE_BODY_MAX).
READABLE_BODY_MAX = 1800

LOCALES = TRANSLATED_LOCALES
# A placeholder as written in a topic file: platform, field, and for a list the position from 1.
_PLACEHOLDER = re.compile(r"\{([a-z]+)\.([a-z_]+)(?:\.(\d+))?\}")
_CODE = re.compile(r"`([^`\n]+)`")
_NUMBERED = re.compile(r"(\d+)\. ")

# How each language says that a fact is less than certain, on the same line as the fact. The English words
# are those test_builtin_topics recognises; a translation must use one of its own language's words.
HEDGES: dict[str, dict[Certainty, tuple[str, ...]]] = {
    ENGLISH: {
        Certainty.USUALLY: ("usually",),
        Certainty.UNCERTAIN: ("uncertain",),
        Certainty.CONFLICT: ("disagree",),
    },
    "pt-BR": {
        Certainty.USUALLY: ("normalmente", "geralmente", "em geral"),
        Certainty.UNCERTAIN: ("incerto", "incerta"),
        Certainty.CONFLICT: ("divergem", "não batem"),
    },
    "es-ES": {
        Certainty.USUALLY: ("normalmente", "por lo general", "habitualmente"),
        Certainty.UNCERTAIN: ("incierto", "incierta"),
        Certainty.CONFLICT: ("no coinciden", "discrepan"),
    },
}
# A stretch of time as each translation shows it, longest unit first so "5 dias úteis" is not read as "5 dias".
_TIME_IN = {
    "pt-BR": re.compile(r"\b(\d+)\s+(dias úteis|dias|horas)\b"),
    "es-ES": re.compile(r"\b(\d+)\s+(días hábiles|días laborables|días|horas)\b"),
}
_ENGLISH_TIME = re.compile(r"\b\d+(?:\s+|-)(?:business |working )?(?:days?|hours?)\b")
# Labels of Upwork's own screens, which are in English only: a translation keeps them as the user sees them.
UPWORK_LABELS = ("Submit work", "Released", "Pending", "Available", "project funds")

TOPICS = {ENGLISH: builtin_topics(), **{locale: builtin_topics(locale) for locale in LOCALES}}
CASES = [(locale, key) for locale in LOCALES for key in TOPIC_ORDER]


def _folder(locale: str) -> Traversable:
    topics = resources.files("bot.faq").joinpath("topics")
    return topics if locale == ENGLISH else topics.joinpath(locale)


def _raw_text(locale: str, key: str) -> str:
    return _folder(locale).joinpath(f"{key}.md").read_text(encoding="utf-8")


def _raw_header(locale: str, key: str) -> str:
    return _raw_text(locale, key).split("\n---\n", 1)[0]


def _raw_body_lines(locale: str, key: str) -> list[str]:
    return _raw_text(locale, key).split("\n---\n", 1)[1].splitlines()


def _placeholders(locale: str, key: str) -> Counter[str]:
    return Counter(match.group(0) for match in _PLACEHOLDER.finditer("\n".join(_raw_body_lines(locale, key))))


def _typed_numbers(text: str) -> Counter[str]:
    """Every number written out in the text rather than filled in from the table."""
    return Counter(re.findall(r"\d+", _PLACEHOLDER.sub("", text)))


def _fact(match: re.Match[str]) -> Fact[Any] | None:
    platform, field, position = match.groups()
    rules = PLATFORMS[Platform(platform)]
    return getattr(rules, field)[int(position) - 1] if position else rules.fact(field)


def _shape(line: str) -> str:
    """What a line is in Markdown as Discord shows it: blank, bullet, numbered item, bold lead, or text."""
    if not line.strip():
        return "blank"
    if line.startswith("- "):
        return "bullet"
    numbered = _NUMBERED.match(line)
    if numbered:
        return f"item {numbered.group(1)}"
    return "bold lead" if line.startswith("**") else "text"


def _hedged(line: str, locale: str, certainty: Certainty) -> bool:
    return any(word in line.lower() for word in HEDGES[locale][certainty])


def _rendered(placeholder: str, locale: str) -> str:
    return fill_placeholders(placeholder, locale=locale)


def test_the_translations_are_brazilian_portuguese_and_spanish_from_spain() -> None:
    # Discord's own names for the two locales, as `interaction.locale` gives them.
    assert LOCALES == ("pt-BR", "es-ES")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_english_topic_has_a_translation_and_nothing_else_ships(locale: str) -> None:
    files = {entry.name for entry in _folder(locale).iterdir() if entry.name.endswith(".md")}
    assert files == {f"{key}.md" for key in TOPIC_ORDER}
    assert tuple(TOPICS[locale]) == TOPIC_ORDER
    assert all(topic.builtin for topic in TOPICS[locale].values())


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_translation_parses_with_the_loader_rules_and_keeps_its_key(locale: str, key: str) -> None:
    topic = parse_topic(_raw_text(locale, key), locale=locale)
    assert topic == TOPICS[locale][key]
    assert topic.key == key
    assert [line.split(":", 1)[0] for line in _raw_header(locale, key).splitlines()[1:]] == [
        "topic",
        "title",
        "keywords",
        "sources",
    ]


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_translation_quotes_the_same_placeholders_as_its_original(locale: str, key: str) -> None:
    assert _placeholders(locale, key) == _placeholders(ENGLISH, key)


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_no_number_is_typed_where_the_original_fills_one_in(locale: str, key: str) -> None:
    # The same written-out numbers as the English (list items, the $150 example, a date): a platform's
    # number typed into a translation would go stale when the table is corrected.
    for part in (_raw_header, lambda loc, k: "\n".join(_raw_body_lines(loc, k))):
        assert _typed_numbers(part(locale, key)) == _typed_numbers(part(ENGLISH, key)), key


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_translation_cites_the_same_sources(locale: str, key: str) -> None:
    assert TOPICS[locale][key].sources == TOPICS[ENGLISH][key].sources


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_translation_fits_one_readable_embed(locale: str, key: str) -> None:
    topic = TOPICS[locale][key]
    assert 0 < len(topic.title) <= EMBED_TITLE_MAX
    assert 0 < len(topic.body) <= EMBED_DESCRIPTION_MAX
    assert len(topic.body) <= READABLE_BODY_MAX, f"{locale}/{key} is {len(topic.body)} characters"
    assert topic.keywords


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_translation_keeps_the_shape_of_its_original(locale: str, key: str) -> None:
    # Same paragraphs, headings, bullets and numbered steps, line for line.
    shapes = [_shape(line) for line in _raw_body_lines(locale, key)]
    assert shapes == [_shape(line) for line in _raw_body_lines(ENGLISH, key)]


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_commands_and_options_stay_as_members_type_them(locale: str, key: str) -> None:
    assert set(_CODE.findall(TOPICS[locale][key].body)) == set(_CODE.findall(TOPICS[ENGLISH][key].body))


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_upworks_english_screen_labels_are_kept(locale: str, key: str) -> None:
    for label in UPWORK_LABELS:
        if f"**{label}**" in TOPICS[ENGLISH][key].body:
            assert f"**{label}**" in TOPICS[locale][key].body, f"{locale}/{key}: {label}"


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_no_placeholder_or_english_unit_reaches_the_reader(locale: str, key: str) -> None:
    body = TOPICS[locale][key].body
    assert not re.search(r"[{}]", body)
    assert not _ENGLISH_TIME.findall(body), f"{locale}/{key}"


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_every_stretch_of_time_in_a_translation_is_one_the_table_states(locale: str, key: str) -> None:
    shown = {
        _rendered(f"{{{rules.platform}.{name}}}", locale)
        for rules in PLATFORMS.values()
        for name, fact in rules.facts()
        if isinstance(fact.value, Span) and not isinstance(getattr(rules, name), tuple)
    } | {
        _rendered(f"{{{rules.platform}.{name}.{position}}}", locale)
        for rules in PLATFORMS.values()
        for name in ("other_reviews", "other_holds", "mediation")
        for position in range(1, len(getattr(rules, name)) + 1)
    }
    for number, unit in _TIME_IN[locale].findall(TOPICS[locale][key].body):
        assert f"{number} {unit}" in shown, f"{locale}/{key}: {number} {unit}"


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_a_fact_that_is_not_certain_is_said_with_its_hedge(locale: str, key: str) -> None:
    for line in _raw_body_lines(locale, key):
        for match in _PLACEHOLDER.finditer(line):
            fact = _fact(match)
            if fact is not None and not fact.certain:
                assert _hedged(line, locale, fact.certainty), f"{locale}/{key}: {match.group(0)}"


@pytest.mark.parametrize(("locale", "key"), CASES)
def test_every_hedge_of_the_original_is_kept_on_its_line(locale: str, key: str) -> None:
    # "usually", "uncertain" and "disagree" are facts too, even where no number follows them.
    pairs = zip(_raw_body_lines(ENGLISH, key), _raw_body_lines(locale, key), strict=True)
    for number, (original, translated) in enumerate(pairs, start=1):
        for certainty in HEDGES[ENGLISH]:
            if _hedged(original, ENGLISH, certainty):
                assert _hedged(translated, locale, certainty), f"{locale}/{key} line {number}: {certainty}"


@pytest.mark.parametrize("locale", LOCALES)
def test_contras_window_is_never_stated_without_saying_it_is_uncertain(locale: str) -> None:
    window = _rendered("{contra.review}", locale)
    said = [line for topic in TOPICS[locale].values() for line in topic.body.splitlines() if window in line]
    assert said
    assert all(_hedged(line, locale, Certainty.UNCERTAIN) for line in said)


@pytest.mark.parametrize("locale", LOCALES)
def test_fiverr_auto_complete_is_said_to_happen_usually(locale: str) -> None:
    window = _rendered("{fiverr.review}", locale)
    said = [
        line
        for topic in TOPICS[locale].values()
        for line in topic.body.splitlines()
        if "Fiverr" in line and window in line
    ]
    assert said
    assert all(_hedged(line, locale, Certainty.USUALLY) for line in said)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_mediation_and_peopleperhour_conflicts_are_said(locale: str) -> None:
    mediation = [_rendered(f"{{upwork.mediation.{n}}}", locale) for n in (1, 2)]
    projects = [_rendered(f"{{peopleperhour.other_reviews.{n}}}", locale) for n in (1, 2)]
    for key, windows in (("refunds-and-disputes", mediation), ("other-platforms", projects)):
        (line,) = [line for line in TOPICS[locale][key].body.splitlines() if all(w in line for w in windows)]
        assert _hedged(line, locale, Certainty.CONFLICT), f"{locale}/{key}"


@pytest.mark.parametrize("locale", LOCALES)
def test_keywords_are_in_the_language_and_keep_the_terms_people_type_in_english(locale: str) -> None:
    for key in TOPIC_ORDER:
        keywords, english = set(TOPICS[locale][key].keywords), set(TOPICS[ENGLISH][key].keywords)
        assert keywords - english, f"{locale}/{key} has no keyword of its own language"
    funding = TOPICS[locale]["funding-and-escrow"].keywords
    assert "escrow" in funding
    assert "project funds" in funding


@pytest.mark.parametrize("locale", LOCALES)
def test_funding_topic_is_the_best_answer_for_escrow(locale: str) -> None:
    def mentions(topic: FaqTopic) -> int:
        return " ".join((topic.title, *topic.keywords, topic.body)).lower().count("escrow")

    ranked = sorted(TOPICS[locale].values(), key=mentions, reverse=True)
    assert ranked[0].key == "funding-and-escrow"
    assert mentions(ranked[0]) > mentions(ranked[1])


@pytest.mark.parametrize("locale", LOCALES)
def test_no_fee_figures_in_any_translation(locale: str) -> None:
    for topic in TOPICS[locale].values():
        assert not re.search(r"\d\s*%", topic.body), f"{locale}/{topic.key}"


@pytest.mark.parametrize(
    ("placeholder", "locale", "shown"),
    [
        ("{upwork.review}", "pt-BR", "14 dias"),
        ("{upwork.client_dispute_response}", "pt-BR", "5 dias úteis"),
        ("{peopleperhour.hold}", "pt-BR", "3 dias úteis"),
        ("{contra.review}", "pt-BR", "120 horas"),
        ("{upwork.review}", "es-ES", "14 días"),
        ("{upwork.client_dispute_response}", "es-ES", "5 días hábiles"),
        ("{peopleperhour.hold}", "es-ES", "3 días laborables"),
        ("{contra.review}", "es-ES", "120 horas"),
        ("{upwork.review}", ENGLISH, "14 days"),
        ("{upwork.review_days}", "pt-BR", "14"),
        ("{upwork.name}", "es-ES", "Upwork"),
    ],
)
def test_a_stretch_of_time_is_shown_with_the_languages_unit(
    placeholder: str, locale: str, shown: str
) -> None:
    assert fill_placeholders(f"<{placeholder}>", locale=locale) == f"<{shown}>"


@pytest.mark.parametrize("locale", [ENGLISH, *LOCALES])
@pytest.mark.parametrize("unit", list(Unit))
def test_every_unit_has_words_in_every_language(locale: str, unit: Unit) -> None:
    upwork = PLATFORMS[Platform.UPWORK]
    stretch = Fact(Span(2, unit), "https://example.org/rule")
    platforms = {Platform.UPWORK: replace(upwork, client_dispute_response=stretch)}
    shown = fill_placeholders("{upwork.client_dispute_response}", platforms, locale=locale)
    assert re.fullmatch(r"2 \w[\w ]*", shown), shown


def test_a_language_without_unit_words_fails_loading() -> None:
    with pytest.raises(FaqDataError, match="locale"):
        fill_placeholders("{upwork.review}", locale="de")


def test_a_language_without_a_translation_is_refused_not_swapped_for_english() -> None:
    with pytest.raises(ValueError, match="'de'"):
        builtin_topics("de")


def test_each_language_is_loaded_once() -> None:
    assert builtin_topics() is builtin_topics(ENGLISH)
    for locale in LOCALES:
        assert builtin_topics(locale) is builtin_topics(locale)
        assert builtin_topics(locale) is not builtin_topics()
