"""The DM buttons and the reminders list through the service: only the owner acts, nothing is doubled."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import NotFound
from bot.domain.lifecycle import MilestoneStatus
from bot.domain.reminders import Topic
from bot.services.reminders import ReminderAction
from storage.reminders import ReminderState
from tests.reminders.conftest import ALICE, BOB, START, World

HOUR = timedelta(hours=1)


async def _first_reminder(world: World) -> int:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    (sent,) = world.inbox.attempts
    return sent.batch.reminders[0].id


async def test_someone_else_pressing_a_reminders_button_changes_nothing(world: World) -> None:
    reminder_id = await _first_reminder(world)
    before = await world.rows()
    for action in ReminderAction:
        with pytest.raises(NotFound):
            await world.reminders.press(BOB, reminder_id, action)
    with pytest.raises(NotFound):
        await world.reminders.snooze_offer(BOB, reminder_id)
    with pytest.raises(NotFound):
        await world.reminders.snooze(BOB, reminder_id, until=START + HOUR)
    with pytest.raises(NotFound):
        await world.reminders.about(BOB, reminder_id)
    with pytest.raises(NotFound):
        await world.reminders.record_bonus(BOB, reminder_id, "50")
    view = await world.contracts.view(ALICE, world.contract_ids[(ALICE, "Logo")])
    (milestone,) = view.contract.milestones
    assert milestone.status is MilestoneStatus.UNFUNDED and not milestone.muted
    assert view.contract.bonuses == ()
    assert await world.rows() == before


async def test_snoozing_twice_brings_one_reminder_back(world: World) -> None:
    reminder_id = await _first_reminder(world)
    first = await world.reminders.snooze(ALICE, reminder_id, until=START + HOUR)
    second = await world.reminders.snooze(ALICE, reminder_id, until=START + 3 * HOUR)
    assert (first.snoozed_until, second.snoozed_until) == (START + HOUR, START + 3 * HOUR)
    snoozed = [r for r in await world.rows() if r.snoozed_until is not None]
    assert [(r.topic, r.state, r.due_at) for r in snoozed] == [
        ("unfunded", ReminderState.PENDING, START + 3 * HOUR)
    ]
    await world.advance(3 * HOUR)
    assert [a.at - START for a in world.inbox.attempts] == [timedelta(0), 3 * HOUR]


async def test_snoozing_what_no_longer_applies_says_so(world: World) -> None:
    reminder_id = await _first_reminder(world)
    await world.reminders.press(ALICE, reminder_id, ReminderAction.FUND)
    pressed = await world.reminders.snooze(ALICE, reminder_id, until=START + HOUR)
    assert pressed.no_longer_applies and pressed.snoozed_until is None
    waiting = [r for r in await world.rows() if r.state is ReminderState.PENDING]
    assert [r.topic for r in waiting if r.topic in ("unfunded", "overdue")] == []
    await world.advance(HOUR)
    assert len(world.inbox.attempts) == 1


async def test_mark_funded_records_the_step_and_mute_stops_the_rest(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    await world.milestone("Final", due="in 10 hours")
    sketches, final = (r.id for a in world.inbox.attempts for r in a.batch.reminders)
    funded = await world.reminders.press(ALICE, sketches, ReminderAction.FUND)
    assert funded.change is not None and funded.change.milestone.status is MilestoneStatus.FUNDED
    muted = await world.reminders.press(ALICE, final, ReminderAction.MUTE)
    assert muted.milestone_title == "Final"
    await world.advance(3 * 24 * HOUR)
    # Funded and past due: a day after the due date, the reminder to submit; nothing about Final.
    assert world.inbox.topics()[2:] == [[("submit", -24)]]
    unmuted = await world.reminders.press(ALICE, final, ReminderAction.UNMUTE)
    assert unmuted.milestone_title == "Final"
    # Unmuted after its due date passed: only the overdue reminder is still worth sending, at once.
    await world.settle()
    assert (await world.reminders.overview(ALICE)).upcoming == []
    assert [a.titles for a in world.inbox.attempts[3:]] == [["Final"]]
    assert world.inbox.attempts[3].batch.reminders[0].topic is Topic.OVERDUE


async def test_the_list_shows_what_is_coming_soonest_first(world: World) -> None:
    await world.contract()
    await world.milestone("Later", due="in 9 days")
    await world.milestone("Sooner", due="in 5 days")
    overview = await world.reminders.overview(ALICE)
    listed = [(u.milestone.title if u.milestone else None, u.topic.value, u.lead) for u in overview.upcoming]
    assert listed == [
        ("Sooner", "unfunded", timedelta(hours=72)),
        ("Sooner", "unfunded", timedelta(hours=24)),
        ("Sooner", "overdue", timedelta(0)),
        ("Later", "unfunded", timedelta(hours=72)),
        ("Later", "unfunded", timedelta(hours=24)),
        ("Later", "overdue", timedelta(0)),
    ]
    assert [u.due_at - START for u in overview.upcoming] == [
        timedelta(days=2),
        timedelta(days=4),
        timedelta(days=5),
        timedelta(days=6),
        timedelta(days=8),
        timedelta(days=9),
    ]
    assert overview.total == 6 and overview.settings.reminders_enabled
    assert (await world.reminders.overview(BOB)).upcoming == []
