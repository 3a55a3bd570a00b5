"""Turning services' results into what a user reads: safe user text, Discord timestamps, money and milestones.

Every figure shown comes from the domain's `Figures` and ledgers; this module only words them. Each
money category is named with the step that moves it, and nothing is called "owed" that nobody can collect.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

import discord

from bot.domain.contracts import Contract, DeadlineKind, deadline_of
from bot.domain.errors import Command
from bot.domain.lifecycle import COMMANDS, EventKind, Milestone, MilestoneStatus
from bot.domain.platforms import Certainty, ClockStart, EscrowOutcome
from bot.domain.reconciliation import Figures
from bot.domain.reminder_times import ADJUSTABLE, ReminderTimes
from bot.domain.reminders import Topic
from bot.services.results import ContractView
from cogs.common.layout import Reply

STATUS_ICONS = {
    MilestoneStatus.UNFUNDED: "⚪",
    MilestoneStatus.DELIVERED_UNFUNDED: "⚠️",
    MilestoneStatus.FUNDED: "🔵",
    MilestoneStatus.SUBMITTED: "🟡",
    MilestoneStatus.CHANGES_REQUESTED: "🔁",
    MilestoneStatus.PARTLY_RELEASED: "🌗",
    MilestoneStatus.PARTLY_REFUNDED: "🌗",
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


def stamp(at: datetime, style: str = "f") -> str:
    """Discord's timestamp markup: each reader sees the moment in their own zone."""
    return discord.utils.format_dt(at, style)  # type: ignore[arg-type]


def moment(at: datetime) -> str:
    """A moment with its weekday and the time left or gone: `Thursday, 10 December 2026 09:00 (in 14 days)`."""
    return f"{stamp(at, 'F')} ({stamp(at, 'R')})"


def day(at: datetime) -> str:
    return stamp(at, "D")


def span_words(span: timedelta) -> str:
    """A lead time in words, exactly: `3 days`, `1 day 12 hours`, `2 hours`, `1 hour 30 minutes`."""
    seconds = abs(int(span.total_seconds()))
    parts = []
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return " ".join(parts) or "0 minutes"


KIND_NAMES = {
    Topic.UNFUNDED: "Unfunded milestone due",
    Topic.REVIEW: "Review ending",
    Topic.REFUND: "Refund answer",
}


def reminder_times_lines(times: ReminderTimes) -> list[str]:
    """Each kind with lead times, as `/settings view` and `/reminders list` show it."""
    lines = []
    for topic in ADJUSTABLE:
        own = "" if times.own_leads(topic) is None or not times.is_on(topic) else " (yours)"
        lines.append(f"{KIND_NAMES[topic]}: {leads_words(times.before(topic))}{own}")
    return lines


def leads_words(leads: tuple[timedelta, ...]) -> str:
    """`3 days, 1 day and 2 hours before`, or `off`."""
    if not leads:
        return "off"
    words = [span_words(lead) for lead in leads]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{listed} before"


def command(name: str | Command) -> str:
    return f"`/{name.name if isinstance(name, Command) else name}`"


