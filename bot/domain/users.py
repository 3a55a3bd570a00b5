"""A user's own settings: time zone, default currency, quiet hours, reminders and their lead times, how to
reach them by DM, and their language."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.quiet_hours import QuietHours, quiet_hours_of
from bot.domain.reminder_times import DEFAULT_TIMES, ReminderTimes


class DmRefusal(StrEnum):
    """Why Discord refused a reminder DM: the user closed their DMs to the bot, or shares no server with
    it (the usual case for someone who installed the app to their account only)."""

    CLOSED = "closed"
    NO_MUTUAL_SERVER = "no_mutual_server"


@dataclass(frozen=True, slots=True)
class UserSettings:
    user_id: int
    timezone: str = "UTC"
    currency: str = "USD"
    quiet_start: int | None = None  # minutes after local midnight; None: no quiet hours
    quiet_end: int | None = None
    reminders_enabled: bool = True
    dm_channel_id: int | None = None  # remembered so that a reminder costs one request
    undelivered: int = 0  # reminders that could not reach the user by DM, not told yet
    reminder_times: ReminderTimes = DEFAULT_TIMES  # lead times per kind of reminder
    dm_refusal: DmRefusal | None = None  # why the last reminder DM was refused; None once one got through
    last_locale: str | None = None  # Discord's locale of the user's last interaction (`pt-BR`, `de`)
    language: str | None = None  # chosen with `/settings language`; None: follow `last_locale`

    @property
    def locale(self) -> str:
        """The locale the bot writes to this user in when they aren't there to say (reminder DMs)."""
        return self.language or self.last_locale or "en-US"

    @property
    def zone(self) -> ZoneInfo:
        """The user's zone; a name this machine no longer knows reads as UTC rather than failing."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    @property
    def quiet_hours(self) -> QuietHours | None:
        return quiet_hours_of(self.quiet_start, self.quiet_end, self.zone)
