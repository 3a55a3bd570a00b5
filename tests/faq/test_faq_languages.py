"""The FAQ in the reader's language, on a real database (both backends): built-in topics and search per
language, and a server's text for one language or for all, with removal, reset and the change log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from bot.domain.errors import NotAllowed, NotFound
from bot.faq import builtin_topics
from bot.faq.builtin import TOPIC_ORDER
from bot.i18n.speaking import speaking
from bot.services.faq import ALL_LANGUAGES, MAX_SERVER_TOPICS, FaqService, reader_language
from bot.services.work import Store
from storage.database import Database

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = 1001
ADA = 11
EN, PT, ES = "en-US", "pt-BR", "es-ES"


@pytest.fixture
async def faq(db: Database) -> FaqService:
    service = FaqService(Store(db, ManualClock(START)))
    await service.load_builtin()
    return service


async def _keys(faq: FaqService, query: str, language: str, guild_id: int | None = HOME) -> list[str]:
    return [topic.key for topic in (await faq.search(guild_id, query, language=language)).topics]


async def _title(faq: FaqService, language: str, key: str = "review-period") -> str:
    return (await faq.show(HOME, key, language=language)).title


def test_the_reader_language_follows_the_reply_and_latin_american_spanish_reads_spanish() -> None:
    with speaking("es-419"):
        assert reader_language() == ES
    with speaking("de"):
        assert reader_language() == EN
    with speaking("pt-BR"):
        assert reader_language() == PT
    assert reader_language("fr") == EN


@pytest.mark.parametrize("locale", [PT, ES])
async def test_each_language_reads_its_own_built_in_topics_in_a_server_and_in_a_dm(
    faq: FaqService, locale: str
) -> None:
    translated = builtin_topics(locale)
    for guild_id in (HOME, None):
        topics = await faq.topics(guild_id, language=locale)
        assert topics == [translated[key] for key in TOPIC_ORDER]
    # Read from the reply's language when none is given.
    with speaking(locale):
        assert await faq.show(HOME, "review-period") == translated["review-period"]
        assert await faq.show(HOME, translated["bonuses"].title.upper()) == translated["bonuses"]


@pytest.mark.parametrize(
    ("language", "query", "first"),
    [
        (PT, "reembolso", "refunds-and-disputes"),
        (PT, "saque", "payment-hold"),
        (PT, "deposito", "funding-and-escrow"),  # without the accent
        (ES, "reembolso", "refunds-and-disputes"),
        (ES, "hito", "milestones"),
        (ES, "financiación", "funding-and-escrow"),
        (EN, "escrow", "funding-and-escrow"),
    ],
)
async def test_search_finds_the_words_of_the_readers_language(
    faq: FaqService, language: str, query: str, first: str
) -> None:
    assert (await _keys(faq, query, language))[0] == first
    assert (await _keys(faq, query, language, guild_id=None))[0] == first


async def test_a_word_of_another_language_is_not_found_by_full_text_search(faq: FaqService) -> None:
    result = await faq.search(HOME, "saque", language=EN)
    assert result.fuzzy or "payment-hold" not in [topic.key for topic in result.topics]


async def test_a_text_for_one_language_comes_before_the_text_for_all_then_the_built_in_one(
    faq: FaqService,
) -> None:
    spanish = await faq.set(HOME, ADA, "review-period", "Revisión aquí", "Un mentor revisa antes.", ES)
    assert spanish.builtin_key and spanish.created and spanish.language == ES
    assert await _title(faq, ES) == "Revisión aquí"
    assert await _title(faq, PT) == builtin_topics(PT)["review-period"].title
    assert await _title(faq, EN) == "Review period and auto-release"

    everyone = await faq.set(HOME, ADA, "review-period", "Review here", "A mentor looks first.")
    assert everyone.language == ALL_LANGUAGES and everyone.created
    assert [await _title(faq, language) for language in (EN, PT, ES)] == [
        "Review here",
        "Review here",
        "Revisión aquí",
    ]
    # Search follows what each reader sees.
    assert await _keys(faq, "mentor", ES) == ["review-period"]  # in the Spanish text
    assert "review-period" not in await _keys(faq, "looks", ES)  # Spanish readers don't see the text for all
    assert await _keys(faq, "looks", PT) == ["review-period"]
    # The text for all keeps every language's keywords: a Portuguese or Spanish keyword still finds it.
    assert (await _keys(faq, "revisão", PT))[0] == "review-period"
    assert (await _keys(faq, "auto-release", EN))[0] == "review-period"

    # Reset for Spanish: Spanish readers now read the server's text for all languages.
    back = await faq.reset(HOME, ADA, "review-period", ES)
    assert back.topic is not None and back.topic.title == "Review here"
    assert await _title(faq, ES) == "Review here"
    with pytest.raises(NotAllowed, match="for that language alone"):
        await faq.reset(HOME, ADA, "review-period", ES)
    # Reset for all: everyone reads the built-in topic in their language.
    await faq.reset(HOME, ADA, "review-period")
    for language, topics in ((EN, builtin_topics()), (PT, builtin_topics(PT)), (ES, builtin_topics(ES))):
        assert await faq.show(HOME, "review-period", language=language) == topics["review-period"]
        assert await _keys(faq, "mentor", language) == []


async def test_setting_for_all_languages_keeps_a_text_written_for_one(faq: FaqService) -> None:
    await faq.set(HOME, ADA, "bonuses", "Bônus aqui", "Texto nosso.", PT)
    await faq.set(HOME, ADA, "bonuses", "Bonuses here", "Our text.")
    assert await _title(faq, PT, "bonuses") == "Bônus aqui"
    await faq.reset(HOME, ADA, "bonuses")
    assert await _title(faq, PT, "bonuses") == builtin_topics(PT)["bonuses"].title


async def test_hiding_for_one_language_hides_the_built_in_and_the_text_for_all_for_those_readers_only(
    faq: FaqService,
) -> None:
    await faq.set(HOME, ADA, "bonuses", "Bonuses here", "Our bonus advice.")
    removed = await faq.remove(HOME, ADA, "bonuses", PT)
    assert removed.builtin_key and removed.language == PT
    assert "bonuses" not in [topic.key for topic in await faq.topics(HOME, language=PT)]
    with pytest.raises(NotFound):
        await faq.show(HOME, "bonuses", language=PT)
    assert "bonuses" not in await _keys(faq, "advice", PT)
    assert await _title(faq, EN, "bonuses") == "Bonuses here"
    assert await _title(faq, ES, "bonuses") == "Bonuses here"
    # Hidden for Portuguese readers already: removing it for them again finds nothing to remove.
    with pytest.raises(NotFound):
        await faq.remove(HOME, ADA, "bonuses", PT)
    # Still offered where an admin may bring it back.
    assert [topic.key for topic in await faq.choices(HOME, "bon", "changed", language=PT)] == ["bonuses"]

    await faq.reset(HOME, ADA, "bonuses", PT)
    assert await _title(faq, PT, "bonuses") == "Bonuses here"


async def test_a_servers_topic_for_one_language_only_is_seen_by_those_readers_only(faq: FaqService) -> None:
    added = await faq.set(HOME, ADA, "pix", "Pagamentos por Pix", "Como receber de clientes no Brasil.", PT)
    assert added.created and not added.builtin_key
    assert [topic.key for topic in await faq.topics(HOME, language=PT)] == [*TOPIC_ORDER, "pix"]
    assert [topic.key for topic in await faq.topics(HOME, language=EN)] == list(TOPIC_ORDER)
    assert await _keys(faq, "pix", PT) == ["pix"]
    with pytest.raises(NotFound):
        await faq.show(HOME, "pix", language=EN)
    # An English-reading admin can still pick it to write its English text.
    assert [topic.key for topic in await faq.choices(HOME, "pix", "editable", language=EN)] == ["pix"]
    english = await faq.set(HOME, ADA, "pix", "Pix payments", "How Brazilian clients pay.", EN, language=EN)
    assert english.created
    assert await _title(faq, EN, "pix") == "Pix payments"

    # Removing it for Portuguese readers deletes their text; English readers keep theirs.
    gone = await faq.remove(HOME, ADA, "pix", PT)
    assert not gone.builtin_key
    with pytest.raises(NotFound):
        await faq.show(HOME, "pix", language=PT)
    assert await _title(faq, EN, "pix") == "Pix payments"
    # Removing it for all languages deletes every text of it.
    await faq.remove(HOME, ADA, "pix", language=PT)
    assert "pix" not in [topic.key for topic in await faq.topics(HOME, language=EN)]
    assert await _keys(faq, "brazilian", EN) == []


async def test_a_topic_in_several_languages_counts_once_toward_the_limit(faq: FaqService) -> None:
    for number in range(MAX_SERVER_TOPICS):
        await faq.set(HOME, ADA, f"topic-{number}", f"Topic {number}", "Text")
    for language in (EN, PT, ES):
        await faq.set(HOME, ADA, "topic-0", "Tópico", "Texto", language)
    with pytest.raises(NotAllowed, match="Remove one"):
        await faq.set(HOME, ADA, "one-too-many", "One too many", "Text", PT)


async def test_the_change_log_says_which_language_changed(faq: FaqService) -> None:
    await faq.set(HOME, ADA, "review-period", "Revisión", "Texto.", ES)
    await faq.remove(HOME, 12, "bonuses", PT)
    await faq.reset(HOME, ADA, "review-period")
    log = [
        (change.topic, change.action, change.by_user, change.language) for change in await faq.changes(HOME)
    ]
    assert log == [
        ("review-period", "set", ADA, ES),
        ("bonuses", "remove", 12, PT),
        ("review-period", "reset", ADA, ALL_LANGUAGES),
    ]


async def test_the_form_is_prefilled_with_the_text_for_the_language_chosen(faq: FaqService) -> None:
    key, current = await faq.for_edit(HOME, "review-period", ES, language=EN)
    assert key == "review-period" and current == builtin_topics(ES)["review-period"]
    await faq.set(HOME, ADA, "review-period", "Review here", "Ours.")
    _key, current = await faq.for_edit(HOME, "review-period", language=PT)
    assert current is not None and current.title == "Review here"
    _key, current = await faq.for_edit(HOME, builtin_topics(PT)["bonuses"].title, PT, language=PT)
    assert current == builtin_topics(PT)["bonuses"]
