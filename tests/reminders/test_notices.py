"""What each reminder DM says and which buttons it offers, for reminders the scheduler really delivered.

Each case drives a contract to the state a reminder is about, moves the clock to its moment and renders
the reminder the scheduler handed to the inbox, as the DM sender would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.domain.lifecycle import EventKind
from bot.services.delivery import DueReminder
from bot.services.reminders import ReminderAction
from cogs.reminders.render import actions_for, notice_embed
from tests.reminders.conftest import ALICE, START, World

A = ReminderAction
E = EventKind
DAY = timedelta(days=1)


def _stamp(reminder: DueReminder) -> str:
    at = int(reminder.event_at.timestamp())
    return f"<t:{at}:F> (<t:{at}:R>)"


async def _last(world: World) -> DueReminder:
    return world.inbox.attempts[-1].batch.reminders[-1]


async def unfunded(world: World) -> DueReminder:
    await world.contract()
    await world.milestone("Sketches", due="in 4 days")
    await world.advance(DAY)
    return await _last(world)


async def overdue(world: World) -> DueReminder:
    await world.contract(started="30 days ago")
    await world.milestone("Sketches", due="2 days ago")
    return await _last(world)


async def submit(world: World) -> DueReminder:
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    await world.act(E.FUND, "Sketches")
    await world.advance(timedelta(hours=10) + DAY)  # a day after the due date
    return await _last(world)


async def review_ending(world: World) -> DueReminder:
    await world.contract()
    await world.milestone("Sketches")
    await world.act(E.FUND, "Sketches")
    await world.act(E.SUBMIT, "Sketches")
    await world.advance(13 * DAY)  # Upwork's 14 days: the one-day-before reminder
    return await _last(world)


async def review_ended(world: World) -> DueReminder:
    await review_ending(world)
    await world.advance(DAY)
    return await _last(world)


async def refund(world: World) -> DueReminder:
    await world.contract()
    await world.milestone("Sketches")
    await world.act(E.FUND, "Sketches")
    await world.act(E.REQUEST_REFUND, "Sketches")
    await world.advance(5 * DAY)  # 7 days to answer on Upwork: two days before
    return await _last(world)


async def ended(world: World) -> DueReminder:
    await world.contract()
    await world.milestone("Sketches")
    await world.milestone("Final files")
    await world.act(E.FUND, "Sketches")
    await world.act(E.RELEASE, "Sketches")
    await world.contracts.end(ALICE, world.contract_ids[(ALICE, "Logo")])
    await world.settle()
    return await _last(world)


Scenario = Callable[[World], Awaitable[DueReminder]]


@pytest.mark.parametrize(
    ("scenario", "topic", "title", "actions", "says"),
    [
        (unfunded, "unfunded", "Due soon and not funded", (A.FUND, A.SNOOZE, A.MUTE), "hasn't funded it yet"),
        (overdue, "overdue", "Past due and still not funded", (A.FUND, A.SNOOZE, A.MUTE), "still hasn't funded it"),
        (submit, "submit", "Past due: submit it on the platform", (A.SUBMIT, A.SNOOZE, A.MUTE), "submit it through Upwork"),
        (review_ending, "review", "Review period ending", (A.RELEASE, A.SNOOZE, A.MUTE), "Upwork releases the payment then"),
        (review_ended, "review", "Review period over", (A.RELEASE, A.NOT_YET, A.MUTE), "should have released the payment by itself"),
        (refund, "refund", "Refund request: answer in time", (A.SNOOZE, A.MUTE), "Approve it or dispute it on Upwork"),
        (ended, "ended", "Logo ended with money left", (A.BONUS, A.VIEW, A.DRAFT), "$50.00 was never funded"),
    ],
)  # fmt: skip
async def test_each_topic_says_what_to_do_and_offers_the_next_step(
    world: World, scenario: Scenario, topic: str, title: str, actions: tuple[ReminderAction, ...], says: str
) -> None:
    reminder = await scenario(world)
    assert reminder.topic.value == topic
    assert actions_for(reminder) == actions
    embed = notice_embed(reminder)
    assert embed.title == title
    assert says in (embed.description or "")
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Contract"] == "Logo · Dana · Upwork"
    if reminder.milestone is not None:
        assert fields["Amount"] == "$50.00"
    assert embed.fields[-1].value == _stamp(reminder)  # the moment it is about, in the reader's zone
    assert "Sent late" not in (embed.description or "")


async def test_a_late_reminder_says_when_it_was_meant_for(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 3 days")
    await world.scheduler.stop()
    world.clock.advance(2 * DAY + timedelta(hours=1))  # down through the 24-hours-before moment
    await world.restart()
    reminder = await _last(world)
    assert reminder.late
    description = notice_embed(reminder).description or ""
    meant = int((START + 2 * DAY).timestamp())
    assert description.startswith(f"⏰ Sent late: this was meant for <t:{meant}:F>")


async def test_a_platform_without_automatic_release_asks_the_client_instead(world: World) -> None:
    await world.contract(platform="direct")
    await world.milestone("Sketches", due="in 10 hours")
    await world.act(E.FUND, "Sketches")
    await world.advance(timedelta(hours=10) + DAY)
    description = notice_embed(await _last(world)).description or ""
    assert "release the payment by itself" not in description
    assert "client knows it is done" in description


async def test_ending_a_contract_with_money_left_sends_one_dm_about_the_contract(world: World) -> None:
    reminder = await ended(world)
    assert reminder.milestone is None and reminder.contract.title == "Logo"
    assert world.inbox.topics() == [[("ended", 0)]]
    await world.advance(30 * DAY)
    assert len(world.inbox.attempts) == 1
