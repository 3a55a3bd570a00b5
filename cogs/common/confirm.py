"""A Confirm / Cancel prompt: only the person who asked can press it, and nothing happens without it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from cogs.common.errors import send_error

OnConfirm = Callable[[discord.Interaction], Awaitable[None]]


class ConfirmView(discord.ui.View):
    def __init__(
        self, owner_id: int, on_confirm: OnConfirm, *, confirm_label: str, danger: bool = True
    ) -> None:
        super().__init__(timeout=300)
        self.owner_id = owner_id
        self._on_confirm = on_confirm
        self.confirm.label = confirm_label
        self.confirm.style = discord.ButtonStyle.danger if danger else discord.ButtonStyle.primary

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("This prompt isn't yours.", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await self._on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled. Nothing was changed.", embed=None, view=None
        )

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[ConfirmView]
    ) -> None:
        await send_error(interaction, error)
