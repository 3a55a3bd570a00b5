"""Confirm prompts left unanswered say that they stopped working, and nothing changes."""

from __future__ import annotations

import pytest

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.localdiscord.results import InteractionResult
from bot.settings import Settings
from cogs.common import confirm


async def _add_logo(server: LocalDiscord, user: FakeUser) -> None:
    await server.command(user, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})


async def _until_it_says(
    server: LocalDiscord, prompt: InteractionResult, words: str, within: float = 3
) -> None:
    await server.world.changes.wait_until(
        lambda: True if words in prompt.text else None, within=within, failure=lambda: prompt.text
    )


@pytest.fixture
async def delete_prompt(
    discord_server: LocalDiscord,
    milestone_bot: MilestoneBot,
    alice: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
) -> InteractionResult:
    """Alice's prompt to delete her contract, with prompts that expire after 0.2 s instead of 5 minutes."""
    monkeypatch.setattr(confirm, "PROMPT_TIMEOUT", 0.2)
    await _add_logo(discord_server, alice)
    prompt = await discord_server.command(alice, "contract delete", {"contract": "Logo"})
    assert [b.label for b in prompt.buttons] == ["Delete", "Cancel"]
    return prompt


async def test_an_unanswered_prompt_expires_and_changes_nothing(
    discord_server: LocalDiscord, alice: FakeUser, delete_prompt: InteractionResult
) -> None:
    prompt = delete_prompt

    await _until_it_says(discord_server, prompt, "expired")

    assert "Nothing was changed" in prompt.text and prompt.buttons == []
    listed = await discord_server.command(alice, "contract list")
    assert "Logo" in listed.text


async def test_an_answered_prompt_does_not_expire_afterwards(
    discord_server: LocalDiscord, alice: FakeUser, delete_prompt: InteractionResult
) -> None:
    prompt = delete_prompt
    await discord_server.press(alice, prompt, label="Cancel")

    with pytest.raises(AssertionError):
        await _until_it_says(discord_server, prompt, "expired", within=0.6)  # three timeouts
    assert "Cancelled" in prompt.text


async def test_a_shutdown_tells_a_waiting_prompt_it_no_longer_works(
    discord_server: LocalDiscord, settings: Settings, alice: FakeUser
) -> None:
    async with running_bot(discord_server, MilestoneBot(settings)):
        await _add_logo(discord_server, alice)
        prompt = await discord_server.command(alice, "contract delete", {"contract": "Logo"})

    assert "went offline" in prompt.text and prompt.buttons == []
    async with running_bot(discord_server, MilestoneBot(settings)):
        listed = await discord_server.command(alice, "contract list")
    assert "Logo" in listed.text
