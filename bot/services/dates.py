"""Dates the user types, read in their own time zone, for what is due and for what happened."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.dates import END_OF_DAY, Purpose, parse_when
from bot.domain.errors import InvalidInput
from bot.domain.users import UserSettings
from bot.i18n.speaking import N_, current_locale

# A little slack for clocks that disagree: "now" typed on a phone may be a minute ahead of ours.
FUTURE_SLACK = timedelta(minutes=5)


def due_date(text: str, settings: UserSettings, now: datetime) -> datetime:
    """A due date: a day without a time means the end of that day. Read in the user's language too."""
    return parse_when(
        text, settings.zone, now, date_only_time=END_OF_DAY, purpose=Purpose.DUE, locale=current_locale()
    )


def happened_at(text: str | None, settings: UserSettings, now: datetime) -> datetime:
    """When something happened (default: now); a moment still ahead is refused."""
    if text is None or not text.strip():
        return now
    at = parse_when(text, settings.zone, now, purpose=Purpose.HAPPENED, locale=current_locale())
    if at > now + FUTURE_SLACK:
        raise InvalidInput(
            N_(
                "That date, {at}, is still ahead. Record a step once it has happened, or leave the date out for now."
            ),
            at=at,
        )
    return at
