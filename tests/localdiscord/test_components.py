"""Buttons and modals: component interactions, message updates and modal submits."""

from __future__ import annotations

import pytest

from bot.localdiscord import LocalDiscord, running_bot
from tests.localdiscord.sample_bot import SampleBot


async def test_pressing_a_button_runs_the_callback_and_updates_the_message(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    asked = await server.command(alice, "contract delete")
    assert asked.buttons == [("Confirm", "confirm", False), ("Later", "later", False)]
    pressed = await server.press(alice, asked, label="Confirm")
    assert pressed.type == 7
    assert bot.views[0].pressed_by == [alice.id]
    assert asked.content == "Confirmed."  # the same message, updated in place
    assert pressed.message is asked.message
    assert asked.buttons[0] == ("Confirm", "confirm", True)
    with pytest.raises(AssertionError, match="disabled"):
        await server.press(alice, asked, custom_id="confirm")


async def test_deferred_update_waits_for_the_edit(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    asked = await server.command(alice, "contract delete")
    pressed = await server.press(alice, asked, custom_id="later")
    assert pressed.type == 6
    assert asked.content == "Snoozed for a day."
    assert asked.buttons == []


async def test_buttons_on_a_dm_work_and_only_for_their_recipient(
    server: LocalDiscord, bot: SampleBot
) -> None:
    alice = server.add_user("alice")
    bob = server.add_user("bob")
    await server.command(alice, "remind", {"text": "Review ends tomorrow"})
    [dm] = await server.wait_for_dm(alice)
    with pytest.raises(AssertionError, match="someone else"):
        await server.press(bob, dm, label="Confirm")
    await server.press(alice, dm, label="Confirm")
    assert dm.content == "Confirmed."


async def test_a_missing_button_lists_the_ones_there(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    asked = await server.command(alice, "contract delete")
    with pytest.raises(AssertionError, match=r"no button with label=.Delete.*Confirm"):
        await server.press(alice, asked, label="Delete")


async def test_only_the_invoking_user_sees_an_ephemeral_answer(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    bob = server.add_user("bob")
    asked = await server.command(alice, "contract delete")
    with pytest.raises(AssertionError, match="ephemeral"):
        await server.press(bob, asked, label="Confirm")


async def test_modal_submit_reaches_the_bot(server: LocalDiscord, bot: SampleBot) -> None:
    alice = server.add_user("alice")
    opened = await server.command(alice, "contract note")
    assert opened.type == 9
    assert opened.modal is not None and opened.modal["title"] == "Add a note"
    saved = await server.submit_modal(alice, opened, {"Note": "client asked for a bonus"})
    assert saved.content == "Saved note: client asked for a bonus"
    with pytest.raises(AssertionError, match="accepts"):
        await server.submit_modal(alice, opened, {"note": "x" * 51})
    with pytest.raises(AssertionError, match="no field"):
        await server.submit_modal(alice, opened, {"comment": "x"})


async def test_a_persistent_button_still_works_after_a_restart(server: LocalDiscord) -> None:
    alice = server.add_user("alice")
    async with running_bot(server, SampleBot()):
        await server.command(alice, "nudge")
    [dm] = await server.wait_for_dm(alice)
    restarted = SampleBot()
    async with running_bot(server, restarted):
        await server.press(alice, dm, label="Snooze 1 day")
    assert restarted.snoozed == [alice.id]
    assert dm.content == "Snoozed until tomorrow." and dm.buttons == []
