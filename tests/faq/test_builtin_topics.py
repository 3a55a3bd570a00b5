"""The shipped FAQ answers: every topic loads, fits one Discord embed, cites sources, and quotes platform numbers
from the platforms table rather than from memory."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest

from bot.domain.platforms import PLATFORMS, Certainty, Fact, Platform, Span, Unit
from bot.faq import FaqTopic, builtin_topics
from bot.faq.builtin import TOPIC_ORDER

EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
# Long answers are hard to read on a phone; the admin limit (4,000) is a ceiling, not a target.
READABLE_BODY_MAX = 1800

_NUMBER_OF_DAYS = re.compile(r"\b(\d+)(\s+|-)((?:business |working )?(?:days?|hours?))\b")
# A placeholder as written in a topic file: platform, field, and for a list the position from 1.
_PLACEHOLDER = re.compile(r"\{([a-z]+)\.([a-z_]+)(?:\.(\d+))?\}")
_UNIT_WORDS = {
    Unit.DAYS: "days",
    Unit.BUSINESS_DAYS: "business days",
    Unit.WORKING_DAYS: "working days",
    Unit.HOURS: "hours",
}
# How a topic says a fact is less than certain, on the same line as the fact.
_HEDGES = {
    Certainty.USUALLY: ("usually",),
    Certainty.UNCERTAIN: ("uncertain",),
    Certainty.CONFLICT: ("disagree",),
}

TOPICS = builtin_topics()


def _spans_in_table() -> set[str]:
    """Every stretch of time the table states, as a topic shows it ("14 days", "5 business days")."""
    return {
        f"{fact.value.amount} {_UNIT_WORDS[fact.value.unit]}"
        for rules in PLATFORMS.values()
        for _, fact in rules.facts()
        if isinstance(fact.value, Span)
    }


def _days_in_table() -> set[int]:
    """The whole-day numbers a topic may quote bare, as in "a 14-day review"."""
    return {
        value
        for rules in PLATFORMS.values()
        for value in (
            rules.review_days,
            rules.hold_days,
            rules.refund_response_days,
            rules.bonus_after_end_days,
        )
        if value is not None
    }


def _raw_text(key: str) -> str:
    return resources.files("bot.faq").joinpath("topics", f"{key}.md").read_text(encoding="utf-8")


def _raw_body_lines(key: str) -> list[str]:
    return _raw_text(key).split("\n---\n", 1)[1].splitlines()


def _quoted_facts(key: str) -> list[tuple[str, str, Fact[Any]]]:
    """(placeholder, the raw line it sits on, the fact it shows) for every fact a topic quotes."""
    quoted = []
    for line in _raw_body_lines(key):
        for match in _PLACEHOLDER.finditer(line):
            platform, field, position = match.groups()
            rules = PLATFORMS[Platform(platform)]
            fact = getattr(rules, field)[int(position) - 1] if position else rules.fact(field)
            if fact is not None:
                quoted.append((match.group(0), line, fact))
    return quoted


def _lines(topic: FaqTopic) -> list[str]:
    return topic.body.splitlines()


def _cites(topic: FaqTopic, url: str) -> bool:
    return url in topic.sources or url in topic.body


def test_every_listed_topic_ships_in_the_product_order() -> None:
    assert tuple(TOPICS) == TOPIC_ORDER
    assert TOPIC_ORDER == (
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
    assert all(topic.builtin for topic in TOPICS.values())


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_topic_fits_one_readable_embed(key: str) -> None:
    topic = TOPICS[key]
    assert 0 < len(topic.title) <= EMBED_TITLE_MAX
    assert 0 < len(topic.body) <= EMBED_DESCRIPTION_MAX
    assert len(topic.body) <= READABLE_BODY_MAX, f"{key} is {len(topic.body)} characters"
    assert topic.keywords


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_topic_cites_https_sources(key: str) -> None:
    topic = TOPICS[key]
    assert topic.sources
    assert all(source.startswith("https://") for source in topic.sources)


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_no_placeholder_reaches_the_reader(key: str) -> None:
    assert not re.search(r"[{}]", TOPICS[key].body)


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_no_platform_number_is_typed_in_a_topic_file(key: str) -> None:
    # Numbers come through placeholders, so correcting the table corrects the answer.
    typed = _PLACEHOLDER.sub("", "\n".join(_raw_body_lines(key)))
    assert not _NUMBER_OF_DAYS.findall(typed), key


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_every_stretch_of_time_in_an_answer_is_one_the_table_states(key: str) -> None:
    spans, days = _spans_in_table(), _days_in_table()
    for number, separator, unit in _NUMBER_OF_DAYS.findall(TOPICS[key].body):
        if separator == "-":
            assert int(number) in days, f"{key}: {number}-{unit}"
        else:
            assert f"{number} {unit}" in spans, f"{key}: {number} {unit}"


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_topic_cites_the_source_of_every_fact_it_quotes(key: str) -> None:
    topic = TOPICS[key]
    for placeholder, _, fact in _quoted_facts(key):
        assert _cites(topic, fact.source), f"{key} quotes {placeholder} without {fact.source}"


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_a_fact_that_is_not_certain_is_said_with_its_hedge(key: str) -> None:
    for placeholder, line, fact in _quoted_facts(key):
        if not fact.certain:
            hedges = _HEDGES[fact.certainty]
            assert any(word in line.lower() for word in hedges), f"{key}: {placeholder} is {fact.certainty}"


def test_contras_window_is_never_stated_without_saying_it_is_uncertain() -> None:
    contra = PLATFORMS[Platform.CONTRA].review
    assert contra is not None
    window = f"{contra.value.amount} hours"
    said = [line for topic in TOPICS.values() for line in _lines(topic) if window in line]
    assert said
    assert all("uncertain" in line for line in said)


def test_fiverr_auto_complete_is_said_to_happen_usually() -> None:
    said = [
        line
        for topic in TOPICS.values()
        for line in _lines(topic)
        if "Fiverr" in line and "complete" in line and "3 days" in line
    ]
    assert said
    assert all("usually" in line for line in said)


def test_peopleperhour_counts_from_the_invoice_and_its_pages_disagree() -> None:
    (line,) = [line for line in _lines(TOPICS["other-platforms"]) if line.startswith("**PeoplePerHour**")]
    assert "**invoice**, not at delivery" in line
    assert "7 days for Offers" in line
    assert "disagree: 15 days" in line
    assert "30 days for custom Jobs" in line
    assert "3 working days" in line


def test_a_partial_release_leaves_the_rest_in_escrow() -> None:
    remainder = "stays in escrow until it is released, refunded or disputed"
    assert remainder in TOPICS["refunds-and-disputes"].body
    assert remainder in TOPICS["funding-and-escrow"].body
    assert (
        "While the contract is active, you can dispute a partial release."
        in TOPICS["refunds-and-disputes"].body
    )


def test_ending_a_contract_says_who_ends_it_matters() -> None:
    lines = _lines(TOPICS["ending-a-contract"])
    client_ends = next(line for line in lines if line.startswith("**The client ends it**"))
    assert "all of it, part of it, or none" in client_ends
    assert "**refund request**" in client_ends
    you_end = next(line for line in lines if line.startswith("**You end it**"))
    assert "goes back to the client" in you_end
    assert "Submit the last milestone" in you_end


@pytest.mark.parametrize("key", ["funding-and-escrow", "ending-a-contract"])
def test_dormant_escrow_goes_back_to_the_client(key: str) -> None:
    (line,) = [line for line in _lines(TOPICS[key]) if "90 days after the last milestone's due date" in line]
    assert re.search(r"goes back to the (\*\*)?client", line)


@pytest.mark.parametrize(
    ("key", "cannot", "bonus"),
    [
        ("funding-and-escrow", "never deposited can't be recovered through the platform", "ask for a bonus"),
        ("ending-a-contract", "never funded can't be collected through the platform", "pay it as a bonus"),
        ("bonuses", "never funded can't be collected through the platform", "a bonus is the way"),
    ],
)
def test_never_funded_money_cannot_be_collected_and_a_bonus_is_the_way(
    key: str, cannot: str, bonus: str
) -> None:
    body = TOPICS[key].body
    assert cannot in body
    assert bonus in body


def test_bonuses_topic_says_how_long_and_that_they_are_unprotected() -> None:
    body = TOPICS["bonuses"].body
    assert "up to 365 days after it ends" in body
    assert "**not covered by payment protection**" in body
    assert "same 5-day pending period" in body


def test_refund_request_unanswered_means_refunded() -> None:
    body = TOPICS["refunds-and-disputes"].body
    assert "**You have 7 days to answer.**" in body
    assert "If you do nothing, the money is refunded to the client." in body
    assert "5 business days to answer your dispute, or the funds go to you" in body
    assert "disagree on how long mediation lasts (21 days or 30 days)" in body


def test_payment_hold_tells_released_pending_and_available_apart() -> None:
    body = TOPICS["payment-hold"].body
    for word in ("**Released**", "**Pending**", "**Available**"):
        assert word in body
    assert "5-day security period" in body
    assert "usually completes 3 days after delivery" in body
    assert "clear after 14 days, or 7 days for Top Rated sellers" in body


def test_milestones_topic_quotes_the_minimum_from_the_table() -> None:
    minimum = PLATFORMS[Platform.UPWORK].minimum_milestone_usd
    assert minimum is not None
    assert f"smaller than ${minimum.value}." in TOPICS["milestones"].body
    assert "A funded milestone can't be edited." in TOPICS["milestones"].body


def test_review_topic_names_the_upwork_window_and_the_button() -> None:
    body = TOPICS["review-period"].body
    assert PLATFORMS[Platform.UPWORK].review_days == 14
    assert "14 days" in body
    assert "**Submit work**" in body


def test_topics_quote_the_current_upwork_windows() -> None:
    upwork = PLATFORMS[Platform.UPWORK]
    assert f"{upwork.hold_days}-day" in TOPICS["payment-hold"].body
    assert f"{upwork.refund_response_days} days to answer" in TOPICS["refunds-and-disputes"].body
    assert f"{upwork.bonus_after_end_days} days after it ends" in TOPICS["bonuses"].body


def test_funding_topic_is_the_best_answer_for_escrow() -> None:
    def mentions(topic: FaqTopic) -> int:
        text = " ".join((topic.title, *topic.keywords, topic.body)).lower()
        return text.count("escrow")

    ranked = sorted(TOPICS.values(), key=mentions, reverse=True)
    assert ranked[0].key == "funding-and-escrow"
    assert mentions(ranked[0]) > mentions(ranked[1])
    assert "project funds" in ranked[0].body


def test_no_fee_figures_in_any_answer() -> None:
    # Fees are disputed and change often: the FAQ leaves them out rather than risk a wrong number.
    for topic in TOPICS.values():
        assert not re.search(r"\d\s*%", topic.body), topic.key


def test_bot_commands_topic_lists_the_commands_members_use() -> None:
    body = TOPICS["using-this-bot"].body
    for command in ("/contract add", "/milestone add", "/milestone fund", "/summary", "/reminders list"):
        assert command in body
    for command in ("/settings", "/faq", "/privacy"):
        assert command in body


def test_topics_are_loaded_once() -> None:
    assert builtin_topics() is builtin_topics()
