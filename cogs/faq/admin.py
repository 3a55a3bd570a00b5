"""/faq-admin set, remove and reset: a server's own FAQ text, for members with Manage Server only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import NotAllowed
from bot.faq import BODY_MAX, TITLE_MAX
from bot.services.faq import FaqEdit, FaqService
from cogs.common.render import OK
from cogs.faq.cog import choices_for
from cogs.faq.render import topic_embed

if TYPE_CHECKING:
    from bot.app import MilestoneBot

TOPIC_OPTION_MAX = 100  # a key is at most 40, but an admin may type a topic's title
NOT_INSTALLED_HERE = (
    "The FAQ of a server can be changed only where Milestone Bot has been added to the server. "
    "Ask someone with Manage Server to add it (its install link, or Server Settings > Integrations)."
)


class NotInstalledHere(NotAllowed, app_commands.CheckFailure):
    """A check failure (so discord.py hands it to the error path) that shows its own message."""


@app_commands.guild_only()
# Explicit: the bot's tree allows DMs everywhere, and guild_only alone leaves those contexts switched on.
@app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
@app_commands.default_permissions(manage_guild=True)
@app_commands.allowed_installs(guilds=True, users=False)
class FaqAdminCommands(
    commands.GroupCog, group_name="faq-admin", group_description="Change this server's FAQ (Manage Server)"
):
    def __init__(self, bot: MilestoneBot, faq: FaqService) -> None:
        self.bot = bot
        self.faq = faq
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Default permissions only hide the command; a server can grant it to anyone, so check each use.
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        # A member's own install of the app (USER_INSTALL) can reach a server that never added the bot;
        # that server's FAQ is not theirs to change. Discord names the installs that authorized this
        # interaction in authorizing_integration_owners: the server's id under GUILD_INSTALL only if the
        # app is installed there (and the command is registered for guild installs).
        if not interaction.is_guild_integration():
            raise NotInstalledHere(NOT_INSTALLED_HERE)
        granted = interaction.permissions
        if not (granted.manage_guild or granted.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(name="set", description="Write this server's answer for a topic (new or built-in)")
    @app_commands.describe(
        topic="A built-in topic to replace, or a new name like late-payments",
        title="The title members see, up to 100 characters",
        body="The answer (Markdown; type \\n for a new line), up to 4,000 characters",
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX],
        title: app_commands.Range[str, 1, TITLE_MAX],
        body: app_commands.Range[str, 1, BODY_MAX],
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        # A slash option is one line; `\n` is how an admin asks for a paragraph break.
        text = body.replace("\\n", "\n")
        edit = await self.faq.set(interaction.guild_id, interaction.user.id, topic, title, text)
        await _confirm(interaction, edit, _set_message(edit))

    @set_.autocomplete("topic")
    async def set_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current, "editable")

    @app_commands.command(
        name="remove", description="Hide a built-in topic here, or delete one of this server's"
    )
    @app_commands.describe(topic="A topic members see in this server")
    async def remove(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX]
    ) -> None:
        assert interaction.guild_id is not None
        edit = await self.faq.remove(interaction.guild_id, interaction.user.id, topic)
        key = edit.topic.key
        message = (
            f"`{key}` is hidden in this server. `/faq-admin reset {key}` brings it back."
            if edit.builtin_key
            else f"Deleted this server's topic `{key}`."
        )
        await interaction.response.send_message(message, ephemeral=True)

    @remove.autocomplete("topic")
    async def remove_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current)

    @app_commands.command(name="reset", description="Go back to the built-in text of a topic")
    @app_commands.describe(topic="A built-in topic this server replaced or removed")
    async def reset(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX]
    ) -> None:
        assert interaction.guild_id is not None
        edit = await self.faq.reset(interaction.guild_id, interaction.user.id, topic)
        await _confirm(interaction, edit, f"`{edit.topic.key}` shows the built-in text again.")

    @reset.autocomplete("topic")
    async def reset_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current, "changed")


def _set_message(edit: FaqEdit) -> str:
    key = edit.topic.key
    if edit.builtin_key:
        return (
            f"Saved. Members of this server now see this text for `{key}` instead of the built-in answer; "
            f"`/faq-admin reset {key}` brings the built-in text back."
        )
    if edit.created:
        return f"Added `{key}` to this server's FAQ: `/faq show {key}`."
    return f"Updated this server's topic `{key}`."


async def _confirm(interaction: discord.Interaction, edit: FaqEdit, message: str) -> None:
    """Tell the admin what changed and show the answer as members will now see it."""
    embed = topic_embed(edit.topic)
    embed.colour = OK
    await interaction.response.send_message(
        message, embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
    )
