"""Showing a reply's pages: the first page with ◀ ▶ buttons that only the person who asked can press.

Like a Confirm prompt, the buttons stop after `PROMPT_TIMEOUT` (or when the bot shuts down), and the reply
then says so instead of keeping buttons that no longer work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import discord

from bot.i18n.speaking import N_, _, current_locale, speaking
from cogs.common.answer import answer
from cogs.common.confirm import PROMPT_TIMEOUT, done_waiting, track_waiting
from cogs.common.errors import send_error
from cogs.common.language import use_language
from cogs.common.layout import Reply, layout
from cogs.common.render import command as named_command

NOT_YOURS = N_("These pages aren't yours: run the command yourself to see your own.")
EXPIRED = N_("These pages expired. Run {command} again to page through them.")
SHUT_DOWN = N_("The bot went offline, so these pages no longer turn. Run {command} again.")


async def send_reply(
    interaction: discord.Interaction,
    reply: Reply | Sequence[discord.Embed],
    *,
    extras: Sequence[discord.ui.Item[Any]] = (),
    content: str | None = None,
) -> None:
    """The reply, paged when it needs more than one embed; `extras` (e.g. a persistent button) stay below."""
    pages = layout(reply) if isinstance(reply, Reply) else list(reply)
    if len(pages) == 1:
        await answer(interaction).send(content, embeds=pages, view=_still(extras) if extras else None)
        return
    view = Pages(interaction, pages, extras)
    await answer(interaction).send(content, embeds=[pages[0]], view=view)
    track_waiting(interaction.client, view)


def _still(items: Sequence[discord.ui.Item[Any]]) -> discord.ui.View:
    """A view of persistent items only: discord.py routes their presses by id, not through this object."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


class Pages(discord.ui.View):
    """◀ ▶ over a reply's pages, for the person who asked only."""

    def __init__(
        self,
        asked: discord.Interaction,
        pages: list[discord.Embed],
        extras: Sequence[discord.ui.Item[Any]] = (),
    ) -> None:
        super().__init__(timeout=PROMPT_TIMEOUT)
        self._asked = asked
        self._pages = pages
        self._extras = list(extras)
        self._number = 0
        self._locale = current_locale()  # the pages' language: their expiry note is written in it later
        for item in self._extras:
            self.add_item(item)
        self._show_arrows()

    @property
    def command_name(self) -> str:
        command = self._asked.command
        return named_command(command.qualified_name) if command else _("the command")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self._asked.user.id:
            use_language(interaction)  # told in the language of whoever pressed
            await interaction.response.send_message(_(NOT_YOURS), ephemeral=True)
            return False
        return True

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, row=0)
    async def back(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, row=0)
    async def forward(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._turn(interaction, +1)

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self._number = max(0, min(len(self._pages) - 1, self._number + step))
        self._show_arrows()
        await interaction.response.edit_message(embed=self._pages[self._number], view=self)

    def _show_arrows(self) -> None:
        self.back.disabled = self._number == 0
        self.forward.disabled = self._number == len(self._pages) - 1

    async def on_timeout(self) -> None:
        await self.expire(EXPIRED)

    async def expire(self, why: str) -> None:
        """The page shown stays; the arrows go, with a line saying why (best effort: it may be dismissed).
        `why` is a message of the catalog naming `{command}`."""
        with speaking(self._locale):
            text = _(why).format(command=self.command_name)
        self.stop()
        done_waiting(self._asked.client, self)
        with contextlib.suppress(discord.HTTPException):
            await self._asked.edit_original_response(
                content=text,
                embed=self._pages[self._number],
                view=_still(self._extras) if self._extras else None,
            )

    async def expire_at_shutdown(self) -> None:
        await self.expire(SHUT_DOWN)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Pages]
    ) -> None:
        await send_error(interaction, error)
