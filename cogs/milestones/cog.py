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

from bot.domain.lifecycle import COMMANDS, EventKind, Milestone, MilestoneStatus
from bot.i18n.speaking import N_, _
from bot.services.milestones import no_such_milestone
from bot.services.results import ConfirmDelivery, MilestoneChange
from cogs.common import limits
from cogs.common.confirm import ConfirmView
from cogs.common.layout import Reply, layout
from cogs.common.options import ContractArg, MilestoneArg
from cogs.common.pages import send_reply
from cogs.common.render import (
    OK,
    WARN,
    amount,
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

# A change's title, with the milestone's title in it: `Funded: First draft`.
HEADLINES = {
    EventKind.CREATED: N_("Added: {title}"),
    EventKind.EDIT: N_("Edited: {title}"),
    EventKind.FUND: N_("Funded: {title}"),
    EventKind.DELIVER: N_("Delivered without funding: {title}"),
    EventKind.SUBMIT: N_("Submitted: {title}"),
    EventKind.RELEASE: N_("Released: {title}"),
    EventKind.REQUEST_CHANGES: N_("Changes requested: {title}"),
    EventKind.REQUEST_REFUND: N_("Refund requested: {title}"),
    EventKind.REFUND: N_("Refunded: {title}"),
    EventKind.DISPUTE: N_("Disputed: {title}"),
}
RECORDED = N_("Recorded: {title}")
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
        title=_(HEADLINES.get(change.kind, RECORDED)).format(title=safe(change.milestone.title)),
        description=milestone_line(change.contract, change.milestone, change.view.now),
        colour=WARN if warn else OK,
    )
    reply.add(
        f"{safe(change.contract.title)} ({change.contract.currency})",
        *figures_lines(change.contract, change.view.figures, change.view.now),
    )
    for note in notes:
        reply.add(_("⚠️ Heads up") if note.heads_up else _("Next"), note.text)
    return reply


def after_notes(change: MilestoneChange) -> list[Note]:
    """What happens next after a step, where there is something to know."""
    milestone, contract = change.milestone, change.contract
    kind = change.kind
    if kind is EventKind.CREATED and milestone.due_at is not None and milestone.due_at <= change.view.now:
        return [
            Note(
                heads_up=True,
                text=_(
                    "Its due date, {when}, has already passed. I kept it: edit it with {edit} if that was a typo."
                ).format(when=moment(milestone.due_at), edit=command("milestone edit")),
            )
        ]
    if kind is EventKind.DELIVER:
        return [
            Note(
                heads_up=True,
                text=_(
                    "Recorded as delivered without funding: no review clock runs and nothing protects this work. "
                    "Ask the client to fund it; once they do, record it with {fund} and submit it on the platform."
                ).format(fund=command(COMMANDS[EventKind.FUND])),
            )
        ]
    if kind is EventKind.SUBMIT:
        ends = contract.review_ends_at(milestone)
        if ends is None:
            return [
                Note(
                    _("{platform} has no review clock here: ask the client to release the payment.").format(
                        platform=contract.rules.name
                    )
                )
            ]
        if contract.auto_releases:
            return [
                Note(
                    _(
                        "The review ends {when}: if the client does nothing, {platform} releases it then. "
                        "I'll remind you before."
                    ).format(when=moment(ends), platform=contract.rules.name)
                )
            ]
        return [
            Note(
                _(
                    "The review you agreed ends {when}; the client releases the money. I'll remind you before."
                ).format(when=moment(ends))
            )
        ]
    if kind is EventKind.RELEASE and change.step is not None and change.step.amount_minor is not None:
        released = milestone.money(change.step.amount_minor)
        if milestone.held:
            return [
                Note(
                    _(
                        "Released {released}; {held} is still in escrow. When the client releases the rest, record "
                        "it with {release}; if they want it back, {request}; if you disagree, {dispute}."
                    ).format(
                        released=amount(released),
                        held=amount(milestone.money(milestone.held)),
                        release=command(COMMANDS[EventKind.RELEASE]),
                        request=command(COMMANDS[EventKind.REQUEST_REFUND]),
                        dispute=command(COMMANDS[EventKind.DISPUTE]),
                    )
                )
            ]
        if milestone.ledger.extra:
            return [
                Note(
                    _(
                        "Released {released}, of which {extra} beyond the milestone: it counts as extra pay."
                    ).format(released=amount(released), extra=amount(milestone.money(milestone.ledger.extra)))
                )
            ]
    if kind is EventKind.REFUND and milestone.held:
        return [
            Note(
                _("{held} is still in escrow: record what happens to it when it does.").format(
                    held=amount(milestone.money(milestone.held))
                )
            )
        ]
    if kind is EventKind.REQUEST_REFUND:
        answer_by = contract.answer_by(milestone)
        if answer_by is None:
            return [
                Note(
                    _(
                        "Answer the request on the platform: approve it, or dispute it if the work was delivered."
                    )
                )
            ]
        return [
            Note(
                _(
                    "Approve or dispute it on {platform} by {when}: if you do nothing, the money goes back to the "
                    "client. I'll remind you before then."
                ).format(platform=contract.rules.name, when=moment(answer_by))
            )
        ]
    if kind is EventKind.REQUEST_CHANGES:
        return [
            Note(
                _(
                    "The review period is closed. Submit again when the changes are done: a new review period "
                    "starts then."
                )
            )
        ]
    return []


def confirm_delivery_embed(target: Milestone) -> discord.Embed:
    return discord.Embed(
        title=_("Submit {title} without funding?").format(title=safe(target.title))[: limits.TITLE],
        description=_(
            "This milestone is **not funded**. If you deliver now, the {amount} is unprotected: escrow "
            "covers only money the client has deposited, and no review clock starts (only a funded milestone "
            "can be submitted on the platform). Ask the client to fund it first."
        ).format(amount=amount(target.amount)),
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
            view = ConfirmView(confirm_label=_("Submit anyway"))
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
            raise no_such_milestone(view.contract)
        embed = discord.Embed(
            title=_("Remove {title}?").format(title=safe(target.title))[: limits.TITLE],
            description=milestone_line(view.contract, target)
            + "\n"
            + _("Its history and reminders go too. This can't be undone."),
            colour=WARN,
        )
        press = await ConfirmView(confirm_label=_("Remove")).ask(interaction, embed)
        if press is None:
            return
        removed = await self.services.milestones.remove(owner_id, contract, target.id)
        text = _("Removed `{title}`.").format(title=safe(target.title)) if removed else _("Already gone.")
        await press.response.edit_message(content=text, embed=None, view=None)
