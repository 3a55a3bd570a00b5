"""The calendar file: each deadline an event at its moment in UTC, with alarms at the user's reminder times.

Importing the file again updates events instead of adding copies: each event's UID names what it is about
(`review-7@milestone-bot`), and every export is a newer revision of all of them (DTSTAMP, and a SEQUENCE
that grows with the moment of export), which is what calendar programs compare when an event comes again.
The user's zone is named for the calendar (X-WR-TIMEZONE) and each description gives the moment in it;
the text is plain, as it is read outside Discord.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.domain.calendar import CalendarEvent, CalendarKind
from bot.domain.lifecycle import MilestoneStatus
from bot.services.exports import CalendarFile
from cogs.common.render import span_words

PRODUCT_ID = "-//Milestone Bot//Deadlines//EN"
CALENDAR_NAME = "Milestone Bot deadlines"
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
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", file.settings.timezone)
    calendar.add(
        "x-wr-caldesc",
        "Deadlines of your fixed-price milestones. Export again with /calendar after a change and import "
        "the new file: each event is updated in place.",
    )
    sequence = max(int((file.now - SEQUENCE_EPOCH).total_seconds()), 0)
    for item in file.events:
        calendar.add_component(_event(item, zone, file.settings.timezone, file.now, sequence))
    return bytes(calendar.to_ical())


def summary_of(item: CalendarEvent) -> str:
    """The event's title, as a calendar shows it."""
    contract, milestone = item.contract, item.milestone
    rules = contract.rules
    if item.kind is CalendarKind.BONUS:
        return f"Bonus window closes: {contract.title} ({item.amount} never funded)"
    assert milestone is not None
    if item.kind is CalendarKind.REVIEW:
        if contract.auto_releases:
            return f"Review ends: {milestone.title} · {rules.name} releases {item.amount}"
        return f"Review period ends: {milestone.title} · ask {contract.client} to release {item.amount}"
    if item.kind is CalendarKind.REFUND:
        return f"Answer the refund request: {milestone.title} ({item.amount})"
    if item.funding_needed:
        return f"Fund before due: {milestone.title} ({item.amount})"
    state = _DUE_STATE.get(item.status) if item.status else None
    if not contract.active:
        state = "contract ended"
    return f"Due: {milestone.title}" + (f" ({state})" if state else "")


_DUE_STATE = {
    MilestoneStatus.SUBMITTED: "submitted",
    MilestoneStatus.PARTLY_RELEASED: "partly released",
    MilestoneStatus.PARTLY_REFUNDED: "partly refunded",
    MilestoneStatus.RELEASED: "released",
    MilestoneStatus.REFUND_REQUESTED: "refund requested",
    MilestoneStatus.REFUNDED: "refunded",
    MilestoneStatus.DISPUTED: "in dispute",
}


def _what_to_do(item: CalendarEvent) -> str:
    contract = item.contract
    rules = contract.rules
    if item.kind is CalendarKind.BONUS:
        return (
            f"{item.amount} of this contract was never funded, so {rules.name} can't collect it. If you did "
            f"the work, ask {contract.client} for a bonus before {rules.name}'s window closes "
            f"({rules.bonus_after_end_days} days after the contract ended)."
        )
    if item.kind is CalendarKind.REVIEW:
        if contract.auto_releases:
            return (
                f"If {contract.client} neither approves nor asks for changes by then, {rules.name} releases "
                "the payment by itself. Check that it arrived."
            )
        return f"{rules.name} doesn't release money by itself: ask {contract.client} to release it."
    if item.kind is CalendarKind.REFUND:
        return (
            f"Approve or dispute the refund request on {rules.name} before this moment: without an answer "
            "the money goes back to the client."
        )
    if item.funding_needed:
        return (
            f"{contract.client} hasn't funded this milestone. Escrow protects only deposited money: ask for "
            "funding before you deliver."
        )
    if item.alarms:
        return f"Deliver through {rules.name} (Submit work) so the review clock starts."
    return "Nothing to do for this date any more; it stays here until it passes."


def _event(item: CalendarEvent, zone: ZoneInfo, zone_name: str, now: datetime, sequence: int) -> Event:
    contract = item.contract
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", item.at.astimezone(UTC))
    summary = summary_of(item)
    event.add("summary", summary)
    at = item.at.astimezone(zone)
    local = f"{at:%A} {at.day} {at:%B %Y %H:%M}"
    lines = [
        f"{local} ({zone_name})",
        _what_to_do(item),
        f"Contract: {contract.title} · {contract.client} · {contract.rules.name}",
    ]
    if item.milestone is not None:
        lines.append(f"Milestone: {item.milestone.title} · {item.milestone.amount}")
    help_url = contract.rules.help_url
    if help_url:
        lines.append(f"{contract.rules.name} help: {help_url}")
        event.add("url", help_url)
    lines.append("From Milestone Bot. Run /calendar again after a change and import the new file.")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Milestone Bot", item.kind.value])
    event.add("transp", "TRANSPARENT")  # a deadline, not time taken
    for lead in item.alarms:
        event.add_component(_alarm(summary, lead))
    return event


def _alarm(summary: str, lead: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    if lead > timedelta():
        when = f"in {span_words(lead)}"
    elif lead < timedelta():
        when = f"{span_words(lead)} ago"
    else:
        when = "now"
    alarm.add("description", f"{summary} ({when})")
    alarm.add("trigger", -lead)
    return alarm
