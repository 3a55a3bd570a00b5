"""Snooze choices that stop at the deadline a reminder warns about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import as_utc, local_to_utc
from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import QuietHours

MORNING = time(9, 0)


@dataclass(frozen=True)
class SnoozeChoice:
    key: str
    at: datetime


class SnoozePastDeadline(InvalidInput):
    def __init__(self, message: str, deadline: datetime | None = None, **values: object) -> None:
        super().__init__(message, deadline=deadline, **values)
        self.deadline = deadline


def snooze_choices(
    now: datetime, deadline: datetime | None, zone: ZoneInfo, quiet: QuietHours | None
) -> list[SnoozeChoice]:
    now = as_utc(now)
    local = now.astimezone(zone)
    morning = local_to_utc(datetime.combine(local.date() + timedelta(days=1), MORNING), zone)
    if quiet is not None:
        end = quiet.end_after(morning)
        if end is not None:
            morning = end
    choices = [
        SnoozeChoice("1h", now + timedelta(hours=1)),
        SnoozeChoice("3h", now + timedelta(hours=3)),
        SnoozeChoice("morning", morning),
    ]
    if deadline is None:
        return choices
    kept = [c for c in choices if c.at < deadline]
    if len(kept) < len(choices) and deadline - now > timedelta(minutes=10):
        kept.append(SnoozeChoice("before_deadline", deadline - min(timedelta(hours=1), (deadline - now) / 2)))
    return kept


def check_snooze_until(moment: datetime, now: datetime, deadline: datetime | None) -> datetime:
    if moment <= now:
        raise InvalidInput("That time has passed. Pick a time after now.")
    if deadline is not None and moment >= deadline:
        raise SnoozePastDeadline(
            "That is after {deadline}, the moment this reminder warns about. Pick an earlier time.",
            deadline=deadline,
        )
    return moment
