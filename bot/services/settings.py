"""The user's settings: time zone, default currency, quiet hours, reminders on or off."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.dates import resolve_zone, suggest_zones
from bot.domain.errors import InvalidInput
from bot.domain.money import normalize_currency
from bot.reminders.replan import replan_owner
from bot.reminders.replan import undo_deferrals as undo_deferrals_of
from bot.services.context import ServiceContext
from storage.reminders import Reminders
from storage.users import Users, UserSettingsRecord

_TIME_OF_DAY = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?P<half>am|pm)?")
_OFF = frozenset({"off", "none", "no", "-"})
_TIME_EXAMPLE = "Use a time of day such as `22:00`, `7:30` or `10pm`, or `off` to turn quiet hours off."


@dataclass(frozen=True)
class QuietHoursChange:
    start: int | None  # minutes after local midnight; None: no quiet hours
    end: int | None


def parse_time_of_day(text: str) -> int | None:
    """Minutes after midnight for `22:00`, `7`, `7:30am`, `10pm`; None for `off`. InvalidInput otherwise."""
    cleaned = text.strip().lower()
    if cleaned in _OFF:
        return None
    found = _TIME_OF_DAY.fullmatch(cleaned)
    shown = text.strip().replace("`", "'")[:20]
    if found is None:
        raise InvalidInput(f"`{shown}` is not a time of day. {_TIME_EXAMPLE}")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"`{shown}` is not a time of day. {_TIME_EXAMPLE}")
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        raise InvalidInput(f"`{shown}` is not a time of day. {_TIME_EXAMPLE}")
    return hour * 60 + minute


class SettingsService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    async def view(self, user_id: int) -> UserSettingsRecord:
        async with self._context.db.read() as conn:
            return await Users(conn).get(user_id)

    async def set_timezone(self, user_id: int, zone: str) -> str:
        """Store the zone (its canonical IANA name) and return that name."""
        name = resolve_zone(zone).key
        await self._update(user_id, timezone=name, undo_deferrals=True)
        return name

    async def set_currency(self, user_id: int, code: str) -> str:
        currency = normalize_currency(code)
        await self._update(user_id, currency=currency)
        return currency

    async def set_quiet_hours(self, user_id: int, start: str, end: str) -> QuietHoursChange:
        """Both times of day, or `off` in either to turn quiet hours off."""
        first, last = parse_time_of_day(start), parse_time_of_day(end)
        if first is None or last is None:
            await self._update(user_id, quiet_start=None, quiet_end=None, undo_deferrals=True)
            return QuietHoursChange(None, None)
        if first == last:
            raise InvalidInput(
                "Quiet hours need to start and end at different times, such as `22:00` to `7:00`."
            )
        await self._update(user_id, quiet_start=first, quiet_end=last, undo_deferrals=True)
        return QuietHoursChange(first, last)

    async def set_reminders(self, user_id: int, enabled: bool) -> int:
        """Turn reminder DMs on or off; returns how many reminders are now waiting."""
        async with self._context.db.write() as conn:
            now = self._context.clock.now()
            await Users(conn).update(user_id, now, reminders_enabled=int(enabled))
            added = await replan_owner(conn, user_id, now)
            waiting = await Reminders(conn).count_upcoming(user_id)
        if added:
            self._context.wake_scheduler()
        return waiting

    @staticmethod
    def zone_choices(typed: str) -> list[str]:
        return suggest_zones(typed, limit=25)

    async def _update(self, user_id: int, *, undo_deferrals: bool = False, **changes: object) -> None:
        """Save the settings; a new zone or quiet hours also releases reminders the old ones held back."""
        now = self._context.clock.now()
        async with self._context.db.write() as conn:
            await Users(conn).update(user_id, now, **changes)
            moved = undo_deferrals and await undo_deferrals_of(conn, user_id, now)
        if moved:
            self._context.wake_scheduler()
