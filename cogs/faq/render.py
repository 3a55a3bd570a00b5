"""FAQ answers as embeds: the topic's text, its sources as links, and whose text it is."""

from __future__ import annotations

from urllib.parse import urlsplit

import discord

from bot.faq import FaqTopic
from bot.services.faq import FaqSearchResult
from cogs.common import limits
from cogs.common.layout import Reply
from cogs.common.render import INFO, safe

BUILTIN_FOOTER = "Built-in answer. Platforms change their rules: the sources have the current wording."
OWN_FOOTER = "This server's own answer, written by its admins."


def topic_embed(topic: FaqTopic) -> discord.Embed:
    embed = discord.Embed(title=topic.title[: limits.TITLE], description=topic.body, colour=INFO)
    if topic.sources:
        links = fit_lines([f"• [{source_label(url)}]({url})" for url in topic.sources], limits.FIELD_VALUE)
        embed.add_field(name="Sources", value=links, inline=False)
    embed.set_footer(text=f"{BUILTIN_FOOTER if topic.builtin else OWN_FOOTER} · /faq show {topic.key}")
    return embed


def source_label(url: str) -> str:
    """A short readable name for a link: the site and the last part of its path."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    page = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{host} · {page[:48]}" if page else host


def topic_line(topic: FaqTopic) -> str:
    marker = "" if topic.builtin else " · this server's"
    return f"`{topic.key}` {safe(topic.title)}{marker}"


def list_reply(topics: list[FaqTopic], *, in_server: bool) -> Reply:
    """Every topic, a line each: a server with many of its own topics gets pages, never a cut list."""
    where = "in this server" if in_server else "built in"
    reply = Reply(
        title=f"FAQ topics {where}",
        colour=INFO,
        footer="Open one with /faq show, or find one by its words with /faq search.",
    )
    if topics:
        reply.description = "\n".join(topic_line(topic) for topic in topics)
    else:
        reply.description = "No topics here: every built-in one was removed by this server's admins."
    return reply


def search_embed(result: FaqSearchResult) -> discord.Embed:
    embed = discord.Embed(title=f"FAQ search: {safe(result.query)}"[: limits.TITLE], colour=INFO)
    lines = [topic_line(topic) for topic in result.topics]
    if not result.topics:
        embed.description = (
            "No topic matches those words. Try another word, or see them all with `/faq list`."
        )
    elif result.fuzzy:
        embed.description = "No topic contains those exact words; these come closest:\n" + fit_lines(
            lines, limits.DESCRIPTION - 100
        )
    else:
        embed.description = fit_lines(lines, limits.DESCRIPTION)
    if result.topics:
        embed.set_footer(text=f"Open one with /faq show, e.g. /faq show {result.topics[0].key}")
    return embed


def fit_lines(lines: list[str], limit: int) -> str:
    """Join lines; when they don't all fit, stop early with a note of how many were left out."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for number, line in enumerate(lines):
        left_after = len(lines) - number - 1
        if len("\n".join([*kept, line, f"…and {left_after} more"])) > limit:
            return "\n".join([*kept, f"…and {left_after + 1} more"])
        kept.append(line)
    return "\n".join(kept)
