"""/settings end to end: zone autocomplete, dates read in the user's zone, quiet hours, reminders off and on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import FakeUser, LocalDiscord
from tests.e2e.scheduling import GUARD, settled


async def test_timezone_autocompletes_iana_names_and_is_used_to_read_dates(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    choices = await discord_server.autocomplete(alice, "settings timezone", {"zone": "berl"}, "zone")
    assert "Europe/Berlin" in [c["value"] for c in choices]

    reply = await discord_server.command(alice, "settings timezone", {"zone": "europe/berlin"})
    assert reply.ephemeral and "Europe/Berlin" in reply.text

    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    added = await discord_server.command(
        alice,
        "milestone add",
        {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "2030-01-15 09:00"},
    )
    berlin_nine = int(datetime(2030, 1, 15, 8, 0, tzinfo=UTC).timestamp())  # CET is UTC+1 in January
    assert f"<t:{berlin_nine}:" in added.text

    viewed = await discord_server.command(alice, "settings view")
    assert "Europe/Berlin" in viewed.text


@pytest.mark.parametrize(
    ("command", "options", "expected"),
    [
        ("settings timezone", {"zone": "Mars/Olympus"}, "not a time zone I know"),
        ("settings currency", {"code": "DOGE"}, "not a currency code I know"),
        ("settings quiet-hours", {"start": "25:00", "end": "7:00"}, "not a time of day"),
        ("settings quiet-hours", {"start": "7:00", "end": "7am"}, "different times"),
    ],
)
async def test_bad_settings_are_refused_with_an_example_and_nothing_changes(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    command: str,
    options: dict[str, str],
    expected: str,
) -> None:
    reply = await discord_server.command(alice, command, options)
    assert reply.ephemeral and expected in reply.text
    viewed = await discord_server.command(alice, "settings view")
    for default in ("UTC", "USD", "none"):
        assert default in viewed.text


async def test_currency_and_quiet_hours_are_saved(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "settings currency", {"code": "eur"})
    quiet = await discord_server.command(alice, "settings quiet-hours", {"start": "10pm", "end": "7:30"})
    assert "22:00 to 07:30" in quiet.text
    viewed = await discord_server.command(alice, "settings view")
    assert "EUR" in viewed.text and "22:00 to 07:30" in viewed.text

    off = await discord_server.command(alice, "settings quiet-hours", {"start": "off", "end": "off"})
    assert "off" in off.text
    assert "none" in (await discord_server.command(alice, "settings view")).text


async def test_quiet_hours_hold_a_dm_until_morning(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    now = clock.now()
    start = (now - timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=2)).strftime("%H:%M")
    await discord_server.command(alice, "settings quiet-hours", {"start": start, "end": end})
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice,
        "milestone add",
        {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 10 hours"},
    )
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 0

    clock.advance(timedelta(hours=2))
    (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
    assert "Sketches" in dm.text and "late" not in dm.text


async def test_reminders_off_cancels_them_and_on_plans_them_again(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, clock: ManualClock, alice: FakeUser
) -> None:
    off = await discord_server.command(alice, "settings reminders", {"enabled": False})
    assert "off" in off.text
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 5 days"}
    )
    listed = await discord_server.command(alice, "reminders list")
    assert "Nothing planned" in listed.text and "Reminders are **off**" in listed.text
    clock.advance(timedelta(days=3))
    await settled(milestone_bot)
    assert discord_server.dm_count(alice) == 0

    on = await discord_server.command(alice, "settings reminders", {"enabled": True})
    assert "Reminders are on." in on.text  # and how many are planned: the one going out now may count
    # The 72 h reminder's moment passed while they were off, for a due date still ahead: it goes out now,
    # and the 24 h one and the one on the due date itself wait.
    (dm,) = await discord_server.wait_for_dm(alice, timeout=GUARD)
    assert "Due soon and not funded" in dm.text
    await settled(milestone_bot)
    listed = await discord_server.command(alice, "reminders list")
    assert "not funded, due in 1 day" in listed.text and "due date reached" in listed.text
