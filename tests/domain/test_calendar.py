"""The calendar's deadlines: which moments ahead become events, what they are keyed by, and their alarms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.calendar import BONUS_WINDOW_ALARMS, CalendarKind, calendar_events
from bot.domain.contracts import Contract, end_contract, record_step
from bot.domain.lifecycle import EventKind, Milestone
from bot.domain.money import Money
from bot.domain.platforms import Platform
from bot.domain.reminder_times import DEFAULT_TIMES
from bot.domain.reminders import DEFAULT_LEADS, Topic

E = EventKind
D = timedelta(days=1)
H = timedelta(hours=1)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def contract(
    platform: Platform = Platform.UPWORK, review_days: int | None = 14, *dues: datetime | None
) -> Contract:
    milestones = tuple(
        Milestone(10 + i, 1, i, f"Part {i}", Money(5000, "USD"), due, changed_at=NOW - 30 * D)
        for i, due in enumerate(dues or (None,), start=1)
    )
    return Contract(
        1,
        9,
        "Logo",
        "Dana",
        platform,
        Money(5000 * len(milestones), "USD"),
        review_days,
        NOW - 30 * D,
        None,
        milestones,
    )


def test_a_refund_request_is_an_answer_by_event_with_the_refund_leads() -> None:
    c = contract()
    for kind in (E.FUND, E.SUBMIT, E.REQUEST_REFUND):
        c = record_step(c, 11, kind, NOW - D)[0]
    (event,) = calendar_events([c], now=NOW, leads=DEFAULT_LEADS)
    assert (event.kind, event.uid, event.at) == (CalendarKind.REFUND, "refund-11@milestone-bot", NOW + 6 * D)
    assert event.alarms == (2 * D, 12 * H)
    assert event.amount == Money(5000, "USD")


def test_deadlines_already_passed_are_left_out_and_the_rest_come_soonest_first() -> None:
    c = contract(Platform.UPWORK, 14, NOW - D, NOW + 5 * D, NOW + 2 * D)
    events = calendar_events([c], now=NOW, leads=DEFAULT_LEADS)
    assert [e.key for e in events] == ["due-13", "due-12"]
    assert all(e.funding_needed for e in events)


def test_a_platform_without_bonuses_has_no_bonus_window_and_a_voided_milestone_a_plain_due_date() -> None:
    for platform, bonus in ((Platform.UPWORK, ["bonus-1"]), (Platform.FREELANCER, [])):
        ended, voided = end_contract(contract(platform, None, NOW + 3 * D), NOW - D)
        events = calendar_events([ended], now=NOW, leads=DEFAULT_LEADS)
        due = [f"due-{milestone.id}" for milestone, _ in voided]
        assert [e.key for e in events] == [*due, *bonus]
        # The same UID as the "fund before due" event an earlier export made: importing replaces it.
        assert all(not e.alarms and not e.funding_needed for e in events if e.key in due)
        if bonus:
            assert events[-1].at == NOW - D + 365 * D and events[-1].alarms == BONUS_WINDOW_ALARMS


def test_a_review_on_a_platform_that_does_not_release_by_itself_is_still_a_deadline() -> None:
    c = contract(Platform.DIRECT, 7)
    c = record_step(record_step(c, 11, E.FUND, NOW - D)[0], 11, E.SUBMIT, NOW - D)[0]
    (event,) = calendar_events([c], now=NOW, leads=DEFAULT_TIMES.turned(Topic.REVIEW, on=False).leads)
    assert event.kind is CalendarKind.REVIEW and not c.auto_releases
    assert event.alarms == (timedelta(),)  # "review ending" off; the reminder at the end stays
