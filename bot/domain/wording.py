"""A word a message holds as a value, translated where the message is shown: a status such as `released`.

A refusal says "This milestone is already {status}": the status is one of a few words the catalogs hold,
not text a user typed, so the reply shows it in the reader's language like the rest of the sentence
(`cogs.common.render.show_value`). In logs and tests it reads in English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    """A msgid marked with `N_` where it is defined; `str` is the English, the reply translates it."""

    msgid: str

    def __str__(self) -> str:
        return self.msgid
