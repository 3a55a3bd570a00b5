"""The one error path: known errors become a short ephemeral reply, unknown ones are logged with a reference."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.domain.errors import UserFacingError
from bot.i18n.speaking import _
from cogs.common.answer import answer
from cogs.common.render import command, show_value

log = logging.getLogger("milestone_bot.errors")


def user_message(error: BaseException) -> str | None:
    """The text to show for an error a user caused, or None when it is a bug or an outage."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, UserFacingError):
            return current.render(show_value, _)
        if isinstance(current, app_commands.CheckFailure):
            return _check_failure_message(current)
        current = getattr(current, "original", None) or current.__cause__
    return None


def _check_failure_message(error: app_commands.CheckFailure) -> str:
    if isinstance(error, app_commands.MissingPermissions):
        return _("You need the Manage Server permission for this.")
    if isinstance(error, app_commands.NoPrivateMessage):
        return _("This command works only in a server.")
    if isinstance(error, app_commands.CommandOnCooldown):
        return _("Slow down a little: try again in {seconds} s.").format(seconds=f"{error.retry_after:.0f}")
    return _("You can't use this command here.")


async def send_error(interaction: discord.Interaction, error: BaseException) -> None:
    message = user_message(error)
    if message is None:
        reference = secrets.token_hex(3)
        log.error("unhandled error (reference %s) in %s", reference, _where(interaction), exc_info=error)
        if answer(interaction).saves.any:
            # The change is committed: say so, whatever failed after it (rendering or sending the reply).
            message = _saved_but_not_shown(interaction, reference)
        else:
            message = _(
                "Something went wrong on my side. Nothing was changed. Reference: `{reference}`."
            ).format(reference=reference)
    await reply_ephemeral(interaction, message)


async def reply_ephemeral(interaction: discord.Interaction, message: str) -> None:
    try:
        await answer(interaction).send(message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error in %s", _where(interaction), exc_info=True)


def _saved_but_not_shown(interaction: discord.Interaction, reference: str) -> str:
    """The truth after a save, naming the command the user ran when it was one (else a button or a form)."""
    if interaction.command is not None:
        return _(
            "Your {command} was saved, but showing the result failed on my side. Reference: `{reference}`."
        ).format(command=command(interaction.command.qualified_name), reference=reference)
    return _(
        "Your change was saved, but showing the result failed on my side. Reference: `{reference}`."
    ).format(reference=reference)


def _where(interaction: discord.Interaction) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    custom_id = interaction.data.get("custom_id", "?") if interaction.data else "?"
    return f"component {custom_id}"
