"""The scheduler with a clock the test moves: on time, in order, woken early, durable, polite on failures."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.domain.lifecycle import EventKind
from bot.domain.users import DmRefusal
from bot.services.delivery import RetryLater, Undeliverable
from storage.reminders import ReminderState
from tests.reminders.conftest import ALICE, BOB, SETTLE_GUARD, START, World

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


async def _until(condition: Callable[[], bool], what: str) -> None:
    """Let the scheduler run until `condition()` holds (a guard against hanging, not a time limit)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_GUARD
    while not condition():
        assert loop.time() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.001)


async def test_reminders_go_out_at_their_moment_in_order(world: World) -> None:
    await world.contract()
    await world.milestone("Later", due="in 5 days")  # 72 h reminder at +2 days
    await world.milestone("Sooner", due="in 4 days")  # 72 h reminder at +1 day
    assert world.inbox.attempts == []

    await world.advance(DAY - timedelta(seconds=1))
    assert world.inbox.attempts == []
    await world.advance(timedelta(seconds=1))
    await world.advance(DAY)

    sent = [(a.at - START, a.titles) for a in world.inbox.attempts]
    assert sent == [(DAY, ["Sooner"]), (2 * DAY, ["Later"])]
    assert world.inbox.topics() == [[("unfunded", 72)], [("unfunded", 72)]]
    assert not any(r.late for a in world.inbox.attempts for r in a.batch.reminders)


async def test_a_sooner_reminder_planned_while_sleeping_goes_out_without_waiting(world: World) -> None:
    await world.contract()
    await world.milestone("Far", due="in 30 days")
    # Due in 10 hours: its 24 h reminder is due now. The clock does not move: only the wake-up can send it.
    await world.milestone("Near", due="in 10 hours")
    assert world.inbox.topics() == [[("unfunded", 24)]]
    assert world.inbox.attempts[0].at == START


async def test_a_reminder_years_ahead_still_goes_out_on_the_second(world: World) -> None:
    await world.contract()
    await world.milestone("Final", due="2029-11-02 09:00")
    moment = datetime(2029, 10, 30, 9, 0, tzinfo=UTC)  # 72 h before
    await world.advance_to(moment - timedelta(seconds=1))
    assert world.inbox.attempts == []
    await world.advance(timedelta(seconds=1))
    assert [a.at for a in world.inbox.attempts] == [moment]


async def test_funding_cancels_the_waiting_funding_reminders(world: World) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 5 days")
    await world.act(EventKind.FUND, "Sketches")
    await world.advance(6 * DAY)
    # Funded and past due, not submitted: only the reminder to submit, a day after the due date.
    assert world.inbox.topics() == [[("submit", -24)]]
    funding = {r.lead_seconds: r.state for r in await world.rows() if r.topic in ("unfunded", "overdue")}
    assert funding == {
        72 * 3600: ReminderState.CANCELLED,
        24 * 3600: ReminderState.CANCELLED,
        0: ReminderState.CANCELLED,
    }


async def test_reminders_due_at_the_same_moment_go_out_as_one_dm_per_person(world: World) -> None:
    await world.contract()
    await world.milestone("One", due="in 4 days")
    await world.milestone("Two", due="in 4 days")
    await world.contract("Site", owner=BOB)
    await world.milestone("Other", due="in 4 days", owner=BOB, contract="Site")

    await world.advance(DAY)

    batches = sorted((a.batch.owner_id, sorted(map(str, a.titles))) for a in world.inbox.attempts)
    # Bob's reminder is due at the same moment as Alice's, but a DM is one person's.
    assert batches == [(ALICE, ["One", "Two"]), (BOB, ["Other"])]
    assert {a.at for a in world.inbox.attempts} == {START + DAY}


async def test_a_dm_holds_at_most_five_reminders(world: World) -> None:
    await world.contract()
    for number in range(7):
        await world.milestone(f"Part {number}", due="in 10 hours")
    # Each was due the moment it was added, one by one: seven DMs. Ask again with all seven at once:
    assert len(world.inbox.attempts) == 7

    await world.contract("Site")
    await world.scheduler.stop()
    for number in range(7):
        await world.milestone(f"Page {number}", due="in 10 hours", contract="Site")
    await world.restart()
    assert [len(a.batch.reminders) for a in world.inbox.attempts[7:]] == [5, 2]


async def test_quiet_hours_hold_a_reminder_until_they_end(world: World) -> None:
    await world.set_user(timezone="Europe/Berlin", quiet_start=22 * 60, quiet_end=7 * 60)
    await world.contract()
    # Due at 23:30 Berlin time: 72 h before is 23:30 too, inside quiet hours.
    await world.milestone("Night", due="2026-11-08 23:30")
    await world.advance_to(datetime(2026, 11, 5, 22, 30, tzinfo=UTC))
    assert world.inbox.attempts == []
    await world.advance_to(datetime(2026, 11, 6, 6, 0, tzinfo=UTC) - timedelta(seconds=1))
    assert world.inbox.attempts == []
    await world.advance(timedelta(seconds=1))  # 07:00 in Berlin
    assert [a.at for a in world.inbox.attempts] == [datetime(2026, 11, 6, 6, 0, tzinfo=UTC)]
    assert not world.inbox.attempts[0].batch.reminders[0].late


