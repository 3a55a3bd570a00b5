"""Whether what a user read is in their language: no English sentence of the bot's in it.

Two sources of English, so the check holds for any reply, not for a few phrases:
- the messages catalog: every msgid of three words or more whose translation differs gives its fixed text
  (what lies between placeholders and markdown), which must not appear in a reply written in that language;
- the same story told in English: every run of three English words or more in an English reply (what lies
  between punctuation, digits, amounts and markup), which must not appear in the translated replies. This
  finds English the catalog does not hold yet (a string nobody marked for translation). A run that a
  translation itself keeps (a platform's button, such as `Submit work`) is no leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from bot.i18n.catalog import catalog_of
from bot.i18n.locales import ENGLISH
from bot.localdiscord.model import Message
from bot.localdiscord.rendering import buttons_of, selects_of
from bot.localdiscord.results import InteractionResult

MIN_WORDS = 3
_PLACEHOLDER_OR_MARKUP = re.compile(r"\{[^}]*\}|\*\*|`+|\n|~~|__|\|\|")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# English text between anything that is not a letter, an apostrophe or a space (digits, punctuation,
# amounts, `<t:…>` timestamps, emoji, markup, letters of other alphabets such as `í`).
_ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?(?: +[A-Za-z]+(?:'[A-Za-z]+)?)*")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def shown(reply: InteractionResult | Message) -> str:
    """Everything the user reads in a message: its text, embeds, button labels and menus."""
    components = reply.components
    parts = [reply.text]
    parts += [button.label for button in buttons_of(components) if button.label]
    for menu in selects_of(components):
        parts += [menu.placeholder or "", *menu.options]
    return "\n".join(part for part in parts if part)


@cache
def catalog_english(language: str) -> frozenset[str]:
    """The fixed English text of every catalog sentence (three words or more) that `language` translates."""
    fragments: set[str] = set()
    if language == ENGLISH:
        return frozenset()  # the source: nothing to find
    for message in catalog_of(language):
        if not message.id or not message.string:
            continue
        ids = [str(text) for text in (message.id if isinstance(message.id, tuple | list) else [message.id])]
        strings = [
            str(text)
            for text in (message.string if isinstance(message.string, tuple | list) else [message.string])
        ]
        translated = " ".join(strings)
        for msgid in ids:
            if msgid in strings:
                continue  # the same in both languages (a name, a code)
            for fragment in _PLACEHOLDER_OR_MARKUP.split(msgid):
                fragment = fragment.strip(" ,.;:()·-—")
                if _words(fragment) >= MIN_WORDS and fragment not in translated:
                    fragments.add(fragment)
    return frozenset(fragments)


@cache
def translated_text(language: str) -> str:
    """Every translation of the catalog, joined: English words a translation keeps on purpose (a platform's
    button such as `Submit work`) are in it, and are no leak when a reply shows them."""
    if language == ENGLISH:
        return ""
    parts: list[str] = []
    for message in catalog_of(language):
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        parts += [str(text) for text in strings if text]
    return "\n".join(parts)


def english_runs(texts: Iterable[str], typed: Iterable[str] = ()) -> frozenset[str]:
    """Every run of three English words or more in these English replies, outside what the user typed
    (titles, names: the same in every language)."""
    typed = sorted(typed, key=len, reverse=True)
    runs: set[str] = set()
    for text in texts:
        for words in typed:
            text = text.replace(words, "|")
        runs.update(run for run in _ENGLISH_RUN.findall(text) if _words(run) >= MIN_WORDS)
    return frozenset(runs)


def _kept_in(language: str, runs: frozenset[str]) -> frozenset[str]:
    kept = translated_text(language)
    return frozenset(run for run in runs if run in kept)


@dataclass
class LanguageCheck:
    """Checks each step of a story told in `language`; gathers what is wrong, to report every step at once."""

    language: str
    told_in_english: frozenset[str] = frozenset()  # `english_runs` of the same story told in English
    seen: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._leaks = sorted(self.told_in_english - _kept_in(self.language, self.told_in_english))

    def check(self, step: str, reply: InteractionResult | Message, *expected: str) -> str:
        """The reply's text; notes any English sentence in it, and any expected phrase missing from it."""
        text = shown(reply)
        self.seen.append((step, text))
        if not text.strip():
            self.problems.append(f"{step}: nothing was shown")
        for fragment in sorted(catalog_english(self.language)):
            if fragment in text:
                self.problems.append(f"{step}: English from the catalog: {fragment!r}")
        for run in self._leaks:
            if re.search(rf"(?<![A-Za-z']){re.escape(run)}(?![A-Za-z'])", text):
                self.problems.append(f"{step}: English as the English story says it: {run!r}")
        for phrase in expected:
            if phrase not in text:
                self.problems.append(f"{step}: {phrase!r} is missing from {text!r}")
        return text

    def expect(self, step: str, ok: bool, what: str) -> None:
        if not ok:
            self.problems.append(f"{step}: {what}")

    def verdict(self) -> None:
        assert not self.problems, f"{self.language}:\n" + "\n".join(self.problems)
