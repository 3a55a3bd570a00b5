"""Checks for text the user types: titles and names stay short, on one line and printable."""

from __future__ import annotations

import unicodedata
from typing import Literal

from bot.domain.errors import InvalidInput
from bot.i18n.speaking import N_

MAX_TITLE = 100

# What a checked line is; each has its own whole sentences, so every language words it in its place.
Field = Literal["contract title", "client name", "milestone title"]


def clean_line(text: str, what: Field, *, max_length: int = MAX_TITLE) -> str:
    """The text stripped, or InvalidInput when it is empty, too long or holds control characters."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise _empty(what)
    if len(cleaned) > max_length:
        raise _too_long(what, len(cleaned), max_length)
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs"} for ch in cleaned):
        raise _invisible(what)
    return cleaned


def _empty(what: Field) -> InvalidInput:
    if what == "client name":
        return InvalidInput(N_("The client name can't be empty."))
    if what == "milestone title":
        return InvalidInput(N_("The milestone title can't be empty."))
    return InvalidInput(N_("The contract title can't be empty."))


def _too_long(what: Field, length: int, most: int) -> InvalidInput:
    if what == "client name":
        return InvalidInput(
            N_("The client name is {length} characters long; keep it to {most}."), length=length, most=most
        )
    if what == "milestone title":
        return InvalidInput(
            N_("The milestone title is {length} characters long; keep it to {most}."),
            length=length,
            most=most,
        )
    return InvalidInput(
        N_("The contract title is {length} characters long; keep it to {most}."), length=length, most=most
    )


def _invisible(what: Field) -> InvalidInput:
    if what == "client name":
        return InvalidInput(
            N_("The client name contains invisible control characters; type it as plain text.")
        )
    if what == "milestone title":
        return InvalidInput(
            N_("The milestone title contains invisible control characters; type it as plain text.")
        )
    return InvalidInput(
        N_("The contract title contains invisible control characters; type it as plain text.")
    )
