"""Discord's message limits, in one place: every reply and DM is laid out within them.

From discord/discord-api-docs (commit c98d64b), developers/resources/message.mdx, "Embed Limits":
"title 256 characters, description 4096, fields up to 25 field objects, field.name 256, field.value 1024,
footer.text 2048, author.name 256. Additionally, the combined sum of characters in all title, description,
field.name, field.value, footer.text, and author.name fields across all embeds attached to a message must
not exceed 6000 characters." Create Message: "content: up to 2000 characters", "embeds: up to 10 rich
embeds". developers/components/reference.mdx: "Legacy messages allow up to 5 action rows as top-level
components", an action row holds "up to 5 interactive button components or a single select".

Characters are counted in UTF-16 code units: never fewer than code points, so a message within the
budget here is within it however Discord counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000  # summed over every embed of one message
EMBEDS = 10
CONTENT = 2000
ACTION_ROWS = 5
ROW_ITEMS = 5


def size(text: str | None) -> int:
    """Characters as Discord's limits count them (whitespace at either end is trimmed by Discord)."""
    return len(text.encode("utf-16-le")) // 2 if text else 0


def embed_size(embed: discord.Embed) -> int:
    """What one embed adds to the message's 6,000-character total."""
    total = size(embed.title) + size(embed.description) + size(embed.footer.text) + size(embed.author.name)
    return total + sum(size(field.name) + size(field.value) for field in embed.fields)


def problems(
    content: str | None = None, embeds: Sequence[discord.Embed] = (), view: discord.ui.View | None = None
) -> list[str]:
    """Each limit the message would break, in words; empty when Discord would accept it."""
    found: list[str] = []
    if size(content) > CONTENT:
        found.append(f"content is {size(content)} characters (limit {CONTENT})")
    if len(embeds) > EMBEDS:
        found.append(f"{len(embeds)} embeds (limit {EMBEDS})")
    total = sum(embed_size(embed) for embed in embeds)
    if total > EMBED_TOTAL:
        found.append(f"embeds total {total} characters (limit {EMBED_TOTAL})")
    for number, embed in enumerate(embeds, 1):
        found.extend(f"embed {number}: {problem}" for problem in _embed_problems(embed))
    if view is not None:
        found.extend(_component_problems(view.to_components()))
    return found


def _embed_problems(embed: discord.Embed) -> Iterable[str]:
    for what, text, limit in (
        ("title", embed.title, TITLE),
        ("description", embed.description, DESCRIPTION),
        ("footer", embed.footer.text, FOOTER),
        ("author", embed.author.name, AUTHOR_NAME),
    ):
        if size(text) > limit:
            yield f"{what} is {size(text)} characters (limit {limit})"
    if len(embed.fields) > FIELDS:
        yield f"{len(embed.fields)} fields (limit {FIELDS})"
    for field in embed.fields:
        if size(field.name) > FIELD_NAME:
            yield f"field name is {size(field.name)} characters (limit {FIELD_NAME})"
        if size(field.value) > FIELD_VALUE:
            yield f"field value is {size(field.value)} characters (limit {FIELD_VALUE})"


def _component_problems(rows: list[dict[str, Any]]) -> Iterable[str]:
    if len(rows) > ACTION_ROWS:
        yield f"{len(rows)} rows of buttons (limit {ACTION_ROWS})"
    for row in rows:
        if len(row.get("components", ())) > ROW_ITEMS:
            yield f"a row of {len(row['components'])} items (limit {ROW_ITEMS})"


def pieces(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at a space where one is near: nothing is lost."""
    out: list[str] = []
    while size(text) > limit:
        cut = limit
        while size(text[:cut]) > limit:  # characters outside the BMP count twice
            cut -= 1
        space = text.rfind(" ", limit // 2, cut)
        cut = space + 1 if space > 0 else cut
        out.append(text[:cut].rstrip())
        text = text[cut:]
    out.append(text)
    return out


def blocks(lines: Sequence[str], limit: int = FIELD_VALUE) -> list[str]:
    """Lines joined into blocks of at most `limit` characters, never dropping or cutting a line that fits."""
    result: list[str] = []
    current = ""
    for whole in lines:
        for line in pieces(whole, limit):
            if current and size(current) + 1 + size(line) > limit:
                result.append(current)
                current = line
            else:
                current = f"{current}\n{line}" if current else line
    if current:
        result.append(current)
    return result
