"""Suggestions for a name the user mistyped: their own names that are plausibly what they meant."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def suggest(typed: str, names: Sequence[str], *, limit: int = 3) -> list[str]:
    folded = {name.casefold(): name for name in names}
    return [
        folded[m] for m in difflib.get_close_matches(typed.casefold(), list(folded), n=limit, cutoff=0.75)
    ]
