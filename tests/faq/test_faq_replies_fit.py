"""Every FAQ reply fits Discord's limits in every language, with the longest text an admin may write, and
its words are the reader's language's."""

from __future__ import annotations

import pytest

from bot.faq import BODY_MAX, TITLE_MAX, TOPIC_KEY_MAX, FaqTopic, builtin_topics
from bot.i18n.locales import ENGLISH, TRANSLATED
from bot.i18n.speaking import speaking
from bot.services.faq import ALL_LANGUAGES, LANGUAGES, MAX_SERVER_TOPICS, FaqEdit, FaqSearchResult, builtin_in
from cogs.common import limits
from cogs.common.layout import layout
from cogs.faq.admin import _remove_message, _reset_message, _set_message
from cogs.faq.render import list_reply, search_embed, topic_embed

LOCALES = [ENGLISH, *TRANSLATED]
# Markdown a title may hold is escaped in lists: `*` doubles.
LONG_TITLE = "*" * TITLE_MAX
LONG_KEY = "k" * TOPIC_KEY_MAX


def _own(number: int = 0) -> FaqTopic:
    key = f"{number:02d}".ljust(TOPIC_KEY_MAX, "x")
    return FaqTopic(key, LONG_TITLE, (), "b" * BODY_MAX, sources=(), builtin=False)


@pytest.mark.parametrize("locale", LOCALES)
def test_topics_lists_and_searches_fit(locale: str) -> None:
    with speaking(locale):
        for topic in [*builtin_in(locale).values(), _own()]:
            assert limits.problems(embeds=[topic_embed(topic)]) == [], topic.key
        many = [*builtin_in(locale).values(), *(_own(number) for number in range(MAX_SERVER_TOPICS))]
        for page in layout(list_reply(many, in_server=True)):
            assert limits.problems(embeds=[page]) == []
        for fuzzy in (True, False):
            result = FaqSearchResult("q" * 100, [_own(number) for number in range(5)], fuzzy=fuzzy)
            assert limits.problems(embeds=[search_embed(result)]) == []
        assert limits.problems(embeds=[search_embed(FaqSearchResult("q" * 100, [], fuzzy=True))]) == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("language", [ALL_LANGUAGES, *LANGUAGES])
def test_admin_confirmations_fit_with_the_answer_they_show(locale: str, language: str) -> None:
    with speaking(locale):
        for builtin_key in (True, False):
            for created in (True, False):
                edit = FaqEdit("set", _own(), LONG_KEY, language, builtin_key=builtin_key, created=created)
                assert limits.problems(_set_message(edit), [topic_embed(_own())]) == []
            edit = FaqEdit("remove", _own(), LONG_KEY, language, builtin_key=builtin_key)
            assert limits.problems(_remove_message(edit)) == []
        for shown in (None, _own(), builtin_topics()["bonuses"]):
            edit = FaqEdit("reset", shown, LONG_KEY, language, builtin_key=True)
            assert limits.problems(_reset_message(edit)) == []


def test_replies_speak_the_readers_language() -> None:
    topic = builtin_topics("pt-BR")["review-period"]
    with speaking("pt-BR"):
        embed = topic_embed(topic)
        assert embed.fields[0].name == "Fontes"
        assert embed.footer.text is not None and embed.footer.text.endswith("/faq mostrar review-period")
        edit = FaqEdit("set", topic, "review-period", "es-ES", builtin_key=True, created=True)
        assert "que leem em espanhol" in _set_message(edit)
        assert "`/faq-admin restaurar`" in _set_message(edit)
    with speaking("es-419"):
        listed = list_reply([topic], in_server=False)
        assert listed.title == "Temas predefinidos de las FAQ"
