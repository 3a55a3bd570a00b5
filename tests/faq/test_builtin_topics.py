"""The shipped FAQ answers: every topic loads, fits one Discord embed, cites sources, and quotes platform numbers
from the platforms table rather than from memory."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from bot.domain.platforms import PLATFORMS, Platform
from bot.faq import FaqTopic, builtin_topics
from bot.faq.builtin import TOPIC_ORDER

EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
# Long answers are hard to read on a phone; the admin limit (4,000) is a ceiling, not a target.
READABLE_BODY_MAX = 1800

_UPWORK = "https://support.upwork.com/hc/en-us/articles/"
# Platform facts that are not in the platforms table, written as text: each must cite this source.
NUMBERS_OUTSIDE_TABLE: dict[str, str] = {
    "90 days": f"{_UPWORK}360000990208",  # Upwork: contract dormant after 90 days without activity
    "5 business days": f"{_UPWORK}211062068",  # Upwork: client's time to answer a freelancer's dispute
    "7 days": "https://help.fiverr.com/hc/en-us/articles/4414438601873",  # Fiverr Top Rated clearance
    "15 days": "https://support.peopleperhour.com/hc/en-us/articles/205218297",  # PeoplePerHour Projects
    "3 working days": "https://support.peopleperhour.com/hc/en-us/articles/205218297",  # PPH checks
    "28 days": "https://guru.com/blog/improvements-coming-invoice-auto-pay/",  # Guru's longest window
}

_NUMBER_OF_DAYS = re.compile(r"\b(\d+)(?:\s+|-)((?:business |working )?(?:days?|hours?))\b")
_PLACEHOLDER = re.compile(r"\{([a-z]+)\.[a-z_]+\}")

TOPICS = builtin_topics()


def _table_numbers() -> set[int]:
    numbers: set[int] = set()
    for rules in PLATFORMS.values():
        for value in (
            rules.review_days,
            rules.hold_days,
            rules.refund_response_days,
            rules.bonus_after_end_days,
        ):
            if value is not None:
                numbers.add(value)
    return numbers


def _raw_text(key: str) -> str:
    return resources.files("bot.faq").joinpath("topics", f"{key}.md").read_text(encoding="utf-8")


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
def test_platform_numbers_come_from_the_table_or_a_cited_fact(key: str) -> None:
    topic = TOPICS[key]
    table = _table_numbers()
    for number, unit in _NUMBER_OF_DAYS.findall(topic.body):
        value = int(number)
        if unit.startswith("hour"):
            # Hours are a platform's days said another way, never a number of their own.
            assert value % 24 == 0, f"{key}: {number} {unit}"
            value //= 24
        if value in table:
            continue
        phrase = f"{number} {unit}"
        assert phrase in NUMBERS_OUTSIDE_TABLE, (
            f"{key}: '{phrase}' is neither in the platforms table nor listed"
        )
        assert _cites(topic, NUMBERS_OUTSIDE_TABLE[phrase]), f"{key}: '{phrase}' without its source"


@pytest.mark.parametrize("key", TOPIC_ORDER)
def test_topic_cites_the_platforms_whose_numbers_it_uses(key: str) -> None:
    topic = TOPICS[key]
    for platform in set(_PLACEHOLDER.findall(_raw_text(key))):
        sources = PLATFORMS[Platform(platform)].sources
        assert any(_cites(topic, url) for url in sources), f"{key} uses {platform} numbers without a source"


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
