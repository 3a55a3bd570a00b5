"""A warning is neither repeated because a date moved and came back, nor sent before its own moment.

Issue 13, items 4 and 5, with the real queue, planner and scheduler on a clock the test moves: every
attempt to DM is counted, not only the messages a user would see.
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain.lifecycle import EventKind
from storage.reminders import ReminderState
from tests.reminders.conftest import ALICE, START, World

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


async def _edit_due(world: World, due: str) -> None:
    await world.milestones.edit(
        ALICE, world.contract_ids[(ALICE, "Logo")], world.milestone_ids[(ALICE, "Sketches")], due=due
    )
    await world.settle()


async def test_after_the_72_hour_warning_a_due_date_moved_later_and_back_sends_nothing_more(
    world: World,
) -> None:
    await world.contract()
    await world.milestone("Sketches", due="2026-11-06 09:00")  # four days ahead
    await world.advance(DAY)
    assert world.inbox.topics() == [[("unfunded", 72)]]

    # Later by an hour: "72 hours before" the new date is an hour from now, and the user was warned of
    # nearly the same moment already.
    await _edit_due(world, "2026-11-06 10:00")
    await world.advance(2 * HOUR)
    await _edit_due(world, "2026-11-06 09:00")  # and back
    await world.advance(HOUR)
    await _edit_due(world, "2026-11-07 09:00")  # later by a day, and a day passes
    await world.advance(DAY)
    await _edit_due(world, "2026-11-06 09:00")  # and back
    assert len(world.inbox.attempts) == 1

    # The next warning of the chain still comes, at its moment.
    await world.advance_to(START + 3 * DAY - SECOND)
    assert len(world.inbox.attempts) == 1

    await world.advance(SECOND)
    assert world.inbox.topics() == [[("unfunded", 72)], [("unfunded", 24)]]
    assert world.inbox.attempts[1].at == START + 3 * DAY


async def test_a_due_date_moved_beyond_the_warnings_lead_is_a_new_warning(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="2026-11-06 09:00")
    await world.advance(DAY)
    await _edit_due(world, "2026-11-20 09:00")  # two weeks later: a new moment to warn about
    await world.advance_to(START + 15 * DAY)
    assert [(a.at - START, t) for a, t in zip(world.inbox.attempts, world.inbox.topics(), strict=True)] == [
        (DAY, [("unfunded", 72)]),
        (15 * DAY, [("unfunded", 72)]),
    ]


async def test_a_reminder_due_30_seconds_later_never_goes_out_early_with_one_due_now(world: World) -> None:
    await world.contract()
    await world.milestone("Final")
    await world.act(EventKind.FUND, "Final")
    await world.act(EventKind.SUBMIT, "Final")  # Upwork's review ends 14 days from now
    review_ends = START + 14 * DAY
    await world.advance_to(review_ends - DAY)  # the one-day-before reminder
    earlier = len(world.inbox.attempts)
    await world.advance_to(review_ends - 30 * SECOND)

    # Due in ten hours: its 24-hour reminder is due now, 30 s before "the review ended".
    await world.milestone("Sketches", due="in 10 hours")
    (now,) = world.inbox.attempts[earlier:]
    assert (now.at, now.titles) == (review_ends - 30 * SECOND, ["Sketches"])

    await world.advance(29 * SECOND)
    assert len(world.inbox.attempts) == earlier + 1
    await world.advance(SECOND)
    (ended,) = world.inbox.attempts[earlier + 1 :]
    assert ended.at == review_ends
    assert [(r.topic.value, r.lead, r.late) for r in ended.batch.reminders] == [
        ("review", timedelta(0), False)
    ]


async def test_a_reminder_already_due_joins_the_dm_of_another_due_one(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="2026-11-06 09:00")
    await world.milestone("Final files", due="2026-11-06 09:00")
    await world.scheduler.stop()
    world.clock.advance(DAY + 30 * SECOND)  # down while both fell due
    await world.restart()
    (both,) = world.inbox.attempts
    assert sorted(map(str, both.titles)) == ["Final files", "Sketches"]
    assert {r.state for r in await world.rows() if r.id in both.batch.ids} == {ReminderState.SENT}
