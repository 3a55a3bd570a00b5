"""Misspelt FAQ searches still land on the right topic."""

from __future__ import annotations

import pytest

from bot.faq import FaqTopic, builtin_topics, fuzzy_match

TOPICS = list(builtin_topics().values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("escorw", "funding-and-escrow"),
        ("reveiw", "review-period"),
        ("refnd", "refunds-and-disputes"),
        ("bonsu", "bonuses"),
        ("milstone", "milestones"),
        ("pendnig", "payment-hold"),
        ("fiver", "other-platforms"),
        ("dispte", "refunds-and-disputes"),
        ("REVEIW PERIOD", "review-period"),
        ("submitt work", "submitting-work"),
    ],
)
def test_misspelling_finds_the_topic_first(query: str, expected: str) -> None:
    found = fuzzy_match(query, TOPICS)
    assert found, query
    assert found[0].key == expected


def test_nothing_close_means_no_result() -> None:
    assert fuzzy_match("xylophone", TOPICS) == []
    assert fuzzy_match("", TOPICS) == []
    assert fuzzy_match("?? !!", TOPICS) == []


def test_limit_caps_the_list() -> None:
    assert len(fuzzy_match("milestone escrow review refund bonus", TOPICS, limit=3)) == 3
    assert fuzzy_match("escrow", TOPICS, limit=0) == []


def test_topics_matching_more_of_the_query_rank_higher() -> None:
    found = fuzzy_match("refnd reqest", TOPICS)
    assert found[0].key == "refunds-and-disputes"


def test_admin_topics_are_matched_too() -> None:
    custom = FaqTopic(
        key="late-payments",
        title="Late payments",
        keywords=("late", "overdue"),
        body="Send a friendly note the day after the due date.",
        sources=(),
        builtin=False,
    )
    assert fuzzy_match("overdeu", [*TOPICS, custom])[0] is custom


@pytest.mark.parametrize(
    ("locale", "query", "expected"),
    [
        ("pt-BR", "custodia", "funding-and-escrow"),
        ("pt-BR", "liberacao automatica", "review-period"),
        ("pt-BR", "COMECAR", "using-this-bot"),
        ("es-ES", "deposito", "funding-and-escrow"),
        ("es-ES", "liberacion automatica", "review-period"),
    ],
)
def test_accents_and_case_do_not_matter_in_other_languages(locale: str, query: str, expected: str) -> None:
    """Typed without the accents (as on a phone), a word still finds its topic in that language.

    Before, words were split at every accent ("custódia" into "cust" and "dia"), so these found nothing.
    """
    found = fuzzy_match(query, builtin_topics(locale).values())
    assert found and found[0].key == expected, [topic.key for topic in found]
