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
from bot.domain.lifecycle import COMMANDS, STATUS_WORDS, EventKind, Milestone, MilestoneStatus
from bot.domain.money import Money
from bot.domain.platforms import Certainty, ClockStart, EscrowOutcome
from bot.domain.reconciliation import Figures
from bot.domain.reminder_times import ADJUSTABLE, ReminderTimes
from bot.domain.reminders import Topic
from bot.domain.wording import Alternatives, Phrase
from bot.i18n.commands import command_name
from bot.i18n.commands import menu_name as localized_menu_name
from bot.i18n.formatting import format_alternatives, format_money
from bot.i18n.speaking import N_, _, current_locale, ngettext
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


def amount(money: Money) -> str:
    """An amount as the reader's locale writes it: `$1,250.50`, `R$ 1.250,50`, `1.250,50 €`."""
    return format_money(money, current_locale())


def span_words(span: timedelta) -> str:
    """A lead time in words, exactly: `3 days`, `1 day 12 hours`, `2 hours`, `1 hour 30 minutes`."""
    seconds = abs(int(span.total_seconds()))
    parts = []
    for size, words in (
        (86400, lambda n: ngettext("{count} day", "{count} days", n)),
        (3600, lambda n: ngettext("{count} hour", "{count} hours", n)),
        (60, lambda n: ngettext("{count} minute", "{count} minutes", n)),
    ):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(words(count).format(count=count))
    return " ".join(parts) or ngettext("{count} minute", "{count} minutes", 0).format(count=0)


KIND_NAMES = {
    Topic.UNFUNDED: N_("Unfunded milestone due"),
    Topic.REVIEW: N_("Review ending"),
    Topic.REFUND: N_("Refund answer"),
}


def reminder_times_lines(times: ReminderTimes) -> list[str]:
    """Each kind with lead times, as `/settings view` and `/reminders list` show it."""
    lines = []
    for topic in ADJUSTABLE:
        kind, leads = _(KIND_NAMES[topic]), leads_words(times.before(topic))
        if times.own_leads(topic) is None or not times.is_on(topic):
            lines.append(f"{kind}: {leads}")
        else:
            lines.append(_("{kind}: {leads} (yours)").format(kind=kind, leads=leads))
    return lines


def leads_words(leads: tuple[timedelta, ...]) -> str:
    """`3 days, 1 day and 2 hours before`, or `off`."""
    if not leads:
        return _("off")
    words = [span_words(lead) for lead in leads]
    if len(words) == 1:
        return _("{span} before").format(span=words[0])
    listed = _("{spans} and {last}").format(spans=", ".join(words[:-1]), last=words[-1])
    return _("{spans} before").format(spans=listed)


def command(name: str | Command) -> str:
    """A command as the reader's Discord lists it: `/contrato ver` in pt-BR (typing either name works)."""
    full = name.name if isinstance(name, Command) else name
    return f"`/{command_name(full, current_locale())}`"


def menu_name(name: str) -> str:
    """A message menu item (`Track as milestone`) by the name the reader's Discord shows it under."""
    return localized_menu_name(name, current_locale())


