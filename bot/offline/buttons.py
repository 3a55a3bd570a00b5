"""Numbers for the buttons on screen, so a button is pressed by typing its number.

Each message shown with buttons takes the lowest free numbers; when it is shown again (after an edit)
its old numbers are given back first, so a Confirm/Cancel prompt is usually `1` and `2`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.localdiscord.model import Message
from bot.localdiscord.rendering import BUTTON, LINK_STYLE, PREMIUM_STYLE, walk_components

# Older messages give up their numbers beyond this many, as they scroll out of sight.
MAX_MESSAGES = 20


@dataclass(frozen=True)
class Pressable:
    message: Message
    custom_id: str
    label: str


class ButtonBoard:
    def __init__(self) -> None:
        self._by_number: dict[int, Pressable] = {}
        self._messages: list[int] = []

    def number(self, message: Message) -> dict[str, int]:
        """Numbers `message`'s pressable buttons (custom_id -> number), replacing any it had."""
        self.forget(message)
        pressable = [
            c
            for c in walk_components(message.components)
            if c.get("type") == BUTTON
            and c.get("custom_id")
            and not c.get("disabled")
            and c.get("style") not in (LINK_STYLE, PREMIUM_STYLE)
        ]
        if not pressable:
            return {}
        self._messages.append(message.id)
        if len(self._messages) > MAX_MESSAGES:
            oldest = self._messages.pop(0)
            self._by_number = {n: p for n, p in self._by_number.items() if p.message.id != oldest}
        numbers: dict[str, int] = {}
        for button in pressable:
            number = self._lowest_free()
            label = str(button.get("label") or (button.get("emoji") or {}).get("name") or button["custom_id"])
            self._by_number[number] = Pressable(message, button["custom_id"], label)
            numbers[button["custom_id"]] = number
        return numbers

    def forget(self, message: Message) -> None:
        self._by_number = {n: p for n, p in self._by_number.items() if p.message.id != message.id}
        if message.id in self._messages:
            self._messages.remove(message.id)

    def get(self, number: int) -> Pressable | None:
        return self._by_number.get(number)

    def newest(self, label: str) -> int | None:
        """The number of the button with this label on the most recent message that has one."""
        found = [(p.message.id, n) for n, p in self._by_number.items() if p.label == label]
        return max(found)[1] if found else None

    def _lowest_free(self) -> int:
        number = 1
        while number in self._by_number:
            number += 1
        return number
