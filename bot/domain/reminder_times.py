"""A user's own reminder times: for each kind of reminder that warns *before* its moment, when it comes.

The kinds a user can set are the warnings with a lead before their deadline: an unfunded milestone's due
date, the end of a review period, and a refund request's answer-by moment. Each has its own lead times
(`3d, 1d, 2h`: at most `MAX_LEADS`, each between `SHORTEST_LEAD` and `LONGEST_LEAD`), or the defaults, and
can be turned off. Reminders at or after a moment (review over, past due, contract ended) are other kinds
and are kept as they are: they ask the user to confirm what happened.

`ReminderTimes.leads` is the mapping the planner takes (`plan_contract(..., leads=...)`), so the same
numbers decide the DMs and the alarms of the calendar file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from types import MappingProxyType

from bot.domain.errors import InvalidInput
from bot.domain.reminders import DEFAULT_LEADS, Topic
from bot.i18n.speaking import N_

# The kinds with leads before their moment, in the order they are shown.
ADJUSTABLE: tuple[Topic, ...] = (Topic.UNFUNDED, Topic.REVIEW, Topic.REFUND)
MAX_LEADS = 5
SHORTEST_LEAD = timedelta(minutes=15)
LONGEST_LEAD = timedelta(days=30)

_PART = re.compile(r"(\d{1,5})\s*([a-z]+)")
_UNITS: Mapping[str, timedelta] = MappingProxyType(
    {
        **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
        **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
        **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
        **dict.fromkeys(("w", "wk", "week", "weeks"), timedelta(weeks=1)),
    }
)
_SHOWN = 20


def parse_leads(text: str) -> tuple[timedelta, ...]:
    """Lead times typed as `3d, 1d, 2h` (a lead may combine units: `1d 12h`), furthest first, each once.

    InvalidInput, saying what is wrong and with an example, for anything else.
    """
    items = [item.strip() for item in re.split(r"[,;]", text.lower())]
    if not any(items):
        raise InvalidInput(N_("Give the lead times, such as `3d, 1d, 2h`."))
    leads: list[timedelta] = []
    for item in items:
        if not item:
            continue
        lead = _one_lead(item)
        if lead < SHORTEST_LEAD or lead > LONGEST_LEAD:
            raise InvalidInput(
                N_(
                    "`{typed}` is outside what I can do: each lead time must be between 15 minutes and 30 days."
                ),
                typed=item[:_SHOWN],
            )
        leads.append(lead)
    distinct = tuple(sorted(set(leads), reverse=True))
    if len(distinct) > MAX_LEADS:
        raise InvalidInput(
            N_("That is {count} lead times; give at most {most}, such as `3d, 1d, 2h`."),
            count=len(distinct),
            most=MAX_LEADS,
        )
    return distinct


def _one_lead(item: str) -> timedelta:
    total = timedelta()
    position = 0
    compact = re.sub(r"\s+", " ", item)
    while position < len(compact):
        if compact[position] == " ":
            position += 1
            continue
        found = _PART.match(compact, position)
        if found is None or found[2] not in _UNITS:
            raise InvalidInput(
                N_(
                    "`{typed}` is not a lead time I can read. Write each as a number and a unit "
                    "(m, h, d or w), separated by commas, such as `3d, 1d, 2h`."
                ),
                typed=item[:_SHOWN],
            )
        total += int(found[1]) * _UNITS[found[2]]
        position = found.end()
    return total


@dataclass(frozen=True, slots=True)
class ReminderTimes:
    """The user's lead times per kind. A kind without its own leads uses the defaults; `off` kinds warn
    never (their reminders at or after the moment are other kinds, and stay)."""

    own: tuple[tuple[Topic, tuple[timedelta, ...]], ...] = ()
    off: frozenset[Topic] = frozenset()

    def __post_init__(self) -> None:
        for topic, _ in self.own:
            if topic not in ADJUSTABLE:
                raise ValueError(f"{topic} has no lead times a user can set")
        if not self.off <= set(ADJUSTABLE):
            raise ValueError(f"only {ADJUSTABLE} can be turned off, not {sorted(self.off)}")

    @classmethod
    def of(cls, own: Mapping[Topic, Iterable[timedelta]], off: Iterable[Topic] = ()) -> ReminderTimes:
        extra = set(own) - set(ADJUSTABLE)
        if extra:
            raise ValueError(f"{sorted(extra)} have no lead times a user can set")
        return cls(
            tuple((t, tuple(sorted(set(own[t]), reverse=True))) for t in ADJUSTABLE if t in own),
            frozenset(off),
        )

    def own_leads(self, topic: Topic) -> tuple[timedelta, ...] | None:
        """The user's own leads for this kind, or None when it uses the defaults."""
        return dict(self.own).get(topic)

    def is_on(self, topic: Topic) -> bool:
        return topic not in self.off

    def before(self, topic: Topic) -> tuple[timedelta, ...]:
        """The leads before the moment in force for this kind, furthest first; none when it is off."""
        if topic in self.off:
            return ()
        own = self.own_leads(topic)
        if own is not None:
            return own
        return tuple(lead for lead in DEFAULT_LEADS[topic] if lead > timedelta())

    def with_leads(self, topic: Topic, leads: tuple[timedelta, ...] | None) -> ReminderTimes:
        """This kind on, with these leads (None: back to the defaults)."""
        own = {kind: kept for kind, kept in self.own if kind != topic}
        if leads is not None:
            own[topic] = leads
        return ReminderTimes.of(own, self.off - {topic})

    def turned(self, topic: Topic, on: bool) -> ReminderTimes:
        """This kind on or off, keeping its leads for when it is turned on again."""
        return replace(self, off=self.off - {topic} if on else self.off | {topic})

    @property
    def is_default(self) -> bool:
        return not self.own and not self.off

    @property
    def leads(self) -> Mapping[Topic, tuple[timedelta, ...]]:
        """Every topic's leads as the planner takes them: each adjustable kind's own (or default) leads
        before the moment, with the defaults' reminders at or after it; the other topics' defaults."""
        if self.is_default:
            return DEFAULT_LEADS
        mapping = dict(DEFAULT_LEADS)
        for topic in ADJUSTABLE:
            at_or_after = tuple(lead for lead in DEFAULT_LEADS[topic] if lead <= timedelta())
            mapping[topic] = (*self.before(topic), *at_or_after)
        return MappingProxyType(mapping)


DEFAULT_TIMES = ReminderTimes()
