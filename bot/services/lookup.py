"""Find the caller's contract or milestone from what they typed: an autocomplete value or a title.

Autocomplete sends `#<id>`; a typed title matches exactly, ignoring case. Anything else is "not found",
with the caller's own near matches listed, and never a word about anybody else's items.
"""

from __future__ import annotations

import re

import aiosqlite

from bot.domain.errors import InvalidInput, NotFound
from storage.contracts import ContractRecord, Contracts
from storage.milestones import MilestoneRecord, Milestones

_ID_VALUE = re.compile(r"^#(\d{1,19})$")
_MAX_ID = 2**63 - 1  # SQLite's INTEGER range; a larger "id" cannot name anything
_MAX_LISTED = 5


def choice_value(item_id: int) -> str:
    return f"#{item_id}"


def _id_of(text: str) -> int | None:
    match = _ID_VALUE.match(text)
    if not match:
        return None
    value = int(match.group(1))
    return value if value <= _MAX_ID else 0


def searchable(text: str) -> str:
    """Autocomplete text as SQLite can take it: stripped, without characters that are not valid Unicode."""
    return text.strip().encode("utf-8", "ignore").decode("utf-8")


def _typed(text: str, what: str) -> str:
    """What the user typed, stripped; text that is not valid Unicode can't be anybody's title."""
    typed = text.strip()
    if not typed:
        raise InvalidInput(f"Name a {what}: pick one from the list as you type.")
    try:
        typed.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"That {what} name has characters I can't read. Pick one from the list.") from None
    return typed


def _listing(titles: list[str]) -> str:
    shown = ", ".join(f"`{title}`" for title in titles[:_MAX_LISTED])
    return f" Did you mean {shown}?" if titles else ""


async def find_contract(conn: aiosqlite.Connection, owner_id: int, text: str) -> ContractRecord:
    typed = _typed(text, "contract")
    contracts = Contracts(conn)
    item_id = _id_of(typed)
    if item_id is not None:
        found = await contracts.get(owner_id, item_id)
        if found:
            return found
        raise NotFound("I can't find that contract among yours. Pick one from the list as you type.")
    candidates = await contracts.search(owner_id, typed)
    exact = [c for c in candidates if c.title.casefold() == typed.casefold()]
    if exact:
        return exact[0]
    raise NotFound(
        f"You have no contract called `{typed[:100]}`.{_listing([c.title for c in candidates])}"
        + ("" if candidates else " `/contract list` shows yours.")
    )


async def find_milestone(
    conn: aiosqlite.Connection, owner_id: int, contract: ContractRecord, text: str
) -> MilestoneRecord:
    typed = _typed(text, "milestone")
    milestones = Milestones(conn)
    item_id = _id_of(typed)
    if item_id is not None:
        found = await milestones.get(owner_id, item_id)
        if found and found.contract_id == contract.id:
            return found
        raise NotFound(
            f"I can't find that milestone in `{contract.title}`. Pick one from the list as you type."
        )
    candidates = await milestones.search(owner_id, contract.id, typed)
    exact = [m for m in candidates if m.title.casefold() == typed.casefold()]
    if exact:
        return exact[0]
    if not candidates:
        candidates = await milestones.for_contract(owner_id, contract.id)
    raise NotFound(
        f"`{contract.title}` has no milestone called `{typed[:100]}`.{_listing([m.title for m in candidates])}"
    )
