"""The DM buttons and the reminders list through the service: only the owner acts, nothing is doubled."""

from __future__ import annotations

import pytest
from bot.reminders.notices import ReminderAction
from bot.reminders.service import ReminderService
from bot.services.context import ServiceContext

from bot.domain.errors import NotFound
from bot.domain.lifecycle import MilestoneStatus
from storage.reminders import ReminderState
from tests.reminders.conftest import ALICE, BOB, World


def service(world: World) -> ReminderService:
    return ReminderService(ServiceContext(world.db, world.clock, world.scheduler.wake), world.milestones)


async def test_someone_else_pressing_a_reminders_button_changes_nothing(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    (sent,) = world.inbox.attempts
    reminder_id = sent.batch.reminders[0].id
    for action in ReminderAction:
        with pytest.raises(NotFound):
            await service(world).press(BOB, reminder_id, action)
    detail = await world.contracts.view(ALICE, "Logo")
    assert detail.milestones[0].status is MilestoneStatus.UNFUNDED and not detail.milestones[0].muted


async def test_snoozing_twice_brings_one_reminder_back(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    reminder_id = world.inbox.attempts[0].batch.reminders[0].id
    first = await service(world).press(ALICE, reminder_id, ReminderAction.SNOOZE)
    second = await service(world).press(ALICE, reminder_id, ReminderAction.SNOOZE)
    assert first.snoozed_until == second.snoozed_until
    pending = [r for r in await world.rows() if r.state is ReminderState.PENDING]
    assert len(pending) == 1


async def test_snoozing_what_no_longer_applies_says_so(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    reminder_id = world.inbox.attempts[0].batch.reminders[0].id
    await service(world).press(ALICE, reminder_id, ReminderAction.FUND)
    pressed = await service(world).press(ALICE, reminder_id, ReminderAction.SNOOZE)
    assert pressed.no_longer_applies
    assert not [
        r for r in await world.rows() if r.state is ReminderState.PENDING and r.kind.startswith("unfunded")
    ]


async def test_the_list_shows_what_is_coming_soonest_first(world: World) -> None:
    await world.contract()
    await world.milestone("Later", due="in 9 days")
    await world.milestone("Sooner", due="in 5 days")
    overview = await service(world).overview(ALICE)
    assert [(u.milestone_title, u.kind.value) for u in overview.upcoming] == [
        ("Sooner", "unfunded_72h"),
        ("Sooner", "unfunded_24h"),
        ("Later", "unfunded_72h"),
        ("Later", "unfunded_24h"),
    ]
    assert overview.total == 4 and overview.enabled
    assert (await service(world).overview(BOB)).upcoming == []
