"""Reminder DMs through Discord's bad moments: a gateway drop, server errors and rate limits during a burst.

Twenty freelancers each have a milestone whose three-days-before reminder falls due at the same moment;
the clock jumps there and Discord misbehaves. Every one of them ends up with exactly one DM, and the bot
sends a bounded number of extra requests.
"""

from __future__ import annotations

from datetime import timedelta

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from tests.e2e.scheduling import GUARD, settled

SEND = "POST /channels/*/messages"
SEND_KIND = "POST /channels/{id}/messages"
PEOPLE = 20
FAULTS = 5
# Due in ten days: the 72-hours-before reminder falls due seven days from now.
BURST = timedelta(days=7, seconds=1)


async def _freelancers(server: LocalDiscord, bot: MilestoneBot) -> list[FakeUser]:
    people = [server.add_user(f"freelancer{index}") for index in range(PEOPLE)]
    for person in people:
        await server.command(person, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
        await server.command(
            person,
            "milestone add",
            {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 10 days"},
        )
    await settled(bot)
    assert all(server.dm_count(person) == 0 for person in people)
    return people


def _sends(server: LocalDiscord) -> int:
    return sum(1 for request in server.requests if request.kind == SEND_KIND)


async def _each_gets_one_dm(
    server: LocalDiscord, bot: MilestoneBot, people: list[FakeUser], clock: ManualClock
) -> None:
    for person in people:
        (dm,) = await server.wait_for_dm(person, timeout=GUARD)
        assert "Sketches" in dm.text
    clock.advance(timedelta(minutes=10))  # any retry still planned would be due by now
    await settled(bot)
    assert [server.dm_count(person) for person in people] == [1] * PEOPLE


async def _all_sent(bot: MilestoneBot) -> list[str]:
    async with bot.db.read() as conn:
        rows = await conn.fetch_all(
            "SELECT DISTINCT state FROM reminders WHERE due_at <= ?", (int(bot.clock.now().timestamp()),)
        )
    return [row[0] for row in rows]


async def test_a_gateway_drop_during_a_burst_delivers_each_reminder_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock
) -> None:
    people = await _freelancers(discord_server, milestone_bot)
    clock.advance(BURST)
    await discord_server.drop_gateway()
    await _each_gets_one_dm(discord_server, milestone_bot, people, clock)
    assert _sends(discord_server) == PEOPLE
    assert await _all_sent(milestone_bot) == ["sent"]
    # And the bot is back: commands are answered after the reconnect.
    listed = await discord_server.command(people[0], "contract list", timeout=GUARD)
    assert "Logo" in listed.text


async def test_server_errors_during_a_burst_are_retried_and_nothing_is_lost(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock
) -> None:
    people = await _freelancers(discord_server, milestone_bot)
    discord_server.faults.fail(SEND, status=503, times=FAULTS, message="Service Unavailable")
    clock.advance(BURST)
    await settled(milestone_bot)  # the burst went out; the refused DMs wait for their back-off
    assert sum(discord_server.dm_count(person) for person in people) == PEOPLE - FAULTS
    clock.advance(timedelta(minutes=1))  # past the scheduler's first back-off
    await _each_gets_one_dm(discord_server, milestone_bot, people, clock)
    assert PEOPLE + FAULTS <= _sends(discord_server) <= PEOPLE + 2 * FAULTS
    assert await _all_sent(milestone_bot) == ["sent"]


async def test_rate_limits_during_a_burst_are_waited_out_and_nothing_is_lost(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock
) -> None:
    people = await _freelancers(discord_server, milestone_bot)
    discord_server.faults.rate_limit(SEND, retry_after=0.2, times=FAULTS)
    clock.advance(BURST)
    await settled(milestone_bot)
    clock.advance(timedelta(minutes=1))  # in case a 429 reached the scheduler, past its retry time
    await _each_gets_one_dm(discord_server, milestone_bot, people, clock)
    assert PEOPLE + FAULTS <= _sends(discord_server) <= PEOPLE + 2 * FAULTS
    assert await _all_sent(milestone_bot) == ["sent"]
