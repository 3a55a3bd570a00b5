"""Numbers for the buttons on screen, so a button is pressed by typing its number.

A number is given once in a session and never again: the screen keeps old messages in sight, and a
number seen there must not come to mean a newer message's button. A message drawn again after an edit
keeps the numbers its buttons had; a button the edit took away stays dead rather than passing its number on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.localdiscord.model import Message
from bot.localdiscord.rendering import BUTTON, LINK_STYLE, PREMIUM_STYLE, walk_components


@dataclass(frozen=True)
class Pressable:
    message: Message
    custom_id: str
    label: str

    @property
    def gone(self) -> bool:
        """True once the message was deleted or edited so that this button is no longer pressable.

        The message object is the one the local Discord keeps, so this sees its latest state."""
        return self.message.deleted or self.custom_id not in _pressable_ids(self.message)


class ButtonBoard:
    def __init__(self) -> None:
        self._by_number: dict[int, Pressable] = {}
        self._given: dict[tuple[int, str], int] = {}  # (message id, custom_id) -> its number
        self._next = 1

    def number(self, message: Message) -> dict[str, int]:
        """Numbers `message`'s pressable buttons (custom_id -> number), new ones after every number given."""
        numbers: dict[str, int] = {}
        for button in _pressable(message):
            custom_id = button["custom_id"]
            number = self._given.get((message.id, custom_id))
            if number is None:
                number = self._next
                self._next += 1
                self._given[(message.id, custom_id)] = number
            label = str(button.get("label") or (button.get("emoji") or {}).get("name") or custom_id)
            self._by_number[number] = Pressable(message, custom_id, label)
            numbers[custom_id] = number
        return numbers

    def get(self, number: int) -> Pressable | None:
        """The button shown with this number, gone or not (see Pressable.gone)."""
        return self._by_number.get(number)

    def newest_id(self, pattern: str) -> int | None:
        """The number of the newest button still there whose custom_id matches `pattern` (any language)."""
        found = [
            (p.message.id, n)
            for n, p in self._by_number.items()
            if re.fullmatch(pattern, p.custom_id) and not p.gone
        ]
        return max(found)[1] if found else None

    def newest(self, label: str) -> int | None:
        """The number of the button with this label on the most recent message that still has one."""
        found = [(p.message.id, n) for n, p in self._by_number.items() if p.label == label and not p.gone]
        return max(found)[1] if found else None


def _pressable(message: Message) -> list[dict[str, Any]]:
    return [
        c
        for c in walk_components(message.components)
        if c.get("type") == BUTTON
        and c.get("custom_id")
        and not c.get("disabled")
        and c.get("style") not in (LINK_STYLE, PREMIUM_STYLE)
    ]


def _pressable_ids(message: Message) -> set[str]:
    return {button["custom_id"] for button in _pressable(message)}
