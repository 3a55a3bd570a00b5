"""The language an interaction is answered in: the user's `/settings language`, else their Discord's.

Slash commands set it in the command tree; a press on a button or a form sent from a message (a reminder
DM, a paged reply) never passes the tree, so its handler sets it with `use_language` first. The tree also
saves a command's Discord locale for the user's DMs (`remember_locale`), once while it stays the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

from bot.i18n.speaking import use_locale

if TYPE_CHECKING:
    from bot.app import MilestoneBot


def use_language(interaction: discord.Interaction) -> None:
    """Write the rest of this interaction's task in its user's language. The command runs in this task,
    so it reads what is set here; what it saves remembers Discord's locale for the user's DMs."""
    bot = cast("MilestoneBot", interaction.client)
    seen = interaction.locale.value
    chosen = bot.services.settings.languages.of(interaction.user.id)
    use_locale(chosen or seen, heard=(interaction.user.id, seen))
    bot.services.settings.languages.seen(interaction.user.id, seen)


async def remember_locale(interaction: discord.Interaction) -> None:
    """Save the command's Discord locale for the user's reminder DMs, unless known to be saved: a command
    that only reads saves nothing else, and its user's DMs should still follow the language they use."""
    bot = cast("MilestoneBot", interaction.client)
    await bot.services.settings.languages.heard(interaction.user.id, interaction.locale.value)
