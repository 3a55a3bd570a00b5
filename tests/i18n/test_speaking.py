"""Which language a reply is written in, and the words it uses for counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.i18n.locales import language_of
from bot.i18n.speaking import _, current_locale, speaking
from cogs.common.render import span_words


@pytest.mark.parametrize(
    ("locale", "language"),
    [("pt-BR", "pt-BR"), ("es-ES", "es-ES"), ("es-419", "es-ES"), ("de", "en-US"), (None, "en-US")],
)
def test_a_discord_locale_reads_its_catalog_or_english(locale: str | None, language: str) -> None:
    assert language_of(locale) == language


def test_speaking_sets_the_language_inside_and_restores_it_after() -> None:
    with speaking("es-ES"):
        assert _("Amount") == "Importe"
        with speaking("pt-BR"):
            assert (_("Amount"), current_locale()) == ("Valor", "pt-BR")
        assert current_locale() == "es-ES"
    assert (_("Amount"), current_locale()) == ("Amount", "en-US")
    with speaking("de"):  # no German catalog yet: English words, German money and dates
        assert (_("Amount"), current_locale()) == ("Amount", "de")


@pytest.mark.parametrize(
    ("locale", "span", "words"),
    [
        ("pt-BR", timedelta(days=1, hours=12), "1 dia 12 horas"),
        ("pt-BR", timedelta(days=14), "14 dias"),
        ("es-ES", timedelta(hours=1, minutes=30), "1 hora 30 minutos"),
        ("es-ES", timedelta(days=3), "3 días"),
        ("en-US", timedelta(days=1, minutes=1), "1 day 1 minute"),
    ],
)
def test_spans_use_the_languages_singular_and_plural(locale: str, span: timedelta, words: str) -> None:
    with speaking(locale):
        assert span_words(span) == words
