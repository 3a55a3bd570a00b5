"""The /milestone commands: add, edit, each lifecycle step, remove.

Options are resolved to ids at the edge; submitting an unfunded milestone asks first and, once the user
confirms, records the unprotected delivery with the ids it already holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import NotFound
from bot.domain.lifecycle import COMMANDS, EventKind, Milestone, MilestoneStatus
from bot.services.milestones import NO_SUCH_MILESTONE
from bot.services.results import ConfirmDelivery, MilestoneChange
from cogs.common import limits
from cogs.common.confirm import ConfirmView
from cogs.common.layout import Reply, layout
from cogs.common.options import ContractArg, MilestoneArg
from cogs.common.pages import send_reply
from cogs.common.render import (
    OK,
    WARN,
    command,
    figures_lines,
    milestone_line,
    mismatch_note,
    moment,
    safe,
    start_moved_note,
)

if TYPE_CHECKING:
    from bot.app import MilestoneBot
    from bot.services import Services

HEADLINES = {
    EventKind.CREATED: "Added",
    EventKind.EDIT: "Edited",
    EventKind.FUND: "Funded",
    EventKind.DELIVER: "Delivered without funding",
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


@dataclass(frozen=True)
class Note:
    """A line under a change: what comes next, or a heads-up (something may be wrong)."""

    text: str
    heads_up: bool = False


def change_reply(change: MilestoneChange) -> Reply:
    notes = after_notes(change)
    moved = start_moved_note(change.view)
    if moved:
        notes.append(Note(moved, heads_up=True))
    mismatch = (
        mismatch_note(change.view.figures) if change.kind in (EventKind.CREATED, EventKind.EDIT) else None
    )
    if mismatch:
        notes.append(Note(mismatch, heads_up=True))
    warn = change.milestone.status is MilestoneStatus.DELIVERED_UNFUNDED or any(n.heads_up for n in notes)
    reply = Reply(
        title=f"{HEADLINES.get(change.kind, change.kind.value)}: {safe(change.milestone.title)}",
        description=milestone_line(change.contract, change.milestone, change.view.now),
        colour=WARN if warn else OK,
    )
    reply.add(
        f"{safe(change.contract.title)} ({change.contract.currency})",
        *figures_lines(change.contract, change.view.figures, change.view.now),
    )
    for note in notes:
        reply.add("⚠️ Heads up" if note.heads_up else "Next", note.text)
    return reply


def after_notes(change: MilestoneChange) -> list[Note]:
    """What happens next after a step, where there is something to know."""
    milestone, contract = change.milestone, change.contract
    kind = change.kind
    if kind is EventKind.CREATED and milestone.due_at is not None and milestone.due_at <= change.view.now:
        return [
            Note(
                heads_up=True,
                text=f"Its due date, {moment(milestone.due_at)}, has already passed. I kept it: edit it with {command('milestone edit')} if that was a typo.",
            )
        ]
    if kind is EventKind.DELIVER:
        return [
            Note(
                heads_up=True,
                text="Recorded as delivered without funding: no review clock runs and nothing protects this work. "
                f"Ask the client to fund it; once they do, record it with {command(COMMANDS[EventKind.FUND])} and "
                f"submit it on the platform.",
            )
        ]
    if kind is EventKind.SUBMIT:
        ends = contract.review_ends_at(milestone)
        if ends is None:
            return [
                Note(
                    f"{contract.rules.name} has no review clock here: ask the client to release the payment."
                )
            ]
        if contract.auto_releases:
            return [
                Note(
                    f"The review ends {moment(ends)}: if the client does nothing, {contract.rules.name} releases it then. I'll remind you before."
                )
            ]
        return [
            Note(
                f"The review you agreed ends {moment(ends)}; the client releases the money. I'll remind you before."
            )
        ]
    if kind is EventKind.RELEASE and change.step is not None and change.step.amount_minor is not None:
        released = milestone.money(change.step.amount_minor)
        if milestone.held:
            return [
                Note(
                    f"Released {released}; {milestone.money(milestone.held)} is still in escrow. When the client releases "
                    f"the rest, record it with {command(COMMANDS[EventKind.RELEASE])}; if they want it back, "
                    f"{command(COMMANDS[EventKind.REQUEST_REFUND])}; if you disagree, {command(COMMANDS[EventKind.DISPUTE])}."
                )
            ]
        if milestone.ledger.extra:
            return [
                Note(
                    f"Released {released}, of which {milestone.money(milestone.ledger.extra)} beyond the milestone: it counts as extra pay."
                )
            ]
    if kind is EventKind.REFUND and milestone.held:
        return [
            Note(
                f"{milestone.money(milestone.held)} is still in escrow: record what happens to it when it does."
            )
        ]
    if kind is EventKind.REQUEST_REFUND:
        answer_by = contract.answer_by(milestone)
        if answer_by is None:
            return [
                Note(
                    "Answer the request on the platform: approve it, or dispute it if the work was delivered."
                )
            ]
        return [
            Note(
                f"Approve or dispute it on {contract.rules.name} by {moment(answer_by)}: if you do nothing, the money "
                "goes back to the client. I'll remind you before then."
            )
        ]
    if kind is EventKind.REQUEST_CHANGES:
        return [
            Note(
                "The review period is closed. Submit again when the changes are done: a new review period starts then."
            )
        ]
    return []


def confirm_delivery_embed(target: Milestone) -> discord.Embed:
    return discord.Embed(
        title=f"Submit {safe(target.title)} without funding?"[: limits.TITLE],
        description=(
            f"This milestone is **not funded**. If you deliver now, the {target.amount} is unprotected: escrow "
            "covers only money the client has deposited, and no review clock starts (only a funded milestone "
            "can be submitted on the platform). Ask the client to fund it first."
        ),
        colour=WARN,
    )


class MilestoneCommands(
    commands.GroupCog, group_name="milestone", group_description="Milestones of your contracts"
):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def services(self) -> Services:
        return self.bot.services

    @app_commands.command(name="add", description="Add a milestone to one of your contracts")
    @app_commands.describe(
        contract=CONTRACT,
        title="The deliverable, e.g. First draft",
        amount="Its amount, e.g. 50 or 1,250.50",
        due="When it is due, e.g. 2026-12-01 or in 3 days",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        title: str,
        amount: str,
        due: str | None = None,
    ) -> None:
        change = await self.services.milestones.add(
            interaction.user.id, contract, title=title, amount=amount, due=due
        )
        await send_reply(interaction, change_reply(change))

    @app_commands.command(name="edit", description="Change a milestone's title, amount or due date")
    @app_commands.describe(
        contract=CONTRACT, milestone=MILESTONE, title="New title", amount="New amount", due="New due date"
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        title: str | None = None,
        amount: str | None = None,
        due: str | None = None,
    ) -> None:
        change = await self.services.milestones.edit(
            interaction.user.id, contract, milestone, title=title, amount=amount, due=due
        )
        await send_reply(interaction, change_reply(change))

    async def _step(
        self,
        interaction: discord.Interaction,
        kind: EventKind,
        contract: int,
        milestone: int,
        date: str | None,
        amount: str | None = None,
    ) -> None:
        owner_id = interaction.user.id
        milestones = self.services.milestones
        outcome = await milestones.act(owner_id, contract, milestone, kind, date=date, amount=amount)
        if isinstance(outcome, ConfirmDelivery):
            view = ConfirmView(confirm_label="Submit anyway")
            press = await view.ask(interaction, confirm_delivery_embed(outcome.milestone))
            if press is None:
                return
            done = await milestones.act(owner_id, contract, milestone, kind, date=date, confirmed=True)
            assert isinstance(done, MilestoneChange)
            await press.response.edit_message(content=None, embeds=layout(change_reply(done)), view=None)
            return
        await send_reply(interaction, change_reply(outcome))

    @app_commands.command(name="fund", description="The client funded this milestone (money is in escrow)")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def fund(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.FUND, contract, milestone, date)

    @app_commands.command(
        name="submit", description="You submitted the work with the platform's Submit button"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def submit(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.SUBMIT, contract, milestone, date)

    @app_commands.command(name="release", description="The client released payment (all or part)")
    @app_commands.describe(
        contract=CONTRACT,
        milestone=MILESTONE,
        date=DATE,
        amount="How much was released (default: all still in escrow)",
    )
    async def release(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
        amount: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.RELEASE, contract, milestone, date, amount)

    @app_commands.command(
        name="changes", description="The client asked for changes (the review period closes)"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def changes(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.REQUEST_CHANGES, contract, milestone, date)

    @app_commands.command(
        name="refund-request", description="The client requested a refund of escrowed money"
    )
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def refund_request(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.REQUEST_REFUND, contract, milestone, date)

    @app_commands.command(name="refund", description="What was still in escrow went back to the client")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def refund(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.REFUND, contract, milestone, date)

    @app_commands.command(name="dispute", description="You disputed a refund request or a partial release")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE, date=DATE)
    async def dispute(
        self,
        interaction: discord.Interaction,
        contract: ContractArg,
        milestone: MilestoneArg,
        date: str | None = None,
    ) -> None:
        await self._step(interaction, EventKind.DISPUTE, contract, milestone, date)

    @app_commands.command(name="remove", description="Remove a milestone and its history (asks to confirm)")
    @app_commands.describe(contract=CONTRACT, milestone=MILESTONE)
    async def remove(
        self, interaction: discord.Interaction, contract: ContractArg, milestone: MilestoneArg
    ) -> None:
        owner_id = interaction.user.id
        view = await self.services.contracts.view(owner_id, contract)
        target = view.contract.milestone(milestone)
        if target is None:
            raise NotFound(NO_SUCH_MILESTONE, contract=view.contract.title)
        embed = discord.Embed(
            title=f"Remove {safe(target.title)}?"[: limits.TITLE],
            description=f"{milestone_line(view.contract, target)}\nIts history and reminders go too. This can't be undone.",
            colour=WARN,
        )
        press = await ConfirmView(confirm_label="Remove").ask(interaction, embed)
        if press is None:
            return
        removed = await self.services.milestones.remove(owner_id, contract, target.id)
        text = f"Removed `{safe(target.title)}`." if removed else "Already gone."
        await press.response.edit_message(content=text, embed=None, view=None)
