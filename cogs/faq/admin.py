"""/faq-admin set, remove and reset: a server's own FAQ text, for members with Manage Server only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import NotAllowed
from bot.faq import BODY_MAX, TITLE_MAX, FaqTopic
from bot.i18n.speaking import N_, _
from bot.services.faq import ALL_LANGUAGES, LANGUAGES, FaqEdit, FaqService
from cogs.common.answer import FORM, answer
from cogs.common.errors import send_error
from cogs.common.language import use_language
from cogs.common.render import OK, command
from cogs.faq.cog import choices_for
from cogs.faq.render import topic_embed

if TYPE_CHECKING:
    from bot.app import MilestoneBot

TOPIC_OPTION_MAX = 100  # a key is at most 40, but an admin may type a topic's title
FORM_TIMEOUT = 15 * 60.0  # seconds: writing an answer takes a while
NOT_INSTALLED_HERE = N_(
    "The FAQ of a server can be changed only where Milestone Bot has been added to the server. "
    "Ask someone with Manage Server to add it (its install link, or Server Settings > Integrations)."
)
# The `language` option: whom a server's text is for. Each language named in itself, as people look for
# their own; Spanish covers Discord's Spanish of Spain and of Latin America, as the replies do.
_LANGUAGE_NAMES = {
    ALL_LANGUAGES: "all languages",
    "en-US": "English",
    "pt-BR": "Português (Brasil)",
    "es-ES": "Español",
}
LANGUAGE_CHOICES = [app_commands.Choice(name=name, value=value) for value, name in _LANGUAGE_NAMES.items()]
# A language as a sentence names it: "members who read Spanish".
LANGUAGE_WORDS = {
    "en-US": N_("English"),
    "pt-BR": N_("Portuguese"),
    "es-ES": N_("Spanish"),
}
_LANGUAGE_HELP = "Whose text this is: members who read one language, or everyone (the default)"


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
        language=_LANGUAGE_HELP,
    )
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def set_(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX],
        title: app_commands.Range[str, 1, TITLE_MAX] | None = None,
        body: app_commands.Range[str, 1, BODY_MAX] | None = None,
        language: str = ALL_LANGUAGES,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        if body is None or title is None:
            # A multi-line form, prefilled with what those members see now for that topic.
            key, current = await self.faq.for_edit(interaction.guild_id, topic, language)
            typed = body.replace("\\n", "\n") if body is not None else None
            await interaction.response.send_modal(FaqForm(self.faq, key, current, title, typed, language))
            return
        # A slash option is one line; `\n` is how an admin asks for a paragraph break.
        text = body.replace("\\n", "\n")
        edit = await self.faq.set(interaction.guild_id, interaction.user.id, topic, title, text, language)
        await _confirm(interaction, edit, _set_message(edit))

    @set_.autocomplete("topic")
    async def set_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current, "editable")

    @app_commands.command(
        name="remove", description="Hide a built-in topic here, or delete one of this server's"
    )
    @app_commands.describe(topic="A topic members see in this server", language=_LANGUAGE_HELP)
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def remove(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX],
        language: str = ALL_LANGUAGES,
    ) -> None:
        assert interaction.guild_id is not None
        edit = await self.faq.remove(interaction.guild_id, interaction.user.id, topic, language)
        await answer(interaction).send(_remove_message(edit))

    @remove.autocomplete("topic")
    async def remove_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Removing for one language: the topics its readers see (a topic the server wrote for them only).
        chosen = getattr(interaction.namespace, "language", None)
        return await choices_for(
            self.faq, interaction, current, language=chosen if chosen in LANGUAGES else None
        )

    @app_commands.command(name="reset", description="Go back to the built-in text of a topic")
    @app_commands.describe(topic="A built-in topic this server replaced or removed", language=_LANGUAGE_HELP)
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def reset(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, TOPIC_OPTION_MAX],
        language: str = ALL_LANGUAGES,
    ) -> None:
        assert interaction.guild_id is not None
        edit = await self.faq.reset(interaction.guild_id, interaction.user.id, topic, language)
        await _confirm(interaction, edit, _reset_message(edit))

    @reset.autocomplete("topic")
    async def reset_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await choices_for(self.faq, interaction, current, "changed")


class FaqForm(discord.ui.Modal):
    """`/faq-admin set` without a body: the answer written with paragraphs, as members will read it."""

    def __init__(
        self,
        faq: FaqService,
        key: str,
        current: FaqTopic | None,
        title: str | None,
        body: str | None,
        language: str = ALL_LANGUAGES,
    ) -> None:
        super().__init__(title=_("FAQ topic: {topic}").format(topic=key)[:45], timeout=FORM_TIMEOUT)
        self.faq, self.key, self.language = faq, key, language
        self.heading: discord.ui.TextInput[FaqForm] = discord.ui.TextInput(
            label=_("Title"), default=title or (current.title if current else None), max_length=TITLE_MAX
        )
        self.body: discord.ui.TextInput[FaqForm] = discord.ui.TextInput(
            label=_("Answer (Markdown)"),
            style=discord.TextStyle.paragraph,
            default=body or (current.body[:BODY_MAX] if current else None),
            max_length=BODY_MAX,
        )
        self.add_item(self.heading).add_item(self.body)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        use_language(interaction)  # a form sent never passes the command tree
        check_can_edit(interaction)
        assert interaction.guild_id is not None
        edit = await self.faq.set(
            interaction.guild_id,
            interaction.user.id,
            self.key,
            self.heading.value,
            self.body.value,
            self.language,
        )
        await _confirm(interaction, edit, _set_message(edit))

    # discord.py's Modal.on_error takes no item, unlike the View's it derives from.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await send_error(interaction, error)


def _set_message(edit: FaqEdit) -> str:
    values = {"topic": edit.key, "reset": command("faq-admin reset"), "show": command("faq show")}
    if edit.language != ALL_LANGUAGES:
        values["language"] = _(LANGUAGE_WORDS[edit.language])
        if edit.builtin_key:
            message = _(
                "Saved. Members of this server who read {language} now see this text for `{topic}`; "
                "{reset} with that language takes it away again."
            )
        elif edit.created:
            message = _(
                "Added `{topic}` to this server's FAQ for members who read {language}: {show} opens it."
            )
        else:
            message = _("Updated this server's topic `{topic}` for members who read {language}.")
    elif edit.builtin_key:
        message = _(
            "Saved. Members of this server now see this text for `{topic}` instead of the built-in answer; "
            "{reset} brings the built-in text back."
        )
    elif edit.created:
        message = _("Added `{topic}` to this server's FAQ: {show} opens it.")
    else:
        message = _("Updated this server's topic `{topic}`.")
    return message.format_map(values)


def _remove_message(edit: FaqEdit) -> str:
    values = {"topic": edit.key, "reset": command("faq-admin reset")}
    if edit.language != ALL_LANGUAGES:
        values["language"] = _(LANGUAGE_WORDS[edit.language])
        if edit.builtin_key:
            message = _(
                "`{topic}` is hidden in this server for members who read {language}. {reset} brings it back."
            )
        else:
            message = _("Members of this server who read {language} no longer see its topic `{topic}`.")
    elif edit.builtin_key:
        message = _("`{topic}` is hidden in this server. {reset} brings it back.")
    else:
        message = _("Deleted this server's topic `{topic}`.")
    return message.format_map(values)


def _reset_message(edit: FaqEdit) -> str:
    if edit.language == ALL_LANGUAGES:
        return _("`{topic}` shows the built-in text again.").format(topic=edit.key)
    values = {"topic": edit.key, "language": _(LANGUAGE_WORDS[edit.language])}
    if edit.topic is None:
        message = _(
            "`{topic}` no longer has a text of this server's for members who read {language}; "
            "it stays hidden for them, as it is for every language."
        )
    elif edit.topic.builtin:
        message = _("`{topic}` shows the built-in text again to members who read {language}.")
    else:
        message = _(
            "`{topic}` no longer has a text of this server's for members who read {language}: "
            "they see its text for all languages."
        )
    return message.format_map(values)


async def _confirm(interaction: discord.Interaction, edit: FaqEdit, message: str) -> None:
    """Tell the admin what changed and show the answer as members will now see it (in the language
    changed: the text written for it, or what its readers see after a reset)."""
    embeds = []
    if edit.topic is not None:
        embed = topic_embed(edit.topic)
        embed.colour = OK
        embeds.append(embed)
    await answer(interaction).send(message, embeds=embeds, allowed_mentions=discord.AllowedMentions.none())
