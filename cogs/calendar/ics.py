"""The calendar file: each deadline an event at its moment in UTC, with alarms at the user's reminder times.

Importing the file again updates events instead of adding copies: each event's UID names what it is about
(`review-7@milestone-bot`), and every export is a newer revision of all of them (DTSTAMP, and a SEQUENCE
that grows with the moment of export), which is what calendar programs compare when an event comes again.
The user's zone is named for the calendar (X-WR-TIMEZONE) and each description gives the moment in it;
the text is plain, as it is read outside Discord, and written in the user's language when they ran
/calendar (titles, descriptions and alarms; amounts and dates as that language writes them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.domain.calendar import CalendarEvent, CalendarKind
from bot.domain.lifecycle import MilestoneStatus
from bot.i18n.commands import command_name
from bot.i18n.formatting import format_moment
from bot.i18n.locales import ENGLISH, language_of
from bot.i18n.speaking import N_, _, current_locale
from bot.services.exports import CalendarFile
from cogs.common.render import amount, span_words

PRODUCT_ID = "-//Milestone Bot//Deadlines//EN"
CALENDAR_NAME = N_("Milestone Bot deadlines")
CATEGORY = "Milestone Bot"  # with the event's kind (`review`): tags for filtering, the same in every language
FILENAME = "milestone-deadlines.ics"
# A SEQUENCE is a 32-bit integer: seconds since this moment stay within it until the 2090s.
SEQUENCE_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def calendar_bytes(file: CalendarFile) -> bytes:
    zone = file.settings.zone
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _(CALENDAR_NAME))
    calendar.add("x-wr-timezone", file.settings.timezone)
    calendar.add(
        "x-wr-caldesc",
        _(
            "Deadlines of your fixed-price milestones. Export again with {calendar} after a change and "
            "import the new file: each event is updated in place."
        ).format(calendar=_plain_command("calendar")),
    )
    sequence = max(int((file.now - SEQUENCE_EPOCH).total_seconds()), 0)
    for item in file.events:
        calendar.add_component(_event(item, zone, file.settings.timezone, file.now, sequence))
    return bytes(calendar.to_ical())


def _plain_command(name: str) -> str:
    """A command as the reader's Discord names it, in plain text (`/calendário`): read outside Discord."""
    return f"/{command_name(name, current_locale())}"


def summary_of(item: CalendarEvent) -> str:
    """The event's title, as a calendar shows it."""
    contract, milestone = item.contract, item.milestone
    rules = contract.rules
    if item.kind is CalendarKind.BONUS:
        return _("Bonus window closes: {contract} ({amount} never funded)").format(
            contract=contract.title, amount=amount(item.amount)
        )
    assert milestone is not None
    if item.kind is CalendarKind.REVIEW:
        if contract.auto_releases:
            return _("Review ends: {milestone} · {platform} releases {amount}").format(
                milestone=milestone.title, platform=rules.name, amount=amount(item.amount)
            )
        return _("Review period ends: {milestone} · ask {client} to release {amount}").format(
            milestone=milestone.title, client=contract.client, amount=amount(item.amount)
        )
    if item.kind is CalendarKind.REFUND:
        return _("Answer the refund request: {milestone} ({amount})").format(
            milestone=milestone.title, amount=amount(item.amount)
        )
    if item.funding_needed:
        return _("Fund before due: {milestone} ({amount})").format(
            milestone=milestone.title, amount=amount(item.amount)
        )
    state = _DUE_STATE.get(item.status) if item.status else None
    if not contract.active:
        state = N_("contract ended")
    if state is None:
        return _("Due: {milestone}").format(milestone=milestone.title)
    return _("Due: {milestone} ({state})").format(milestone=milestone.title, state=_(state))


