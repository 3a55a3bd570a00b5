"""Which messages for the client a contract calls for, as it stands, and how the drafts word them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.asks import Ask, Situation, situations
from bot.domain.contracts import Contract, end_contract, record_step
from bot.domain.lifecycle import EventKind, Milestone
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.text import MAX_TITLE
from bot.i18n.locales import ENGLISH, TRANSLATED
from bot.i18n.speaking import speaking
from cogs.common import limits
from cogs.common.drafts import copy_ready, draft_text

E = EventKind
D = timedelta(days=1)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def contract(platform: Platform, review_days: int | None) -> Contract:
    milestone = Milestone(7, 1, 1, "Sketches", Money(5000, "USD"), None, changed_at=NOW - 30 * D)
    return Contract(
        1, 9, "Logo", "Dana", platform, Money(5000, "USD"), review_days, NOW - 30 * D, None, (milestone,)
    )


def test_work_in_review_is_asked_to_be_released_only_once_nothing_releases_it_by_itself() -> None:
    upwork = record_step(
        record_step(contract(Platform.UPWORK, 14), 7, E.FUND, NOW - 5 * D)[0], 7, E.SUBMIT, NOW - 5 * D
    )[0]
    assert situations(upwork, NOW) == []  # the review still runs: Upwork releases it by itself
    assert [s.ask for s in situations(upwork, NOW + 10 * D)] == [Ask.RELEASE]
    freelancer = contract(Platform.FREELANCER, None)
    freelancer = record_step(record_step(freelancer, 7, E.FUND, NOW - 5 * D)[0], 7, E.SUBMIT, NOW - 2 * D)[0]
    (release,) = situations(freelancer, NOW)
    assert release.ask is Ask.RELEASE and release.at == NOW - 2 * D
    text = draft_text(release, ZoneInfo("UTC"))
    assert text.startswith(
        "Hi Dana, I submitted \u201cSketches\u201d on Saturday 31 October 2026. If you're happy"
    )
    assert text.endswith("Freelancer.com's help pages: https://freelancer.com/support")


def test_a_direct_client_is_asked_to_pay_unfunded_work_directly_and_has_no_help_link() -> None:
    ended, _ = end_contract(contract(Platform.DIRECT, None), NOW)
    (bonus,) = situations(ended, NOW)
    assert bonus.ask is Ask.BONUS and bonus.at is None
    text = draft_text(bonus, ZoneInfo("UTC"))
    assert "could you pay it to me directly?" in text and "help pages" not in text


def test_a_draft_is_written_in_the_readers_language_with_the_english_one_beside_it() -> None:
    freelancer = record_step(contract(Platform.FREELANCER, None), 7, E.FUND, NOW - 5 * D)[0]
    (release,) = situations(record_step(freelancer, 7, E.SUBMIT, NOW - 2 * D)[0], NOW)
    with speaking("pt-BR"):
        text = draft_text(release, ZoneInfo("UTC"))
        shown = copy_ready(release, ZoneInfo("UTC"))
    assert text.startswith("Olá, Dana! Entreguei \u201cSketches\u201d em sábado, 31 de outubro de 2026.")
    assert "liberar o pagamento (US$\xa050,00) na Freelancer.com?" in text
    assert text.endswith("Páginas de ajuda da Freelancer.com: https://freelancer.com/support")
    mine, english = shown.split("```")[1::2]
    assert mine.strip() == text
    with speaking(ENGLISH):
        assert english.strip() == draft_text(release, ZoneInfo("UTC"))
        assert copy_ready(release, ZoneInfo("UTC")).count("```") == 2  # English readers get one block


@pytest.mark.parametrize("locale", [ENGLISH, *TRANSLATED])
def test_every_draft_fits_a_message_with_the_longest_names(locale: str) -> None:
    """Titles and names as long as the bot accepts, in every situation: the reply fits Discord's 2,000
    characters, and a translated one keeps the English draft beside it."""
    long = "W" * MAX_TITLE
    milestone = Milestone(7, 1, 1, long, Money(99_999_999_999, "USD"), NOW + 3 * D, changed_at=NOW - 30 * D)
    for platform in (Platform.UPWORK, Platform.FREELANCER, Platform.DIRECT):
        base = Contract(1, 9, long, long, platform, milestone.amount, 14, NOW - 30 * D, None, (milestone,))
        for ask in Ask:
            situation = Situation(ask, base, None if ask is Ask.BONUS else milestone, milestone.amount, NOW)
            with speaking(locale):
                shown = copy_ready(situation, ZoneInfo("Pacific/Kiritimati"))
            assert limits.size(shown) <= limits.CONTENT, (platform, ask, limits.size(shown))
            assert shown.count("```") == (2 if locale == ENGLISH else 4), (platform, ask)