def show_value(value: object) -> str:
    """A value in a user-facing message: moments as timestamps, commands as code, user text made inert."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, Command):
        return command(value)
    if isinstance(value, str):
        # Typed text is shown inside code spans: a backtick would end the span, and control characters
        # (escape sequences, direction overrides, zero-width marks) would show or hide things they shouldn't.
        return "".join(
            "\ufffd" if unicodedata.category(ch).startswith("C") else ch for ch in value.replace("`", "'")
        )
    return str(value)


def status_label(milestone: Milestone) -> str:
    return milestone.status.label


def milestone_line(contract: Contract, milestone: Milestone) -> str:
    """One milestone: icon, title, amount, status and the one date or figure that matters for it."""
    status = milestone.status
    ledger = milestone.ledger
    parts = [f"{STATUS_ICONS[status]} **{safe(milestone.title)}** · {milestone.amount} · {status.label}"]
    deadline = deadline_of(contract, milestone)
    if status is MilestoneStatus.DELIVERED_UNFUNDED:
        parts.append("no review clock, no protection")
    if status in (MilestoneStatus.PARTLY_RELEASED, MilestoneStatus.PARTLY_REFUNDED, MilestoneStatus.DISPUTED):
        if ledger.released:
            parts.append(f"released {milestone.money(ledger.released)}")
        if ledger.refunded:
            parts.append(f"refunded {milestone.money(ledger.refunded)}")
        parts.append(f"{milestone.money(ledger.held)} still in escrow")
    elif status is MilestoneStatus.SUBMITTED and deadline is None:
        parts.append("in review: the client releases it")
    if deadline is not None:
        parts.append(f"{_DEADLINE_WORDS[deadline.kind]} {moment(deadline.at)}")
    if status is MilestoneStatus.RELEASED:
        if ledger.released != milestone.amount.minor:
            parts.append(f"released {milestone.money(ledger.released)}")
        last = ledger.releases()[-1] if ledger.releases() else None
        available = contract.funds_available_at(last) if last else None
        if available is not None:
            parts.append(f"available {day(available)}")
    if status is MilestoneStatus.REFUNDED:
        if ledger.released:
            parts.append(f"released {milestone.money(ledger.released)}")
        parts.append(f"refunded {milestone.money(ledger.refunded)}")
    if ledger.extra:
        parts.append(f"extra pay {milestone.money(ledger.extra)}")
    if status is MilestoneStatus.VOIDED:
        parts.append("never funded")
    return " · ".join(parts)


_DEADLINE_WORDS = {
    DeadlineKind.DUE: "due",
    DeadlineKind.REVIEW_ENDS: "review ends",
    DeadlineKind.ANSWER_BY: "answer by",
}


def contract_heading(contract: Contract) -> str:
    state = (
        "active" if contract.active else f"ended {day(contract.ended_at)}" if contract.ended_at else "ended"
    )
    return f"{safe(contract.client)} · {contract.rules.name} · agreed {contract.price} · {state}"


def review_text(contract: Contract) -> str:
    """The contract's review window and whether the platform releases by itself, as sure as the sources are."""
    rules = contract.rules
    days = contract.review_days
    if days is None:
        return "No review clock: the client releases each milestone."
    after = _CLOCK_WORDS.get(
        rules.review_clock.value if rules.review_clock else ClockStart.SUBMIT_WORK, "after you submit"
    )
    if not contract.auto_releases:
        return (
            f"{days} days {after}, as agreed; {rules.name} doesn't release money by itself: the client does."
        )
    fact = rules.automatic_release
    certainty = fact.certainty if fact else Certainty.CERTAIN
    text = f"{days} days {after}; then {rules.name} releases the money by itself if the client does nothing."
    if certainty is Certainty.USUALLY:
        text = f"{days} days {after}; then {rules.name} usually releases the money by itself ({fact.note if fact else ''})."
    elif certainty in (Certainty.UNCERTAIN, Certainty.CONFLICT):
        where = rules.help_url or f"{rules.name}'s help pages"
        text += f" My sources disagree or are unconfirmed on this: check {where}."
    return text


_CLOCK_WORDS = {
    ClockStart.SUBMIT_WORK: "after you press Submit work",
    ClockStart.SUBMISSION: "after you submit",
    ClockStart.DELIVERY: "after you deliver",
    ClockStart.INVOICE: "after the invoice",
}


def figures_lines(contract: Contract, figures: Figures) -> list[str]:
    """The money categories that hold anything, each with the step that moves it, then the total."""
    lines: list[str] = []
    if figures.released.minor:
        lines.append(f"Released: **{figures.released}**")
    if figures.in_review.minor:
        after = (
            f"{contract.rules.name} releases it when the review ends, unless the client acts"
            if contract.auto_releases
            else "the client releases it when they approve"
        )
        lines.append(f"In review: **{figures.in_review}** · {after}")
    if figures.in_escrow.minor:
        lines.append(
            f"In escrow: **{figures.in_escrow}** · waits for a release ({command(COMMANDS[EventKind.RELEASE])}), "
            f"a refund or a dispute"
        )
    if figures.refunded.minor:
        lines.append(f"Refunded to the client: **{figures.refunded}**")
    if figures.not_yet_funded.minor:
        lines.append(
            f"Not yet funded: **{figures.not_yet_funded}** · ask the client to fund before you start"
        )
    if figures.never_funded.minor:
        lines.append(f"Never funded: **{figures.never_funded}** · {never_funded_step(contract)}")
    if figures.unprotected.minor:
        lines.append(
            f"⚠️ Unprotected: **{figures.unprotected}** · work delivered or due with nothing in escrow"
        )
    if figures.extra.minor:
        lines.append(f"Extra pay: **{figures.extra}** · released beyond the milestones")
    if figures.bonuses.minor:
        lines.append(f"Bonuses: **{figures.bonuses}**")
    total = f"Milestones: **{figures.in_milestones}** of the agreed **{figures.agreed}**"
    if not lines:
        lines.append("Nothing recorded yet.")
    lines.append(total)
    return lines


