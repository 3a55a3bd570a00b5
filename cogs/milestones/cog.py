"""The /milestone commands: add, edit, each lifecycle step, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.lifecycle import EventKind
from bot.services.milestones import ConfirmationNeeded
from bot.services.models import MilestoneChange
from cogs.common.choices import contract_choices, milestone_choices
from cogs.common.confirm import ConfirmView
from cogs.common.render import OK, WARN, milestone_line, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

HEADLINES = {
    EventKind.CREATED: "Added",
    EventKind.EDIT: "Edited",
    EventKind.FUND: "Funded",
    EventKind.SUBMIT: "Submitted",
    EventKind.RELEASE: "Released",
    EventKind.REQUEST_CHANGES: "Changes requested",
    EventKind.REQUEST_REFUND: "Refund requested",
    EventKind.REFUND: "Refunded",
    EventKind.DISPUTE: "Disputed",
}
CONTRACT = "One of your contracts"
MILESTONE = "A milestone of that contract"
DATE = "When it happened, e.g. today 14:00 or 2 days ago (default: now)"


def change_embed(change: MilestoneChange) -> discord.Embed:
    rec = change.detail.reconciliation
    embed = discord.Embed(
        title=f"{HEADLINES.get(change.kind, change.kind.value)}: {safe(change.milestone.title)}"[:256],
        description=milestone_line(change.milestone),
        colour=WARN if change.warnings else OK,
    )
    embed.add_field(
        name=safe(change.detail.contract.title)[:256],
        value=f"Released {rec.released} of {rec.agreed} · in escrow {rec.in_escrow} · outstanding {rec.outstanding}",
        inline=False,
    )
    for warning in change.warnings:
        embed.add_field(name="⚠️ Heads up", value=warning[:1024], inline=False)
    return embed


class MilestoneCommands(
    commands.GroupCog, group_name="milestone", group_description="Milestones of your contracts"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description="Add a milestone to one of your contracts")
    @app_commands.describe(
        contract=CONTRACT,
        title="The deliverable, e.g. First draft",
        amount="Its amount, e.g. 50 or 1,250.50",
        due="When it is due, e.g. 2026-12-01 or in 3 days",
    )
    @app_commands.autocomplete(contract=contract_choices)
    async def add(
        self, interaction: discord.Interaction, contract: str, title: str, amount: str, due: str | None = None
    ) -> None:
        change = await self.bot.milestones.add(
            interaction.user.id, contract=contract, title=title, amount=amount, due=due
        )
        await interaction.response.send_message(embed=change_embed(change), ephemeral=True)

    @app_commands.command(name="edit", description="Change a milestone's title, amount or due date")
    @app_commands.describe(
        contract=CONTRACT, milestone=MILESTONE, title="New title", amount="New amount", due="New due date"
    )
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def edit(
        self,
        interaction: discord.Interaction,
        contract: str,
        milestone: str,
        title: str | None = None,
        amount: str | None = None,
        due: str | None = None,
    ) -> None:
        change = await self.bot.milestones.edit(
            interaction.user.id, contract=contract, milestone=milestone, title=title, amount=amount, due=due
        )
        await interaction.response.send_message(embed=change_embed(change), ephemeral=True)

    async def _act(
        self,
        interaction: discord.Interaction,
        action: str,
        contract: str,
        milestone: str,
        date: str | None,
        amount: str | None = None,
    ) -> None:
        owner_id = interaction.user.id
        try:
            change = await self.bot.milestones.act(
                owner_id, action, contract=contract, milestone=milestone, date=date, amount=amount
            )
        except ConfirmationNeeded as needed:
            target = needed.milestone

            async def confirmed(press: discord.Interaction) -> None:
                done = await self.bot.milestones.act(
                    owner_id,
                    action,
                    contract=f"#{target.contract_id}",
                    milestone=f"#{target.id}",
                    date=date,
                    amount=amount,
                    confirmed=True,
                )
                await press.response.edit_message(content=None, embed=change_embed(done), view=None)

            embed = discord.Embed(
                title=f"Submit {safe(target.title)} without funding?"[:256],
                description=needed.warning,
                colour=WARN,
            )
            await ConfirmView(confirmed, confirm_label="Submit anyway").ask(interaction, embed)
            return
        await interaction.response.send_message(embed=change_embed(change), ephemeral=True)

    @app_commands.command(name="fund", description="The client funded this milestone (money is in escrow)")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def fund(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "fund", contract, milestone, date)

    @app_commands.command(
        name="submit", description="You submitted the work with the platform's Submit button"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def submit(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "submit", contract, milestone, date)

    @app_commands.command(name="release", description="The client released payment (all or part)")
    @app_commands.describe(
        contract=CONTRACT, milestone=MILESTONE, date=DATE, amount="How much was released (default: all)"
    )
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def release(
        self,
        interaction: discord.Interaction,
        contract: str,
        milestone: str,
        date: str | None = None,
        amount: str | None = None,
    ) -> None:
        await self._act(interaction, "release", contract, milestone, date, amount)

    @app_commands.command(
        name="changes", description="The client asked for changes (the review period closes)"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def changes(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "changes", contract, milestone, date)

    @app_commands.command(
        name="refund-request", description="The client requested a refund of escrowed money"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def refund_request(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "refund-request", contract, milestone, date)

    @app_commands.command(name="refund", description="The escrowed money went back to the client")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def refund(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "refund", contract, milestone, date)

    @app_commands.command(name="dispute", description="You disputed a refund request or a partial release")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def dispute(
        self, interaction: discord.Interaction, contract: str, milestone: str, date: str | None = None
    ) -> None:
        await self._act(interaction, "dispute", contract, milestone, date)

    @app_commands.command(name="remove", description="Remove a milestone and its history (asks to confirm)")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE)
    @app_commands.autocomplete(contract=contract_choices, milestone=milestone_choices)
    async def remove(self, interaction: discord.Interaction, contract: str, milestone: str) -> None:
        owner_id = interaction.user.id
        target = await self.bot.milestones.describe_for_remove(
            owner_id, contract=contract, milestone=milestone
        )

        async def confirmed(press: discord.Interaction) -> None:
            removed = await self.bot.milestones.remove(owner_id, target.id)
            text = f"Removed `{safe(target.title)}`." if removed else "Already gone."
            await press.response.edit_message(content=text, embed=None, view=None)

        embed = discord.Embed(
            title=f"Remove {safe(target.title)}?"[:256],
            description=f"{milestone_line(target)}\nIts history and reminders go too. This can't be undone.",
            colour=WARN,
        )
        await ConfirmView(confirmed, confirm_label="Remove").ask(interaction, embed)