def show_value(value: object) -> str:
    """A value in a user-facing message: moments as timestamps, commands as code, user text made inert."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, Command):
        return command(value)
    if isinstance(value, Money):
        return amount(value)
    if isinstance(value, Phrase):
        return _(value.msgid)
    if isinstance(value, Alternatives):
        shown = [
            show_value(item) if isinstance(item, Command) else f"`{show_value(item)}`" for item in value.items
        ]
        return format_alternatives(shown, current_locale())
    if isinstance(value, str):
        # Typed text is shown inside code spans: a backtick would end the span, and control characters
        # (escape sequences, direction overrides, zero-width marks) would show or hide things they shouldn't.
        return "".join(
            "\ufffd" if unicodedata.category(ch).startswith("C") else ch for ch in value.replace("`", "'")
        )
    return str(value)


def status_label(milestone: Milestone) -> str:
    return _(STATUS_WORDS[milestone.status].msgid)


def milestone_line(contract: Contract, milestone: Milestone, now: datetime | None = None) -> str:
    """One milestone: icon, title, amount, status and the one date or figure that matters for it.

    With `now`, a review that already ended says so and asks what happened, rather than "review ends"
    in the past while its money still shows as in review."""
    status = milestone.status
    ledger = milestone.ledger
    parts = [
        f"{STATUS_ICONS[status]} **{safe(milestone.title)}** · {amount(milestone.amount)} · {status_label(milestone)}"
    ]
    deadline = deadline_of(contract, milestone)
    released = _("released {amount}")
    refunded = _("refunded {amount}")
    if status is MilestoneStatus.DELIVERED_UNFUNDED:
        parts.append(_("no review clock, no protection"))
    if status in (MilestoneStatus.PARTLY_RELEASED, MilestoneStatus.PARTLY_REFUNDED, MilestoneStatus.DISPUTED):
        if ledger.released:
            parts.append(released.format(amount=amount(milestone.money(ledger.released))))
        if ledger.refunded:
            parts.append(refunded.format(amount=amount(milestone.money(ledger.refunded))))
        parts.append(_("{amount} still in escrow").format(amount=amount(milestone.money(ledger.held))))
    elif status is MilestoneStatus.SUBMITTED and deadline is None:
        parts.append(_("in review: the client releases it"))
    if (
        deadline is not None
        and deadline.kind is DeadlineKind.REVIEW_ENDS
        and now is not None
        and deadline.at <= now
    ):
        parts.append(
            _("review ended {when}: did it release? Record it with {release}").format(
                when=moment(deadline.at), release=command(COMMANDS[EventKind.RELEASE])
            )
        )
    elif deadline is not None:
        parts.append(_(_DEADLINE_WORDS[deadline.kind]).format(when=moment(deadline.at)))
    if status is MilestoneStatus.RELEASED:
        if ledger.released != milestone.amount.minor:
            parts.append(released.format(amount=amount(milestone.money(ledger.released))))
        last = ledger.releases()[-1] if ledger.releases() else None
        available = contract.funds_available_at(last) if last else None
        if available is not None:
            parts.append(_("available {day}").format(day=day(available)))
    if status is MilestoneStatus.REFUNDED:
        if ledger.released:
            parts.append(released.format(amount=amount(milestone.money(ledger.released))))
        parts.append(refunded.format(amount=amount(milestone.money(ledger.refunded))))
    if ledger.extra:
        parts.append(_("extra pay {amount}").format(amount=amount(milestone.money(ledger.extra))))
    if status is MilestoneStatus.VOIDED:
        parts.append(_("never funded"))
    return " · ".join(parts)


_DEADLINE_WORDS = {
    DeadlineKind.DUE: N_("due {when}"),
    DeadlineKind.REVIEW_ENDS: N_("review ends {when}"),
    DeadlineKind.ANSWER_BY: N_("answer by {when}"),
}


def contract_heading(contract: Contract) -> str:
    state = (
        _("active")
        if contract.active
        else _("ended {day}").format(day=day(contract.ended_at))
        if contract.ended_at
        else _("ended")
    )
    return _("{client} · {platform} · agreed {price} · {state}").format(
        client=safe(contract.client), platform=contract.rules.name, price=amount(contract.price), state=state
    )


def review_text(contract: Contract) -> str:
    """The contract's review window and whether the platform releases by itself, as sure as the sources are."""
    rules = contract.rules
    days = contract.review_days
    if days is None:
        return _("No review clock: the client releases each milestone.")
    after = _(
        _CLOCK_WORDS.get(
            rules.review_clock.value if rules.review_clock else ClockStart.SUBMIT_WORK, N_("after you submit")
        )
    )
    span = ngettext("{count} day", "{count} days", days).format(count=days)
    if not contract.auto_releases:
        return _(
            "{span} {after}, as agreed; {platform} doesn't release money by itself: the client does."
        ).format(span=span, after=after, platform=rules.name)
    fact = rules.automatic_release
    certainty = fact.certainty if fact else Certainty.CERTAIN
    text = _(
        "{span} {after}; then {platform} releases the money by itself if the client does nothing."
    ).format(span=span, after=after, platform=rules.name)
    if certainty is Certainty.USUALLY:
        text = _("{span} {after}; then {platform} usually releases the money by itself ({note}).").format(
            span=span, after=after, platform=rules.name, note=fact.note if fact else ""
        )
    elif certainty in (Certainty.UNCERTAIN, Certainty.CONFLICT):
        where = rules.help_url or _("{platform}'s help pages").format(platform=rules.name)
        text += " " + _("My sources disagree or are unconfirmed on this: check {where}.").format(where=where)
    return text


_CLOCK_WORDS = {
    ClockStart.SUBMIT_WORK: N_("after you press Submit work"),
    ClockStart.SUBMISSION: N_("after you submit"),
    ClockStart.DELIVERY: N_("after you deliver"),
    ClockStart.INVOICE: N_("after the invoice"),
}


