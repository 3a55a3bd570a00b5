"""The /contract commands: thin wrappers that parse options, call the contract service and render."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.platforms import PLATFORMS
from cogs.common.choices import contract_choices
from cogs.common.confirm import ConfirmView
from cogs.common.render import INFO, WARN, contract_embed, contract_heading, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

PLATFORM_CHOICES = [app_commands.Choice(name=rules.name, value=key.value) for key, rules in PLATFORMS.items()]
STATUS_CHOICES = [app_commands.Choice(name=name, value=name) for name in ("active", "ended", "all")]
MAX_LISTED = 20


class ContractCommands(
    commands.GroupCog, group_name="contract", group_description="Your fixed-price contracts"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description="Register a fixed-price contract")
    @app_commands.describe(
        title="A name you will recognise, e.g. Logo redesign",
        client="The client's name",
        price="The agreed fixed price, e.g. 150, 1,250.50 or 150 EUR",
        currency="ISO 4217 code such as USD, EUR, JPY (default: your /settings currency)",
        platform="Where the contract runs (default: Upwork)",
        review_days="Days the client has to review submitted work (default: the platform's)",
        started="When it started, e.g. 2026-11-01 or 3 days ago (default: now)",
    )
    @app_commands.choices(platform=PLATFORM_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction,
        title: str,
        client: str,
        price: str,
        currency: str | None = None,
        platform: str | None = None,
        review_days: app_commands.Range[int, 0, 90] | None = None,
        started: str | None = None,
    ) -> None:
        detail = await self.bot.contracts.add(
            interaction.user.id,
            title=title,
            client=client,
            price=price,
            currency=currency,
            platform=platform,
            review_days=review_days,
            started=started,
        )
        embed = contract_embed(detail, title_prefix="Added: ")
        embed.set_footer(text="Next: /milestone add for each milestone of this contract.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="list", description="Your contracts")
    @app_commands.describe(status="Which contracts (default: active)")
    @app_commands.choices(status=STATUS_CHOICES)
    async def list_(self, interaction: discord.Interaction, status: str = "active") -> None:
        details = await self.bot.contracts.list_contracts(interaction.user.id, status)
        embed = discord.Embed(title=f"Your contracts ({status})", colour=INFO)
        if not details:
            embed.description = "None yet. Start with `/contract add`."
        for detail in details[:MAX_LISTED]:
            rec = detail.reconciliation
            embed.add_field(
                name=safe(detail.contract.title)[:256],
                value=f"{contract_heading(detail.contract)}\nReleased {rec.released} · outstanding {rec.outstanding}",
                inline=False,
            )
        if len(details) > MAX_LISTED:
            embed.set_footer(text=f"Showing {MAX_LISTED} of {len(details)}.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="view", description="A contract with its milestones and money")
    @app_commands.describe(contract="One of your contracts")
    @app_commands.autocomplete(contract=contract_choices)
    async def view(self, interaction: discord.Interaction, contract: str) -> None:
        detail = await self.bot.contracts.view(interaction.user.id, contract)
        await interaction.response.send_message(embed=contract_embed(detail), ephemeral=True)

    @app_commands.command(name="end", description="Mark a contract as ended; unfunded milestones are voided")
    @app_commands.describe(contract="One of your contracts", date="When it ended (default: now)")
    @app_commands.autocomplete(contract=contract_choices)
    async def end(self, interaction: discord.Interaction, contract: str, date: str | None = None) -> None:
        detail = await self.bot.contracts.end(interaction.user.id, contract, date)
        await interaction.response.send_message(
            embed=contract_embed(detail, title_prefix="Ended: "), ephemeral=True
        )

    @app_commands.command(
        name="delete", description="Delete a contract with its milestones (asks to confirm)"
    )
    @app_commands.describe(contract="One of your contracts")
    @app_commands.autocomplete(contract=contract_choices)
    async def delete(self, interaction: discord.Interaction, contract: str) -> None:
        owner_id = interaction.user.id
        target = await self.bot.contracts.describe_for_delete(owner_id, contract)

        async def confirmed(press: discord.Interaction) -> None:
            deleted = await self.bot.contracts.delete(owner_id, target.id)
            text = (
                f"Deleted `{safe(target.title)}` with its milestones and reminders."
                if deleted
                else "Already gone."
            )
            await press.response.edit_message(content=text, embed=None, view=None)

        embed = discord.Embed(
            title=f"Delete {safe(target.title)}?"[:256],
            description="This removes the contract, its milestones, their history and reminders. It can't be undone.",
            colour=WARN,
        )
        await ConfirmView(confirmed, confirm_label="Delete").ask(interaction, embed)
