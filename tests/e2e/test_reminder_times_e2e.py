"""`/settings reminders kind:… lead:…` end to end: your own lead times, per kind, re-planned at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord

LOGO = {"contract": "Logo", "milestone": "Sketches"}


async def _logo(server: LocalDiscord, user: FakeUser, due: str | None = None) -> None:
    await server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    options = {"contract": "Logo", "title": "Sketches", "amount": "50"} | ({"due": due} if due else {})
    await server.command(user, "milestone add", options)


async def test_new_lead_times_replan_existing_reminders_at_once_and_a_kind_can_be_turned_off(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await _logo(discord_server, alice, due="in 10 days")
    listed = (await discord_server.command(alice, "reminders list")).text
    assert "not funded, due in 3 days" in listed and "not funded, due in 1 day" in listed

    changed = await discord_server.command(
        alice, "settings reminders", {"enabled": True, "kind": "unfunded", "lead": "5d, 2h"}
    )
    assert changed.ephemeral
    assert "Unfunded milestone due** reminders: 5 days and 2 hours before the moment" in changed.text
    listed = (await discord_server.command(alice, "reminders list")).text
    assert "not funded, due in 5 days" in listed and "not funded, due in 2 hours" in listed
    assert "due in 3 days" not in listed and "due in 1 day" not in listed
    assert "Unfunded milestone due: 5 days and 2 hours before (yours)" in listed
    viewed = (await discord_server.command(alice, "settings view")).text
    assert "Unfunded milestone due: 5 days and 2 hours before (yours)" in viewed
    assert "Review ending: 3 days and 1 day before" in viewed
    assert "Refund answer: 2 days and 12 hours before" in viewed

    off = await discord_server.command(alice, "settings reminders", {"enabled": False, "kind": "unfunded"})
    assert "reminders are off" in off.text
    listed = (await discord_server.command(alice, "reminders list")).text
    assert "not funded, due in" not in listed
    assert "due date reached, not funded" in listed  # the reminder at the due date is another kind
    assert "Unfunded milestone due: off" in (await discord_server.command(alice, "settings view")).text

    # On again: the lead times chosen before come back; `default` returns to the bot's own.
    await discord_server.command(alice, "settings reminders", {"enabled": True, "kind": "unfunded"})
    assert "due in 5 days" in (await discord_server.command(alice, "reminders list")).text
    await discord_server.command(
        alice, "settings reminders", {"enabled": True, "kind": "unfunded", "lead": "default"}
    )
    listed = (await discord_server.command(alice, "reminders list")).text
    assert "due in 3 days" in listed and "due in 5 days" not in listed


async def test_a_review_reminder_goes_out_at_the_users_own_lead(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "settings reminders", {"enabled": True, "kind": "review", "lead": "2h"}
    )
    await _logo(discord_server, alice)
    await discord_server.command(alice, "milestone fund", LOGO)
    submitted = await discord_server.command(alice, "milestone submit", LOGO)
    assert "review ends" in submitted.text
    listed = (await discord_server.command(alice, "reminders list")).text
    assert "review ends in 2 hours" in listed
    assert "review ends in 3 days" not in listed and "review ends in 1 day" not in listed

    clock.advance(timedelta(days=14) - timedelta(hours=2) + timedelta(minutes=1))
    (dm,) = await discord_server.wait_for_dm(alice)
    assert "Review period ending" in dm.text and "Sketches" in dm.text


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"enabled": True, "kind": "review", "lead": "10m"}, "between 15 minutes and 30 days"),
        ({"enabled": True, "kind": "review", "lead": "31d"}, "between 15 minutes and 30 days"),
        ({"enabled": True, "kind": "review", "lead": "6d, 5d, 4d, 3d, 2d, 1d"}, "give at most 5"),
        ({"enabled": True, "kind": "review", "lead": "soonish"}, "not a lead time I can read"),
        ({"enabled": True, "lead": "3d"}, "Say which kind of reminder"),
        ({"enabled": False, "kind": "refund", "lead": "3d"}, "Lead times go with `enabled:True`"),
    ],
)
async def test_bad_lead_times_are_refused_clearly_and_change_nothing(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    options: dict[str, object],
    says: str,
) -> None:
    await _logo(discord_server, alice, due="in 10 days")
    before = (await discord_server.command(alice, "reminders list")).text
    refused = await discord_server.command(alice, "settings reminders", options)
    assert refused.ephemeral and says in refused.text
    assert "Something went wrong" not in refused.text
    assert (await discord_server.command(alice, "reminders list")).text == before
    viewed = (await discord_server.command(alice, "settings view")).text
    assert "(yours)" not in viewed and ": off" not in viewed
