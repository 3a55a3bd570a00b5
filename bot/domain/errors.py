"""Errors a user can read: raised by domain rules and input parsing, shown as an ephemeral reply.

A message is an English sentence, marked `N_()` so the catalogs hold it, with optional `{placeholders}`
whose values the reply fills in: a moment is shown as a Discord timestamp in the reader's zone, an amount
as their locale writes it, a `Command` by its name in their language. The domain words none of them; it
only says which moment, amount or command it means. The reply translates the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Command:
    """A slash command a message points the user to, by its full name (`milestone fund`)."""

    name: str

    def __str__(self) -> str:
        return f"/{self.name}"


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%a %d %b %Y %H:%M UTC")
    return str(value)


class UserFacingError(Exception):
    """Something the user asked for cannot be done; the message says why and what would work.

    `values` fill the message's `{placeholders}`; text a user typed goes in a value too, never into the
    message itself, so braces in a title can't break the sentence.
    """

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.template = message
        self.values = values

    def render(self, show: Callable[[object], str], words: Callable[[str], str] = str) -> str:
        """The message in `words` (the reader's language), each value shown by `show` (the reply's way)."""
        sentence = words(self.template)
        if not self.values:
            return sentence
        return sentence.format_map({name: show(value) for name, value in self.values.items()})

    @property
    def message(self) -> str:
        """The message in plain text (logs, tests): moments in UTC, commands as `/name`."""
        return self.render(_plain)

    def __str__(self) -> str:
        return self.message


class InvalidInput(UserFacingError):
    """A value the user typed could not be understood (money, date, title, zone...)."""


class NotAllowed(UserFacingError):
    """The request is understood but breaks a rule, such as releasing an unfunded milestone."""


class NotFound(UserFacingError):
    """No item of the caller's matches; never says whether someone else's does."""
