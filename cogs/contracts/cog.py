"""The /contract commands: options resolved at the edge, one service call, one rendered reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.platforms import PLATFORMS
from bot.i18n.commands import command_name
from bot.i18n.speaking import N_, _, current_locale
from bot.services.results import ContractView
from cogs.common import limits
from cogs.common.confirm import ConfirmView
from cogs.common.layout import Reply
from cogs.common.options import ContractArg
from cogs.common.pages import send_reply
from cogs.common.render import (
    INFO,
    OK,
    WARN,
    command,
    contract_heading,
    contract_reply,
    day,
    ending_notes,
    figures_lines,
    safe,
    start_moved_note,
)
from cogs.common.render import amount as written
from cogs.contracts.drafting import DraftButton

if TYPE_CHECKING:
    from bot.app import MilestoneBot
    from bot.services import Services

PLATFORM_CHOICES = [app_commands.Choice(name=rules.name, value=key.value) for key, rules in PLATFORMS.items()]
STATUS_CHOICES = [app_commands.Choice(name=name, value=name) for name in ("active", "ended", "all")]
CONTRACT = "One of your contracts"
LIST_TITLES = {
    "active": N_("Your contracts (active)"),
    "ended": N_("Your contracts (ended)"),
    "all": N_("Your contracts (all)"),
}


def contracts_reply(views: list[ContractView], status: str) -> Reply:
    """`/contract list`: every contract with its money, paged when they don't fit one embed."""
    reply = Reply(title=_(LIST_TITLES.get(status, LIST_TITLES["all"])), colour=INFO)
    if not views:
        reply.description = _("None yet. Start with {add}.").format(add=command("contract add"))
    for view in views:
        figures = view.figures
        money = _("Released {released} · held {held} · not yet funded {not_yet_funded}").format(
            released=written(figures.released),
            held=written(figures.held),
            not_yet_funded=written(figures.not_yet_funded),
        )
        reply.add(safe(view.contract.title), contract_heading(view.contract), money)
    return reply


def titled(reply: Reply, headline: str, view: ContractView) -> Reply:
    """The reply titled with what happened to the contract: `Added: Logo redesign` (headline marked N_)."""
    reply.title = _(headline).format(title=safe(view.contract.title))
    return reply


class ContractCommands(
    commands.GroupCog, group_name="contract", group_description="Your fixed-price contracts"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def services(self) -> Services:
        return self.bot.services

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
        view = await self.services.contracts.add(
            interaction.user.id,
            title=title,
            client=client,
            price=price,
            currency=currency,
            platform=platform,
            review_days=review_days,
            started=started,
        )
        reply = titled(contract_reply(view), N_("Added: {title}"), view)
        # A footer shows no markdown: the command is written plainly, by its name in the reader's language.
        reply.footer = _("Next: {add} for each milestone of this contract.").format(
            add=f"/{command_name('milestone add', current_locale())}"
        )
        await send_reply(interaction, reply)

    @app_commands.command(name="list", description="Your contracts")
    @app_commands.describe(status="Which contracts (default: active)")
    @app_commands.choices(status=STATUS_CHOICES)
    async def list_(self, interaction: discord.Interaction, status: str = "active") -> None:
        views = await self.services.contracts.list_contracts(interaction.user.id, status)
        await send_reply(interaction, contracts_reply(views, status))

    @app_commands.command(name="view", description="A contract with its milestones and money")
    @app_commands.describe(contract=CONTRACT)
    async def view(self, interaction: discord.Interaction, contract: ContractArg) -> None:
        view = await self.services.contracts.view(interaction.user.id, contract)
        await send_reply(interaction, contract_reply(view), extras=[DraftButton(view.contract.id)])

    @app_commands.command(
        name="edit", description="Change a contract's title, client, price, platform, review days or start"
    )
    @app_commands.describe(
        contract=CONTRACT,
        title="New title",
        client="The client's name",
        price="The agreed price, e.g. 1,250.50 (another currency, e.g. 150 EUR, only while no money is recorded)",
        platform="Where the contract runs",
        review_days="Days the client has to review submitted work",
        started="When it started, e.g. 2026-11-01 or 3 weeks ago",
    )
    @app_commands.choices(platform=PLATFORM_CHOICES)
    async def edit(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        title: str | None = None,
        client: str | None = None,
        price: str | None = None,
        platform: str | None = None,
        review_days: app_commands.Range[int, 0, 90] | None = None,
        started: str | None = None,
    ) -> None:
        view = await self.services.contracts.edit(
            interaction.user.id,
            contract,
            title=title,
            client=client,
            price=price,
            platform=platform,
            review_days=review_days,
            started=started,
        )
        reply = titled(contract_reply(view), N_("Edited: {title}"), view)
        reply.add(_("Started"), day(view.contract.started_at))
        await send_reply(interaction, reply)

    @app_commands.command(name="end", description="Mark a contract as ended; unfunded milestones are voided")
    @app_commands.describe(contract=CONTRACT, date="When it ended, e.g. today or 2 days ago (default: now)")
    async def end(
        self, interaction: discord.Interaction, contract: ContractArg, date: str | None = None
    ) -> None:
        view = await self.services.contracts.end(interaction.user.id, contract, date)
        reply = titled(
            contract_reply(view, notes=ending_notes(view, with_never_funded=False)),
            N_("Ended: {title}"),
            view,
        )
        await send_reply(interaction, reply)

    @app_commands.command(name="bonus", description="Record a bonus the client paid on top of the milestones")
    @app_commands.describe(
        contract=CONTRACT, amount="The bonus, e.g. 50", date="When it was paid (default: now)"
    )
    async def bonus(
        self, interaction: discord.Interaction, contract: ContractArg, amount: str, date: str | None = None
    ) -> None:
        view = await self.services.contracts.bonus(interaction.user.id, contract, amount, date)
        assert view.bonus is not None
        reply = Reply(
            title=_("Bonus recorded: {amount}").format(amount=written(view.bonus.amount)),
            description=f"**{safe(view.contract.title)}** · {contract_heading(view.contract)}",
            colour=OK,
        )
        reply.add(
            _("Money ({currency})").format(currency=view.contract.currency),
            *figures_lines(view.contract, view.figures, view.now),
        )
        moved = start_moved_note(view)
        if moved:
            reply.add(_("⚠️ Heads up"), moved)
        await send_reply(interaction, reply)

    @app_commands.command(
        name="delete", description="Delete a contract with its milestones (asks to confirm)"
    )
    @app_commands.describe(contract=CONTRACT)
    async def delete(self, interaction: discord.Interaction, contract: ContractArg) -> None:
        owner_id = interaction.user.id
        target = (await self.services.contracts.view(owner_id, contract)).contract
        embed = discord.Embed(
            title=_("Delete {title}?").format(title=safe(target.title))[: limits.TITLE],
            description=_(
                "This removes the contract, its milestones, their history and reminders. It can't be undone."
            ),
            colour=WARN,
        )
        press = await ConfirmView(confirm_label=_("Delete")).ask(interaction, embed)
        if press is None:
            return
        deleted = await self.services.contracts.delete(owner_id, target.id)
        text = (
            _("Deleted `{title}` with its milestones and reminders.").format(title=safe(target.title))
            if deleted
            else _("Already gone.")
        )
        await press.response.edit_message(content=text, embed=None, view=None)
