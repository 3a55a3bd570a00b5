"""The language a reply is being written in, and `_`, which words a string in it.

An interaction (or a reminder DM) sets the language once with `speaking(locale)`; every string wrapped in
`_()` below it reads that language. Strings defined at import time are marked with `N_` and translated
where they are shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.i18n.catalog import translations
from bot.i18n.locales import ENGLISH, language_of

_locale: ContextVar[str] = ContextVar("locale", default=ENGLISH)
# Who is being answered and their Discord locale, as the interaction said: saved with what they change,
# so their reminder DMs follow the language they last used. None outside an interaction (the scheduler).
_heard: ContextVar[tuple[int, str] | None] = ContextVar("heard", default=None)


def current_locale() -> str:
    """The Discord locale being written for (`pt-BR`, `de`, `en-US`): money and dates follow it."""
    return _locale.get()


@contextmanager
def speaking(locale: str | None) -> Iterator[None]:
    """Write everything inside in this locale's language (English when it has no catalog)."""
    token = _locale.set(locale or ENGLISH)
    try:
        yield
    finally:
        _locale.reset(token)


def use_locale(locale: str | None, *, heard: tuple[int, str] | None = None) -> None:
    """Write the rest of this task in this locale: for an interaction, whose handler runs in its own task.
    `heard`: the user and the Discord locale their interaction came with."""
    _locale.set(locale or ENGLISH)
    _heard.set(heard)


def heard_locale(user_id: int) -> str | None:
    """The Discord locale this user's interaction came with, if it is theirs being handled."""
    heard = _heard.get()
    return heard[1] if heard is not None and heard[0] == user_id else None


def _(message: str) -> str:
    """The message in the current language."""
    return translations(language_of(_locale.get())).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(language_of(_locale.get())).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; `_` translates it where it is shown."""
    return message
