"""FAQ answers as embeds: the topic's text, its sources as links, and whose text it is."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import discord

from bot.faq import FaqTopic
from bot.i18n.commands import command_name
from bot.i18n.speaking import N_, _, current_locale, ngettext
from bot.services.faq import FaqSearchResult
from cogs.common import limits
from cogs.common.layout import Reply
from cogs.common.render import INFO, command, safe

BUILTIN_FOOTER = N_("Built-in answer. Platforms change their rules: the sources have the current wording.")
OWN_FOOTER = N_("This server's own answer, written by its admins.")


def plain_command(name: str) -> str:
    """A command as the reader's Discord names it, as plain text (a footer shows no code spans)."""
    return f"/{command_name(name, current_locale())}"


# A command in a code span, as topics write them: `/faq show review-period`, `/milestone fund`.
_COMMAND_IN_CODE = re.compile(r"`/([a-z][a-z-]*(?: [a-z][a-z-]*)?)")


def with_local_commands(text: str) -> str:
    """A topic's text with each command named as the reader's Discord lists it (`/faq mostrar`); a word
    that is no command's (a topic's key) stays. A text the longer names would push past the limit stays."""
    locale = current_locale()
    local = _COMMAND_IN_CODE.sub(lambda found: f"`/{command_name(found[1], locale)}", text)
    return local if limits.size(local) <= limits.DESCRIPTION else text


def topic_embed(topic: FaqTopic) -> discord.Embed:
    body = with_local_commands(topic.body)
    embed = discord.Embed(title=topic.title[: limits.TITLE], description=body, colour=INFO)
    if topic.sources:
        links = fit_lines([f"• [{source_label(url)}]({url})" for url in topic.sources], limits.FIELD_VALUE)
        embed.add_field(name=_("Sources"), value=links, inline=False)
    footer = _(BUILTIN_FOOTER if topic.builtin else OWN_FOOTER)
    show = plain_command("faq show")
    embed.set_footer(text=f"{footer} · {show} {topic.key}")
    return embed


def source_label(url: str) -> str:
    """A short readable name for a link: the site and the last part of its path."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    page = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{host} · {page[:48]}" if page else host


def topic_line(topic: FaqTopic) -> str:
    if topic.builtin:
        return f"`{topic.key}` {safe(topic.title)}"
    return _("`{topic}` {title} · this server's").format(topic=topic.key, title=safe(topic.title))


def list_reply(topics: list[FaqTopic], *, in_server: bool) -> Reply:
    """Every topic, a line each: a server with many of its own topics gets pages, never a cut list."""
    reply = Reply(
        title=_("FAQ topics in this server") if in_server else _("FAQ topics built in"),
        colour=INFO,
        footer=_("Open one with {show}, or find one by its words with {search}.").format(
            show=plain_command("faq show"), search=plain_command("faq search")
        ),
    )
    if topics:
        reply.description = "\n".join(topic_line(topic) for topic in topics)
    else:
        reply.description = _("No topics here: every built-in one was removed by this server's admins.")
    return reply


def search_embed(result: FaqSearchResult) -> discord.Embed:
    title = _("FAQ search: {query}").format(query=safe(result.query))
    embed = discord.Embed(title=title[: limits.TITLE], colour=INFO)
    lines = [topic_line(topic) for topic in result.topics]
    if not result.topics:
        embed.description = _(
            "No topic matches those words. Try another word, or see them all with {list}."
        ).format(list=command("faq list"))
    elif result.fuzzy:
        closest = _("No topic contains those exact words; these come closest:")
        embed.description = f"{closest}\n{fit_lines(lines, limits.DESCRIPTION - 100 - len(closest))}"
    else:
        embed.description = fit_lines(lines, limits.DESCRIPTION)
    if result.topics:
        show = plain_command("faq show")
        embed.set_footer(
            text=_("Open one with {show}, e.g. {show} {topic}").format(show=show, topic=result.topics[0].key)
        )
    return embed


def fit_lines(lines: list[str], limit: int) -> str:
    """Join lines; when they don't all fit, stop early with a note of how many were left out."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for number, line in enumerate(lines):
        left_after = len(lines) - number - 1
        if len("\n".join([*kept, line, _more(left_after)])) > limit:
            return "\n".join([*kept, _more(left_after + 1)])
        kept.append(line)
    return "\n".join(kept)


def _more(count: int) -> str:
    return ngettext("…and {count} more", "…and {count} more", count).format(count=count)
