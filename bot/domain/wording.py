"""A word a message holds as a value, translated where the message is shown: a status such as `released`.

A refusal says "This milestone is already {status}": the status is one of a few words the catalogs hold,
not text a user typed, so it is shown in the reader's language like the rest of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n.speaking import _


@dataclass(frozen=True)
class Phrase:
    """A msgid marked with `N_` where it is defined; shown (`str`) in the language being written."""

    msgid: str

    def __str__(self) -> str:
        return _(self.msgid)
