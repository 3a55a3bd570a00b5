"""/faq show, list and search: the help FAQ anyone can read, in a server or in a DM, in the reader's
language (the service reads the topics in the language the reply is written in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.faq import FaqTopic
from bot.i18n.speaking import _
from bot.services.faq import MAX_QUERY_LENGTH, ChoiceScope, FaqService
from cogs.common.answer import answer
from cogs.common.pages import send_reply
from cogs.faq.render import list_reply, search_embed, topic_embed

if TYPE_CHECKING:
    from bot.app import MilestoneBot

CHOICE_NAME_MAX = 100  # Discord's limit on an autocomplete choice's name


def topic_choices(topics: list[FaqTopic]) -> list[app_commands.Choice[str]]:
    """Topics as autocomplete offers them, in the reader's language (the service read them in it)."""
    return [
        app_commands.Choice(name=_choice_name(topic)[:CHOICE_NAME_MAX], value=topic.key) for topic in topics
    ]


def _choice_name(topic: FaqTopic) -> str:
    if topic.builtin:
        return f"{topic.title} ({topic.key})"
    return _("{title} ({topic}) · this server").format(title=topic.title, topic=topic.key)


async def choices_for(
    faq: FaqService,
    interaction: discord.Interaction,
    current: str,
    scope: ChoiceScope = "visible",
    *,
    language: str | None = None,
) -> list[app_commands.Choice[str]]:
    """Topics as a reader of `language` sees them (by default, the user's own language)."""
    return topic_choices(await faq.choices(interaction.guild_id, current, scope, language=language))


class FaqCommands(
    commands.GroupCog, group_name="faq", group_description="How milestones, escrow and payments work"
):
    def __init__(self, bot: MilestoneBot, faq: FaqService) -> None:
        self.bot = bot
        self.faq = faq
        super().__init__()

    async def cog_load(self) -> None:
        # The shipped topics may have changed with this release: search must find today's wording.
        await self.faq.load_builtin()

    @app_commands.command(name="show", description="Show a FAQ answer in this channel")
    @app_commands.describe(
        topic="The topic: pick one as you type", private="Show it only to you instead of the channel"
    )
    async def show(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 100],
        private: bool = False,
    ) -> None:
        # Public by default: the usual reason to open a topic is to answer someone else's question.
        answer(interaction).ephemeral = private  # a deferral shows "thinking…" to the same audience
        found = await self.faq.show(interaction.guild_id, topic)
        await answer(interaction).send(
            embeds=[topic_embed(found)], ephemeral=private, allowed_mentions=discord.AllowedMentions.none()
        )

    @show.autocomplete("topic")
    async def show_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current)

    @app_commands.command(name="list", description="The FAQ topics you can open here")
    async def list_(self, interaction: discord.Interaction) -> None:
        topics = await self.faq.topics(interaction.guild_id)
        await send_reply(interaction, list_reply(topics, in_server=interaction.guild_id is not None))

    @app_commands.command(name="search", description="Find FAQ topics by the words in them")
    @app_commands.describe(query="A word or two, e.g. escrow, refund or review period")
    async def search(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, MAX_QUERY_LENGTH]
    ) -> None:
        result = await self.faq.search(interaction.guild_id, query)
        await answer(interaction).send(embeds=[search_embed(result)])
