"""Replies laid out within Discord's limits: a reply that would not fit one embed becomes pages.

A reply is written as a `Reply`: a title, a description, and sections of lines (a milestone, a money
figure). `layout` fills embeds field by field within every limit of `cogs.common.limits`, never cutting or
dropping a line; when one embed can't hold them all, each further embed is a page, numbered in its footer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import discord

from bot.i18n.speaking import _
from cogs.common import limits


@dataclass
class Section:
    name: str
    lines: list[str]
    inline: bool = False


@dataclass
class Reply:
    title: str
    description: str | None = None
    sections: list[Section] = field(default_factory=list)
    colour: discord.Colour | None = None
    footer: str | None = None

    def add(self, name: str, *lines: str, inline: bool = False) -> None:
        self.sections.append(Section(name, [line for line in lines if line], inline))


def layout(reply: Reply) -> list[discord.Embed]:
    """The reply as pages (one embed each), every page within Discord's limits, every line kept whole."""
    # Words in the reader's language: a translation may be longer, so the room kept is measured in it.
    page_words = _("Page {number} of {count}")
    continued = _("{name} (continued)")
    title = limits.pieces(reply.title, limits.TITLE)[0]  # a title names; what it cuts is repeated below
    # A description too long for one embed goes on in fields, whose values hold less: split by lines again.
    description_parts = (
        limits.blocks(reply.description.split("\n"), limits.DESCRIPTION) if reply.description else []
    )
    rest = "\n".join(description_parts[1:])
    fields = [(_("Continued"), part, False) for part in (limits.blocks(rest.split("\n")) if rest else [])]
    for section in reply.sections:
        name = limits.pieces(section.name, limits.FIELD_NAME - limits.size(continued.format(name="")))[0]
        for index, value in enumerate(limits.blocks(section.lines or ["\u200b"])):
            fields.append((name if index == 0 else continued.format(name=name), value, section.inline))
    footer_room = limits.size(reply.footer) + limits.size(" · " + page_words.format(number=999, count=999))
    pages: list[discord.Embed] = []
    page = _page(reply, title, description_parts[0] if description_parts else None)
    used = limits.embed_size(page) + footer_room
    for name, value, inline in fields:
        cost = limits.size(name) + limits.size(value)
        if len(page.fields) >= limits.FIELDS or (page.fields and used + cost > limits.EMBED_TOTAL):
            pages.append(page)
            page = _page(reply, title, None)
            used = limits.embed_size(page) + footer_room
        page.add_field(name=name, value=value, inline=inline)
        used += cost
    pages.append(page)
    for number, each in enumerate(pages, 1):
        words = page_words.format(number=number, count=len(pages)) if len(pages) > 1 else ""
        text = " · ".join(part for part in (reply.footer, words) if part)
        if text:
            each.set_footer(text=text)
    return pages


def _page(reply: Reply, title: str, description: str | None) -> discord.Embed:
    return discord.Embed(title=title, description=description, colour=reply.colour)
