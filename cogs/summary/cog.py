"""/summary: active contracts and ended ones with money still held: totals per currency, what needs you
now, and the next deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.contracts import Attention, AttentionKind, DeadlineKind
from bot.domain.lifecycle import COMMANDS, EventKind
from bot.i18n.speaking import N_, _, ngettext
from bot.services.results import Summary
from cogs.common.layout import Reply
from cogs.common.pages import send_reply
from cogs.common.render import INFO, WARN, amount, command, figures_lines, moment, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MAX_ATTENTION = 10
DEADLINE_WORDS = {
    DeadlineKind.DUE: N_("due"),
    DeadlineKind.REVIEW_ENDS: N_("review ends"),
    DeadlineKind.ANSWER_BY: N_("answer the refund request by"),
}


def attention_line(item: Attention) -> str:
    """One thing that needs the user now, with what to do about it."""
    where = _("**{milestone}** ({contract})").format(
        milestone=safe(item.milestone.title), contract=safe(item.contract.title)
    )
    kind = item.kind
    if kind is AttentionKind.OVERDUE_UNFUNDED:
        assert item.at is not None
        return _(
            "{where} was due {when} and is still not funded: ask the client to fund it before you deliver."
        ).format(where=where, when=moment(item.at))
    if kind is AttentionKind.DELIVERED_UNFUNDED:
        return _("{where} was delivered without funding: ask the client to fund it, then {fund}.").format(
            where=where, fund=command(COMMANDS[EventKind.FUND])
        )
    if kind is AttentionKind.REVIEW_ENDED:
        assert item.at is not None
        return _(
            "{where}: the review ended {when} and no release is recorded. Did it release? "
            "{release} if so; if not, ask the client or the platform's support."
        ).format(where=where, when=moment(item.at), release=command(COMMANDS[EventKind.RELEASE]))
    if kind is AttentionKind.REFUND_REQUESTED:
        if item.at:
            return _("{where} has a refund request: approve or dispute it by {when}.").format(
                where=where, when=moment(item.at)
            )
        return _("{where} has a refund request: approve or dispute it.").format(where=where)
    return _("{where} is in dispute: record the outcome with {release} or {refund}.").format(
        where=where, release=command(COMMANDS[EventKind.RELEASE]), refund=command(COMMANDS[EventKind.REFUND])
    )


def summary_reply(summary: Summary) -> Reply:
    """`/summary`: one totals section per currency, then what needs the user, contracts and deadlines."""
    reply = Reply(title=_("Your summary"), colour=WARN if summary.attention else INFO)
    if not summary.views:
        reply.description = _("No active contracts. Add one with {add}.").format(add=command("contract add"))
    for currency, figures in sorted(summary.totals.items()):
        contract = next(v.contract for v in summary.views if v.contract.currency == currency)
        reply.add(_("Totals in {currency}").format(currency=currency), *figures_lines(contract, figures))
    if summary.attention:
        lines = [attention_line(a) for a in summary.attention[:MAX_ATTENTION]]
        more = len(summary.attention) - MAX_ATTENTION
        if more > 0:
            lines.append(
                ngettext("…and {count} more: see {list}.", "…and {count} more: see {list}.", more).format(
                    count=more, list=command("reminders list")
                )
            )
        reply.add(_("⚠️ Needs attention"), *lines)
    contract_lines = []
    for view in summary.views:
        figures = view.figures
        title = safe(view.contract.title)
        name = f"**{title}**" if view.contract.active else _("**{title}** · ended").format(title=title)
        contract_lines.append(
            _("{contract} · released {released} · held {held} · not yet funded {unfunded}").format(
                contract=name,
                released=amount(figures.released),
                held=amount(figures.held),
                unfunded=amount(figures.not_yet_funded),
            )
        )
    if contract_lines:
        reply.add(_("Contracts"), *contract_lines)
    deadlines = [
        _("{when} · {what} · {milestone} ({contract})").format(
            when=moment(d.at),
            what=_(DEADLINE_WORDS[d.kind]),
            milestone=safe(d.milestone.title),
            contract=safe(d.contract.title),
        )
        for d in summary.upcoming
    ]
    reply.add(_("Next deadlines"), *(deadlines or [_("Nothing coming up.")]))
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