def never_funded_step(contract: Contract) -> str:
    rules = contract.rules
    if rules.bonus_after_end_days:
        return (
            f"{rules.name} can't collect this; if you did the work, ask the client for a bonus "
            f"(possible up to {rules.bonus_after_end_days} days after the end, not covered by payment protection)"
        )
    return "no platform can collect this; if you did the work, ask the client to pay it directly"


def mismatch_note(figures: Figures) -> str | None:
    difference = figures.mismatch
    if difference is None or figures.in_milestones.is_zero():  # no milestones yet: nothing to compare
        return None
    if difference.is_positive():
        return (
            f"Milestones add up to {abs(difference)} more than the agreed {figures.agreed}. Check the amounts, "
            f"or correct the agreed price with {command('contract edit')}."
        )
    return (
        f"Milestones add up to {abs(difference)} less than the agreed {figures.agreed}: that part is in no "
        f"milestone, so nothing protects it. Add the missing milestones with {command('milestone add')}, "
        "or edit the amounts."
    )


def ending_notes(view: ContractView, *, with_never_funded: bool = True) -> list[str]:
    """What to know when a contract ends: what the platform does with money still in escrow, and money
    never funded (left out where the figures already say it)."""
    contract, figures = view.contract, view.figures
    notes: list[str] = []
    if figures.held.minor:
        notes.append(f"{figures.held} is still in escrow. {escrow_at_end(contract)}")
    if with_never_funded and figures.never_funded.minor:
        notes.append(f"{figures.never_funded} was never funded: {never_funded_step(contract)}.")
    return notes


def escrow_at_end(contract: Contract) -> str:
    """What the platform does with escrow when a contract ends, from the platform table; unknown says so."""
    rules = contract.rules
    client_ends = rules.escrow_when_client_ends
    freelancer_ends = rules.escrow_when_freelancer_ends
    request = command(COMMANDS[EventKind.REQUEST_REFUND])
    parts: list[str] = []
    if client_ends is not None and client_ends.value is EscrowOutcome.CLIENT_CHOOSES:
        parts.append(
            "If the client ended it, they choose to pay all, part or none of it; part or none reaches you as a refund request."
        )
    if freelancer_ends is not None and freelancer_ends.value is EscrowOutcome.BACK_TO_CLIENT:
        parts.append(f"If you ended it yourself, {rules.name} sends the escrow back to the client.")
    if not parts:
        where = rules.help_url or f"{rules.name}'s help pages"
        parts.append(f"I don't know what {rules.name} does with escrow when a contract ends: check {where}.")
    if rules.refund_response_days:
        parts.append(
            f"A refund request gives you {rules.refund_response_days} days to approve or dispute it, and doing "
            f"nothing means it goes back to the client: record it with {request} and I will remind you."
        )
    parts.append(
        f"Record what happens with {command(COMMANDS[EventKind.RELEASE])} or {command(COMMANDS[EventKind.REFUND])}."
    )
    return " ".join(parts)


def start_moved_note(view: ContractView) -> str | None:
    if view.start_moved_from is None:
        return None
    return (
        f"This is dated before the contract's start, so its start moved back from {day(view.start_moved_from)} "
        f"to {day(view.contract.started_at)}."
    )


def contract_reply(view: ContractView, *, title_prefix: str = "", notes: list[str] | None = None) -> Reply:
    """A contract with every milestone and money figure; paged by `layout` when it doesn't fit one embed."""
    contract = view.contract
    warnings = [n for n in (notes or []) if n]
    mismatch = mismatch_note(view.figures)
    if mismatch:
        warnings.append(mismatch)
    reply = Reply(
        title=f"{title_prefix}{safe(contract.title)}",
        description=contract_heading(contract),
        colour=WARN if warnings else INFO,
    )
    reply.add(
        "Milestones",
        *(
            [milestone_line(contract, m) for m in contract.milestones]
            or [f"No milestones yet: {command('milestone add')}."]
        ),
    )
    reply.add(f"Money ({contract.currency})", *figures_lines(contract, view.figures))
    reply.add("Review", review_text(contract))
    for warning in warnings:
        reply.add("⚠️ Heads up", warning)
    return reply
