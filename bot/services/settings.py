"""The user's settings: time zone, default currency, quiet hours, reminders on or off and their lead times.

A change that moves when reminders should arrive (zone, quiet hours, reminders on or off, a kind's lead
times) re-plans every contract of the user in the same transaction, so what `/reminders list` shows is
what will happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.domain.dates import resolve_zone, suggest_zones
from bot.domain.errors import InvalidInput
from bot.domain.money import normalize_currency
from bot.domain.reminder_times import ADJUSTABLE, ReminderTimes, parse_leads
from bot.domain.reminders import Topic
from bot.domain.users import UserSettings
from bot.i18n.speaking import N_
from bot.services.languages import ChosenLanguages
from bot.services.work import Store

_TIME_OF_DAY = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?P<half>am|pm)?")
_OFF = frozenset({"off", "none", "no", "-"})
NOT_A_TIME = N_(
    "`{typed}` is not a time of day. Use a time of day such as `22:00`, `7:30` or `10pm`, or `off` to turn "
    "quiet hours off."
)


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
    if found is None:
        raise InvalidInput(NOT_A_TIME, typed=text.strip()[:20])
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(NOT_A_TIME, typed=text.strip()[:20])
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        raise InvalidInput(NOT_A_TIME, typed=text.strip()[:20])
    return hour * 60 + minute


@dataclass(frozen=True)
class KindChange:
    """A kind of reminder after `/settings reminders kind:...`: its times, and what is planned now."""

    kind: Topic
    times: ReminderTimes
    reminders_enabled: bool  # reminder DMs on overall (a kind's times apply only while they are)
    waiting: int


# The kinds as the `kind` option takes them (`unfunded`, `review`, `refund`): values, the same in every language.
_KINDS = {f"kind{number}": topic.value for number, topic in enumerate(ADJUSTABLE, 1)}
assert len(_KINDS) == 3, "the messages below name three kinds"
_DEFAULT_WORDS = frozenset({"default", "defaults", "reset"})


def parse_kind(text: str) -> Topic:
    """One of the kinds with lead times: `unfunded`, `review`, `refund`."""
    cleaned = text.strip().lower()
    for topic in ADJUSTABLE:
        if cleaned == topic.value:
            return topic
    raise InvalidInput(
        N_(
            "`{typed}` is not a kind of reminder with lead times. Pick one of `{kind1}`, `{kind2}`, `{kind3}`."
        ),
        typed=text.strip()[:20],
        **_KINDS,
    )


LANGUAGES = ("en-US", "pt-BR", "es-ES")  # what `/settings language` offers; None is automatic


class SettingsService:
    def __init__(self, store: Store, languages: ChosenLanguages) -> None:
        self._store = store
        self.languages = languages

    async def set_language(self, user_id: int, language: str | None) -> None:
        """One of LANGUAGES for every reply and DM, or None to follow Discord's language again."""
        if language is not None and language not in LANGUAGES:
            raise InvalidInput(N_("`{typed}` is not a language I speak."), typed=language[:20])
        await self._update(user_id, language=language)
        self.languages.chose(user_id, language)

    async def view(self, user_id: int) -> UserSettings:
        async with self._store.read(user_id) as reading:
            return await reading.settings()

    async def set_timezone(self, user_id: int, zone: str) -> str:
        """Store the zone (its canonical IANA name) and return that name."""
        name = resolve_zone(zone).key
        await self._update(user_id, replan=True, timezone=name)
        return name

    async def set_currency(self, user_id: int, code: str) -> str:
        currency = normalize_currency(code)
        await self._update(user_id, currency=currency)
        return currency

    async def set_quiet_hours(self, user_id: int, start: str, end: str) -> QuietHoursChange:
        """Both times of day, or `off` in either to turn quiet hours off."""
        first, last = parse_time_of_day(start), parse_time_of_day(end)
        if first is None or last is None:
            await self._update(user_id, replan=True, quiet_start=None, quiet_end=None)
            return QuietHoursChange(None, None)
        if first == last:
            raise InvalidInput(
                N_("Quiet hours need to start and end at different times, such as `22:00` to `7:00`.")
            )
        await self._update(user_id, replan=True, quiet_start=first, quiet_end=last)
        return QuietHoursChange(first, last)

    async def set_reminders(self, user_id: int, enabled: bool) -> int:
        """Turn reminder DMs on or off; returns how many reminders are now waiting."""
        await self._update(user_id, replan=True, reminders_enabled=enabled)
        async with self._store.read(user_id) as reading:
            return await reading.reminders.count_upcoming(user_id)

    async def set_reminder_kind(
        self, user_id: int, kind: str | None, enabled: bool, lead: str | None = None
    ) -> KindChange:
        """One kind of reminder on with its lead times (`3d, 1d, 2h`; `default` for the defaults), or off.

        Refused, changing nothing: a lead without a kind, a lead with `enabled` False, a bad lead.
        """
        if kind is None or not kind.strip():
            raise InvalidInput(
                N_(
                    "Say which kind of reminder the lead times are for: `kind` is one of `{kind1}`, `{kind2}`, "
                    "`{kind3}`."
                ),
                **_KINDS,
            )
        topic = parse_kind(kind)
        if lead is not None and not lead.strip():
            lead = None
        if lead is not None and not enabled:
            raise InvalidInput(
                N_("Lead times go with `enabled:True`. To stop this kind of reminder, leave `lead` out.")
            )
        leads = None if lead is None or lead.strip().lower() in _DEFAULT_WORDS else parse_leads(lead)
        async with self._store.work(user_id) as work:
            current = await work.settings()
            times = current.reminder_times
            if not enabled:
                times = times.turned(topic, on=False)
            elif lead is None:
                times = times.turned(topic, on=True)
            else:
                times = times.with_leads(topic, leads)
            await work.users.update(user_id, work.now, reminder_times=times)
            work.settings_changed(replace(current, reminder_times=times))
            work.replan_everything()
        async with self._store.read(user_id) as reading:
            waiting = await reading.reminders.count_upcoming(user_id)
        return KindChange(topic, times, current.reminders_enabled, waiting)

    @staticmethod
    def zone_choices(typed: str) -> list[str]:
        return suggest_zones(typed, limit=25)

    async def _update(self, user_id: int, *, replan: bool = False, **changes: object) -> UserSettings:
        async with self._store.work(user_id) as work:
            await work.users.update(user_id, work.now, **changes)
            updated = replace(await work.settings(), **changes)  # type: ignore[arg-type]
            work.settings_changed(updated)
            if replan:
                work.replan_everything()
        return updated