def figures_lines(contract: Contract, figures: Figures, now: datetime | None = None) -> list[str]:
    """The money categories that hold anything, each with the step that moves it, then the total.

    With `now`, money whose review already ended is not promised a release "when the review ends"."""
    lines: list[str] = []
    if figures.released.minor:
        lines.append(_("Released: **{amount}**").format(amount=amount(figures.released)))
    if figures.in_review.minor:
        ended = now is not None and any(
            (ends := contract.review_ends_at(m)) is not None and ends <= now for m in contract.milestones
        )
        if ended:
            after = _(
                "a review has ended: record what the client or {platform} released with {release}"
            ).format(platform=contract.rules.name, release=command(COMMANDS[EventKind.RELEASE]))
        elif contract.auto_releases:
            after = _("{platform} releases it when the review ends, unless the client acts").format(
                platform=contract.rules.name
            )
        else:
            after = _("the client releases it when they approve")
        lines.append(
            _("In review: **{amount}** · {after}").format(amount=amount(figures.in_review), after=after)
        )
    if figures.in_escrow.minor:
        lines.append(
            _("In escrow: **{amount}** · waits for a release ({release}), a refund or a dispute").format(
                amount=amount(figures.in_escrow), release=command(COMMANDS[EventKind.RELEASE])
            )
        )
    if figures.refunded.minor:
        lines.append(_("Refunded to the client: **{amount}**").format(amount=amount(figures.refunded)))
    if figures.not_yet_funded.minor:
        lines.append(
            _("Not yet funded: **{amount}** · ask the client to fund before you start").format(
                amount=amount(figures.not_yet_funded)
            )
        )
    if figures.never_funded.minor:
        lines.append(
            _("Never funded: **{amount}** · {step}").format(
                amount=amount(figures.never_funded), step=never_funded_step(contract)
            )
        )
    if figures.unprotected.minor:
        lines.append(
            _("⚠️ Unprotected: **{amount}** · work delivered or due with nothing in escrow").format(
                amount=amount(figures.unprotected)
            )
        )
    if figures.extra.minor:
        lines.append(
            _("Extra pay: **{amount}** · released beyond the milestones").format(amount=amount(figures.extra))
        )
    if figures.bonuses.minor:
        lines.append(_("Bonuses: **{amount}**").format(amount=amount(figures.bonuses)))
    total = _("Milestones: **{amount}** of the agreed **{agreed}**").format(
        amount=amount(figures.in_milestones), agreed=amount(figures.agreed)
    )
    if not lines:
        lines.append(_("Nothing recorded yet."))
    lines.append(total)
    return lines


def never_funded_step(contract: Contract) -> str:
    rules = contract.rules
    if rules.bonus_after_end_days:
        return _(
            "{platform} can't collect this; if you did the work, ask the client for a bonus "
            "(possible up to {days} days after the end, not covered by payment protection)"
        ).format(platform=rules.name, days=rules.bonus_after_end_days)
    return _("no platform can collect this; if you did the work, ask the client to pay it directly")


def mismatch_note(figures: Figures) -> str | None:
    difference = figures.mismatch
    if difference is None or figures.in_milestones.is_zero():  # no milestones yet: nothing to compare
        return None
    if difference.is_positive():
        return _(
            "Milestones add up to {difference} more than the agreed {agreed}. Check the amounts, "
            "or correct the agreed price with {edit}."
        ).format(
            difference=amount(abs(difference)), agreed=amount(figures.agreed), edit=command("contract edit")
        )
    return _(
        "Milestones add up to {difference} less than the agreed {agreed}: that part is in no "
        "milestone, so nothing protects it. Add the missing milestones with {add}, "
        "or edit the amounts."
    ).format(difference=amount(abs(difference)), agreed=amount(figures.agreed), add=command("milestone add"))


def ending_notes(view: ContractView, *, with_never_funded: bool = True) -> list[str]:
    """What to know when a contract ends: what the platform does with money still in escrow, and money
    never funded (left out where the figures already say it)."""
    contract, figures = view.contract, view.figures
    notes: list[str] = []
    if figures.held.minor:
        notes.append(
            _("{amount} is still in escrow.").format(amount=amount(figures.held))
            + " "
            + escrow_at_end(contract)
        )
    if with_never_funded and figures.never_funded.minor:
        notes.append(
            _("{amount} was never funded: {step}.").format(
                amount=amount(figures.never_funded), step=never_funded_step(contract)
            )
        )
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
            _(
                "If the client ended it, they choose to pay all, part or none of it; part or none reaches you as a refund request."
            )
        )
    if freelancer_ends is not None and freelancer_ends.value is EscrowOutcome.BACK_TO_CLIENT:
        parts.append(
            _("If you ended it yourself, {platform} sends the escrow back to the client.").format(
                platform=rules.name
            )
        )
    if not parts:
        where = rules.help_url or _("{platform}'s help pages").format(platform=rules.name)
        parts.append(
            _("I don't know what {platform} does with escrow when a contract ends: check {where}.").format(
                platform=rules.name, where=where
            )
        )
    if rules.refund_response_days:
        parts.append(
            _(
                "A refund request gives you {days} days to approve or dispute it, and doing "
                "nothing means it goes back to the client: record it with {request} and I will remind you."
            ).format(days=rules.refund_response_days, request=request)
        )
    parts.append(
        _("Record what happens with {release} or {refund}.").format(
            release=command(COMMANDS[EventKind.RELEASE]), refund=command(COMMANDS[EventKind.REFUND])
        )
    )
    return " ".join(parts)


def start_moved_note(view: ContractView) -> str | None:
    if view.start_moved_from is None:
        return None
    return _(
        "This is dated before the contract's start, so its start moved back from {before} to {after}."
    ).format(before=day(view.start_moved_from), after=day(view.contract.started_at))


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
    add = command("milestone add")
    reply.add(
        _("Milestones"),
        *(
            [milestone_line(contract, m, view.now) for m in contract.milestones]
            or [_("No milestones yet: {add}.").format(add=add)]
        ),
    )
    reply.add(
        _("Money ({currency})").format(currency=contract.currency),
        *figures_lines(contract, view.figures, view.now),
    )
    reply.add(_("Review"), review_text(contract))
    for warning in warnings:
        reply.add(_("⚠️ Heads up"), warning)
    return reply
