"""Turning service results into embeds: safe user text, Discord timestamps, money, milestone lines."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.domain.dates import discord_timestamp
from bot.domain.lifecycle import MilestoneStatus
from bot.domain.money import Money
from bot.domain.reconciliation import Reconciliation
from bot.services.models import Contract, ContractDetail, Milestone

EMBED_FIELD_LIMIT = 1024
STATUS_ICONS = {
    MilestoneStatus.UNFUNDED: "⚪",
    MilestoneStatus.FUNDED: "🔵",
    MilestoneStatus.SUBMITTED: "🟡",
    MilestoneStatus.RELEASED: "🟢",
    MilestoneStatus.REFUND_REQUESTED: "🟠",
    MilestoneStatus.REFUNDED: "⚫",
    MilestoneStatus.DISPUTED: "🔴",
    MilestoneStatus.VOIDED: "✖️",
}
OK = discord.Colour.green()
WARN = discord.Colour.orange()
INFO = discord.Colour.blurple()


def safe(text: str) -> str:
    """User-typed text shown as typed: no pings, no markdown that would break the layout."""
    return discord.utils.escape_markdown(discord.utils.escape_mentions(text))


def moment(at: datetime) -> str:
    return f"{discord_timestamp(at, 'f')} ({discord_timestamp(at, 'R')})"


def day(at: datetime) -> str:
    return discord_timestamp(at, "D")


def contract_heading(contract: Contract) -> str:
    state = (
        "active" if contract.active else f"ended {day(contract.ended_at)}" if contract.ended_at else "ended"
    )
    return f"{safe(contract.client)} · {contract.rules.name} · {contract.price} · {state}"


def milestone_line(milestone: Milestone) -> str:
    state = milestone.state
    icon = STATUS_ICONS[milestone.status]
    parts = [f"{icon} **{safe(milestone.title)}** · {milestone.amount} · {milestone.status.label}"]
    if not state.funded and milestone.status is MilestoneStatus.SUBMITTED:
        parts.append("⚠️ not funded")
    if milestone.due_at and milestone.status in (MilestoneStatus.UNFUNDED, MilestoneStatus.FUNDED):
        parts.append(f"due {moment(milestone.due_at)}")
    if state.review_ends_at and milestone.status is MilestoneStatus.SUBMITTED:
        parts.append(f"review ends {moment(state.review_ends_at)}")
    if state.refund_deadline_at and milestone.status is MilestoneStatus.REFUND_REQUESTED:
        parts.append(f"answer by {moment(state.refund_deadline_at)}")
    if milestone.status is MilestoneStatus.RELEASED and state.released_minor != state.amount_minor:
        parts.append(f"released {Money(state.released_minor, milestone.amount.currency)}")
    if state.funds_available_at and milestone.status is MilestoneStatus.RELEASED:
        parts.append(f"available {day(state.funds_available_at)}")
    return " · ".join(parts)


def reconciliation_text(rec: Reconciliation) -> str:
    rows = [
        ("Agreed", rec.agreed),
        ("In milestones", rec.in_milestones),
        ("In escrow", rec.in_escrow),
        ("In review", rec.in_review),
        ("Released", rec.released),
        ("Refunded", rec.refunded),
        ("Voided", rec.voided),
        ("Outstanding", rec.outstanding),
        ("Unprotected", rec.unprotected),
    ]
    return "\n".join(f"{name}: **{amount}**" for name, amount in rows)


def contract_embed(detail: ContractDetail, *, title_prefix: str = "") -> discord.Embed:
    contract = detail.contract
    embed = discord.Embed(
        title=f"{title_prefix}{safe(contract.title)}"[:256],
        description=contract_heading(contract),
        colour=WARN if detail.warnings else INFO,
    )
    lines = [milestone_line(m) for m in detail.milestones] or ["No milestones yet: `/milestone add`."]
    for index, chunk in enumerate(_chunks(lines, EMBED_FIELD_LIMIT)):
        embed.add_field(name="Milestones" if index == 0 else "\u200b", value=chunk, inline=False)
    embed.add_field(
        name=f"Money ({contract.price.currency})", value=reconciliation_text(detail.reconciliation)
    )
    review = (
        f"{contract.review_days} days after you submit" if contract.review_days else "released by the client"
    )
    embed.add_field(name="Review", value=review)
    for warning in detail.warnings:
        embed.add_field(name="⚠️ Heads up", value=warning[:EMBED_FIELD_LIMIT], inline=False)
    return embed


def _chunks(lines: list[str], limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks[:20]
