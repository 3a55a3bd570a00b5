"""Reminder planning: which reminders a contract as it stands calls for, and when they go out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.contracts import Contract, end_contract, record_step
from bot.domain.lifecycle import EventKind, Milestone
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reminders import DEFAULT_LEADS, HOUR, PlannedReminder, Topic, identity_of, plan_contract

E = EventKind
T = Topic
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def contract(
    due: datetime | None = None, *, platform: Platform = Platform.UPWORK, review_days: int | None = 14
) -> Contract:
    milestone = Milestone(7, 1, 1, "Sketches", Money(5000, "USD"), due, changed_at=NOW - 60 * DAY)
    return Contract(
        1, 9, "Logo", "Dana", platform, Money(5000, "USD"), review_days, NOW - 60 * DAY, None, (milestone,)
    )


def after(c: Contract, *steps: tuple[EventKind, datetime]) -> Contract:
    for kind, at in steps:
        c = record_step(c, 7, kind, at)[0]
    return c


def when(planned: list[PlannedReminder]) -> list[tuple[Topic, timedelta, datetime]]:
    return [(r.topic, r.lead, r.due_at) for r in planned]


def test_an_unfunded_milestone_due_in_ten_days_is_reminded_72_and_24_hours_before_and_once_at_due() -> None:
    due = NOW + 10 * DAY
    assert when(plan_contract(contract(due), now=NOW)) == [
        (T.UNFUNDED, 72 * HOUR, due - 72 * HOUR),
        (T.UNFUNDED, 24 * HOUR, due - 24 * HOUR),
        (T.OVERDUE, timedelta(), due),
    ]


def test_a_deadline_hours_away_brings_one_reminder_now_not_two() -> None:
    due = NOW + 2 * HOUR
    planned = plan_contract(contract(due), now=NOW)
    assert when(planned)[:1] == [(T.UNFUNDED, 24 * HOUR, NOW)]
    assert [r.topic for r in planned] == [T.UNFUNDED, T.OVERDUE]


def test_a_milestone_added_already_past_due_and_unfunded_is_reminded_once_now() -> None:
    due = NOW - 3 * DAY
    assert when(plan_contract(contract(due), now=NOW)) == [(T.OVERDUE, timedelta(), NOW)]


def test_a_funded_milestone_past_due_and_not_submitted_is_reminded_a_day_after_due() -> None:
    due = NOW + 2 * DAY
    funded = after(contract(due), (E.FUND, NOW - DAY))
    assert when(plan_contract(funded, now=NOW)) == [(T.SUBMIT, -24 * HOUR, due + DAY)]


def test_work_submitted_twelve_days_ago_on_upwork_brings_the_review_ending_reminder_now() -> None:
    submitted = after(contract(), (E.FUND, NOW - 20 * DAY), (E.SUBMIT, NOW - 12 * DAY))
    ends = NOW - 12 * DAY + 14 * DAY
    assert when(plan_contract(submitted, now=NOW)) == [
        (T.REVIEW, 3 * DAY, NOW),
        (T.REVIEW, 1 * DAY, ends - DAY),
        (T.REVIEW, timedelta(), ends),
    ]


def test_unfunded_work_delivered_by_message_has_no_review_clock() -> None:
    delivered = after(contract(), (E.DELIVER, NOW - 5 * DAY))
    assert [r.topic for r in plan_contract(delivered, now=NOW)] == []


def test_a_direct_client_with_agreed_review_days_still_gets_review_reminders() -> None:
    direct = after(contract(platform=Platform.DIRECT, review_days=7), (E.FUND, NOW - DAY), (E.SUBMIT, NOW))
    assert not direct.auto_releases
    assert [r.topic for r in plan_contract(direct, now=NOW)] == [T.REVIEW] * 3


def test_a_platform_without_a_review_window_has_no_review_reminders() -> None:
    freelancer = after(
        contract(platform=Platform.FREELANCER, review_days=None), (E.FUND, NOW - DAY), (E.SUBMIT, NOW)
    )
    assert plan_contract(freelancer, now=NOW) == []


def test_a_refund_request_is_reminded_two_days_and_twelve_hours_before_its_answer_by() -> None:
    requested = after(contract(), (E.FUND, NOW - 5 * DAY), (E.REQUEST_REFUND, NOW))
    answer_by = NOW + 7 * DAY
    assert when(plan_contract(requested, now=NOW)) == [
        (T.REFUND, 2 * DAY, answer_by - 2 * DAY),
        (T.REFUND, 12 * HOUR, answer_by - 12 * HOUR),
    ]
    assert all(r.deadline == answer_by for r in plan_contract(requested, now=NOW))


def test_a_contract_ended_with_money_left_is_reminded_at_once_about_the_contract() -> None:
    ended, _ = end_contract(contract(NOW + 5 * DAY), NOW)
    planned = plan_contract(ended, now=NOW)
    assert [(r.topic, r.milestone_id, r.due_at) for r in planned] == [(T.ENDED, None, NOW)]
    settled = after(contract(), (E.FUND, NOW - DAY), (E.RELEASE, NOW))
    assert plan_contract(end_contract(settled, NOW)[0], now=NOW) == []


def test_an_ended_contract_keeps_its_refund_deadline_but_not_its_due_dates() -> None:
    requested = after(contract(NOW + 5 * DAY), (E.FUND, NOW - DAY), (E.REQUEST_REFUND, NOW))
    ended, _ = end_contract(requested, NOW)
    topics = {r.topic for r in plan_contract(ended, now=NOW)}
    assert topics == {T.REFUND, T.ENDED}


def test_a_muted_milestone_or_reminders_turned_off_plan_nothing_for_it() -> None:
    due = NOW + 10 * DAY
    muted = replace(contract(due), milestones=(replace(contract(due).milestones[0], muted=True),))
    assert plan_contract(muted, now=NOW) == []
    assert plan_contract(contract(due), now=NOW, enabled=False) == []


def test_a_users_own_lead_times_replace_the_defaults() -> None:
    due = NOW + 10 * DAY
    planned = plan_contract(contract(due), now=NOW, leads={**DEFAULT_LEADS, T.UNFUNDED: (5 * DAY, 2 * HOUR)})
    assert when(planned)[:2] == [(T.UNFUNDED, 5 * DAY, due - 5 * DAY), (T.UNFUNDED, 2 * HOUR, due - 2 * HOUR)]


def test_identity_does_not_depend_on_when_the_plan_was_made() -> None:
    due = NOW + 10 * DAY
    early = {r.identity for r in plan_contract(contract(due), now=NOW)}
    later = {r.identity for r in plan_contract(contract(due), now=NOW + 7 * DAY + HOUR)}
    assert later <= early
    assert identity_of(T.UNFUNDED, 72 * HOUR, 1, 7, due) in later


def test_leads_are_exact_durations_across_a_daylight_saving_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    due = datetime(2026, 3, 30, 9, 0, tzinfo=berlin)  # clocks went forward on Sunday the 29th
    first = plan_contract(contract(due), now=datetime(2026, 3, 20, 9, 0, tzinfo=UTC))[0]
    assert due - first.due_at == 72 * HOUR
    assert first.due_at.astimezone(berlin).hour == 8  # an hour vanished in between


@given(
    due_offset=st.integers(min_value=-10 * 24 * 60, max_value=10 * 24 * 60),
    later=st.integers(min_value=0, max_value=10 * 24 * 60),
    funded=st.booleans(),
)
def test_every_plan_is_now_or_later_and_has_at_most_one_warning_of_a_chain_due_now(
    due_offset: int, later: int, funded: bool
) -> None:
    due = NOW + timedelta(minutes=due_offset)
    c = contract(due)
    if funded:
        c = after(c, (E.FUND, NOW - 30 * DAY))
    now = NOW + timedelta(minutes=later)
    planned = plan_contract(c, now=now)
    assert all(r.due_at >= now for r in planned)
    warnings_now = [r for r in planned if r.due_at == now and r.lead > timedelta()]
    assert len(warnings_now) <= 1
    assert len({r.identity for r in planned}) == len(planned)
    assert all(r.deadline is None or r.due_at <= r.deadline for r in planned)
