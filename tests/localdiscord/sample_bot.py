"""A tiny real discord.py bot used to prove the local server behaves like Discord."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands


class ConfirmView(discord.ui.View):
    """A non-persistent view: it is found again by the id of the message it was sent on."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.pressed_by: list[int] = []

    @discord.ui.button(label="Confirm", custom_id="confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        self.pressed_by.append(interaction.user.id)
        button.disabled = True
        await interaction.response.edit_message(content="Confirmed.", view=self)

    @discord.ui.button(label="Later", custom_id="later")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="Snoozed for a day.", view=None)


class SnoozeView(discord.ui.View):
    """A persistent view: fixed custom_id and no timeout, registered again at every start."""

    def __init__(self, bot: SampleBot) -> None:
        super().__init__(timeout=None)
        self.bot = bot

    @discord.ui.button(label="Snooze 1 day", custom_id="reminder:snooze")
    async def snooze(self, interaction: discord.Interaction, button: discord.ui.Button[SnoozeView]) -> None:
        self.bot.snoozed.append(interaction.user.id)
        await interaction.response.edit_message(content="Snoozed until tomorrow.", view=None)


class NoteModal(discord.ui.Modal, title="Add a note"):
    note: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
        label="Note", custom_id="note", max_length=50
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Saved note: {self.note.value}", ephemeral=True)


class SampleBot(commands.Bot):
    def __init__(self) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents.default())
        self.received: dict[str, object] = {}
        self.views: list[ConfirmView] = []
        self.snoozed: list[int] = []
        self.command_errors: list[Exception] = []
        self._add_commands()

    async def setup_hook(self) -> None:
        self.add_view(SnoozeView(self))
        await self.tree.sync()
        self.tree.error(self._on_command_error)

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.command_errors.append(error)

    def _add_commands(self) -> None:
        contract = app_commands.Group(name="contract", description="Your contracts")
        milestone = app_commands.Group(name="milestone", description="Milestones", parent=contract)

        @milestone.command(name="add", description="Add a milestone")
        @app_commands.describe(title="What you deliver", amount="Amount in cents", funded="Is it funded")
        async def milestone_add(
            interaction: discord.Interaction, title: str, amount: int, funded: bool = False
        ) -> None:
            self.received = {"title": title, "amount": amount, "funded": funded}
            await interaction.response.send_message(f"Added {title}: {amount} (funded={funded})")

        @contract.command(name="list", description="List your contracts")
        @app_commands.choices(
            status=[app_commands.Choice(name=s, value=s) for s in ("active", "ended", "all")]
        )
        async def contract_list(interaction: discord.Interaction, status: str = "active") -> None:
            embed = discord.Embed(title="Your contracts", description=f"Showing {status}")
            embed.add_field(name="Logo design", value="$150 agreed")
            embed.set_footer(text="1 contract")
            await interaction.response.send_message(embed=embed, ephemeral=True)

        @contract.command(name="summary", description="Totals")
        async def contract_summary(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send("Outstanding: $50", ephemeral=True)
            await interaction.followup.send("Next deadline: tomorrow", ephemeral=True)

        @contract.command(name="view", description="One contract")
        async def contract_view(interaction: discord.Interaction, contract: str) -> None:
            await interaction.response.send_message(f"Contract {contract}", ephemeral=True)

        @contract_view.autocomplete("contract")
        async def contract_choices(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            if current == "everything":
                return [app_commands.Choice(name=f"Contract {n}", value=str(n)) for n in range(30)]
            titles = ["Logo design", "Landing page", "Logo animation"]
            return [
                app_commands.Choice(name=t, value=t) for t in titles if t.lower().startswith(current.lower())
            ]

        @contract.command(name="delete", description="Delete a contract")
        async def contract_delete(interaction: discord.Interaction) -> None:
            view = ConfirmView()
            self.views.append(view)
            await interaction.response.send_message("Delete it?", view=view, ephemeral=True)

        @contract.command(name="note", description="Attach a note")
        async def contract_note(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(NoteModal())

        self.tree.add_command(contract)

        @self.tree.command(name="whoami", description="Your permissions here")
        async def whoami(interaction: discord.Interaction) -> None:
            permissions = interaction.permissions
            where = "dm" if interaction.guild is None else "guild"
            await interaction.response.send_message(
                f"{interaction.user.name} in {where}: manage_guild={permissions.manage_guild}"
                f" app_send={interaction.app_permissions.send_messages}",
                ephemeral=True,
            )

        @self.tree.command(name="faq-admin", description="Server managers only")
        @app_commands.default_permissions(manage_guild=True)
        @app_commands.guild_only()
        async def faq_admin(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("admin ok", ephemeral=True)

        @self.tree.command(name="remind", description="DM me with a button")
        async def remind(interaction: discord.Interaction, text: str) -> None:
            view = ConfirmView()
            self.views.append(view)
            await interaction.user.send(text, view=view)
            await interaction.response.send_message("Sent you a DM.", ephemeral=True)

        @self.tree.command(name="nudge", description="DM me a reminder that can be snoozed")
        async def nudge(interaction: discord.Interaction) -> None:
            await interaction.user.send("Review ends tomorrow.", view=SnoozeView(self))
            await interaction.response.send_message("Sent.", ephemeral=True)

        @self.tree.command(name="slow", description="Answers too late")
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            await interaction.response.send_message("finally")

        @self.tree.command(name="silent", description="Never answers")
        async def silent(interaction: discord.Interaction) -> None:
            return None
