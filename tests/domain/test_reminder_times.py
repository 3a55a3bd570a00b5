"""A user's own reminder times: reading `3d, 1d, 2h`, the limits, and the leads the planner then uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.contracts import Contract, record_step
from bot.domain.errors import InvalidInput
from bot.domain.lifecycle import EventKind, Milestone
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reminder_times import (
    DEFAULT_TIMES,
    LONGEST_LEAD,
    MAX_LEADS,
    SHORTEST_LEAD,
    ReminderTimes,
    parse_leads,
)
from bot.domain.reminders import DEFAULT_LEADS, Topic, plan_contract

T = Topic
H = timedelta(hours=1)
D = timedelta(days=1)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "leads"),
    [
        ("3d, 1d, 2h", (3 * D, D, 2 * H)),
        ("2h,3d,1d", (3 * D, D, 2 * H)),  # any order: furthest first
        ("1d 12h", (D + 12 * H,)),
        ("36 hours; 90 min", (36 * H, 90 * timedelta(minutes=1))),
        ("1 week, 15m", (7 * D, timedelta(minutes=15))),
        ("30 days", (30 * D,)),
        ("72h, 3d", (3 * D,)),  # the same lead twice is one lead
        (" 2 H , ", (2 * H,)),
    ],
)
def test_leads_are_read_furthest_first(typed: str, leads: tuple[timedelta, ...]) -> None:
    assert parse_leads(typed) == leads


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Give the lead times"),
        (" , ", "Give the lead times"),
        ("soon", "`soon` is not a lead time I can read"),
        ("3", "`3` is not a lead time I can read"),
        ("1.5d", "not a lead time I can read"),
        ("-2h", "not a lead time I can read"),
        ("3 fortnights", "not a lead time I can read"),
        ("10m", "`10m` is outside what I can do: each lead time must be between 15 minutes and 30 days"),
        ("31d", "between 15 minutes and 30 days"),
        ("0h", "between 15 minutes and 30 days"),
        ("5d, 4d, 3d, 2d, 1d, 2h", "That is 6 lead times; give at most 5"),
    ],
)
def test_bad_leads_are_refused_with_an_example(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_leads(typed)
    assert says in refused.value.message


@given(st.lists(st.integers(min_value=1, max_value=60 * 24 * 40), min_size=1, max_size=8))
def test_whatever_is_accepted_is_within_the_limits(minutes: list[int]) -> None:
    typed = ", ".join(f"{m}m" for m in minutes)
    try:
        leads = parse_leads(typed)
    except InvalidInput:
        assert len(set(minutes)) > MAX_LEADS or any(not 15 <= m <= 30 * 24 * 60 for m in minutes)
        return
    assert 1 <= len(leads) <= MAX_LEADS
    assert all(SHORTEST_LEAD <= lead <= LONGEST_LEAD for lead in leads)
    assert list(leads) == sorted(leads, reverse=True)


def test_the_defaults_are_the_planners_defaults() -> None:
    assert DEFAULT_TIMES.leads is DEFAULT_LEADS
    assert DEFAULT_TIMES.before(T.UNFUNDED) == (72 * H, 24 * H)
    assert DEFAULT_TIMES.before(T.REVIEW) == (3 * D, D)
    assert DEFAULT_TIMES.before(T.REFUND) == (2 * D, 12 * H)


def test_own_leads_replace_the_warnings_before_and_keep_the_reminder_at_the_end() -> None:
    times = DEFAULT_TIMES.with_leads(T.REVIEW, (3 * D, D, 2 * H))
    assert times.leads[T.REVIEW] == (3 * D, D, 2 * H, timedelta())
    assert times.leads[T.UNFUNDED] == DEFAULT_LEADS[T.UNFUNDED]
    assert times.leads[T.SUBMIT] == DEFAULT_LEADS[T.SUBMIT]


def test_a_kind_turned_off_keeps_its_leads_for_when_it_is_turned_on_again() -> None:
    times = DEFAULT_TIMES.with_leads(T.REFUND, (3 * D,)).turned(T.REFUND, on=False)
    assert times.leads[T.REFUND] == ()
    assert times.before(T.REFUND) == ()
    assert times.turned(T.REFUND, on=True).leads[T.REFUND] == (3 * D,)
    # Turning unfunded off leaves the reminder at the due date (another kind) in place.
    assert DEFAULT_TIMES.turned(T.UNFUNDED, on=False).leads[T.OVERDUE] == (timedelta(),)


def test_with_leads_none_goes_back_to_the_defaults() -> None:
    times = DEFAULT_TIMES.with_leads(T.UNFUNDED, (5 * D,)).with_leads(T.UNFUNDED, None)
    assert times == DEFAULT_TIMES and times.is_default


def test_only_the_kinds_with_leads_before_their_moment_can_be_set() -> None:
    with pytest.raises(ValueError, match="no lead times"):
        ReminderTimes.of({T.ENDED: (D,)})


def test_the_planner_reminds_at_the_users_own_times() -> None:
    milestone = Milestone(7, 1, 1, "Sketches", Money(5000, "USD"), None, changed_at=NOW - 30 * D)
    contract = Contract(
        1, 9, "Logo", "Dana", Platform.UPWORK, Money(5000, "USD"), 14, NOW - 30 * D, None, (milestone,)
    )
    funded = record_step(contract, 7, EventKind.FUND, NOW - 2 * D)[0]
    submitted = record_step(funded, 7, EventKind.SUBMIT, NOW - D)[0]
    ends = NOW + 13 * D
    times = DEFAULT_TIMES.with_leads(T.REVIEW, (3 * D, D, 2 * H))
    planned = [(r.topic, r.lead, r.due_at) for r in plan_contract(submitted, now=NOW, leads=times.leads)]
    assert planned == [
        (T.REVIEW, 3 * D, ends - 3 * D),
        (T.REVIEW, D, ends - D),
        (T.REVIEW, 2 * H, ends - 2 * H),
        (T.REVIEW, timedelta(), ends),
    ]
    off = times.turned(T.REVIEW, on=False)
    assert [(r.topic, r.lead) for r in plan_contract(submitted, now=NOW, leads=off.leads)] == [
        (T.REVIEW, timedelta())
    ]
