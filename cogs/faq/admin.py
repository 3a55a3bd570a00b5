"""/faq-admin set, remove and reset: a server's own FAQ text, for members with Manage Server only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import NotAllowed
from bot.faq import BODY_MAX, TITLE_MAX, FaqTopic
from bot.services.faq import FaqEdit, FaqService
from cogs.common.answer import FORM, answer
from cogs.common.errors import send_error
from cogs.common.render import OK
from cogs.faq.cog import choices_for
from cogs.faq.render import topic_embed

if TYPE_CHECKING:
    from bot.app import MilestoneBot

TOPIC_OPTION_MAX = 100  # a key is at most 40, but an admin may type a topic's title
FORM_TIMEOUT = 15 * 60.0  # seconds: writing an answer takes a while
NOT_INSTALLED_HERE = (
    "The FAQ of a server can be changed only where Milestone Bot has been added to the server. "
    "Ask someone with Manage Server to add it (its install link, or Server Settings > Integrations)."
)


class NotInstalledHere(NotAllowed, app_commands.CheckFailure):
    """A check failure (so discord.py hands it to the error path) that shows its own message."""


def check_can_edit(interaction: discord.Interaction) -> None:
    """Raises unless the interaction may change this server's FAQ: each command use, and each form sent."""
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
        check_can_edit(interaction)
        return True

    @app_commands.command(
        name="set", description="Write this server's answer for a topic (new or built-in)", extras=FORM
    )
    @app_commands.describe(
        topic="A built-in topic to replace, or a new name like late-payments",
        title="The title members see, up to 100 characters (leave out to write it in the form)",
        body="Leave out to write the answer in a form with paragraphs (here: type \\n for a new line)",
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX],
        title: app_commands.Range[str, 1, TITLE_MAX] | None = None,
        body: app_commands.Range[str, 1, BODY_MAX] | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        if body is None or title is None:
            # A multi-line form, prefilled with what members see now for that topic.
            key, current = await self.faq.for_edit(interaction.guild_id, topic)
            typed = body.replace("\\n", "\n") if body is not None else None
            await interaction.response.send_modal(FaqForm(self.faq, key, current, title, typed))
            return
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
        await answer(interaction).send(message)

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


class FaqForm(discord.ui.Modal):
    """`/faq-admin set` without a body: the answer written with paragraphs, as members will read it."""

    def __init__(
        self, faq: FaqService, key: str, current: FaqTopic | None, title: str | None, body: str | None
    ) -> None:
        super().__init__(title=f"FAQ topic: {key}"[:45], timeout=FORM_TIMEOUT)
        self.faq, self.key = faq, key
        self.heading: discord.ui.TextInput[FaqForm] = discord.ui.TextInput(
            label="Title", default=title or (current.title if current else None), max_length=TITLE_MAX
        )
        self.body: discord.ui.TextInput[FaqForm] = discord.ui.TextInput(
            label="Answer (Markdown)",
            style=discord.TextStyle.paragraph,
            default=body or (current.body[:BODY_MAX] if current else None),
            max_length=BODY_MAX,
        )
        self.add_item(self.heading).add_item(self.body)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        check_can_edit(interaction)
        assert interaction.guild_id is not None
        edit = await self.faq.set(
            interaction.guild_id, interaction.user.id, self.key, self.heading.value, self.body.value
        )
        await _confirm(interaction, edit, _set_message(edit))

    # discord.py's Modal.on_error takes no item, unlike the View's it derives from.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await send_error(interaction, error)


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
    await answer(interaction).send(message, embeds=[embed], allowed_mentions=discord.AllowedMentions.none())
