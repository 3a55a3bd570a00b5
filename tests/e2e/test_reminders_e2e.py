"""Reminder DMs end to end: the real bot and scheduler, the local Discord server, a real SQLite file."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings

SEND_DM = "POST /channels/{id}/messages"


async def _logo_with_sketches(server: LocalDiscord, user: FakeUser, due: str = "tomorrow") -> None:
    await server.command(
        user, "contract add", {"title": "Logo", "client": "Dana", "price": "150", "started": "20 days ago"}
    )
    await server.command(
        user, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": due}
    )


def _dm_attempts(server: LocalDiscord) -> int:
    return sum(1 for request in server.requests if request.kind == SEND_DM)


async def _attempts_reach(server: LocalDiscord, count: int) -> None:
    """Wait until the bot has tried `count` DMs, then a moment more so that any extra one would show."""
    deadline = time.monotonic() + 5
    while _dm_attempts(server) < count:
        assert time.monotonic() < deadline, f"{_dm_attempts(server)} DM attempts, expected {count}"
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)


async def test_an_unfunded_milestone_due_tomorrow_brings_a_dm_within_a_second(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    started = time.monotonic()
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "tomorrow"}
    )
    (dm,) = await discord_server.wait_for_dm(alice, timeout=1)
    assert time.monotonic() - started < 1

    assert "not funded" in dm.text
    for fact in ("Sketches", "Logo", "Dana", "$50.00", "<t:", ":R>", "fund it before you deliver"):
        assert fact in dm.text, fact
    assert [b.label for b in dm.buttons] == ["Mark funded", "Snooze 1 day", "Mute this milestone"]


async def test_work_submitted_twelve_days_ago_on_upwork_brings_the_review_ending_dm(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _logo_with_sketches(discord_server, alice, due="15 days ago")
    target = {"contract": "Logo", "milestone": "Sketches"}
    await discord_server.command(alice, "milestone fund", {**target, "date": "13 days ago"})
    (funding,) = await discord_server.wait_for_dm(alice)  # past due and not submitted
    assert "submit it through Upwork" in funding.text

    await discord_server.command(alice, "milestone submit", {**target, "date": "12 days ago"})
    dms = await discord_server.wait_for_dm(alice, count=2)
    review = dms[-1]
    assert "Review period ending" in review.text
    assert "Upwork should release the payment" in review.text
    assert [b.label for b in review.buttons] == ["Mark released", "Snooze 1 day", "Mute this milestone"]

    listed = await discord_server.command(alice, "reminders list")
    assert "review ends tomorrow" in listed.text and "review over" in listed.text


async def test_mark_funded_in_the_dm_works_after_a_restart_and_cancels_the_funding_reminders(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, alice: FakeUser
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await _logo_with_sketches(discord_server, alice, due="in 2 days")
        (dm,) = await discord_server.wait_for_dm(alice)
        before = await discord_server.command(alice, "reminders list")
        assert "not funded, due tomorrow" in before.text

    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        pressed = await discord_server.press(alice, dm, label="Mark funded")
        assert "marked funded" in pressed.text
        assert [(b.label, b.disabled) for b in pressed.buttons] == [("Marked funded", True)]

        viewed = await discord_server.command(alice, "contract view", {"contract": "Logo"})
        assert "funded" in viewed.text and "unfunded" not in viewed.text
        after = await discord_server.command(alice, "reminders list")
        assert "not funded" not in after.text
        clock.advance(timedelta(days=2))
        await asyncio.sleep(0.2)
        assert discord_server.dm_count(alice) == 1


async def test_snooze_brings_it_back_a_day_later_and_mute_stops_the_rest(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await _logo_with_sketches(
        discord_server, alice, due="in 3 days"
    )  # 72 h before is now; 24 h before in 2 days
    (dm,) = await discord_server.wait_for_dm(alice)
    snoozed = await discord_server.press(alice, dm, label="Snooze 1 day")
    assert "remind you again" in snoozed.text
    assert [(b.label, b.disabled) for b in snoozed.buttons] == [("Snoozed", True)]

    clock.advance(timedelta(days=1, seconds=1))
    dms = await discord_server.wait_for_dm(alice, count=2)
    assert "Sketches" in dms[1].text

    muted = await discord_server.press(alice, dms[1], label="Mute this milestone")
    assert "muted" in muted.text
    assert [b.label for b in muted.buttons] == ["Muted", "Unmute"]
    listed = await discord_server.command(alice, "reminders list")
    assert "Nothing planned" in listed.text
    clock.advance(timedelta(days=2))
    await asyncio.sleep(0.2)
    assert discord_server.dm_count(alice) == 2


async def test_closed_dms_cause_one_attempt_and_a_notice_in_the_next_reply(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    discord_server.faults.refuse_dms(alice)
    await _logo_with_sketches(discord_server, alice)
    await _attempts_reach(discord_server, 1)
    assert _dm_attempts(discord_server) == 1
    clock.advance(timedelta(minutes=30))
    await asyncio.sleep(0.2)
    assert _dm_attempts(discord_server) == 1  # no retries
    assert discord_server.dm_count(alice) == 0

    reply = await discord_server.command(alice, "reminders list")
    (notice,) = await reply.wait_followups(1)
    assert (
        notice.ephemeral and "couldn't deliver 1 reminder" in notice.text and "Direct Messages" in notice.text
    )
    again = await discord_server.command(alice, "reminders list")
    await asyncio.sleep(0.1)
    assert again.followups == []


async def test_a_rate_limited_dm_waits_out_retry_after_and_arrives_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    discord_server.faults.rate_limit("POST /channels/*/messages", retry_after=0.3)
    started = time.monotonic()
    await _logo_with_sketches(discord_server, alice)
    await discord_server.wait_for_dm(alice)
    assert time.monotonic() - started >= 0.3
    await asyncio.sleep(0.2)
    assert discord_server.dm_count(alice) == 1
    assert _dm_attempts(discord_server) == 2


async def test_a_server_error_is_retried_after_a_backoff_and_arrives_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    discord_server.faults.fail("POST /channels/*/messages", status=503, message="Service Unavailable")
    await _logo_with_sketches(discord_server, alice)
    await _attempts_reach(discord_server, 1)
    assert (_dm_attempts(discord_server), discord_server.dm_count(alice)) == (1, 0)

    clock.advance(timedelta(seconds=30))  # the first backoff
    await discord_server.wait_for_dm(alice)
    await asyncio.sleep(0.2)
    assert (_dm_attempts(discord_server), discord_server.dm_count(alice)) == (2, 1)


async def _settled_rows(bot: MilestoneBot) -> list[tuple[str, int | None]]:
    """The reminders that are not waiting any more, once none of them is still being sent."""
    deadline = time.monotonic() + 5
    while True:
        async with (
            bot.db.read() as conn,
            conn.execute(
                "SELECT state, message_id FROM reminders WHERE state != 'pending' ORDER BY id"
            ) as cur,
        ):
            rows = [(row[0], row[1]) for row in await cur.fetchall()]
        if rows and all(state == "sent" for state, _ in rows):
            return rows
        assert time.monotonic() < deadline, rows
        await asyncio.sleep(0.02)


async def test_a_dm_sent_but_not_recorded_is_not_sent_again_after_a_long_outage(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, alice: FakeUser
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)) as bot:
        await _logo_with_sketches(discord_server, alice)
        (dm,) = await discord_server.wait_for_dm(alice)
        assert await _settled_rows(bot) == [("sent", dm.id)]
        # As if the process died after Discord made the DM but before the bot wrote that down ...
        async with bot.db.write() as conn:
            await conn.execute(
                "UPDATE reminders SET state = 'claimed', sent_at = NULL, message_id = NULL WHERE state = 'sent'"
            )
    # ... and stayed down longer than Discord remembers a nonce.
    discord_server.world.nonce_window = 0
    attempts = _dm_attempts(discord_server)
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)) as bot:
        assert await _settled_rows(bot) == [("sent", dm.id)]
    assert discord_server.dms(alice) == [dm]
    assert _dm_attempts(discord_server) == attempts  # found in the DM history, not sent again
