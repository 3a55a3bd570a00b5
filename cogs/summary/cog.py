"""/summary: active contracts and ended ones with money still held: totals per currency, what needs you
now, and the next deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.contracts import Attention, AttentionKind, DeadlineKind
from bot.domain.lifecycle import COMMANDS, EventKind
from bot.services.results import Summary
from cogs.common.layout import Reply
from cogs.common.pages import send_reply
from cogs.common.render import INFO, WARN, command, figures_lines, moment, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MAX_ATTENTION = 10
DEADLINE_WORDS = {
    DeadlineKind.DUE: "due",
    DeadlineKind.REVIEW_ENDS: "review ends",
    DeadlineKind.ANSWER_BY: "answer the refund request by",
}


def attention_line(item: Attention) -> str:
    """One thing that needs the user now, with what to do about it."""
    where = f"**{safe(item.milestone.title)}** ({safe(item.contract.title)})"
    kind = item.kind
    if kind is AttentionKind.OVERDUE_UNFUNDED:
        assert item.at is not None
        return f"{where} was due {moment(item.at)} and is still not funded: ask the client to fund it before you deliver."
    if kind is AttentionKind.DELIVERED_UNFUNDED:
        return f"{where} was delivered without funding: ask the client to fund it, then {command(COMMANDS[EventKind.FUND])}."
    if kind is AttentionKind.REVIEW_ENDED:
        assert item.at is not None
        return (
            f"{where}: the review ended {moment(item.at)} and no release is recorded. Did it release? "
            f"{command(COMMANDS[EventKind.RELEASE])} if so; if not, ask the client or the platform's support."
        )
    if kind is AttentionKind.REFUND_REQUESTED:
        by = f" by {moment(item.at)}" if item.at else ""
        return f"{where} has a refund request: approve or dispute it{by}."
    return f"{where} is in dispute: record the outcome with {command(COMMANDS[EventKind.RELEASE])} or {command(COMMANDS[EventKind.REFUND])}."


def summary_reply(summary: Summary) -> Reply:
    """`/summary`: one totals section per currency, then what needs the user, contracts and deadlines."""
    reply = Reply(title="Your summary", colour=WARN if summary.attention else INFO)
    if not summary.views:
        reply.description = "No active contracts. Add one with `/contract add`."
    for currency, figures in sorted(summary.totals.items()):
        contract = next(v.contract for v in summary.views if v.contract.currency == currency)
        reply.add(f"Totals in {currency}", *figures_lines(contract, figures))
    if summary.attention:
        lines = [attention_line(a) for a in summary.attention[:MAX_ATTENTION]]
        if len(summary.attention) > MAX_ATTENTION:
            lines.append(f"…and {len(summary.attention) - MAX_ATTENTION} more: see `/reminders list`.")
        reply.add("⚠️ Needs attention", *lines)
    contract_lines = []
    for view in summary.views:
        figures = view.figures
        state = "" if view.contract.active else " · ended"
        contract_lines.append(
            f"**{safe(view.contract.title)}**{state} · released {figures.released} · held {figures.held}"
            f" · not yet funded {figures.not_yet_funded}"
        )
    if contract_lines:
        reply.add("Contracts", *contract_lines)
    deadlines = [
        f"{moment(d.at)} · {DEADLINE_WORDS[d.kind]} · {safe(d.milestone.title)} ({safe(d.contract.title)})"
        for d in summary.upcoming
    ]
    reply.add("Next deadlines", *(deadlines or ["Nothing coming up."]))
    return reply


class SummaryCommand(commands.Cog):
    def __init__(self, bot: MilestoneBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="summary",
        description="Your contracts' money per currency, what needs you now, and the next deadlines",
    )
    async def summary(self, interaction: discord.Interaction) -> None:
        summary = await self.bot.services.contracts.summary(interaction.user.id)
        await send_reply(interaction, summary_reply(summary))
