"""The bot connects to the local Discord-compatible server, syncs its commands once, and answers /help."""

from __future__ import annotations

import gc

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.settings import Settings
from tests.test_command_tree import EXPECTED


async def test_connects_and_syncs_every_command(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot
) -> None:
    synced = {c["name"] for c in discord_server.commands}
    assert {name.split()[0] for name in EXPECTED} <= synced
    assert discord_server.sync_count == 1


async def test_a_restart_with_the_same_commands_does_not_sync_again(
    discord_server: LocalDiscord, settings: Settings
) -> None:
    for _ in range(2):
        async with running_bot(discord_server, MilestoneBot(settings)):
            pass
    assert discord_server.sync_count == 1


async def test_help_answers_in_a_server_privately(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    result = await discord_server.command(alice, "help")
    assert result.ephemeral
    assert "/contract add" in result.text and "/faq" in result.text


async def test_help_answers_in_a_dm(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    result = await discord_server.command(alice, "help", dm=True)
    assert "/milestone add" in result.text


async def test_privacy_export_sends_a_file_and_delete_asks_first(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    exported = await discord_server.command(alice, "privacy export")
    assert exported.ephemeral
    assert exported.message is not None
    assert [a["filename"] for a in exported.message.attachments] == ["milestone-bot-data.json"]

    prompt = await discord_server.command(alice, "privacy delete")
    assert "can't be undone" in prompt.text
    done = await discord_server.press(alice, prompt, label="Delete everything")
    assert "Done: 1 contract and everything else" in done.text  # one, not "1 contracts"
    listed = await discord_server.command(alice, "contract list", {"status": "all"})
    assert "None yet" in listed.text


async def test_start_up_objects_leave_the_collector_once_set_up_and_return_at_close(
    discord_server: LocalDiscord, settings: Settings
) -> None:
    # Full collections that walk the start-up heap were most of /summary's slow tail (bench/RESULTS.md).
    async with running_bot(discord_server, MilestoneBot(settings)):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
