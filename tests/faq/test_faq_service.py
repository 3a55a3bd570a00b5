"""The FAQ as each server sees it, on a real SQLite file: search, overrides, removal, reset, the change log."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.faq import builtin_topics
from bot.faq.builtin import TOPIC_ORDER
from bot.services.faq import MAX_SERVER_TOPICS, FaqService, search_words
from bot.services.work import Store
from storage.database import Database
from storage.faq import match_expression

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = 1001  # the server whose admins edit the FAQ
ELSEWHERE = 2002  # another server: never sees HOME's changes
ADA = 11  # an admin of HOME
DM = None

OUR_REVIEW_TEXT = "In this server, ping a mentor before the review period ends."


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def faq(db: Database, clock: ManualClock) -> FaqService:
    service = FaqService(Store(db, clock))
    await service.load_builtin()
    return service


async def _keys(faq: FaqService, guild_id: int | None, query: str) -> list[str]:
    return [topic.key for topic in (await faq.search(guild_id, query)).topics]


# -- reading ------------------------------------------------------------------------------------


async def test_a_dm_and_a_fresh_server_see_the_built_in_topics_in_order(faq: FaqService) -> None:
    for guild_id in (DM, HOME):
        topics = await faq.topics(guild_id)
        assert [topic.key for topic in topics] == list(TOPIC_ORDER)
        assert all(topic.builtin and topic.sources for topic in topics)


async def test_show_takes_a_key_or_the_exact_title_in_any_case(faq: FaqService) -> None:
    by_key = await faq.show(HOME, "review-period")
    assert "14 days" in by_key.body and "Submit work" in by_key.body
    assert await faq.show(HOME, "  REVIEW period AND auto-release ") == by_key


async def test_an_unknown_topic_suggests_close_ones(faq: FaqService) -> None:
    with pytest.raises(NotFound) as error:
        await faq.show(HOME, "escorw")
    assert "`funding-and-escrow`" in error.value.message
    assert "/faq list" in error.value.message


async def test_escrow_ranks_the_funding_topic_first(faq: FaqService) -> None:
    result = await faq.search(HOME, "escrow")
    assert not result.fuzzy
    assert result.topics[0].key == "funding-and-escrow"


async def test_a_misspelt_search_still_finds_the_topic(faq: FaqService) -> None:
    result = await faq.search(DM, "escorw")
    assert result.fuzzy
    assert result.topics[0].key == "funding-and-escrow"


async def test_words_in_the_title_or_keywords_outrank_the_same_words_in_a_body(faq: FaqService) -> None:
    # Each of these words is said more often in another topic's body than where it is a keyword.
    assert (await _keys(faq, HOME, "fiverr"))[0] == "other-platforms"
    assert (await _keys(faq, HOME, "deadline"))[0] == "review-period"
    assert (await _keys(faq, HOME, "delivery"))[0] == "submitting-work"
    assert (await _keys(faq, HOME, "payment hold"))[0] == "payment-hold"
    assert (await _keys(faq, HOME, "refund dispute"))[0] == "refunds-and-disputes"
    assert (await _keys(faq, HOME, "bonus"))[0] == "bonuses"


async def test_when_no_topic_has_every_word_any_word_counts(faq: FaqService) -> None:
    # "recovered" is only in the funding topic's body, so the misspelling fallback could not find it.
    result = await faq.search(HOME, "recovered xylophone")
    assert not result.fuzzy
    assert [topic.key for topic in result.topics] == ["funding-and-escrow"]


@pytest.mark.parametrize(
    "query",
    [
        '"escrow',
        "escrow*",
        "NOT escrow",
        "escrow OR",
        "title:escrow",
        "(escrow",
        "NEAR(escrow review)",
        "^escrow",
    ],
)
async def test_search_syntax_in_a_query_is_only_text(faq: FaqService, query: str) -> None:
    assert "funding-and-escrow" in await _keys(faq, HOME, query)


@pytest.mark.parametrize("query", ["", "   ", "!!! ???", "x" * 101])
async def test_a_search_without_words_or_too_long_is_refused(faq: FaqService, query: str) -> None:
    with pytest.raises(InvalidInput):
        await faq.search(HOME, query)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_makes_a_valid_fts5_query(text: str) -> None:
    schema = resources.files("storage.migrations").joinpath("0001_initial.sql").read_text(encoding="utf-8")
    table = schema[schema.index("CREATE VIRTUAL TABLE faq_search") :].split(";")[0]
    with sqlite3.connect(":memory:") as conn:
        conn.execute(table)
        conn.execute("INSERT INTO faq_search VALUES (0, 'x', 'Escrow', 'fund', 'Money in escrow')")
        for every_word in (True, False):
            words = search_words(text)
            if words:
                conn.execute(
                    "SELECT topic FROM faq_search WHERE faq_search MATCH ?",
                    (match_expression(words, every_word=every_word),),
                ).fetchall()
    # Words with quotes inside (storage's own guard, for callers that skip search_words) stay text too.
    with sqlite3.connect(":memory:") as conn:
        conn.execute(table)
        conn.execute(
            "SELECT * FROM faq_search WHERE faq_search MATCH ?",
            (match_expression([text or "x"], every_word=True),),
        )


async def test_restarting_does_not_duplicate_search_results(faq: FaqService) -> None:
    await faq.load_builtin()
    await faq.load_builtin()
    keys = await _keys(faq, HOME, "milestone")
    assert len(keys) == len(set(keys))


# -- an admin's own text ------------------------------------------------------------------------


async def test_an_override_replaces_the_text_in_that_server_only(faq: FaqService) -> None:
    edit = await faq.set(HOME, ADA, "review-period", "Review period (our rules)", OUR_REVIEW_TEXT)
    assert edit.builtin_key and edit.created

    ours = await faq.show(HOME, "review-period")
    assert (ours.title, ours.body, ours.builtin, ours.sources) == (
        "Review period (our rules)",
        OUR_REVIEW_TEXT,
        False,
        (),
    )
    theirs = await faq.show(ELSEWHERE, "review-period")
    assert theirs.builtin and "14 days" in theirs.body
    assert (await faq.show(DM, "review-period")).builtin

    # Search follows what each server shows: the new words here, the built-in words elsewhere.
    assert (await _keys(faq, HOME, "mentor"))[0] == "review-period"
    assert "review-period" not in await _keys(faq, ELSEWHERE, "mentor")
    # The override keeps the topic's keywords, so the usual words still lead to it.
    assert (await _keys(faq, HOME, "auto-release"))[0] == "review-period"


async def test_a_server_topic_of_its_own_is_listed_after_the_built_in_ones(faq: FaqService) -> None:
    edit = await faq.set(HOME, ADA, "Late-Payments", "Late payments", "Chase politely after 3 days.")
    assert edit.created and not edit.builtin_key and edit.topic.key == "late-payments"

    keys = [topic.key for topic in await faq.topics(HOME)]
    assert keys == [*TOPIC_ORDER, "late-payments"]
    assert await _keys(faq, HOME, "chase") == ["late-payments"]
    assert [topic.key for topic in await faq.topics(ELSEWHERE)] == list(TOPIC_ORDER)
    assert await _keys(faq, ELSEWHERE, "chase") == []
    with pytest.raises(NotFound):
        await faq.show(ELSEWHERE, "late-payments")

    again = await faq.set(HOME, ADA, "late payments", "Late payments", "Chase after 5 days.")
    assert not again.created and again.topic.key == "late-payments"
    assert (await faq.show(HOME, "late-payments")).body == "Chase after 5 days."


async def test_removing_hides_a_built_in_topic_and_reset_brings_it_back(faq: FaqService) -> None:
    await faq.set(HOME, ADA, "bonuses", "Bonuses here", "Our own bonus advice.")
    removed = await faq.remove(HOME, ADA, "bonuses")
    assert removed.builtin_key

    assert "bonuses" not in [topic.key for topic in await faq.topics(HOME)]
    assert "bonuses" not in await _keys(faq, HOME, "bonus")
    assert "bonuses" not in [topic.key for topic in await faq.choices(HOME, "bon")]
    with pytest.raises(NotFound):
        await faq.show(HOME, "bonuses")
    assert (await faq.show(ELSEWHERE, "bonuses")).builtin
    # Hidden topics are still offered where an admin may bring them back.
    assert [topic.key for topic in await faq.choices(HOME, "bon", "changed")] == ["bonuses"]
    assert [topic.key for topic in await faq.choices(HOME, "bon", "editable")] == ["bonuses"]

    reset = await faq.reset(HOME, ADA, "bonuses")
    assert reset.topic == builtin_topics()["bonuses"]
    assert await faq.show(HOME, "bonuses") == builtin_topics()["bonuses"]
    assert (await _keys(faq, HOME, "bonus"))[0] == "bonuses"


async def test_reset_restores_the_built_in_text_after_an_override(faq: FaqService) -> None:
    await faq.set(HOME, ADA, "review-period", "Ours", OUR_REVIEW_TEXT)
    await faq.reset(HOME, ADA, "review-period")
    shown = await faq.show(HOME, "review-period")
    assert shown.builtin and "14 days" in shown.body
    assert "review-period" not in await _keys(faq, HOME, "mentor")


async def test_removing_a_server_topic_deletes_it(faq: FaqService) -> None:
    await faq.set(HOME, ADA, "late-payments", "Late payments", "Chase politely.")
    removed = await faq.remove(HOME, ADA, "Late payments")
    assert not removed.builtin_key
    with pytest.raises(NotFound):
        await faq.show(HOME, "late-payments")
    assert await _keys(faq, HOME, "chase") == []
    with pytest.raises(NotAllowed, match="not a built-in topic"):
        await faq.reset(HOME, ADA, "late-payments")


async def test_reset_of_an_untouched_topic_says_so(faq: FaqService) -> None:
    with pytest.raises(NotAllowed, match="already shows the built-in text"):
        await faq.reset(HOME, ADA, "milestones")
    with pytest.raises(NotFound):
        await faq.remove(HOME, ADA, "no-such-topic")


async def test_each_change_is_recorded_with_who_and_when(faq: FaqService, clock: ManualClock) -> None:
    await faq.set(HOME, ADA, "review-period", "Ours", OUR_REVIEW_TEXT)
    clock.advance(timedelta(hours=1))
    await faq.remove(HOME, 12, "review-period")
    clock.advance(timedelta(hours=1))
    await faq.reset(HOME, ADA, "review-period")

    log = [(c.topic, c.action, c.by_user, c.at) for c in await faq.changes(HOME)]
    assert log == [
        ("review-period", "set", ADA, START),
        ("review-period", "remove", 12, START + timedelta(hours=1)),
        ("review-period", "reset", ADA, START + timedelta(hours=2)),
    ]
    assert await faq.changes(ELSEWHERE) == []


@pytest.mark.parametrize(
    ("topic", "title", "body", "complaint"),
    [
        ("Late payments!", "Late payments", "Text", "lowercase letters, digits and dashes"),
        ("x" * 41, "Late payments", "Text", "lowercase letters, digits and dashes"),
        ("late-payments", "   ", "Text", "title is empty"),
        ("late-payments", "T" * 101, "Text", "100 or fewer"),
        ("late-payments", "Late payments", "  ", "answer is empty"),
        ("late-payments", "Late payments", "b" * 4001, "4,000 or fewer"),
        ("review-period", "Ours", "b" * 4001, "4,000 or fewer"),
    ],
)
async def test_bad_input_explains_and_writes_nothing(
    faq: FaqService, topic: str, title: str, body: str, complaint: str
) -> None:
    with pytest.raises(InvalidInput, match=complaint):
        await faq.set(HOME, ADA, topic, title, body)
    assert await faq.changes(HOME) == []
    assert [t.key for t in await faq.topics(HOME)] == list(TOPIC_ORDER)
    assert (await faq.show(HOME, "review-period")).builtin


async def test_a_server_has_a_limit_on_topics_of_its_own(faq: FaqService) -> None:
    for number in range(MAX_SERVER_TOPICS):
        await faq.set(HOME, ADA, f"topic-{number}", f"Topic {number}", "Text")
    # Replacing a built-in topic or editing an existing one is still fine at the limit.
    await faq.set(HOME, ADA, "bonuses", "Bonuses", "Ours")
    await faq.set(HOME, ADA, "topic-0", "Topic zero", "New text")
    with pytest.raises(NotAllowed, match="Remove one"):
        await faq.set(HOME, ADA, "one-too-many", "One too many", "Text")
    assert await faq.set(ELSEWHERE, ADA, "one-too-many", "Fine elsewhere", "Text")


async def test_autocomplete_matches_key_or_title_and_never_offers_another_servers_topics(
    faq: FaqService,
) -> None:
    await faq.set(ELSEWHERE, ADA, "escrow-tips", "Escrow tips", "Theirs only.")
    keys = [topic.key for topic in await faq.choices(HOME, "ESCROW")]
    assert keys == ["funding-and-escrow"]
    assert len(await faq.choices(HOME, "")) == len(TOPIC_ORDER)
    assert [topic.key for topic in await faq.choices(HOME, "auto-release")] == ["review-period"]
