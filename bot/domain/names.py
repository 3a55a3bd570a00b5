"""Which of the user's own names they meant, when what they typed names none of them: "Did you mean …?".

A wrong suggestion is worse than none (it sends the user to another contract's money), so a name is offered
only when it is plainly what was typed with a slip or two, or what was typed is how the name begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

# On rapidfuzz's 0-100 scale. One slip in a five-letter word (`fianl`: 80) or in a longer name
# (`Legal reserch`: 96, `logo redesing`: 92) passes; different words that share letters (`logo` and
# `blog`, `fund` and `find`: 75) and unrelated names (`Design` and `Case law summary`: 18) do not.
SIMILARITY = 80
# One or two letters are close to almost anything: they suggest only names that start with them.
SHORT = 2
# Above any similarity: the name typed exactly (but for case and spaces) always comes first.
_EXACT = 101.0

_NUMBER = re.compile(r"\d+")


def suggest(typed: str, names: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to `limit` of `names` the user plausibly meant by `typed`, best first; often none.

    Case and runs of spaces don't matter. A name qualifies when it is the typed text, when it is similar
    enough (`SIMILARITY`, word order aside: `Dana website` finds `Website for Dana`), or when the typed
    text begins it or one of its words (`case law`, `summary` for `Case law summary`). One or two letters
    qualify only names they begin. Numbers must agree (`Part 4` is not a typo of `Part 1`; `part1` is
    `Part 1`). Ties keep the order of `names`.
    """
    wanted = _fold(typed)
    if not wanted or limit <= 0:
        return []
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for position, name in enumerate(names):
        if name in seen:
            continue
        seen.add(name)
        score = _score(wanted, _fold(name))
        if score is not None:
            scored.append((-score, position, name))
    scored.sort()
    return [name for _, _, name in scored[:limit]]


def _score(wanted: str, name: str) -> float | None:
    """How close `name` is to what was typed (both folded), or None when it is no plausible match."""
    if name == wanted:
        return _EXACT
    if len(wanted) <= SHORT:
        return 0.0 if name.startswith(wanted) else None
    if not _numbers_agree(wanted, name):
        return None
    similarity = max(fuzz.ratio(wanted, name), fuzz.token_sort_ratio(wanted, name))
    if similarity >= SIMILARITY or _begins_a_word(wanted, name):
        return similarity
    return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _numbers_agree(wanted: str, name: str) -> bool:
    """The numbers typed are the name's first numbers, in order: a number is an identity, not a typo."""
    typed_numbers = _numbers(wanted)
    return _numbers(name)[: len(typed_numbers)] == typed_numbers


def _numbers(text: str) -> list[str]:
    """The numbers in `text`, written without leading zeros (`Part 01` is `Part 1`)."""
    return [number.lstrip("0") or "0" for number in _NUMBER.findall(text)]


def _begins_a_word(wanted: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(wanted)}", name) is not None
