"""Reminder DMs end to end: the real bot and scheduler, the local Discord server, a real SQLite file.

The bot's clock follows real time and the tests move it forward, then wait until the scheduler has
handled everything due (`settled`) before counting what arrived.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord, selects_of
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from tests.e2e.scheduling import GUARD, dm_sends, settled


async def _logo_with_sketches(server: LocalDiscord, user: FakeUser, due: str = "in 3 days") -> None:
    await server.command(
        user, "contract add", {"title": "Logo", "client": "Dana", "price": "150", "started": "20 days ago"}
    )
    await server.command(
        user, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": due}
    )


async def test_an_unfunded_milestone_due_in_three_days_brings_a_dm_at_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"}
    )
    (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)

    assert "Due soon and not funded" in dm.text
    for fact in ("Sketches", "Logo", "Dana", "$50.00", "<t:", ":F>", ":R>", "fund it before you deliver"):
        assert fact in dm.text, fact
    assert [b.label for b in dm.buttons] == ["Mark funded", "Snooze…", "Mute this milestone"]


async def test_work_submitted_twelve_days_ago_on_upwork_brings_the_review_ending_dm(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _logo_with_sketches(discord_server, alice, due="15 days ago")
    (overdue,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
    assert "Past due and still not funded" in overdue.text

    target = {"contract": "Logo", "milestone": "Sketches"}
    await discord_server.command(alice, "milestone fund", {**target, "date": "13 days ago"})
    funding = (await discord_server.wait_for_dm(alice, count=2, timeout=GUARD))[-1]  # past due, not submitted
    assert "submit it through Upwork" in funding.text

    await discord_server.command(alice, "milestone submit", {**target, "date": "12 days ago"})
    review = (await discord_server.wait_for_dm(alice, count=3, timeout=GUARD))[-1]
    assert "Review period ending" in review.text
    assert "Upwork releases the payment then" in review.text
    assert [b.label for b in review.buttons] == ["Mark released", "Snooze…", "Mute this milestone"]

    listed = await discord_server.command(alice, "reminders list")
    assert "review ends in 1 day" in listed.text and "review over" in listed.text
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 3


async def test_mark_funded_in_the_dm_works_after_a_restart_and_cancels_the_funding_reminders(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, alice: FakeUser
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)):
        await _logo_with_sketches(discord_server, alice, due="in 2 days")
        (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
        before = await discord_server.command(alice, "reminders list")
        assert "not funded, due in 1 day" in before.text and "due date reached, not funded" in before.text

    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)) as bot:
        pressed = await discord_server.press(alice, dm, label="Mark funded")
        assert "marked funded" in pressed.text
        assert [(b.label, b.disabled) for b in pressed.buttons] == [("Marked funded", True)]

        viewed = await discord_server.command(alice, "contract view", {"contract": "Logo"})
        assert "🔵 **Sketches**" in viewed.text
        after = await discord_server.command(alice, "reminders list")
        assert "not funded" not in after.text
        clock.advance(timedelta(days=2))  # past the due date: nothing about funding comes
        await settled(bot)
        assert discord_server.dm_count(alice) == 1


async def test_snooze_brings_it_back_when_chosen_and_mute_stops_the_rest(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await _logo_with_sketches(discord_server, alice, due="in 3 days")  # 72 h before is now
    (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
    menu = await discord_server.press(alice, dm, label="Snooze…")
    (select,) = selects_of(menu.components)
    assert select.options == ["In 1 hour", "In 3 hours", "Tomorrow morning", "Another time…"]
    snoozed = await discord_server.choose(alice, dm, "In 1 hour")
    assert "remind you again" in snoozed.text
    assert [(b.label, b.disabled) for b in snoozed.buttons] == [("Snoozed", True)]

    clock.advance(timedelta(hours=1, seconds=1))
    dms = await discord_server.wait_for_dm(alice, count=2, timeout=GUARD)
    assert "Sketches" in dms[1].text

    muted = await discord_server.press(alice, dms[1], label="Mute this milestone")
    assert "muted" in muted.text
    assert [b.label for b in muted.buttons] == ["Muted", "Unmute"]
    listed = await discord_server.command(alice, "reminders list")
    assert "Nothing planned" in listed.text
    clock.advance(timedelta(days=4))  # past the due date
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 2


async def test_closed_dms_cause_one_attempt_and_a_notice_in_the_next_reply(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    discord_server.faults.refuse_dms(alice)
    await _logo_with_sketches(discord_server, alice)
    await settled(milestone_bot)
    assert len(dm_sends(discord_server)) == 1
    clock.advance(timedelta(minutes=30))
    await settled(milestone_bot)
    assert len(dm_sends(discord_server)) == 1  # no retries
    assert discord_server.dm_count(alice) == 0

    reply = await discord_server.command(alice, "reminders list")
    (notice,) = await reply.wait_followups(1, timeout=GUARD)
    assert notice.ephemeral and "couldn't deliver 1 reminder" in notice.text
    assert "Direct Messages" in notice.text
    again = await discord_server.command(alice, "reminders list")
    await discord_server.command(alice, "settings view")  # a later reply: had a notice been due, it came
    assert again.followups == []


async def test_a_rate_limited_dm_waits_out_retry_after_and_arrives_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    discord_server.faults.rate_limit("POST /channels/*/messages", retry_after=0.3)
    await _logo_with_sketches(discord_server, alice)
    await discord_server.wait_for_dm(alice, timeout=GUARD)
    await settled(milestone_bot)
    first, second = dm_sends(discord_server)
    assert second - first >= 0.3  # measured by the server: no sooner than it asked
    assert discord_server.dm_count(alice) == 1


async def test_a_server_error_is_retried_after_a_backoff_and_arrives_once(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    discord_server.faults.fail("POST /channels/*/messages", status=503, message="Service Unavailable")
    await _logo_with_sketches(discord_server, alice)
    await settled(milestone_bot)
    assert (len(dm_sends(discord_server)), discord_server.dm_count(alice)) == (1, 0)

    clock.advance(timedelta(seconds=30))  # the first backoff
    await discord_server.wait_for_dm(alice, timeout=GUARD)
    await settled(milestone_bot)
    assert (len(dm_sends(discord_server)), discord_server.dm_count(alice)) == (2, 1)


async def _settled_rows(bot: MilestoneBot) -> list[tuple[str, int | None]]:
    """The reminders that are not waiting any more, once none of them is still being sent."""
    await settled(bot)
    async with bot.db.read() as conn:
        rows = await conn.fetch_all(
            "SELECT state, message_id FROM reminders WHERE state != 'pending' ORDER BY id"
        )
    return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize(
    "channel_kept", [True, False], ids=["channel id kept", "channel id lost with the crash"]
)
async def test_a_dm_sent_but_not_recorded_is_not_sent_again_after_a_long_outage(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock, alice: FakeUser, channel_kept: bool
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)) as bot:
        await _logo_with_sketches(discord_server, alice)
        (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
        assert await _settled_rows(bot) == [("sent", dm.id)]
        # As if the process died after Discord made the DM but before the bot wrote that down ...
        async with bot.db.write() as conn:
            await conn.execute(
                "UPDATE reminders SET state = 'claimed', sent_at = NULL, message_id = NULL WHERE state = 'sent'"
            )
            if not channel_kept:  # the DM channel's id is written in the same transaction, so it is lost too
                await conn.execute("UPDATE users SET dm_channel_id = NULL")
    # ... and stayed down longer than Discord remembers a nonce.
    discord_server.world.nonce_window = 0
    attempts = len(dm_sends(discord_server))
    async with running_bot(discord_server, MilestoneBot(settings, clock=clock)) as bot:
        assert await _settled_rows(bot) == [("sent", dm.id)]
    assert discord_server.dms(alice) == [dm]
    assert len(dm_sends(discord_server)) == attempts  # found in the DM history, not sent again
