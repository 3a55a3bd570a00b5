"""Snooze: the times a reminder can come back, none of them at or after the moment it warns about.

A snooze is a promise ("again in 3 hours"), so every choice is a moment the reminder will really come:
not after its deadline, and not inside quiet hours, which would hold it or move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.dates import as_utc, local_to_utc
from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import QuietHours, send_moment
from bot.i18n.speaking import N_

MORNING = time(9, 0)
# Until this hour the night is not over: at 01:00 "tomorrow morning" is the morning a few hours away.
NIGHT_ENDS = time(5, 0)
# "Shortly before the deadline" is an hour before it: time enough for the one-click steps a warning asks
# for. With less than that left, it is halfway between the last other choice (or now) and the deadline.
BEFORE_DEADLINE = timedelta(hours=1)
# A snooze shorter than this is just the reminder again: halving the time left stops here.
SHORTEST_SNOOZE = timedelta(minutes=5)


class SnoozeKey(StrEnum):
    """Stable values for buttons and select menus, so a choice still means the same after a restart."""

    ONE_HOUR = "1h"
    THREE_HOURS = "3h"
    MORNING = "morning"
    BEFORE_DEADLINE = "before_deadline"


@dataclass(frozen=True)
class SnoozeChoice:
    key: SnoozeKey
    label: str  # words marked for the catalogs (N_): the menu shows them translated
    at: datetime


class SnoozeRefused(InvalidInput):
    """A snooze time the user typed that the reminder cannot keep; `deadline` is shown beside the message."""

    def __init__(self, message: str, deadline: datetime | None) -> None:
        super().__init__(message, deadline=deadline)
        self.deadline = deadline


def snooze_choices(
    now: datetime, deadline: datetime | None, zone: ZoneInfo, quiet: QuietHours | None
) -> list[SnoozeChoice]:
    """The snooze choices to offer at `now`, earliest first; none when the deadline has come.

    "In 1 hour", "In 3 hours" and "Tomorrow morning" (09:00 in `zone`, or when quiet hours that hold
    09:00 end), each only if it lands before `deadline` (None: no deadline) and outside quiet hours.
    When the deadline rules one out, "Shortly before the deadline" stands in for it (`BEFORE_DEADLINE`),
    kept after every other choice and out of quiet hours the way `send_moment` moves a warning; it is
    left out when no such moment is `SHORTEST_SNOOZE` after the last other choice (or now).
    """
    now = as_utc(now)
    if deadline is not None and now >= deadline:
        return []
    wanted = [
        SnoozeChoice(SnoozeKey.ONE_HOUR, N_("In 1 hour"), now + timedelta(hours=1)),
        SnoozeChoice(SnoozeKey.THREE_HOURS, N_("In 3 hours"), now + timedelta(hours=3)),
        SnoozeChoice(SnoozeKey.MORNING, N_("Tomorrow morning"), _next_morning(now, zone, quiet)),
    ]
    offered = [choice for choice in wanted if deadline is None or choice.at < deadline]
    offered = [choice for choice in offered if quiet is None or not quiet.contains(choice.at)]
    if deadline is None or all(choice.at < deadline for choice in wanted):
        return offered
    latest = max((choice.at for choice in offered), default=now)
    before = deadline - BEFORE_DEADLINE
    if before <= latest:
        before = latest + (deadline - latest) / 2
    before = send_moment(before, deadline, quiet, now).at
    if before - latest >= SHORTEST_SNOOZE:
        offered.append(SnoozeChoice(SnoozeKey.BEFORE_DEADLINE, N_("Shortly before the deadline"), before))
    return offered


def check_snooze_until(moment: datetime, now: datetime, deadline: datetime | None) -> datetime:
    """A snooze time the user typed, as UTC, if the reminder can keep it; SnoozeRefused otherwise.

    It must be after now, and before the deadline, like every offered choice: a reminder that comes back
    at or after the moment it warns about has nothing left to warn about.
    """
    moment, now = as_utc(moment), as_utc(now)
    if moment <= now:
        raise SnoozeRefused(N_("That time has already come. Pick a later one."), deadline)
    if deadline is not None and moment >= deadline:
        raise SnoozeRefused(
            N_(
                "That is not before {deadline}, the deadline this reminder is about, so it would come too late. "
                "Pick an earlier time."
            ),
            deadline,
        )
    return moment


def _next_morning(now: datetime, zone: ZoneInfo, quiet: QuietHours | None) -> datetime:
    local = now.astimezone(zone)
    day = local.date() if local.time() < NIGHT_ENDS else local.date() + timedelta(days=1)
    morning = local_to_utc(datetime.combine(day, MORNING), zone)
    if quiet is None:
        return morning
    return quiet.end_after(morning) or morning
