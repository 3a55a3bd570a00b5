"""The topic file format, its placeholders, and the checks shared with admin-written topics."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput
from bot.faq import FaqDataError, fill_placeholders, validate_body, validate_title, validate_topic_key
from bot.faq.builtin import parse_topic

GOOD_FILE = """---
topic: late-payments
title: Late payments
keywords: late, overdue
sources: https://example.org/a, https://example.org/b
---
Upwork gives clients {upwork.review_days} days.
"""


def test_a_well_formed_file_becomes_a_topic_with_numbers_filled_in() -> None:
    topic = parse_topic(GOOD_FILE)
    assert topic.key == "late-payments"
    assert topic.title == "Late payments"
    assert topic.keywords == ("late", "overdue")
    assert topic.sources == ("https://example.org/a", "https://example.org/b")
    assert topic.body == "Upwork gives clients 14 days."
    assert topic.builtin


@pytest.mark.parametrize(
    "placeholder",
    [
        "{upwork.review_dayz}",
        "{upwerk.review_days}",
        "{review_days}",
        "{upwork.sources}",
        "{ upwork.review_days }",
        "{upwork.review.1}",  # a position on a single fact
        "{upwork.mediation}",  # a list without a position
        "{upwork.mediation.0}",  # positions count from 1
        "{upwork.mediation.x}",
        "{upwork.escrow_when_client_ends}",  # not a value a sentence can quote
    ],
)
def test_an_unknown_placeholder_fails_loading(placeholder: str) -> None:
    with pytest.raises(FaqDataError, match="placeholder"):
        fill_placeholders(f"Clients have {placeholder} days.")


@pytest.mark.parametrize(
    "placeholder",
    ["{freelancer.review_days}", "{freelancer.dormant_after}", "{fiverr.other_holds.2}", "{direct.review}"],
)
def test_a_placeholder_for_a_fact_the_platform_lacks_fails_loading(placeholder: str) -> None:
    with pytest.raises(FaqDataError, match="no value"):
        fill_placeholders(f"It takes {placeholder}.")


@pytest.mark.parametrize(
    ("placeholder", "shown"),
    [
        ("{upwork.review}", "14 days"),
        ("{upwork.client_dispute_response}", "5 business days"),
        ("{upwork.mediation.2}", "30 days"),
        ("{peopleperhour.hold}", "3 working days"),
        ("{peopleperhour.other_reviews.1}", "15 days"),
        ("{contra.review}", "120 hours"),
        ("{guru.release_delay}", "7 days"),
        ("{upwork.minimum_milestone_usd}", "5"),
    ],
)
def test_a_stretch_of_time_is_shown_with_its_unit(placeholder: str, shown: str) -> None:
    assert fill_placeholders(f"<{placeholder}>") == f"<{shown}>"


def test_known_placeholders_are_filled() -> None:
    text = "{upwork.name}: {upwork.review_days}, {upwork.hold_days}, {fiverr.hold_days}, {contra.review_days}"
    assert fill_placeholders(text) == "Upwork: 14, 5, 14, 5"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("topic: x\n---\nbody", "start with"),
        ("---\ntopic: x\nbody", "closing"),
        (GOOD_FILE.replace("keywords:", "tags:"), "unexpected header"),
        (GOOD_FILE.replace("sources: https://example.org/a, ", "sources: http://example.org/a, "), "https"),
        (GOOD_FILE.replace("sources: https://example.org/a, https://example.org/b", "sources:"), "https"),
        (GOOD_FILE.replace("title: Late payments\n", ""), "missing title"),
        (GOOD_FILE.replace("topic: late-payments", "topic: Late Payments!"), "topic name"),
        (GOOD_FILE.replace("Upwork gives clients {upwork.review_days} days.", ""), "empty"),
        (GOOD_FILE + "x" * 4000, "4,000"),
        (GOOD_FILE.replace("title: Late payments", "title: Late payments\ntitle: Again"), "twice"),
    ],
)
def test_malformed_files_are_rejected(text: str, problem: str) -> None:
    with pytest.raises(FaqDataError, match=problem):
        parse_topic(text)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("late-payments", "late-payments"),
        ("  Review-Period ", "review-period"),
        ("2fa", "2fa"),
        ("a" * 40, "a" * 40),
    ],
)
def test_topic_names_accepted(typed: str, stored: str) -> None:
    assert validate_topic_key(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "   ", "-late", "late payments", "late_payments", "café", "a" * 41, "why?"]
)
def test_topic_names_rejected_with_an_example(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_topic_key(typed)
    assert "`late-payments`" in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Late payments", "Late payments"),
        ("  Late payments  ", "Late payments"),
        ("x", "x"),
        ("t" * 100, "t" * 100),
    ],
)
def test_titles_accepted(typed: str, stored: str) -> None:
    assert validate_title(typed) == stored


@pytest.mark.parametrize(
    ("typed", "problem"), [("", "empty"), ("   ", "empty"), ("t" * 101, "101 characters")]
)
def test_titles_rejected(typed: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        validate_title(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ask for a deposit.", "Ask for a deposit."),
        ("\n  Ask first.\n", "Ask first."),
        ("b" * 4000, "b" * 4000),
    ],
)
def test_answers_accepted(typed: str, stored: str) -> None:
    assert validate_body(typed) == stored


@pytest.mark.parametrize(
    ("typed", "problem"), [("", "empty"), (" \n ", "empty"), ("b" * 4001, "4,001 characters")]
)
def test_answers_rejected(typed: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        validate_body(typed)
