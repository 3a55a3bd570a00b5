"""Reminder planning: which reminders a milestone's state calls for, and when they go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.lifecycle import EventKind, MilestoneEvent, MilestoneState, Timing, apply_event, initial_state
from bot.domain.reminders import (
    ContractFacts,
    MilestoneFacts,
    PlannedReminder,
    ReminderKind,
    plan_contract,
)

K = ReminderKind
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
UPWORK = Timing(review_days=14, hold_days=5, refund_response_days=7)
ACTIVE = ContractFacts(id=1, ended_at=None, outstanding_minor=15000)


def state_after(*steps: tuple[EventKind, datetime], timing: Timing = UPWORK) -> MilestoneState:
    state = initial_state(5000, NOW - timedelta(days=60))
    for kind, at in steps:
        state = apply_event(state, MilestoneEvent(kind, at), timing)
    return state


def plan(
    state: MilestoneState,
    due: datetime | None = None,
    *,
    contract: ContractFacts = ACTIVE,
    muted: bool = False,
    enabled: bool = True,
    now: datetime = NOW,
) -> list[PlannedReminder]:
    milestone = MilestoneFacts(id=7, state=state, due_at=due, muted=muted)
    return plan_contract(contract, [milestone], reminders_enabled=enabled, now=now)


def when(planned: list[PlannedReminder]) -> list[tuple[ReminderKind, datetime]]:
    return [(r.kind, r.due_at) for r in planned]


UNFUNDED = state_after()


def test_unfunded_milestone_due_in_ten_days_gets_reminders_72_and_24_hours_before() -> None:
    due = NOW + timedelta(days=10)
    assert when(plan(UNFUNDED, due)) == [
        (K.UNFUNDED_72H, due - timedelta(hours=72)),
        (K.UNFUNDED_24H, due - timedelta(hours=24)),
    ]


def test_a_reminder_whose_moment_passed_for_a_deadline_still_ahead_is_due_now() -> None:
    due = NOW + timedelta(hours=48)
    assert when(plan(UNFUNDED, due)) == [(K.UNFUNDED_72H, NOW), (K.UNFUNDED_24H, due - timedelta(hours=24))]


def test_a_deadline_hours_away_brings_one_reminder_now_not_two() -> None:
    due = NOW + timedelta(hours=10)
    assert when(plan(UNFUNDED, due)) == [(K.UNFUNDED_24H, NOW)]


def test_no_funding_reminder_without_a_due_date_or_once_funded_or_past_due() -> None:
    assert plan(UNFUNDED, None) == []
    assert plan(UNFUNDED, NOW - timedelta(hours=1)) == []
    funded = state_after((EventKind.FUND, NOW))
    assert {r.kind for r in plan(funded, NOW + timedelta(days=10))} == {K.SUBMIT_OVERDUE}


def test_funded_milestone_past_due_and_not_submitted_is_reminded_a_day_after_due() -> None:
    funded = state_after((EventKind.FUND, NOW - timedelta(days=5)))
    due = NOW + timedelta(days=2)
    assert when(plan(funded, due)) == [(K.SUBMIT_OVERDUE, due + timedelta(hours=24))]
    # Funded long after the due date: the reminder to submit goes out at once.
    assert when(plan(funded, NOW - timedelta(days=3))) == [(K.SUBMIT_OVERDUE, NOW)]


def test_submitted_twelve_days_ago_on_upwork_brings_the_review_ending_reminder_now() -> None:
    submitted = state_after(
        (EventKind.FUND, NOW - timedelta(days=13)), (EventKind.SUBMIT, NOW - timedelta(days=12))
    )
    ends = NOW + timedelta(days=2)
    assert submitted.review_ends_at == ends
    assert when(plan(submitted, NOW - timedelta(days=12))) == [
        (K.REVIEW_ENDS_3D, NOW),
        (K.REVIEW_ENDS_1D, ends - timedelta(days=1)),
        (K.REVIEW_ENDED, ends),
    ]


def test_after_the_review_ended_only_the_ended_reminder_remains_and_goes_out_at_once() -> None:
    submitted = state_after(
        (EventKind.FUND, NOW - timedelta(days=21)), (EventKind.SUBMIT, NOW - timedelta(days=20))
    )
    assert when(plan(submitted)) == [(K.REVIEW_ENDED, NOW)]


def test_a_platform_without_automatic_release_has_no_review_reminders() -> None:
    manual = Timing(review_days=None)
    submitted = state_after((EventKind.FUND, NOW), (EventKind.SUBMIT, NOW), timing=manual)
    assert plan(submitted) == []


def test_refund_request_is_reminded_two_days_and_twelve_hours_before_the_deadline() -> None:
    requested = state_after((EventKind.FUND, NOW - timedelta(days=1)), (EventKind.REQUEST_REFUND, NOW))
    deadline = NOW + timedelta(days=7)
    assert when(plan(requested)) == [
        (K.REFUND_2D, deadline - timedelta(days=2)),
        (K.REFUND_12H, deadline - timedelta(hours=12)),
    ]


def test_contract_ended_with_money_owed_is_reminded_at_once_about_the_contract() -> None:
    ended = ContractFacts(id=1, ended_at=NOW - timedelta(hours=1), outstanding_minor=5000)
    voided = state_after((EventKind.VOID, NOW - timedelta(hours=1)))
    planned = plan(voided, NOW + timedelta(days=3), contract=ended)
    assert [(r.kind, r.milestone_id, r.event_at, r.due_at) for r in planned] == [
        (K.CONTRACT_OWED, None, NOW - timedelta(hours=1), NOW)
    ]
    paid_in_full = ContractFacts(id=1, ended_at=NOW, outstanding_minor=0)
    assert plan(voided, contract=paid_in_full) == []


def test_an_ended_contract_keeps_its_refund_deadlines_but_not_its_due_dates() -> None:
    ended = ContractFacts(id=1, ended_at=NOW, outstanding_minor=0)
    funded = state_after((EventKind.FUND, NOW - timedelta(days=2)))
    assert plan(funded, NOW + timedelta(days=1), contract=ended) == []
    requested = state_after((EventKind.FUND, NOW - timedelta(days=2)), (EventKind.REQUEST_REFUND, NOW))
    assert {r.kind for r in plan(requested, contract=ended)} == {K.REFUND_2D, K.REFUND_12H}


def test_finished_milestones_have_no_reminders() -> None:
    released = state_after((EventKind.FUND, NOW - timedelta(days=3)), (EventKind.RELEASE, NOW))
    refunded = state_after((EventKind.FUND, NOW - timedelta(days=3)), (EventKind.REFUND, NOW))
    for state in (released, refunded):
        assert plan(state, NOW + timedelta(days=5)) == []


def test_a_muted_milestone_or_reminders_turned_off_plan_nothing() -> None:
    due = NOW + timedelta(days=10)
    assert plan(UNFUNDED, due, muted=True) == []
    assert plan(UNFUNDED, due, enabled=False) == []
    ended = ContractFacts(id=1, ended_at=NOW, outstanding_minor=5000)
    assert plan(UNFUNDED, due, contract=ended, enabled=False) == []


def test_identity_does_not_depend_on_when_the_plan_was_made() -> None:
    due = NOW + timedelta(days=10)
    early = {r.identity for r in plan(UNFUNDED, due)}
    later = {r.identity for r in plan(UNFUNDED, due, now=NOW + timedelta(days=7, hours=1))}
    assert later <= early
    assert (K.UNFUNDED_72H, 1, 7, int(due.timestamp())) in later


def test_hours_before_are_exact_across_a_daylight_saving_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Due Monday 30 March 2026 09:00 in Berlin; clocks went forward on Sunday the 29th.
    due = datetime(2026, 3, 30, 9, 0, tzinfo=berlin)
    before = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    planned = plan(UNFUNDED, due, now=before)
    first = planned[0]
    assert first.kind is K.UNFUNDED_72H
    assert due - first.due_at == timedelta(hours=72)
    # 72 real hours earlier is 08:00 on the wall clock, not 09:00: an hour vanished in between.
    assert first.due_at.astimezone(berlin).hour == 8


@given(
    due_offset=st.integers(min_value=-10 * 24 * 60, max_value=10 * 24 * 60),
    later=st.integers(min_value=0, max_value=10 * 24 * 60),
    funded=st.booleans(),
)
def test_every_plan_is_in_the_future_and_has_at_most_one_reminder_of_a_chain_due_now(
    due_offset: int, later: int, funded: bool
) -> None:
    state = state_after((EventKind.FUND, NOW - timedelta(days=30))) if funded else UNFUNDED
    due = NOW + timedelta(minutes=due_offset)
    now = NOW + timedelta(minutes=later)
    planned = plan(state, due, now=now)
    assert all(r.due_at >= now for r in planned)
    assert len([r for r in planned if r.due_at == now]) <= 1
    assert len({r.identity for r in planned}) == len(planned)
