"""Reading a paged reply as its owner would: every page, turned with ▶, each checked against Discord's limits."""

from __future__ import annotations

from typing import Any

import discord

from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.model import Message
from bot.localdiscord.rendering import plain_text
from bot.localdiscord.results import InteractionResult
from cogs.common import limits

NEXT = "▶"


def within_limits(message: Message | None) -> None:
    """The message as Discord would accept it: the local server checks too, this names what broke."""
    assert message is not None
    embeds = [discord.Embed.from_dict(data) for data in message.embeds]
    rows = message.components
    found = limits.problems(message.content, embeds)
    if len(rows) > limits.ACTION_ROWS:
        found.append(f"{len(rows)} rows")
    assert not found, found


def _next_enabled(components: list[dict[str, Any]]) -> bool:
    return any(
        item.get("label") == NEXT and not item.get("disabled")
        for row in components
        for item in row.get("components", [])
    )


async def read_pages(server: LocalDiscord, user: FakeUser, reply: InteractionResult) -> list[str]:
    """The text of each page, first to last."""
    assert reply.message is not None
    within_limits(reply.message)
    pages = [reply.text]
    message = reply.message
    while _next_enabled(message.components):
        turned = await server.press(user, reply, label=NEXT)
        assert turned.message is not None
        message = turned.message
        within_limits(message)
        pages.append(plain_text(message.content, message.embeds, message.components))
    return pages
