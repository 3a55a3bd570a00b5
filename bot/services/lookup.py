"""Find the caller's contract or milestone from what they typed: an autocomplete value or a title.

Autocomplete sends `#<id>`, which is taken as it is: loading the contract checks that it is the caller's.
A typed title matches exactly, ignoring case. Anything else is "not found", with the caller's own names
that are plausibly what they meant, and never a word about anybody else's items.
"""

from __future__ import annotations

import re

from bot.domain.errors import Command, InvalidInput, NotFound
from bot.domain.names import suggest
from bot.domain.wording import Alternatives
from bot.i18n.speaking import N_
from bot.services.work import Reading, not_yours

_ID_VALUE = re.compile(r"^#(\d{1,19})$")
_MAX_ID = 2**63 - 1  # the database's integer range; a larger "id" cannot name anything


def choice_value(item_id: int) -> str:
    """What autocomplete sends back for an item."""
    return f"#{item_id}"


def id_in(text: str) -> int | None:
    """The id in an autocomplete value; 0 (nobody's id) for one out of range; None for other text."""
    match = _ID_VALUE.match(text.strip())
    if not match:
        return None
    value = int(match.group(1))
    return value if value <= _MAX_ID else 0


def searchable(text: str) -> str:
    """Typed text as the database can take it: stripped, without characters that are not valid Unicode."""
    return text.strip().encode("utf-8", "ignore").decode("utf-8")


def _typed(text: str, what: str) -> str:
    typed = text.strip()
    if not typed:
        if what == "contract":
            empty = N_("Name a contract: pick one from the list as you type.")
        else:
            empty = N_("Name a milestone: pick one from the list as you type.")
        raise InvalidInput(empty)
    try:
        typed.encode("utf-8")
    except UnicodeEncodeError:
        if what == "contract":
            unreadable = N_("That contract name has characters I can't read. Pick one from the list.")
        else:
            unreadable = N_("That milestone name has characters I can't read. Pick one from the list.")
        raise InvalidInput(unreadable) from None
    return typed


async def contract_id(reading: Reading, text: str) -> int:
    """The id of the caller's contract named by `text` (an autocomplete value or a title)."""
    typed = _typed(text, "contract")
    found = id_in(typed)
    if found is not None:
        return found  # loading it checks that it is the caller's
    found = await reading.contracts.find_by_title(reading.owner_id, typed)
    if found is not None:
        return found
    titles = await reading.contracts.titles(reading.owner_id)
    if not titles:
        raise NotFound(N_("You have no contracts yet: add one with {add}."), add=Command("contract add"))
    close = suggest(typed, titles)[:3]
    if not close:
        raise NotFound(
            N_("You have no contract called `{typed}`. {list} shows yours."),
            typed=typed[:100],
            list=Command("contract list"),
        )
    raise NotFound(
        N_("You have no contract called `{typed}`. Did you mean {names}? {list} shows yours."),
        typed=typed[:100],
        names=Alternatives(tuple(close)),
        list=Command("contract list"),
    )


async def milestone_id(reading: Reading, contract: int, text: str) -> int:
    """The id of a milestone of the caller's `contract` named by `text` (an autocomplete value or a title)."""
    typed = _typed(text, "milestone")
    found = id_in(typed)
    if found is not None:
        return found  # checked against the contract when the action loads it
    found = await reading.milestones.find_by_title(reading.owner_id, contract, typed)
    if found is not None:
        return found
    title = await reading.contracts.title_of(reading.owner_id, contract)
    if title is None:
        raise not_yours()
    close = suggest(typed, await reading.milestones.titles(reading.owner_id, contract))[:3]
    if not close:
        raise NotFound(
            N_("`{contract}` has no milestone called `{typed}`."), contract=title, typed=typed[:100]
        )
    raise NotFound(
        N_("`{contract}` has no milestone called `{typed}`. Did you mean {names}?"),
        contract=title,
        typed=typed[:100],
        names=Alternatives(tuple(close)),
    )
