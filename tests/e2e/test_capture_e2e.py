"""Track as milestone, end to end: the message menu is synced (type 3, servers and DMs, both installs); the
form opens prefilled from the message; the contract is picked in a select menu; nothing is saved before
Add milestone; bad values, a missing contract and someone else's press change nothing."""

from __future__ import annotations

from typing import Any

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.results import InteractionResult

MENU = "Track as milestone"
MESSAGE = "Hi! Next up: Case law summary. Budget $50, due by 2030-01-15 please."


def _fields(modal: dict[str, Any]) -> dict[str, str]:
    """The form's text inputs as label -> prefilled value."""
    found = {}
    for top in modal["components"]:
        for item in top.get("components") or [top.get("component") or {}]:
            if item.get("type") == 4:
                found[item["label"]] = item.get("value") or ""
    return found


def _notes(modal: dict[str, Any]) -> str:
    return "\n".join(top["content"] for top in modal["components"] if top.get("type") == 10)


async def _two_contracts(server: LocalDiscord, user: FakeUser) -> None:
    await server.command(user, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"})
    await server.command(user, "contract add", {"title": "Logo", "client": "Eve", "price": "300"})


async def _milestones(server: LocalDiscord, user: FakeUser, contract: str = "Legal research") -> str:
    viewed = await server.command(user, "contract view", {"contract": contract})
    return viewed.text


async def test_the_menu_is_synced_as_a_message_command_for_servers_dms_and_both_installs(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    (menu,) = [c for c in discord_server.commands if c["name"] == MENU]
    assert menu["type"] == 3
    assert sorted(menu["contexts"]) == [0, 1, 2]  # servers, DMs with the bot, other DMs
    assert sorted(menu["integration_types"]) == [0, 1]  # installed to a server or to a user


async def test_the_form_round_trip_and_the_contract_menu_add_the_milestone_only_on_confirm(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    dana = discord_server.add_user("Dana")
    await _two_contracts(discord_server, alice)
    message = discord_server.post(dana, MESSAGE)

    opened = await discord_server.message_command(alice, MENU, message)
    assert opened.modal is not None and opened.modal["title"] == "Track as milestone"
    assert _fields(opened.modal) == {
        "Milestone title": "Case law summary",
        "Amount": "$50.00",
        "Due date (optional)": "2030-01-15 23:59",
    }
    assert _notes(opened.modal) == ""

    prompt = await discord_server.submit_modal(alice, opened, {"Milestone title": "Case law summary (v2)"})
    assert prompt.ephemeral and "Add Case law summary (v2)?" in prompt.text
    assert "Amount **$50.00**" in prompt.text and "<t:1894751940:F>" in prompt.text
    assert [(b.label, b.disabled) for b in prompt.buttons] == [("Add milestone", True), ("Cancel", False)]
    assert "Case law summary" not in await _milestones(discord_server, alice)

    picked = await discord_server.choose(alice, prompt, "Legal research")
    assert [(b.label, b.disabled) for b in picked.buttons] == [("Add milestone", False), ("Cancel", False)]
    assert "Case law summary" not in await _milestones(discord_server, alice)  # nothing saved yet

    added = await discord_server.press(alice, prompt, label="Add milestone")
    assert "Added: Case law summary (v2)" in added.text and added.buttons == []
    shown = await _milestones(discord_server, alice)
    assert "**Case law summary (v2)** · $50.00 · unfunded" in shown
    assert "Case law summary" not in await _milestones(discord_server, alice, "Logo")


async def test_cancel_saves_nothing_and_one_contract_is_chosen_already(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(
        alice, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"}
    )
    message = discord_server.post(alice, MESSAGE, dm=True)  # a note to self in the DM with the bot
    opened = await discord_server.message_command(alice, MENU, message, dm=True)
    prompt = await discord_server.submit_modal(alice, opened, {})
    assert [(b.label, b.disabled) for b in prompt.buttons] == [("Add milestone", False), ("Cancel", False)]
    cancelled = await discord_server.press(alice, prompt, label="Cancel")
    assert "Nothing was changed" in cancelled.text
    assert "Case law summary" not in await _milestones(discord_server, alice)

    again = await discord_server.submit_modal(
        alice, await discord_server.message_command(alice, MENU, message, dm=True), {}
    )
    await discord_server.press(alice, again, label="Add milestone")
    assert "**Case law summary** · $50.00 · unfunded" in await _milestones(discord_server, alice)


async def test_what_the_message_leaves_unclear_is_left_empty_with_a_note(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Eve", "price": "300"})
    message = discord_server.post(alice, "Logo sketches: $100 now or $150 with two rounds of changes?")
    opened = await discord_server.message_command(alice, MENU, message)
    assert opened.modal is not None
    fields = _fields(opened.modal)
    assert fields["Amount"] == "" and fields["Due date (optional)"] == ""
    assert "several amounts ($100.00, $150.00)" in _notes(opened.modal)

    prompt = await discord_server.submit_modal(alice, opened, {"Amount": "120"})
    assert "several amounts" in prompt.text  # the note stays in sight on the prompt
    added = await discord_server.press(alice, prompt, label="Add milestone")
    assert "$120.00" in added.text


async def test_bad_values_no_contract_and_someone_elses_press_change_nothing(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, bob: FakeUser
) -> None:
    message = discord_server.post(bob, MESSAGE)
    none = await discord_server.message_command(alice, MENU, message)
    assert none.modal is None and none.ephemeral and "no active contract" in none.text

    await discord_server.command(
        alice, "contract add", {"title": "Legal research", "client": "Dana", "price": "150"}
    )
    refused = await discord_server.submit_modal(
        alice, await discord_server.message_command(alice, MENU, message), {"Due date (optional)": "someday"}
    )
    assert refused.ephemeral and "Something went wrong" not in refused.text and refused.buttons == []
    refused = await discord_server.submit_modal(
        alice, await discord_server.message_command(alice, MENU, message), {"Amount": "fifty"}
    )
    assert refused.ephemeral and refused.buttons == []

    prompt: InteractionResult = await discord_server.submit_modal(
        alice, await discord_server.message_command(alice, MENU, message), {}
    )
    forged = await discord_server.press(bob, prompt, label="Add milestone", forged=True)
    assert "This prompt isn't yours." in forged.text
    assert "Case law summary" not in await _milestones(discord_server, alice)
    # Her prompt still works for her.
    await discord_server.press(alice, prompt, label="Add milestone")
    assert "**Case law summary** · $50.00 · unfunded" in await _milestones(discord_server, alice)