_DUE_STATE = {
    MilestoneStatus.SUBMITTED: N_("submitted"),
    MilestoneStatus.PARTLY_RELEASED: N_("partly released"),
    MilestoneStatus.PARTLY_REFUNDED: N_("partly refunded"),
    MilestoneStatus.RELEASED: N_("released"),
    MilestoneStatus.REFUND_REQUESTED: N_("refund requested"),
    MilestoneStatus.REFUNDED: N_("refunded"),
    MilestoneStatus.DISPUTED: N_("in dispute"),
}


def _what_to_do(item: CalendarEvent) -> str:
    contract = item.contract
    rules = contract.rules
    if item.kind is CalendarKind.BONUS:
        return _(
            "{amount} of this contract was never funded, so {platform} can't collect it. If you did the "
            "work, ask {client} for a bonus before {platform}'s window closes ({days} days after the "
            "contract ended)."
        ).format(
            amount=amount(item.amount),
            platform=rules.name,
            client=contract.client,
            days=rules.bonus_after_end_days,
        )
    if item.kind is CalendarKind.REVIEW:
        if contract.auto_releases:
            return _(
                "If {client} neither approves nor asks for changes by then, {platform} releases the payment "
                "by itself. Check that it arrived."
            ).format(client=contract.client, platform=rules.name)
        return _("{platform} doesn't release money by itself: ask {client} to release it.").format(
            platform=rules.name, client=contract.client
        )
    if item.kind is CalendarKind.REFUND:
        return _(
            "Approve or dispute the refund request on {platform} before this moment: without an answer the "
            "money goes back to the client."
        ).format(platform=rules.name)
    if item.funding_needed:
        return _(
            "{client} hasn't funded this milestone. Escrow protects only deposited money: ask for funding "
            "before you deliver."
        ).format(client=contract.client)
    if item.alarms:
        return _("Deliver through {platform} (Submit work) so the review clock starts.").format(
            platform=rules.name
        )
    return _("Nothing to do for this date any more; it stays here until it passes.")


def _local(at: datetime) -> str:
    """The moment in the user's zone, in words of their language: `Thursday 10 December 2026 09:00`."""
    if language_of(current_locale()) == ENGLISH:
        return f"{at:%A} {at.day} {at:%B %Y %H:%M}"
    return format_moment(at, "F", current_locale())


def _event(item: CalendarEvent, zone: ZoneInfo, zone_name: str, now: datetime, sequence: int) -> Event:
    contract = item.contract
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", item.at.astimezone(UTC))
    summary = summary_of(item)
    event.add("summary", summary)
    lines = [
        f"{_local(item.at.astimezone(zone))} ({zone_name})",
        _what_to_do(item),
        _("Contract: {contract} · {client} · {platform}").format(
            contract=contract.title, client=contract.client, platform=contract.rules.name
        ),
    ]
    if item.milestone is not None:
        lines.append(
            _("Milestone: {milestone} · {amount}").format(
                milestone=item.milestone.title, amount=amount(item.milestone.amount)
            )
        )
    help_url = contract.rules.help_url
    if help_url:
        lines.append(_("{platform} help: {url}").format(platform=contract.rules.name, url=help_url))
        event.add("url", help_url)
    lines.append(
        _("From Milestone Bot. Run {calendar} again after a change and import the new file.").format(
            calendar=_plain_command("calendar")
        )
    )
    event.add("description", "\n".join(lines))
    event.add("categories", [CATEGORY, item.kind.value])
    event.add("transp", "TRANSPARENT")  # a deadline, not time taken
    for lead in item.alarms:
        event.add_component(_alarm(summary, lead))
    return event


def _alarm(summary: str, lead: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    if lead > timedelta():
        text = _("{summary} (in {span})").format(summary=summary, span=span_words(lead))
    elif lead < timedelta():
        text = _("{summary} ({span} ago)").format(summary=summary, span=span_words(lead))
    else:
        text = _("{summary} (now)").format(summary=summary)
    alarm.add("description", text)
    alarm.add("trigger", -lead)
    return alarm
