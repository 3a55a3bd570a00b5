"""Checks for text the user types: titles and names stay short, on one line and printable."""

from __future__ import annotations

import unicodedata

from bot.domain.errors import InvalidInput

MAX_TITLE = 100


def clean_line(text: str, what: str, *, max_length: int = MAX_TITLE) -> str:
    """The text stripped, or InvalidInput when it is empty, too long or holds control characters."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(f"The {what} can't be empty.")
    if len(cleaned) > max_length:
        raise InvalidInput(f"The {what} is {len(cleaned)} characters long; keep it to {max_length}.")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs"} for ch in cleaned):
        raise InvalidInput(f"The {what} contains invisible control characters; type it as plain text.")
    return cleaned