async def test_turning_quiet_hours_off_releases_a_held_reminder_at_once(world: World) -> None:
    await world.settings.set_timezone(ALICE, "Europe/Berlin")
    await world.settings.set_quiet_hours(ALICE, "22:00", "7:00")
    await world.contract()
    await world.milestone("Night", due="2026-11-08 23:30")
    await world.advance_to(datetime(2026, 11, 5, 23, 0, tzinfo=UTC))  # held since 22:30 UTC
    assert world.inbox.attempts == []

    await world.settings.set_quiet_hours(ALICE, "off", "off")
    await world.settle()
    assert [a.at for a in world.inbox.attempts] == [datetime(2026, 11, 5, 23, 0, tzinfo=UTC)]


async def test_a_reminder_planned_across_daylight_saving_fires_at_the_right_instant(world: World) -> None:
    await world.advance_to(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    await world.set_user(timezone="Europe/Berlin")
    await world.contract()
    await world.milestone("Spring", due="2026-03-30 09:00")  # Berlin, after clocks went forward
    due = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    await world.advance_to(due - timedelta(hours=72) - timedelta(seconds=1))
    assert world.inbox.attempts == []
    await world.advance(timedelta(seconds=1))
    assert [a.at for a in world.inbox.attempts] == [due - timedelta(hours=72)]


async def test_after_downtime_overdue_reminders_go_out_late_and_outdated_ones_are_dropped(
    world: World,
) -> None:
    await world.contract()
    await world.milestone("Sketches", due="in 4 days")  # reminders at +1 day, +3 days and +4 days
    await world.scheduler.stop()
    world.clock.advance(3 * DAY + HOUR)  # down through the first two moments
    await world.restart()

    # The 72 h reminder is outdated by the 24 h one: one DM, which says it is late.
    assert world.inbox.topics() == [[("unfunded", 24)]]
    assert world.inbox.attempts[0].batch.reminders[0].late
    states = {(r.topic, r.lead_seconds): r.state for r in await world.rows()}
    assert states == {
        ("unfunded", 72 * 3600): ReminderState.CANCELLED,
        ("unfunded", 24 * 3600): ReminderState.SENT,
        ("overdue", 0): ReminderState.PENDING,  # the due date itself is still ahead
    }


async def test_a_crash_while_sending_is_retried_at_start_under_the_same_nonce(world: World) -> None:
    contract = await world.contract()
    world.inbox.hold = asyncio.Event()  # the send reaches Discord, then the process dies
    await world.milestones.add(ALICE, contract, title="Sketches", amount="50", due="in 10 hours")
    await _until(lambda: len(world.inbox.attempts) == 1, "the DM was on its way")
    task = world.scheduler._task
    assert task is not None
    in_flight = list(world.scheduler._in_flight)
    task.cancel()  # SIGKILL: nothing more is recorded
    for send in in_flight:
        send.cancel()
    await asyncio.gather(task, *in_flight, return_exceptions=True)
    claimed = [r for r in await world.rows() if r.state is not ReminderState.PENDING]
    assert [r.state for r in claimed] == [ReminderState.CLAIMED]

    world.inbox.hold = None
    world.scheduler = world.new_scheduler()
    world.scheduler.start()
    await world.settle()

    first, second = world.inbox.attempts
    assert first.batch.nonce == second.batch.nonce
    assert second.batch.repeat
    assert len(world.inbox.shown) == 1  # the user sees one message
    assert {r.state for r in await world.rows() if r.id == claimed[0].id} == {ReminderState.SENT}


async def test_rate_limits_are_retried_no_sooner_than_retry_after(world: World) -> None:
    world.inbox.answers = [RetryLater("429", after=timedelta(seconds=40))]
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    await world.advance(timedelta(seconds=39))
    assert len(world.inbox.attempts) == 1
    await world.advance(timedelta(seconds=1))
    assert [a.at - START for a in world.inbox.attempts] == [timedelta(0), timedelta(seconds=40)]
    assert world.inbox.attempts[0].batch.nonce == world.inbox.attempts[1].batch.nonce
    assert len(world.inbox.shown) == 1


async def test_server_errors_back_off_doubling(world: World) -> None:
    world.inbox.answers = [RetryLater("503"), RetryLater("503"), RetryLater("503")]
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    for seconds in (29, 1, 59, 1, 119, 1):
        await world.advance(timedelta(seconds=seconds))
    moments = [a.at - START for a in world.inbox.attempts]
    assert moments == [timedelta(seconds=s) for s in (0, 30, 90, 210)]
    sent = [r for r in await world.rows() if r.state is not ReminderState.PENDING]
    assert [(r.topic, r.state) for r in sent] == [("unfunded", ReminderState.SENT)]


async def test_closed_dms_mark_the_reminder_undeliverable_once_and_the_user_is_told(world: World) -> None:
    world.inbox.answers = [Undeliverable("403 50007", refusal=DmRefusal.CLOSED)]
    await world.contract()
    await world.milestone("Sketches", due="in 10 hours")
    (refused,) = world.inbox.attempts
    await world.advance(9 * HOUR)  # long past any retry, before the due date's own reminder
    assert world.inbox.attempts == [refused]  # no retries
    (row,) = [r for r in await world.rows() if r.id in refused.batch.ids]
    assert row.state is ReminderState.UNDELIVERABLE

    assert await world.services.undelivered.take(ALICE) == (1, DmRefusal.CLOSED)
    assert (await world.services.undelivered.take(ALICE)).reminders == 0  # told once


async def test_changing_a_due_date_moves_its_reminders(world: World) -> None:
    await world.contract()
    milestone = await world.milestone("Sketches", due="in 10 days")
    await world.milestones.edit(ALICE, world.contract_ids[(ALICE, "Logo")], milestone, due="in 4 days")
    await world.advance(DAY)
    assert world.inbox.topics() == [[("unfunded", 72)]]
    assert world.inbox.attempts[0].batch.reminders[0].event_at == START + 4 * DAY
