"""Discord's different answers to a reminder DM, end to end: the real bot and scheduler, the local Discord
server's faults, a real SQLite file.

- 50278 (no server shared, an account-only install): the user is told how to receive DMs, at their next
  command and in /reminders list;
- 40003 (opening DMs too fast): the bot waits and tries again; nothing is lost;
- a shared-scope 429 with a long retry_after on some users' DMs holds only those users' reminders.
"""

from __future__ import annotations

from datetime import timedelta

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from cogs.reminders.delivery import DM_OPEN_BACK_OFF
from tests.e2e.scheduling import GUARD, settled

SHARED_RETRY_AFTER = 1336.57  # topics/rate-limits.mdx's example of a shared-scope 429


async def _milestone_due_soon(server: LocalDiscord, user: FakeUser, *, dm: bool = False) -> None:
    """A milestone due in 3 days and not funded: a reminder DM is due at once."""
    await server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "150"}, dm=dm)
    await server.command(
        user,
        "milestone add",
        {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"},
        dm=dm,
    )


async def test_someone_sharing_no_server_is_told_how_to_get_reminders(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    # Installed the app to her account only: she uses it in her DM with the bot, Discord refuses the DMs.
    carol = discord_server.add_user("carol", in_guild=False)
    discord_server.faults.no_mutual_guild(carol)
    await _milestone_due_soon(discord_server, carol, dm=True)
    await settled(milestone_bot)
    assert discord_server.dm_count(carol) == 0

    summary = await discord_server.command(carol, "summary", dm=True)
    (notice,) = await summary.wait_followups(1, timeout=GUARD)
    assert notice.ephemeral and "couldn't deliver 1 reminder" in notice.text
    assert "we share no server" in notice.text and "join a server I am in" in notice.text
    listed = await discord_server.command(carol, "reminders list", dm=True)
    assert "can't reach you by DM: we share no server" in listed.text
    assert "join a server I am in" in listed.text


async def test_closed_dms_keep_their_own_advice(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    discord_server.faults.refuse_dms(alice)
    await _milestone_due_soon(discord_server, alice)
    await settled(milestone_bot)
    summary = await discord_server.command(alice, "summary")
    (notice,) = await summary.wait_followups(1, timeout=GUARD)
    assert "direct messages are closed to me" in notice.text and "Privacy Settings" in notice.text
    listed = await discord_server.command(alice, "reminders list")
    assert "your direct messages are closed to me" in listed.text


async def test_opening_dms_too_fast_delays_the_reminder_and_loses_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    discord_server.faults.dm_open_limit(0, per=3600)  # every new DM channel refused with 40003
    await _milestone_due_soon(discord_server, alice)
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 0
    listed = await discord_server.command(alice, "reminders list")
    assert "can't reach you" not in listed.text  # not a refusal: nothing to tell her

    discord_server.faults.dm_open_limit(None)
    clock.advance(DM_OPEN_BACK_OFF + timedelta(seconds=1))
    (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
    assert "Sketches" in dm.text and "Due soon and not funded" in dm.text
    await discord_server.command(alice, "summary")
    later = await discord_server.command(alice, "summary")  # had a notice been due, it came with the first
    assert "can't reach you" not in (await discord_server.command(alice, "reminders list")).text
    assert later.followups == []


async def test_a_shared_rate_limit_on_some_users_does_not_hold_back_the_others(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock
) -> None:
    held = [discord_server.add_user(f"held{index}") for index in range(9)]  # more than the sends at once
    for person in held:
        channel = discord_server.dm_channel_id(person)
        discord_server.faults.rate_limit(
            f"POST /channels/{channel}/messages", scope="shared", retry_after=SHARED_RETRY_AFTER
        )
    for person in held:
        await _milestone_due_soon(discord_server, person)
    await settled(milestone_bot)
    assert [discord_server.dm_count(person) for person in held] == [0] * len(held)

    bob = discord_server.add_user("bob")
    await _milestone_due_soon(discord_server, bob)
    (dm,) = await discord_server.wait_for_dm(bob, timeout=GUARD)
    assert "Sketches" in dm.text

    # The held reminders went back in line for after the wait Discord asked for, none lost.
    clock.advance(timedelta(seconds=SHARED_RETRY_AFTER + 1))
    for person in held:
        (late,) = await discord_server.wait_for_dm(person, timeout=GUARD)
        assert "Sketches" in late.text
