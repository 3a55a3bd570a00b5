"""A FAQ topic names commands as the reader's Discord lists them, as every reply does."""

from __future__ import annotations

from bot.i18n.speaking import speaking
from cogs.common import limits
from cogs.faq.render import with_local_commands


def test_commands_in_a_topic_read_in_the_readers_language_and_keys_stay() -> None:
    text = "See `/faq show review-period`, then `/milestone fund` and `/summary`."
    with speaking("pt-BR"):
        assert (
            with_local_commands(text)
            == "See `/faq mostrar review-period`, then `/milestone depositar` and `/resumo`."
        )
    with speaking("es-ES"):
        assert (
            with_local_commands(text)
            == "See `/faq mostrar review-period`, then `/hito financiar` and `/resumen`."
        )
    with speaking("en-US"):
        assert with_local_commands(text) == text


def test_a_text_the_longer_names_would_push_past_the_limit_is_shown_as_written() -> None:
    text = "`/settings` " + "x" * (limits.DESCRIPTION - len("`/settings` "))  # `/configurações` is longer
    with speaking("pt-BR"):
        assert with_local_commands(text) == text
