"""Reading a message as a person would: its plain text and the buttons they could press."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

BUTTON = 2
STRING_SELECT = 3
TEXT_DISPLAY = 10
LINK_STYLE = 5
PREMIUM_STYLE = 6


class Button(NamedTuple):
    label: str | None
    custom_id: str | None
    disabled: bool


class Select(NamedTuple):
    custom_id: str | None
    placeholder: str | None
    options: list[str]  # the labels, in the order shown
    values: list[str]  # what choosing each of them sends
    disabled: bool


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component in display order, through action rows, containers, sections and labels."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            inner = component.get(key)
            if isinstance(inner, dict):
                yield from walk_components([inner])


def buttons_of(components: list[dict[str, Any]]) -> list[Button]:
    return [
        Button(c.get("label"), c.get("custom_id"), bool(c.get("disabled", False)))
        for c in walk_components(components)
        if c.get("type") == BUTTON
    ]


def selects_of(components: list[dict[str, Any]]) -> list[Select]:
    return [
        Select(
            c.get("custom_id"),
            c.get("placeholder"),
            [option.get("label", "") for option in c.get("options") or []],
            [str(option.get("value", "")) for option in c.get("options") or []],
            bool(c.get("disabled", False)),
        )
        for c in walk_components(components)
        if c.get("type") == STRING_SELECT
    ]


def find_button(
    components: list[dict[str, Any]], *, custom_id: str | None, label: str | None
) -> dict[str, Any]:
    """The one button a test names; an AssertionError that lists what exists when it is missing or ambiguous."""
    if (custom_id is None) == (label is None):
        raise AssertionError("name the button by exactly one of custom_id= or label=")
    found = [
        c
        for c in walk_components(components)
        if c.get("type") == BUTTON
        and (c.get("custom_id") == custom_id if custom_id is not None else c.get("label") == label)
    ]
    wanted = f"custom_id={custom_id!r}" if custom_id is not None else f"label={label!r}"
    if not found:
        raise AssertionError(f"no button with {wanted}; the message has {buttons_of(components)}")
    if len(found) > 1:
        raise AssertionError(f"several buttons with {wanted}; name it by custom_id instead")
    button = found[0]
    if button.get("style") in (LINK_STYLE, PREMIUM_STYLE) or "custom_id" not in button:
        raise AssertionError(f"button {wanted} opens a link; Discord sends no interaction for it")
    if button.get("disabled"):
        raise AssertionError(f"button {wanted} is disabled; Discord does not let a user press it")
    return button


def find_select(components: list[dict[str, Any]], *, custom_id: str | None) -> dict[str, Any]:
    """The one select menu a test names (or the only one); an AssertionError that says what exists."""
    menus = [c for c in walk_components(components) if c.get("type") == STRING_SELECT]
    found = [m for m in menus if custom_id is None or m.get("custom_id") == custom_id]
    if len(found) != 1:
        wanted = "a select menu" if custom_id is None else f"the select menu {custom_id!r}"
        raise AssertionError(f"{wanted} is not one of {[m.get('custom_id') for m in menus]}")
    if found[0].get("disabled"):
        raise AssertionError(f"select menu {found[0].get('custom_id')!r} is disabled")
    return found[0]


def options_of(menu: dict[str, Any]) -> list[tuple[str, str]]:
    """A select menu's options as (label, value), in order."""
    return [(o["label"], o["value"]) for o in menu.get("options") or []]


def plain_text(content: str, embeds: list[dict[str, Any]], components: list[dict[str, Any]]) -> str:
    """Content, then each embed's author, title, description, fields and footer, then text displays."""
    parts: list[str] = [content] if content else []
    for embed in embeds:
        author = (embed.get("author") or {}).get("name")
        parts.extend(p for p in (author, embed.get("title"), embed.get("description")) if p)
        for field in embed.get("fields") or []:
            parts.append(f"{field.get('name', '')}\n{field.get('value', '')}")
        footer = (embed.get("footer") or {}).get("text")
        if footer:
            parts.append(footer)
    parts.extend(c["content"] for c in walk_components(components) if c.get("type") == TEXT_DISPLAY)
    return "\n".join(parts)
