"""A word a message holds as a value, translated where the message is shown: a status such as `released`.

A refusal says "This milestone is already {status}": the status is one of a few words the catalogs hold,
not text a user typed, so the reply shows it in the reader's language like the rest of the sentence
(`cogs.common.render.show_value`). In logs and tests it reads in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list


@dataclass(frozen=True)
class Phrase:
    """A msgid marked with `N_` where it is defined; `str` is the English, the reply translates it."""

    msgid: str

    def __str__(self) -> str:
        return self.msgid


@dataclass(frozen=True)
class Alternatives:
    """Things to pick from (commands, or names shown as typed), listed as the reader's language lists them:
    `a, b or c`, `a, b ou c`. One sentence holds the list whatever its length, so there is one msgid."""

    items: tuple[object, ...]

    def __str__(self) -> str:
        return format_list([f"`{item}`" for item in self.items], style="or", locale="en_US")
