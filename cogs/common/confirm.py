"""A Confirm / Cancel prompt that the command awaits: only the person who asked can press it.

As in discord.py's `examples/views/confirm.py`, the command sends the prompt, waits for the answer and
carries on with what it already holds (ids, never text to look up again):

    press = await ConfirmView(confirm_label="Delete").ask(interaction, embed)
    if press is not None:
        ...  # the user confirmed; answer with press.response

A prompt left unanswered says so when it stops working (after `PROMPT_TIMEOUT`, or when the bot shuts
down), instead of keeping buttons that Discord would answer with "This interaction failed".
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from typing import Protocol

import discord

from bot.i18n.speaking import N_, _, current_locale, speaking
from cogs.common.answer import answer
from cogs.common.errors import send_error
from cogs.common.language import use_language

PROMPT_TIMEOUT = 300.0  # seconds; well inside the 15 minutes an interaction's token allows edits
EXPIRED = N_("This prompt expired. Nothing was changed; run the command again if you still want to.")
SHUTTING_DOWN = N_(
    "The bot went offline, so this prompt no longer works. Nothing was changed; run the command again."
)
CANCELLED = N_("Cancelled. Nothing was changed.")
NOT_YOURS = N_("This prompt isn't yours.")


class Waiting(Protocol):
    """A prompt or a set of pages whose buttons die with this process."""

    async def expire_at_shutdown(self) -> None: ...


# Each bot's prompts and pages waiting for a press, so that its shutdown can tell each one it is over.
_waiting: weakref.WeakKeyDictionary[discord.Client, set[Waiting]] = weakref.WeakKeyDictionary()


def track_waiting(client: discord.Client, item: Waiting) -> None:
    _waiting.setdefault(client, set()).add(item)


def done_waiting(client: discord.Client, item: Waiting) -> None:
    _waiting.get(client, set()).discard(item)


class ConfirmView(discord.ui.View):
    def __init__(self, *, confirm_label: str) -> None:
        """`confirm_label`: already in the reader's language (`_(...)`)."""
        super().__init__(timeout=PROMPT_TIMEOUT)
        self._asked: discord.Interaction | None = None
        self._press: discord.Interaction | None = None
        self._locale = current_locale()  # the prompt's language: its expiry note is written in it later
        self.confirm.label = confirm_label
        self.cancel.label = _("Cancel")

    async def ask(self, interaction: discord.Interaction, embed: discord.Embed) -> discord.Interaction | None:
        """Show the prompt to the person who ran the command only; the confirming press, or None."""
        self._asked = interaction
        await answer(interaction).send(embeds=[embed], view=self)
        track_waiting(interaction.client, self)
        timed_out = await self.wait()
        if timed_out:
            await self.expire(EXPIRED)
        return self._press

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        use_language(interaction)  # a press never passes the command tree: answered in the presser's language
        if self._asked is None or interaction.user.id != self._asked.user.id:
            await interaction.response.send_message(_(NOT_YOURS), ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self._press = interaction
        self._answered()

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self._answered()
        await interaction.response.edit_message(content=_(CANCELLED), embed=None, view=None)

    async def expire(self, why: str) -> None:
        """Replaces the prompt with `why` (a message of the catalog), in the prompt's language; best effort,
        since the user may have dismissed it."""
        self._answered()
        with speaking(self._locale):
            text = _(why)
        if self._asked is not None:
            with contextlib.suppress(discord.HTTPException):
                await self._asked.edit_original_response(content=text, embed=None, view=None)

    async def expire_at_shutdown(self) -> None:
        await self.expire(SHUTTING_DOWN)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[ConfirmView]
    ) -> None:
        await send_error(interaction, error)

    def _answered(self) -> None:
        self.stop()
        if self._asked is not None:
            done_waiting(self._asked.client, self)


async def expire_waiting_prompts(client: discord.Client) -> None:
    """At shutdown: the prompts' buttons die with this process, so say so on each one."""
    views = list(_waiting.pop(client, ()))
    await asyncio.gather(*(view.expire_at_shutdown() for view in views))
