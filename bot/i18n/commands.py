"""Command names and descriptions in the user's language, through discord.py's `app_commands.Translator`.

Discord shows them from the `name_localizations` and `description_localizations` the bot syncs; the
interactions it sends back still carry the English names and the choices' values, so options work the
same in every language. The strings live in the `commands` catalog, each under a context saying what it
is (a command's name, an option's name, a description, a choice).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n.catalog import COMMANDS, translations
from bot.i18n.locales import ENGLISH, language_of

# A command's name and an option's name are apart: `end` ends a contract, and is when quiet hours end.
COMMAND, OPTION, DESCRIPTION, CHOICE, MENU = "command", "option", "description", "choice", "menu"
_CONTEXTS = {
    Where.command_name: COMMAND,
    Where.group_name: COMMAND,
    Where.parameter_name: OPTION,
    Where.command_description: DESCRIPTION,
    Where.group_description: DESCRIPTION,
    Where.parameter_description: DESCRIPTION,
    Where.choice_name: CHOICE,
}


def context_of(context: app_commands.TranslationContextTypes) -> str | None:
    """The catalog context of a string of the tree; message-menu items (mixed case, spaces) have their own."""
    if context.location is Where.command_name and isinstance(context.data, app_commands.ContextMenu):
        return MENU
    return _CONTEXTS.get(context.location)


class CatalogTranslator(app_commands.Translator):
    """Every string of the command tree, from the `commands` catalog of the user's language."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale.value)
        where = context_of(context)
        if language == ENGLISH or where is None:
            return None
        translated = translations(language, COMMANDS).pgettext(where, string.message)
        # Discord ignores a localization equal to the default; None leaves it out.
        return translated if translated != string.message else None


def command_name(qualified: str, locale: str) -> str:
    """A command's full name (`milestone fund`) as Discord shows it to this locale, word by word."""
    language = language_of(locale)
    if language == ENGLISH:
        return qualified
    words = translations(language, COMMANDS)
    return " ".join(words.pgettext(COMMAND, word) for word in qualified.split(" "))


def menu_name(name: str, locale: str) -> str:
    """A message menu item (`Track as milestone`) as Discord shows it to this locale."""
    return translations(language_of(locale), COMMANDS).pgettext(MENU, name)


def tree_strings(commands: list[Any]) -> Iterator[tuple[str, str]]:
    """(context, English string) of every name, description and choice in these commands, as synced."""
    for command in commands:
        if isinstance(command, app_commands.ContextMenu):
            yield MENU, command.name
            continue
        yield COMMAND, command.name
        yield DESCRIPTION, command.description
        if isinstance(command, app_commands.Group):
            yield from tree_strings(command.commands)
            continue
        for parameter in command.parameters:
            yield OPTION, parameter.name
            yield DESCRIPTION, parameter.description
            for choice in parameter.choices:
                yield CHOICE, choice.name
